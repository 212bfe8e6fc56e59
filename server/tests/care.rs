//! Personalised care against a fixed clock: generation finds birthdays and trips coming home,
//! runs twice without doubling, and completing a task is a care touch on the timeline.

mod common;

use axum::http::StatusCode;
use chrono::TimeZone;
use common::*;
use roundtrip_server::clock::Clock;
use serde_json::json;

#[tokio::test]
async fn birthdays_and_post_trip_calls_become_tasks_once_and_count_as_care() {
    let clock = Clock::fixed(chrono::Utc.with_ymd_and_hms(2027, 3, 10, 9, 0, 0).unwrap());
    let app = app_with_clock(clock);
    let c = conn();
    let (customer, store_code): (i64, String) = c
        .query_row("SELECT c.id, s.code FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE c.merged_into IS NULL ORDER BY c.id LIMIT 1 OFFSET 3", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    // fixture: a birthday in two days, and a trip that came home yesterday
    c.execute("UPDATE customers SET birthday = '03-12' WHERE id = ?1", [customer]).unwrap();
    c.execute(
        "INSERT INTO orders (customer_id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date)
         VALUES (?1, 'tour', '云南六日', '昆明', 'store', 'paid', 680000, '2027-01-05T02:00:00Z', '2027-03-03', '2027-03-09')",
        [customer],
    )
    .unwrap();
    let staff = login(&app, &format!("staff.{}", store_code.to_lowercase())).await;
    let other = login(&app, if store_code == "SH01" { "staff.bj01" } else { "staff.sh01" }).await;

    let bad = json(&app, "POST", "/api/v1/care-tasks/generate", &staff, json!({ "days": 0 })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    // serde would read `[null]` as `{ "days": null }`; a body that is not an object is refused
    let array = json(&app, "POST", "/api/v1/care-tasks/generate", &staff, json!([null])).await;
    assert_eq!((array.status, error_code(&array).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"));
    let first = json(&app, "POST", "/api/v1/care-tasks/generate", &staff, json!({ "days": 7 })).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.json);
    let mine: Vec<_> = first.json["items"].as_array().unwrap().iter().filter(|t| t["customer_id"] == customer).cloned().collect();
    let kinds: Vec<(&str, &str)> = mine.iter().map(|t| (t["kind"].as_str().unwrap(), t["due_on"].as_str().unwrap())).collect();
    assert!(kinds.contains(&("birthday", "2027-03-12")), "{kinds:?}");
    assert!(kinds.contains(&("post_trip", "2027-03-11")), "two days after coming home: {kinds:?}");
    assert!(first.json["created"].as_u64().unwrap() >= 2);
    let again = json(&app, "POST", "/api/v1/care-tasks/generate", &staff, json!({})).await;
    assert_eq!(again.json["created"], 0, "generating twice adds nothing");
    // another store's staff neither see nor complete them
    let theirs = get(&app, "/api/v1/care-tasks", Some(&other)).await;
    assert!(!theirs.json["items"].as_array().unwrap().iter().any(|t| t["customer_id"] == customer));

    let birthday = mine.iter().find(|t| t["kind"] == "birthday").unwrap()["id"].as_i64().unwrap();
    let url = format!("/api/v1/care-tasks/{birthday}/done");
    assert_eq!(json(&app, "POST", &url, &other, json!(null)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(json(&app, "POST", &url, &staff, json!(null)).await.status, StatusCode::NO_CONTENT);
    assert_eq!(json(&app, "POST", &url, &staff, json!(null)).await.status, StatusCode::NOT_FOUND, "done once");
    let care: i64 = c
        .query_row("SELECT count(*) FROM touchpoints WHERE customer_id = ?1 AND kind = 'care' AND summary LIKE '%Birthday%'", [customer], |r| r.get(0))
        .unwrap();
    assert_eq!(care, 1, "the care touch care coverage counts");
    let left = get(&app, "/api/v1/care-tasks", Some(&staff)).await;
    assert!(!left.json["items"].as_array().unwrap().iter().any(|t| t["id"] == birthday));
}

#[tokio::test]
async fn a_care_task_ticked_in_the_profile_counts_as_care_too() {
    let app = app();
    let c = conn();
    let (customer, author): (i64, i64) = c
        .query_row("SELECT c.id, u.id FROM customers c JOIN users u ON u.username = 'staff.bj01' WHERE c.home_store_id = 1 AND c.merged_into IS NULL ORDER BY c.id LIMIT 1 OFFSET 7", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let task = c
        .insert_returning_id(
            "INSERT INTO follow_ups (customer_id, author_id, title, due_on, created_at, care_kind) VALUES (?1, ?2, '回国后回访：资料核对', '2026-11-20', '2026-11-18T00:00:00Z', 'post_trip') RETURNING id",
            roundtrip_server::db::sql::params![customer, author],
        )
        .unwrap();
    let staff = login(&app, "staff.bj01").await;
    let url = format!("/api/v1/customers/{customer}/follow-ups/{task}");
    let version = |c: &roundtrip_server::db::Conn| -> i64 { c.query_row("SELECT version FROM customers WHERE id = ?1", [customer], |r| r.get(0)).unwrap() };
    let done = json(&app, "PATCH", &url, &staff, json!({ "version": version(&c), "done": true })).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json);
    // ticking it again (already done) adds no second touch
    json(&app, "PATCH", &url, &staff, json!({ "version": version(&c), "done": true })).await;
    let touches: i64 = c
        .query_row("SELECT count(*) FROM touchpoints WHERE customer_id = ?1 AND kind = 'care' AND summary = '回国后回访：资料核对' AND channel = 'store'", [customer], |r| r.get(0))
        .unwrap();
    assert_eq!(touches, 1);
}
