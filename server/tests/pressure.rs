//! The server under pressure: many writers at once, a write that cannot get its turn, and a
//! disk with no room left. Each answer is one a client can act on (503 with Retry-After, 507),
//! never a bare 500, and every acknowledged write is there afterwards.

mod common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::*;
use roundtrip_server::db::Db;
use roundtrip_server::state::AppState;
use serde_json::json;

fn app_on(db: Db) -> axum::Router {
    roundtrip_server::app(AppState { db, secure_cookies: false, id_vault: Arc::new(vault()), clock: Default::default() }, None)
}

/// A busy answer must say when to come back.
fn assert_busy(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{:?}", reply.json);
    assert_eq!(error_code(reply), "busy");
    assert!(reply.headers.get("retry-after").is_some(), "503 without Retry-After");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_writers_get_no_server_error_and_every_acknowledged_write_is_kept() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let customers: Vec<i64> = conn()
        .prepare_cached("SELECT id FROM customers WHERE merged_into IS NULL AND erased_at IS NULL ORDER BY id LIMIT 50")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let writers: Vec<_> = customers
        .iter()
        .enumerate()
        .map(|(w, &id)| {
            let (app, cookie) = (app.clone(), cookie.clone());
            tokio::spawn(async move {
                let mut version = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
                let (mut notes, mut events, mut busy) = (0, Vec::new(), 0);
                for n in 0..8 {
                    let note = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": version, "body": format!("压力 {w}-{n}") })).await;
                    match note.status {
                        StatusCode::OK => {
                            notes += 1;
                            version = note.json["version"].as_i64().unwrap();
                        }
                        StatusCode::SERVICE_UNAVAILABLE => { assert_busy(&note); busy += 1 }
                        other => panic!("note answered {other}: {:?}", note.json),
                    }
                    let event_id = format!("pressure-{w}-{n}");
                    let batch = json!({ "events": [{
                        "event_id": event_id, "source": "douyin", "source_customer_id": format!("DY-P-{w}"),
                        "occurred_at": "2026-11-20T10:30:00+08:00", "type": "inquiry", "identity": { "name": "压力测试" },
                        "payload": { "summary": "并发写入" }
                    }] });
                    let sent = json(&app, "POST", "/api/v1/events", &cookie, batch).await;
                    match sent.status {
                        StatusCode::OK => events.push(event_id),
                        StatusCode::SERVICE_UNAVAILABLE => { assert_busy(&sent); busy += 1 }
                        other => panic!("event answered {other}: {:?}", sent.json),
                    }
                }
                (id, notes, events, busy)
            })
        })
        .collect();
    let mut busy_total = 0;
    let db = conn();
    for w in writers {
        let (id, notes, events, busy) = w.await.unwrap();
        busy_total += busy;
        let kept: i64 = db.query_row("SELECT count(*) FROM customer_notes WHERE customer_id = ?1 AND body LIKE '压力 %'", [id], |r| r.get(0)).unwrap();
        assert_eq!(kept, notes, "acknowledged notes of customer {id}");
        for e in events {
            let found: i64 = db.query_row("SELECT count(*) FROM ingested_events WHERE event_id = ?1", [&e], |r| r.get(0)).unwrap();
            assert_eq!(found, 1, "acknowledged event {e}");
        }
    }
    // how many waited out the deadline is a figure for `make bench` (budget: none), not a test
    eprintln!("{busy_total} of 800 writes answered busy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_that_cannot_get_its_turn_in_time_answers_busy_and_writes_nothing() {
    let db = Db::open(&target()).unwrap();
    let app = app_on(db.clone());
    let cookie = login(&app, "admin").await;
    let id: i64 = conn().query_row("SELECT id FROM customers WHERE merged_into IS NULL ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let version = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
    // a long write holds this process's one writer turn past the deadline (it takes no
    // SQLite lock, so the other tests sharing the file are not held up)
    let held = tokio::spawn({
        let db = db.clone();
        async move {
            db.write(|_| {
                std::thread::sleep(roundtrip_server::db::WAIT_DEADLINE + std::time::Duration::from_millis(800));
                Ok(())
            })
            .await
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let note = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": version, "body": "排队超时" })).await;
    assert_busy(&note);
    // reads never wait for the writer
    let started = std::time::Instant::now();
    assert_eq!(get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.status, StatusCode::OK);
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "a read waited {:?}", started.elapsed());
    held.await.unwrap().unwrap();
    let kept: i64 = conn().query_row("SELECT count(*) FROM customer_notes WHERE body = '排队超时'", [], |r| r.get(0)).unwrap();
    assert_eq!(kept, 0);
    // once the writer is done the same request goes through
    let again = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": version, "body": "排队超时" })).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.json);
}

/// A small file system of its own, unmounted on drop.
struct Tmpfs(tempfile::TempDir);

impl Tmpfs {
    fn mount(megabytes: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "roundtrip-test", dir.path().to_str().unwrap()])
            .status()
            .expect("run mount");
        assert!(status.success(), "this test mounts a small tmpfs to fill it, which needs root");
        Tmpfs(dir)
    }

    /// Writes a file until the file system has no room left.
    fn fill(&self) -> std::path::PathBuf {
        use std::io::Write;
        let path = self.0.path().join("filler");
        let mut file = std::fs::File::create(&path).unwrap();
        let block = vec![0u8; 64 * 1024];
        while file.write_all(&block).is_ok() {}
        let small = [0u8; 512];
        while file.write_all(&small).is_ok() {}
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("--lazy").arg(self.0.path()).status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_answers_507_loses_nothing_and_health_says_degraded() {
    if on_postgres() {
        return eprintln!("skipped: the full disk is the SQLite file's (PostgreSQL's own disk is the server's)");
    }
    let fs = Tmpfs::mount(24);
    let path = roundtrip_server::db::Target::Sqlite(fs.0.path().join("full.db"));
    Db::open(&path).unwrap();
    let mut raw = path.connect().unwrap();
    let opts = roundtrip_server::seed::SeedOptions { people: 30, seed: 3, anchor: chrono::Utc::now().date_naive(), zone: roundtrip_server::clock::DEFAULT_ZONE };
    roundtrip_server::seed::seed(&mut raw, opts, &vault()).unwrap();
    let db = Db::open(&path).unwrap();
    let app = app_on(db.clone());
    let cookie = login(&app, "admin").await;
    let health = get(&app, "/api/v1/health", None).await;
    assert_eq!((health.json["status"].as_str(), health.json["problems"].as_array().map(Vec::len)), (Some("ok"), Some(0)));
    let id: i64 = raw.query_row("SELECT id FROM customers ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let version = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
    // an empty log: the next write must find new room on the disk
    raw.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    let filler = fs.fill();

    let events: Vec<_> = (0..200)
        .map(|n| json!({
            "event_id": format!("full-{n}"), "source": "ctrip", "source_customer_id": format!("CT-FULL-{n}"),
            "occurred_at": "2026-11-20T10:30:00+08:00", "type": "inquiry", "identity": { "name": "满盘测试", "phone": format!("+86 139 5555 {n:04}") },
            "payload": { "summary": "磁盘已满时的咨询" }
        }))
        .collect();
    let refused = json(&app, "POST", "/api/v1/events", &cookie, json!({ "events": events.clone() })).await;
    assert_eq!(refused.status, StatusCode::INSUFFICIENT_STORAGE, "{:?}", refused.json);
    assert_eq!(error_code(&refused), "storage_full");
    let note = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": version, "body": "满盘备注" })).await;
    assert_eq!((note.status, error_code(&note)), (StatusCode::INSUFFICIENT_STORAGE, "storage_full".to_string()), "{:?}", note.json);
    let health = get(&app, "/api/v1/health", None).await;
    assert_eq!(health.status, StatusCode::OK, "reads still work");
    assert_eq!(health.json["status"], "degraded");
    assert_eq!(health.json["problems"], json!(["storage_full"]));
    // reading a profile needs no room
    assert_eq!(get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.status, StatusCode::OK);

    std::fs::remove_file(filler).unwrap();
    let accepted = json(&app, "POST", "/api/v1/events", &cookie, json!({ "events": events })).await;
    assert_eq!(accepted.status, StatusCode::OK, "{:?}", accepted.json);
    assert_eq!(accepted.json["accepted"], 200, "nothing of the refused batch had been kept");
    let note = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": version, "body": "满盘备注" })).await;
    assert_eq!(note.status, StatusCode::OK, "{:?}", note.json);
    assert_eq!(get(&app, "/api/v1/health", None).await.json["status"], "ok");
    drop(app);
    drop(db);
    drop(raw);
}
