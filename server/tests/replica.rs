//! Dashboards read from a PostgreSQL hot standby (`ROUNDTRIP_READ_DATABASE_URL`) while every
//! write goes to the primary. The test script makes the standby with `pg_basebackup`.

mod common;

use std::time::{Duration, Instant};

use roundtrip_server::db::{Db, Target};
use roundtrip_server::seed::{seed, SeedOptions};
use serde_json::json;

/// The same database on the standby, when the test run has one.
fn replica_of(primary: &Target) -> Option<Target> {
    let server = std::env::var("ROUNDTRIP_TEST_REPLICA_URL").ok().filter(|u| !u.is_empty())?;
    let Target::Postgres(url) = primary else { return None };
    let name = url.split('?').next()?.rsplit('/').next()?;
    Some(Target::Postgres(common::with_database(&server, name)))
}

async fn kpis(app: &axum::Router, cookie: &str) -> serde_json::Value {
    let reply = common::get(app, "/api/v1/kpis/identity", Some(cookie)).await;
    assert_eq!(reply.status, 200, "{:?}", reply.json);
    reply.json
}

/// Polls until the standby's dashboard agrees with the primary's.
async fn caught_up(on_replica: &axum::Router, on_primary: &axum::Router, cookie: &str) {
    let started = Instant::now();
    loop {
        let (r, p) = (kpis(on_replica, cookie).await, kpis(on_primary, cookie).await);
        if r == p {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the standby did not catch up: {r} vs {p}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboards_read_the_standby_and_writes_go_to_the_primary() {
    let dir = tempfile::tempdir().unwrap();
    let primary = common::fresh_target(&dir);
    let Some(replica) = replica_of(&primary) else {
        return eprintln!("skipped: the test run has no PostgreSQL standby");
    };
    Db::open(&primary).unwrap();
    let opts = SeedOptions { people: 60, seed: 5, anchor: chrono::Utc::now().date_naive(), zone: roundtrip_server::clock::DEFAULT_ZONE };
    seed(&mut primary.connect().unwrap(), opts, &common::vault()).unwrap();
    let started = Instant::now();
    while replica.connect().and_then(|c| Ok(c.query_row("SELECT count(*) FROM meta", [], |r| r.get::<_, i64>(0))?)).unwrap_or(0) == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "the seeded database never reached the standby");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let on_replica = common::app_on(Db::open(&primary).unwrap().with_replica(&replica).unwrap());
    let on_primary = common::app_on(Db::open(&primary).unwrap());
    let cookie = common::login(&on_replica, "admin").await;
    caught_up(&on_replica, &on_primary, &cookie).await;

    // with the standby's replay paused, a new member written through the same server shows on
    // the primary's dashboard and not yet on the standby's
    let standby = replica.connect().unwrap();
    standby.execute_batch("SELECT pg_wal_replay_pause()").unwrap();
    let before = kpis(&on_replica, &cookie).await;
    let event = json!({ "events": [{
        "event_id": "replica-1", "source": "wechat", "source_customer_id": "WX-REPLICA-1", "occurred_at": "2026-11-20T10:30:00+08:00",
        "type": "inquiry", "identity": { "name": "备库客户" }, "payload": { "summary": "读写分离" }
    }] });
    let sent = common::json(&on_replica, "POST", "/api/v1/events", &cookie, event).await;
    assert_eq!((sent.status.as_u16(), sent.json["customers_created"].as_u64()), (200, Some(1)), "{:?}", sent.json);
    assert_eq!(kpis(&on_replica, &cookie).await, before, "the paused standby does not have it yet");
    assert_ne!(kpis(&on_primary, &cookie).await, before, "the primary has it");

    standby.execute_batch("SELECT pg_wal_replay_resume()").unwrap();
    caught_up(&on_replica, &on_primary, &cookie).await;
}
