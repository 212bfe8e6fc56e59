//! Test harness: one small seeded database per test binary, and the real router driven
//! through `oneshot` (no socket). The database is a SQLite file, or a fresh PostgreSQL
//! database when `ROUNDTRIP_TEST_DATABASE_URL` names a server (the test script starts one).

#![allow(dead_code)]

pub mod channels;
pub mod process;

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use roundtrip_server::db::{Conn, Db, Target};
use roundtrip_server::seed::{seed, SeedOptions, DEMO_PASSWORD};
use roundtrip_server::state::AppState;
use serde_json::Value;
use tower::ServiceExt;

static DB: OnceLock<(tempfile::TempDir, Target)> = OnceLock::new();

/// The seeded database, created once for the whole test binary.
pub fn target() -> Target {
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let target = fresh_target(&dir);
        Db::open(&target).expect("open");
        let mut conn = target.connect().expect("connect");
        let opts = SeedOptions { people: 400, seed: 7, anchor: chrono::Utc::now().date_naive(), zone: roundtrip_server::clock::DEFAULT_ZONE };
        seed(&mut conn, opts, &vault()).expect("seed");
        (dir, target)
    })
    .1
    .clone()
}

/// An empty database: `test.db` in `dir`, or a new database on the PostgreSQL server.
pub fn fresh_target(dir: &tempfile::TempDir) -> Target {
    match postgres_server() {
        None => Target::Sqlite(dir.path().join("test.db")),
        Some(server) => {
            static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            // the pid alone repeats within a CI run (pid_max is 32768 here, and a run starts
            // tens of thousands of processes): the clock tells two holders of one pid apart
            static STARTED: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
            let started = STARTED.get_or_init(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
            let name = format!("rt_{}_{}_{}", std::process::id(), started % 1_000_000_000_000, NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
            let admin = Target::Postgres(server.clone()).connect().expect("connect to the test server");
            admin.execute_batch(&format!("CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")).expect("create database");
            Target::Postgres(with_database(&server, &name))
        }
    }
}

/// The PostgreSQL server the suite runs against, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("ROUNDTRIP_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())
}

pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

/// `url` with its database name replaced (`postgres://u@h/old?x` becomes `…/name?x`).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

/// The SQLite file, for tests of what only SQLite has (backups, WAL, the file system).
pub fn db_path() -> PathBuf {
    match target() {
        Target::Sqlite(path) => path,
        Target::Postgres(_) => panic!("this test needs the SQLite engine"),
    }
}

/// The ID-number key the seed and every test app share.
pub fn vault() -> roundtrip_server::vault::IdVault {
    roundtrip_server::vault::IdVault::new(b"test key")
}

pub fn conn() -> Conn {
    target().connect().expect("connect")
}

pub fn app() -> Router {
    app_with_clock(Default::default())
}

/// The router with the service desk reading `clock` (tests move it on by hand).
pub fn app_with_clock(clock: roundtrip_server::clock::Clock) -> Router {
    app_on_with_clock(Db::open(&target()).expect("open"), clock)
}

/// The router over another database.
pub fn app_on(db: Db) -> Router {
    app_on_with_clock(db, Default::default())
}

fn app_on_with_clock(db: Db, clock: roundtrip_server::clock::Clock) -> Router {
    app_of(state_on(db, clock))
}

/// The state the router runs on, for tests that also drive what runs beside it (the
/// channel worker).
pub fn state_on(db: Db, clock: roundtrip_server::clock::Clock) -> AppState {
    AppState { db, secure_cookies: false, id_vault: std::sync::Arc::new(vault()), clock }
}

pub fn app_of(state: AppState) -> Router {
    // internal errors are logged, never sent: show them in a failing test's output
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    roundtrip_server::app(state, None)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub json: Value,
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    let json = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into())) };
    Reply { status, headers, json }
}

pub async fn get(app: &Router, uri: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::empty()).unwrap()).await
}

pub async fn post_json(app: &Router, uri: &str, body: &str) -> Reply {
    send(app, Request::post(uri).header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string())).unwrap()).await
}

/// Signs in and returns the `name=value` cookie pair to send back.
pub async fn login(app: &Router, username: &str) -> String {
    let reply = post_json(app, "/api/v1/session", &format!(r#"{{"username":"{username}","password":"{DEMO_PASSWORD}"}}"#)).await;
    assert_eq!(reply.status, StatusCode::OK, "login {username}: {:?}", reply.json);
    let set_cookie = reply.headers.get(header::SET_COOKIE).expect("set-cookie").to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_string()
}

/// Asserts the standard error body and returns its code.
pub fn error_code(reply: &Reply) -> String {
    let err = &reply.json["error"];
    assert!(err["message"].as_str().is_some_and(|m| !m.is_empty()), "error message missing: {:?}", reply.json);
    assert!(err.get("details").is_some(), "details missing: {:?}", reply.json);
    err["code"].as_str().expect("error code").to_string()
}

/// A JSON request with any method, signed in with `cookie`.
pub async fn json(app: &Router, method: &str, uri: &str, cookie: &str, body: serde_json::Value) -> Reply {
    let req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}
