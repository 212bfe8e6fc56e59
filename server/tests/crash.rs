//! The real server process killed with SIGKILL in the middle of a write load: every write it
//! had acknowledged is in the database afterwards (WAL with synchronous=FULL), and the
//! database opens and passes its integrity check.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_roundtrip-server");

/// One request on its own connection; the status and body, or `None` when the server went away.
async fn request(port: u16, method: &str, path: &str, cookie: &str, body: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nCookie: {cookie}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.ok()?;
    stream.write_all(body.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.get(9..12)?.parse().ok()?;
    Some((status, text))
}

fn serve(db: &std::path::Path, port: u16) -> Child {
    Command::new(BIN)
        .args(["serve", "--db", db.to_str().unwrap(), "--addr", &format!("127.0.0.1:{port}"), "--dist", "/nonexistent"])
        .env("ROUNDTRIP_ID_KEY", "crash test key 0123456789")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server")
}

async fn wait_until_up(port: u16) {
    let started = Instant::now();
    while request(port, "GET", "/api/v1/health", "", "").await.is_none() {
        assert!(started.elapsed() < Duration::from_secs(20), "the server did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_write_load_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let seeded = Command::new(BIN).args(["seed", "--db", db.to_str().unwrap(), "--size", "60"]).env("ROUNDTRIP_ID_KEY", "crash test key 0123456789").output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = serve(&db, port);
    wait_until_up(port).await;
    let (status, login) = request(port, "POST", "/api/v1/session", "", r#"{"username":"admin","password":"roundtrip-demo"}"#).await.unwrap();
    assert_eq!(status, 200, "{login}");
    let cookie = login.lines().find_map(|l| l.strip_prefix("set-cookie: ")).unwrap().split(';').next().unwrap().to_string();

    // twelve writers push single events as fast as they are answered
    let writers: Vec<_> = (0..12)
        .map(|w| {
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    let id = format!("crash-{w}-{n}");
                    let body = format!(
                        r#"{{"events":[{{"event_id":"{id}","source":"app","source_customer_id":"APP-CRASH-{w}","occurred_at":"2026-11-20T10:30:00+08:00","type":"inquiry","identity":{{"name":"断电测试"}},"payload":{{"summary":"kill -9"}}}}]}}"#
                    );
                    match request(port, "POST", "/api/v1/events", &cookie, &body).await {
                        Some((200, _)) => acknowledged.push(id),
                        Some((status, text)) => panic!("event answered {status}: {text}"),
                        None => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(acknowledged.len() > 50, "the load was too light to mean anything: {} writes", acknowledged.len());

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let mut find = conn.prepare_cached("SELECT count(*) FROM ingested_events WHERE event_id = ?1").unwrap();
    let lost: Vec<&String> = acknowledged.iter().filter(|id| find.query_row([id], |r| r.get::<_, i64>(0)).unwrap() != 1).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged events lost: {lost:?}", lost.len(), acknowledged.len());
}
