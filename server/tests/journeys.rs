//! Journey maps on a small hand-checked dataset, pushed through the real ingestion API into
//! March 2019 (before any seeded activity), so every figure below is worked out by hand.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const MARCH: &str = "from=2019-03-01&to=2019-03-31";

fn ev(id: &str, source: &str, who: &str, day: u32, kind: &str, payload: Value) -> Value {
    // A's channels are linked by WeChat unionid (an auto-merge rule)
    let identity = if who == "A" { json!({ "wechat_unionid": "u-journey-A", "name": "江月" }) } else { json!({ "name": format!("旅客{who}") }) };
    let mut e = json!({
        "event_id": format!("journey-{id}"), "source": source, "source_customer_id": format!("J-{who}-{source}"),
        "occurred_at": format!("2019-{:02}-{:02}T10:00:00+08:00", if day > 31 { 4 } else { 3 }, if day > 31 { day - 31 } else { day }),
        "type": kind, "identity": identity, "payload": payload
    });
    if source == "store" {
        e["store_id"] = json!(1);
    }
    e
}

fn trip(dep: &str, ret: &str) -> Value {
    json!({ "trip": { "title": "测试行程", "destination": "三亚", "product": "tour", "amount_fen": 800000, "departure": dep, "return_date": ret } })
}

/// Loads the dataset once per test binary run (idempotent by event id).
async fn dataset(app: &axum::Router) -> String {
    let cookie = login(app, "admin").await;
    let events = vec![
        // A: Douyin inquiry → store quote with a promise → store order → promise broken in the store,
        //    a WeChat complaint during the trip, a WeChat review after it
        ev("a1", "douyin", "A", 1, "inquiry", json!({})),
        ev("a2", "store", "A", 3, "quote", json!({ "promise": "定制行程含私人导游" })),
        ev("a3", "store", "A", 4, "order", trip("2019-03-10", "2019-03-14")),
        ev("a4", "store", "A", 10, "delivery", json!({ "fulfils": "定制行程含私人导游", "kept": false })),
        ev("a5", "wechat", "A", 12, "complaint", json!({ "sentiment": -0.8 })),
        ev("a6", "wechat", "A", 20, "review", json!({ "sentiment": 0.2 })),
        // B: Ctrip all the way; the sea-view upgrade was delivered on 1 April
        ev("b1", "ctrip", "B", 2, "search", json!({})),
        ev("b2", "ctrip", "B", 5, "quote", json!({ "promise": "海景房升级" })),
        ev("b3", "ctrip", "B", 6, "order", trip("2019-04-01", "2019-04-03")),
        ev("b4", "ctrip", "B", 32, "delivery", json!({ "fulfils": "海景房升级", "kept": true })),
        // C: browsed on Douyin, never booked
        ev("c1", "douyin", "C", 7, "browse", json!({})),
    ];
    let r = json(app, "POST", "/api/v1/events", &cookie, json!({ "events": events })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["rejected"], json!([]), "{:?}", r.json);
    login(app, "manager.bj01").await
}

/// Where each of the dataset's events went, for a failure's message.
fn ingested() -> Vec<(String, i64, Option<i64>, Option<i64>)> {
    let sql = "SELECT e.event_id, e.customer_id, e.touchpoint_id, t.customer_id FROM ingested_events e
                 LEFT JOIN touchpoints t ON t.id = e.touchpoint_id WHERE e.event_id LIKE 'journey-%' ORDER BY e.event_id";
    conn().query_map(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap()
}

fn cell<'a>(m: &'a Value, stage: &str, channel: &str) -> Option<&'a Value> {
    m["cells"].as_array().unwrap().iter().find(|c| c["stage"] == stage && c["channel"] == channel)
}

#[tokio::test]
async fn matrix_numbers_match_the_hand_computed_dataset() {
    let app = app();
    let cookie = dataset(&app).await;
    let r = get(&app, &format!("/api/v1/journeys/matrix?{MARCH}"), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let m = &r.json;
    assert_eq!(m["journeys"], 3, "A's trip, B's trip, C's unbooked interest");
    let douyin = cell(m, "pre_decision", "douyin").unwrap();
    assert_eq!((douyin["journeys"].as_u64(), douyin["reached_next"].as_u64()), (Some(2), Some(1)));
    assert_eq!(douyin["conversion"], 0.5);
    assert_eq!(cell(m, "booking", "store").unwrap()["conversion"], 1.0);
    assert_eq!(cell(m, "in_trip", "wechat").unwrap()["journeys"], 1, "A's complaint fell during the trip");
    assert_eq!(cell(m, "in_trip", "ctrip").unwrap()["conversion"], 0.0, "B never reached post-trip");
    assert_eq!(cell(m, "post_trip", "wechat").unwrap()["conversion"], Value::Null);
    assert!(cell(m, "post_trip", "ctrip").is_none());

    let stage = |i: usize, f: &str| m["stages"][i][f].clone();
    assert_eq!((stage(0, "journeys"), stage(0, "reached_next")), (json!(3), json!(2)));
    // pre-decision → booking: A 48 h, B 72 h
    assert_eq!(stage(0, "median_hours_to_next"), 60.0);
    assert_eq!((stage(3, "journeys"), stage(3, "reached_next")), (json!(2), json!(1)));

    assert_eq!((m["online_inquiries"].as_u64(), m["offline_purchases"].as_u64()), (Some(3), Some(1)));
    assert!((m["online_to_offline"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!((m["promises_kept"].as_u64(), m["promises_broken"].as_u64()), (Some(1), Some(1)));
    assert_eq!(m["consistency"], 0.5);
    let by_channel = m["consistency_by_channel"].as_array().unwrap();
    assert_eq!((by_channel[0]["label"].as_str(), by_channel[0]["consistency"].as_f64()), (Some("store"), Some(0.0)), "worst first");
    assert_eq!((by_channel[1]["label"].as_str(), by_channel[1]["consistency"].as_f64()), (Some("ctrip"), Some(1.0)));
    let store = &m["consistency_by_store"][0];
    assert_eq!((store["store_id"].as_i64(), store["broken"].as_u64()), (Some(1), Some(1)));

    // the store filter keeps A's journey only
    let one = get(&app, &format!("/api/v1/journeys/matrix?{MARCH}&store_id=1"), Some(&cookie)).await;
    assert_eq!(one.json["journeys"], 1);
}

#[tokio::test]
async fn a_cell_lists_its_customers() {
    let app = app();
    let cookie = dataset(&app).await;
    let r = get(&app, &format!("/api/v1/journeys/cell?{MARCH}&stage=pre_decision&channel=douyin"), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["total"], 2);
    let mut names: Vec<&str> = r.json["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["旅客C", "江月"]);
    let missing = get(&app, &format!("/api/v1/journeys/cell?{MARCH}&channel=douyin"), Some(&cookie)).await;
    assert_eq!((missing.status, error_code(&missing)), (StatusCode::BAD_REQUEST, "invalid_query".into()));
}

#[tokio::test]
async fn a_stage_lists_who_dropped_off_there() {
    let app = app();
    let cookie = dataset(&app).await;
    let dropped = |stage: &'static str| {
        let (app, cookie) = (app.clone(), cookie.clone());
        async move {
            let r = get(&app, &format!("/api/v1/journeys/cell?{MARCH}&stage={stage}&dropped=true"), Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "{stage}: {:?}", r.json);
            r.json["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    // C browsed and never booked; B's trip has no post-trip touch; A went all the way
    assert_eq!(dropped("pre_decision").await, ["旅客C"]);
    assert_eq!(dropped("booking").await, Vec::<String>::new());
    assert_eq!(dropped("in_trip").await, ["旅客B"]);
    for bad in ["stage=post_trip&dropped=true", "stage=booking&channel=store&dropped=true"] {
        let r = get(&app, &format!("/api/v1/journeys/cell?{MARCH}&{bad}"), Some(&cookie)).await;
        assert_eq!((r.status, error_code(&r)), (StatusCode::BAD_REQUEST, "invalid_query".into()), "{bad}");
    }
}

#[tokio::test]
async fn a_customer_journey_pairs_the_promise_with_its_delivery() {
    let app = app();
    let cookie = dataset(&app).await;
    let id: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'journey-a1'", [], |r| r.get(0)).unwrap();
    let r = get(&app, &format!("/api/v1/customers/{id}/journeys"), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let journeys = r.json["journeys"].as_array().unwrap();
    assert_eq!(journeys.len(), 1);
    let j = &journeys[0];
    assert_eq!((j["order"]["departure"].as_str(), j["order"]["return_date"].as_str()), (Some("2019-03-10"), Some("2019-03-14")));
    let stages: Vec<&str> = j["touchpoints"].as_array().unwrap().iter().map(|t| t["stage"].as_str().unwrap()).collect();
    assert_eq!(stages, ["pre_decision", "booking", "booking", "in_trip", "in_trip", "post_trip"], "customer {id}; events → (customer, touchpoint, its customer): {:?}", ingested());
    assert_eq!(j["broken_promises"], 1);
    let p = &j["promises"][0];
    assert_eq!((p["status"].as_str(), p["promise"].as_str()), (Some("broken"), Some("定制行程含私人导游")));
    assert_eq!(p["delivery_touchpoint_id"], j["touchpoints"][3]["id"]);
}

#[tokio::test]
async fn the_matrix_is_for_managers_and_checks_its_period() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let r = get(&app, "/api/v1/journeys/matrix", Some(&staff)).await;
    assert_eq!((r.status, error_code(&r)), (StatusCode::FORBIDDEN, "forbidden".into()));
    let manager = login(&app, "manager.sh01").await;
    let r = get(&app, "/api/v1/journeys/matrix?from=2026-02-01&to=2026-01-01", Some(&manager)).await;
    assert_eq!((r.status, error_code(&r)), (StatusCode::BAD_REQUEST, "invalid_query".into()));
    let r = get(&app, "/api/v1/journeys/matrix?segment=astronauts", Some(&manager)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // the seeded last 90 days: every cell's conversion is a share
    let r = get(&app, "/api/v1/journeys/matrix", Some(&manager)).await;
    assert!(r.json["journeys"].as_u64().unwrap() > 50, "{:?}", r.json["journeys"]);
    assert!(r.json["cells"].as_array().unwrap().iter().all(|c| c["conversion"].as_f64().is_none_or(|x| (0.0..=1.0).contains(&x))));
}

#[tokio::test]
async fn staff_open_journeys_only_in_their_scope() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let other: i64 = conn().query_row("SELECT id FROM customers WHERE home_store_id = 2 LIMIT 1", [], |r| r.get(0)).unwrap();
    let r = get(&app, &format!("/api/v1/customers/{other}/journeys"), Some(&staff)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
