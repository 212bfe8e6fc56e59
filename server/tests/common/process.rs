//! The real server binary, started as its own process, and plain HTTP/1.1 requests to it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub const BIN: &str = env!("CARGO_BIN_EXE_roundtrip-server");
/// The ID-number key every process of a test shares.
pub const KEY: &str = "process test key 0123456789";

/// One request on its own connection; the status and the whole answer (head and body), or
/// `None` when the server went away.
pub async fn request(port: u16, method: &str, path: &str, cookie: &str, body: &str) -> Option<(u16, String)> {
    request_with(port, method, path, &[("Content-Type", "application/json"), ("Cookie", cookie)], body).await
}

/// [`request`] with other headers (a channel platform's signature).
pub async fn request_with(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.get(9..12)?.parse().ok()?;
    Some((status, text))
}

/// The JSON body of an answer from [`request`].
pub fn body(answer: &str) -> serde_json::Value {
    let json = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    serde_json::from_str(json).unwrap_or(serde_json::Value::Null)
}

/// `roundtrip-server` with `args` (a command and its flags), the shared key set.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args).env("ROUNDTRIP_ID_KEY", KEY);
    c
}

/// `roundtrip-server serve` on `port` with the database flags `db_args`.
pub fn serve(db_args: &[&str], port: u16) -> Child {
    let addr = format!("127.0.0.1:{port}");
    let mut args = vec!["serve", "--addr", &addr, "--dist", "/nonexistent"];
    args.extend_from_slice(db_args);
    command(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("start the server")
}

/// A fresh database seeded with `size` people, on the engine the suite runs against: the
/// target and the flags that serve it (on PostgreSQL the SQLite path in `dir` only places the
/// key file).
pub fn seeded(dir: &tempfile::TempDir, size: &str) -> (roundtrip_server::db::Target, Vec<String>) {
    use roundtrip_server::db::Target;
    let target = super::fresh_target(dir);
    let db = match &target {
        Target::Sqlite(path) => path.clone(),
        Target::Postgres(_) => dir.path().join("process.db"),
    };
    let mut db_args = vec!["--db".to_string(), db.to_str().unwrap().to_string()];
    if let Target::Postgres(url) = &target {
        db_args.extend(["--database-url".to_string(), url.clone()]);
    }
    let mut seed_args = vec!["seed", "--size", size];
    seed_args.extend(db_args.iter().map(String::as_str));
    let seeded = command(&seed_args).output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    (target, db_args)
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub async fn wait_until_up(port: u16) {
    let started = Instant::now();
    while request(port, "GET", "/api/v1/health", "", "").await.is_none() {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs `username` in with the demo password; the `name=value` cookie.
pub async fn sign_in(port: u16, username: &str) -> String {
    let (status, answer) = request(port, "POST", "/api/v1/session", "", &format!(r#"{{"username":"{username}","password":"roundtrip-demo"}}"#)).await.unwrap();
    assert_eq!(status, 200, "{answer}");
    answer.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string()
}
