//! A receiver answers within a second even when the database cannot take the delivery: 503
//! `busy` with `Retry-After`, nothing acknowledged, and the platform's retry is taken once.
//! (Its own test binary: the lock it holds would stall the other receiver tests.)

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::channels::{douyin_message, douyin_signature};
use roundtrip_server::db::Db;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_database_gets_a_busy_answer_within_a_second() {
    let state = common::state_on(Db::open(&common::target()).unwrap(), Default::default());
    let app = common::app_of(state.clone());
    let admin = common::login(&app, "admin").await;
    let r = common::json(&app, "POST", "/api/v1/connectors", &admin, json!({ "channel": "douyin", "account": "busy", "secrets": { "client_secret": "s-busy" } })).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let body = douyin_message("awx", "dy-open-busy", "停电那天的私信", chrono::Utc::now().timestamp());
    let deliver = || {
        let req = Request::post("/hooks/douyin/busy")
            .header("x-douyin-signature", douyin_signature("s-busy", &body))
            .header("msg-id", "m-busy-1")
            .body(Body::from(body.clone()))
            .unwrap();
        common::send(&app, req)
    };

    // another writer holds the inbox (a long transaction, a backup, a vacuum)
    let holder = common::conn();
    holder.execute_batch(if common::on_postgres() { "BEGIN; LOCK TABLE deliveries IN EXCLUSIVE MODE" } else { "BEGIN IMMEDIATE" }).unwrap();
    let started = Instant::now();
    let r = deliver().await;
    let took = started.elapsed();
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::SERVICE_UNAVAILABLE, "busy".into()));
    assert!(r.headers.contains_key("retry-after"));
    assert!(took < Duration::from_millis(1500), "answered after {took:?}");
    holder.execute_batch("ROLLBACK").unwrap();

    // the platform retries: stored once, one event
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(deliver().await.status, StatusCode::OK);
    assert_eq!(deliver().await.status, StatusCode::OK);
    while roundtrip_server::channels::worker::run_once(&state, chrono::Utc::now(), 3).await.unwrap() > 0 {}
    let n: i64 = common::conn().query_row("SELECT count(*) FROM ingested_events WHERE event_id = 'douyin:m-busy-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 1);
}
