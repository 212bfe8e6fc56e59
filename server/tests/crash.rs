//! The real server process killed with SIGKILL in the middle of a write load: every write it
//! had acknowledged is in the database afterwards (SQLite: WAL with synchronous=FULL, and the
//! file passes its integrity check; PostgreSQL: committed means durable), on either engine.

mod common;

use std::time::Duration;

use roundtrip_server::db::Target;

use common::process::{free_port, request, seeded, serve, sign_in, wait_until_up};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_under_write_load_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    // the SQLite file, or a fresh PostgreSQL database
    let (target, db_args) = seeded(&dir, "60");
    let db_args: Vec<&str> = db_args.iter().map(String::as_str).collect();
    let port = free_port();
    let mut server = serve(&db_args, port);
    wait_until_up(port).await;
    let cookie = sign_in(port, "admin").await;

    // twelve writers push single events as fast as they are answered
    let writers: Vec<_> = (0..12)
        .map(|w| {
            let cookie = cookie.clone();
            tokio::spawn(async move {
                let (mut acknowledged, mut busy) = (Vec::new(), 0);
                for n in 0.. {
                    let id = format!("crash-{w}-{n}");
                    let body = format!(
                        r#"{{"events":[{{"event_id":"{id}","source":"app","source_customer_id":"APP-CRASH-{w}","occurred_at":"2026-11-20T10:30:00+08:00","type":"inquiry","identity":{{"name":"断电测试"}},"payload":{{"summary":"kill -9"}}}}]}}"#
                    );
                    match request(port, "POST", "/api/v1/events", &cookie, &body).await {
                        Some((200, _)) => acknowledged.push(id),
                        // "busy, try again" acknowledges nothing (PostgreSQL's writers can
                        // exhaust their retries under this load); anything else is a fault
                        Some((503, text)) if text.contains("retry-after") => busy += 1,
                        Some((status, text)) => panic!("event answered {status}: {text}"),
                        None => break,
                    }
                }
                (acknowledged, busy)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    let (mut acknowledged, mut busy) = (Vec::new(), 0);
    for w in writers {
        let (mine, refused) = w.await.unwrap();
        acknowledged.extend(mine);
        busy += refused;
    }
    eprintln!("{} writes acknowledged, {busy} answered busy, before SIGKILL", acknowledged.len());
    assert!(acknowledged.len() > 50, "the load was too light to mean anything: {} writes", acknowledged.len());

    let Target::Sqlite(db) = &target else { return every_acknowledged_event_is_there(&target.connect().unwrap(), &acknowledged) };
    let conn = rusqlite::Connection::open(db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    every_acknowledged_event_is_there(&target.connect().unwrap(), &acknowledged);
}

fn every_acknowledged_event_is_there(conn: &roundtrip_server::db::Conn, acknowledged: &[String]) {
    let mut find = conn.prepare_cached("SELECT count(*) FROM ingested_events WHERE event_id = ?1").unwrap();
    let lost: Vec<&String> = acknowledged.iter().filter(|id| find.query_row([id], |r| r.get::<_, i64>(0)).unwrap() != 1).collect();
    assert!(lost.is_empty(), "{} of {} acknowledged events lost: {lost:?}", lost.len(), acknowledged.len());
}
