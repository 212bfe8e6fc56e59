//! The real server process killed with SIGKILL in the middle of a write load: every write it
//! had acknowledged is in the database afterwards (WAL with synchronous=FULL), and the
//! database opens and passes its integrity check.

mod common;

use std::time::Duration;

use common::process::{command, free_port, request, serve, sign_in, wait_until_up};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_write_load_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let seeded = command(&["seed", "--db", db.to_str().unwrap(), "--size", "60"]).output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let port = free_port();
    let mut server = serve(&["--db", db.to_str().unwrap()], port);
    wait_until_up(port).await;
    let cookie = sign_in(port, "admin").await;

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
