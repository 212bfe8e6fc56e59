//! Schedule changes (航变) through the real router: a change to a flight on a day opens one
//! case per booking flying it, tells every booker's and traveller's timeline, runs a two-hour
//! contact clock, and is counted per disruption; retries are no-ops, conflicts and bad fields
//! are refused, and a store sees only its own cases.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use common::*;
use roundtrip_server::clock::Clock;
use serde_json::{json, Value};

fn store(code: &str) -> i64 {
    conn().query_row("SELECT id FROM stores WHERE code = ?1", [code], |r| r.get(0)).unwrap()
}

/// A store booking of `flight` on `day` by a new customer, with its travellers.
fn booking(id: &str, store_id: i64, flight: &str, day: NaiveDate, travellers: Value) -> Value {
    json!({ "event_id": id, "source": "store", "source_customer_id": id, "occurred_at": Utc::now().to_rfc3339(), "type": "order", "store_id": store_id,
        "identity": { "name": "航变旅客", "phone": format!("+86139{:08}", id.len() * 1000 + id.bytes().map(u64::from).sum::<u64>() as usize) },
        "payload": { "trip": { "title": format!("东京往返 {id}"), "destination": "东京", "product": "flight", "amount_fen": 300_000, "departure": day.to_string(),
            "return_date": (day + Duration::days(4)).to_string(), "travellers": travellers,
            "air": { "pnr": "HX7K2P", "ticket_numbers": [], "segments": [
                { "flight": flight, "date": day.to_string(), "from": "PEK", "to": "NRT", "cabin": "economy", "fare_class": "Y" },
                { "flight": "CA926", "date": (day + Duration::days(4)).to_string(), "from": "NRT", "to": "PEK", "cabin": "economy", "fare_class": "Y" } ] } } } })
}

fn customer_of(event_id: &str) -> i64 {
    conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = ?1", [event_id], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn a_schedule_change_reaches_every_booking_and_traveller_and_is_counted() {
    let clock = Clock::fixed(Utc::now());
    let app = app_with_clock(clock.clone());
    let admin = login(&app, "admin").await;
    let day = (Utc::now() + Duration::days(20)).date_naive();
    let (bj, sh) = (store("BJ01"), store("SH01"));
    let family = json!([{ "name": "航变旅客" }, { "name": "航变同行", "id_number": "E77001122" }]);
    let events = [
        booking("sc-a", bj, "ca925", day, family),
        booking("sc-b", sh, "CA925", day, json!([])),
        booking("sc-other-day", bj, "CA925", day + Duration::days(1), json!([])),
    ];
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": events })).await.json["accepted"], 3);

    let change = json!({ "change_id": "sc-feed-1", "flight": "ca 925", "date": day.to_string(), "new_departure": format!("{day}T15:40:00"), "note": "机型调整" });
    let staff = login(&app, "staff.bj01").await;
    assert_eq!(json(&app, "POST", "/api/v1/schedule-changes", &staff, change.clone()).await.status, StatusCode::FORBIDDEN, "staff do not send changes");
    let r = json(&app, "POST", "/api/v1/schedule-changes", &admin, change.clone()).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json);
    assert_eq!((r.json["cases_opened"].as_u64(), r.json["customers_told"].as_u64()), (Some(2), Some(3)), "two bookings that day; two bookers and a companion");
    let disruption = r.json["disruption_id"].as_i64().unwrap();

    let again = json(&app, "POST", "/api/v1/schedule-changes", &admin, change.clone()).await;
    assert_eq!((again.status, again.json["repeated"].as_bool()), (StatusCode::OK, Some(true)));
    let mut other = change.clone();
    other["cancelled"] = json!(true);
    other.as_object_mut().unwrap().remove("new_departure");
    let conflict = json(&app, "POST", "/api/v1/schedule-changes", &admin, other).await;
    assert_eq!((conflict.status, error_code(&conflict).as_str()), (StatusCode::CONFLICT, "change_conflict"));
    let bad = json(&app, "POST", "/api/v1/schedule-changes", &admin, json!({ "change_id": "sc-bad", "flight": "925", "date": day.to_string(), "cancelled": true })).await;
    assert_eq!((bad.status, bad.json["error"]["details"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("flight")), "{:?}", bad.json);
    let vague = json(&app, "POST", "/api/v1/schedule-changes", &admin, json!({ "change_id": "sc-vague", "flight": "CA925", "date": day.to_string() })).await;
    assert_eq!(vague.json["error"]["details"]["field"], "new_departure", "a flight that still flies says when");

    // the companion never booked: the change is on her timeline all the same
    let companion: i64 = conn().query_row("SELECT customer_id FROM order_travellers WHERE name = '航变同行'", [], |r| r.get(0)).unwrap();
    let hers = get(&app, &format!("/api/v1/customers/{companion}"), Some(&admin)).await;
    let told: Vec<&str> = hers.json["touchpoints"].as_array().unwrap().iter().filter(|t| t["kind"] == "schedule_change").filter_map(|t| t["summary"].as_str()).collect();
    assert_eq!(told, [format!("航变：CA925 {day} 改为 {day} 15:40 起飞")]);
    let untouched = get(&app, &format!("/api/v1/customers/{}", customer_of("sc-other-day")), Some(&admin)).await;
    assert!(!untouched.json["touchpoints"].to_string().contains("schedule_change"), "a booking on another day is not affected");

    // the desk: all of it for the admin, one store's share for its staff
    let list = get(&app, "/api/v1/disruptions", Some(&admin)).await;
    let d = list.json["disruptions"].as_array().unwrap().iter().find(|d| d["id"] == disruption).cloned().unwrap();
    assert_eq!((d["flight"].as_str(), d["figures"]["bookings"].as_u64(), d["figures"]["affected_customers"].as_u64(), d["figures"]["open"].as_u64()), (Some("CA925"), Some(2), Some(3), Some(2)));
    let mine = get(&app, &format!("/api/v1/disruptions/{disruption}"), Some(&staff)).await;
    let cases = mine.json["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "BJ01 sees its own booking only");
    assert_eq!(cases[0]["travellers"].as_array().map(Vec::len), Some(2));
    assert_eq!(cases[0]["contact"], "waiting");
    assert!(cases[0]["phone_masked"].as_str().unwrap().contains('*'));
    let case = cases[0]["id"].as_i64().unwrap();
    let sh_case: i64 = conn().query_row("SELECT id FROM disruption_cases WHERE disruption_id = ?1 AND id <> ?2", [disruption, case], |r| r.get(0)).unwrap();
    let url = |c: i64| format!("/api/v1/disruptions/{disruption}/cases/{c}");
    assert_eq!(json(&app, "POST", &url(sh_case), &staff, json!({ "step": "informed" })).await.status, StatusCode::NOT_FOUND, "another store's case");

    // told within the hour; rebooked; then closed for good
    clock.advance(Duration::minutes(50));
    let told = json(&app, "POST", &url(case), &staff, json!({ "step": "informed" })).await;
    assert_eq!((told.status, told.json["contact"].as_str()), (StatusCode::OK, Some("in_time")), "{:?}", told.json);
    let closed = json(&app, "POST", &url(case), &staff, json!({ "step": "close", "outcome": "rebooked" })).await;
    assert_eq!(closed.json["outcome"], "rebooked");
    let late = json(&app, "POST", &url(case), &staff, json!({ "step": "close", "outcome": "refunded" })).await;
    assert_eq!((late.status, error_code(&late).as_str()), (StatusCode::CONFLICT, "case_state"));

    // three hours on, the other store's customer is still waiting: overdue, then told late
    clock.advance(Duration::hours(3));
    let detail = get(&app, &format!("/api/v1/disruptions/{disruption}"), Some(&admin)).await;
    assert_eq!(detail.json["cases"][0]["contact"], "overdue", "the untold case comes first");
    let sh_staff = login(&app, "staff.sh01").await;
    assert_eq!(json(&app, "POST", &url(sh_case), &sh_staff, json!({ "step": "close", "outcome": "refunded" })).await.json["contact"], "late");
    // a cancelled flight cannot be kept: rebooked or refunded only
    let next_day = (day + Duration::days(1)).to_string();
    let cancelled = json(&app, "POST", "/api/v1/schedule-changes", &admin, json!({ "change_id": "sc-feed-2", "flight": "CA925", "date": next_day, "cancelled": true })).await;
    let gone = cancelled.json["disruption_id"].as_i64().unwrap();
    let its_case: i64 = conn().query_row("SELECT id FROM disruption_cases WHERE disruption_id = ?1", [gone], |r| r.get(0)).unwrap();
    let keep = json(&app, "POST", &format!("/api/v1/disruptions/{gone}/cases/{its_case}"), &staff, json!({ "step": "close", "outcome": "accepted" })).await;
    assert_eq!((keep.status, keep.json["error"]["details"]["field"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("outcome")), "{:?}", keep.json);

    let figures = &get(&app, &format!("/api/v1/disruptions/{disruption}"), Some(&admin)).await.json["disruption"]["figures"];
    assert_eq!(
        (figures["informed_within_2h"].as_u64(), figures["informed_within_24h"].as_u64(), figures["rebooked"].as_u64(), figures["refunded"].as_u64(), figures["open"].as_u64()),
        (Some(1), Some(2), Some(1), Some(1), Some(0))
    );
}
