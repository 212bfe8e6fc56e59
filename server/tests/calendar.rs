//! Days are the agency's days (Asia/Shanghai by default), not UTC's: a visit at 07:30 in
//! Beijing belongs to that day in every period, and "today" turns at local midnight.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use common::*;
use roundtrip_server::clock::Clock;
use serde_json::json;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// The customers in the journey cell (pre-decision × Douyin) of the days `from..=to`.
async fn cell(app: &axum::Router, cookie: &str, from: &str, to: &str) -> Vec<i64> {
    let reply = get(app, &format!("/api/v1/journeys/cell?stage=pre_decision&channel=douyin&from={from}&to={to}&page_size=100"), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    reply.json["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn an_inquiry_at_half_past_seven_in_beijing_counts_on_its_own_day() {
    // the agency's clock stands at noon the day after the inquiry
    let app = app_with_clock(Clock::fixed(at("2026-11-21T12:00:00+08:00")));
    let cookie = login(&app, "admin").await;
    let event = json!({ "events": [{
        "event_id": "calendar-0730", "source": "douyin", "source_customer_id": "DY-CAL-0730",
        "occurred_at": "2026-11-20T07:30:00+08:00", "type": "inquiry", "identity": { "name": "早班咨询" },
        "payload": { "summary": "早上七点半咨询海岛游" }
    }] });
    let sent = json(&app, "POST", "/api/v1/events", &cookie, event).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.json);
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'calendar-0730'", [], |r| r.get(0)).unwrap();

    // 23:30 UTC on the 19th: cut at UTC midnight it was the day before
    assert!(cell(&app, &cookie, "2026-11-20", "2026-11-20").await.contains(&customer), "not on its own day");
    assert!(!cell(&app, &cookie, "2026-11-19", "2026-11-19").await.contains(&customer), "counted on the day before");
}

#[tokio::test]
async fn today_turns_at_the_agencys_midnight() {
    // 23:30 UTC on the 20th is 07:30 on the 21st in Beijing
    let app = app_with_clock(Clock::fixed(at("2026-11-20T23:30:00Z")));
    let cookie = login(&app, "admin").await;
    let matrix = get(&app, "/api/v1/journeys/matrix", Some(&cookie)).await;
    assert_eq!(matrix.status, StatusCode::OK, "{:?}", matrix.json);
    assert_eq!((matrix.json["from"].as_str(), matrix.json["to"].as_str()), (Some("2026-08-24"), Some("2026-11-21")), "the last 90 days end today");
}

#[test]
fn the_demo_data_happens_in_the_agencys_waking_hours() {
    // every visit and inquiry the generator writes falls between 08:30 and 22:00 Beijing time
    let conn = conn();
    let times = conn.query_map("SELECT occurred_at FROM touchpoints WHERE kind IN ('visit', 'inquiry')", [], |r| r.get::<_, String>(0)).unwrap();
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let outside = times
        .iter()
        .map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&beijing).format("%H:%M").to_string())
        .filter(|hm| !("08:30"..="22:00").contains(&hm.as_str()))
        .count();
    let total: i64 = conn.query_row("SELECT count(*) FROM touchpoints WHERE kind IN ('visit', 'inquiry')", [], |r| r.get(0)).unwrap();
    assert!(total > 100, "{total}");
    assert_eq!(outside, 0, "{outside} of {total} visits and inquiries at night");
}
