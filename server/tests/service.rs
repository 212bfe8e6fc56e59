//! The service desk against the real router with a fixed clock: the 24-hour deadline, the
//! warning at 75%, pauses, breaches, handoffs across stores, and the SLA dashboard.

mod common;

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use common::*;
use roundtrip_server::clock::Clock;
use serde_json::{json, Value};

fn store_id(code: &str) -> i64 {
    conn().query_row("SELECT id FROM stores WHERE code = upper(?1)", [code], |r| r.get(0)).unwrap()
}

/// A customer whose home store is `code` (and who may walk in there).
fn customer_of(code: &str, nth: i64) -> i64 {
    conn()
        .query_row(
            "SELECT c.id FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = upper(?1) AND c.merged_into IS NULL ORDER BY c.id LIMIT 1 OFFSET ?2",
            roundtrip_server::db::sql::params![code, nth],
            |r| r.get(0),
        )
        .unwrap()
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339()
}

async fn record(app: &axum::Router, cookie: &str, customer: i64, spoke_at: DateTime<Utc>, key: Option<&str>) -> Reply {
    let body = json!({ "customer_id": customer, "kind": "complaint", "severity": "high", "channel": "store",
        "summary": "酒店房型与预订不一致", "spoke_at": iso(spoke_at), "client_key": key });
    json(app, "POST", "/api/v1/tickets", cookie, body).await
}

async fn act(app: &axum::Router, cookie: &str, id: i64, action: Value) -> Reply {
    json(app, "POST", &format!("/api/v1/tickets/{id}/actions"), cookie, action).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().unwrap_or_else(|| panic!("not a page: {page}")).iter().map(|t| t["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn the_clock_warns_breaches_pauses_and_stops_at_the_answer() {
    // a year ahead of the seeded data, so the dashboard period holds only these tickets
    let t0 = chrono::DurationRound::duration_trunc(Utc::now() + Duration::days(400), Duration::seconds(1)).unwrap();
    let clock = Clock::fixed(t0);
    let app = app_with_clock(clock.clone());
    let staff = login(&app, "staff.bj01").await;
    let manager = login(&app, "manager.bj01").await;
    let customer = customer_of("bj01", 0);

    // spoke 19 h ago: 79% of the time used, so it is due soon from the start
    let late = record(&app, &staff, customer, t0 - Duration::hours(19), None).await;
    assert_eq!(late.status, StatusCode::CREATED, "{:?}", late.json);
    let late_id = late.json["ticket"]["id"].as_i64().unwrap();
    assert_eq!(late.json["ticket"]["clock"]["state"], "due_soon");
    assert_eq!(late.json["ticket"]["clock"]["remaining_secs"], 5 * 3600);
    assert_eq!(late.json["ticket"]["store"]["id"], store_id("bj01"), "staff record for their own store");
    assert_eq!(late.json["ticket"]["assignee"]["name"], "北京顾问", "and own what they record");
    assert_eq!(late.json["history"][0]["action"], "opened");

    // spoke 2 h ago: running
    let fresh = record(&app, &staff, customer, t0 - Duration::hours(2), None).await;
    let fresh_id = fresh.json["ticket"]["id"].as_i64().unwrap();
    assert_eq!(fresh.json["ticket"]["clock"]["state"], "running");

    let due_soon = get(&app, "/api/v1/tickets?inbox=due_soon", Some(&manager)).await;
    assert_eq!(due_soon.status, StatusCode::OK, "{:?}", due_soon.json);
    assert!(ids(&due_soon.json).contains(&late_id), "the manager sees it in due soon");
    assert!(!ids(&due_soon.json).contains(&fresh_id));
    let mine = get(&app, "/api/v1/tickets?inbox=mine", Some(&staff)).await;
    assert!(ids(&mine.json).contains(&late_id) && ids(&mine.json).contains(&fresh_id));

    // the fresh one waits for the customer for 30 h: it never breaches while paused
    let paused = act(&app, &staff, fresh_id, json!({ "action": "wait_for_customer", "note": "请客户提供订单截图" })).await;
    assert_eq!(paused.status, StatusCode::OK, "{:?}", paused.json);
    assert_eq!(paused.json["ticket"]["clock"]["state"], "paused");
    let again = act(&app, &staff, fresh_id, json!({ "action": "wait_for_customer" })).await;
    assert_eq!((again.status, error_code(&again).as_str()), (StatusCode::CONFLICT, "ticket_state"));

    clock.advance(Duration::hours(6)); // late: 25 h since the customer spoke
    let breached = get(&app, "/api/v1/tickets?inbox=breached", Some(&manager)).await;
    assert!(ids(&breached.json).contains(&late_id), "past 24 h it is breached");
    assert!(!ids(&breached.json).contains(&fresh_id));
    assert!(breached.json["counts"]["breached"].as_u64().unwrap() >= 1);
    let all = get(&app, "/api/v1/tickets?inbox=all", Some(&manager)).await;
    assert_eq!(all.status, StatusCode::OK, "{:?}", all.json);
    assert!(ids(&all.json).contains(&late_id) && ids(&all.json).contains(&fresh_id), "everything is in the inbox of all tickets");

    clock.advance(Duration::hours(24)); // fresh paused for 30 h in all
    let resumed = act(&app, &staff, fresh_id, json!({ "action": "resume", "note": "客户已补充截图" })).await;
    assert_eq!(resumed.json["ticket"]["clock"]["state"], "running", "{:?}", resumed.json);
    assert_eq!(resumed.json["ticket"]["clock"]["remaining_secs"], 22 * 3600, "2 h were used before the pause");
    clock.advance(Duration::hours(17));
    let t = get(&app, &format!("/api/v1/tickets/{fresh_id}"), Some(&staff)).await;
    assert_eq!(t.json["ticket"]["clock"]["state"], "due_soon");
    let answered = act(&app, &staff, fresh_id, json!({ "action": "answer", "message": "已为您调换房型并致歉" })).await;
    assert_eq!(answered.json["ticket"]["status"], "answered");
    assert_eq!(answered.json["ticket"]["clock"]["state"], "answered_in_time");

    // the late one: answered late, then resolved and rated
    let answered = act(&app, &staff, late_id, json!({ "action": "answer", "message": "已退还差价" })).await;
    assert_eq!(answered.json["ticket"]["clock"]["state"], "answered_late");
    let early_csat = act(&app, &staff, late_id, json!({ "action": "csat", "score": 4 })).await;
    assert_eq!(early_csat.status, StatusCode::CONFLICT, "the survey comes after resolution");
    let resolved = act(&app, &staff, late_id, json!({ "action": "resolve", "resolution": "差价已退，客户接受" })).await;
    assert_eq!(resolved.json["ticket"]["status"], "resolved");
    assert!(resolved.json["resolved_at"].is_string());
    let rated = act(&app, &staff, late_id, json!({ "action": "csat", "score": 2 })).await;
    assert_eq!(rated.json["csat"], 2);
    let closed = act(&app, &staff, late_id, json!({ "action": "answer", "message": "补充说明" })).await;
    assert_eq!(closed.status, StatusCode::CONFLICT);
    let actions: Vec<&str> = rated.json["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["opened", "answer", "resolve", "csat"]);

    // the dashboard over these two days holds exactly these two tickets
    let day = (t0 - Duration::days(1)).date_naive();
    let to = clock_day(&clock);
    let d = get(&app, &format!("/api/v1/service/dashboard?from={day}&to={to}&store_id={}", store_id("bj01")), Some(&manager)).await;
    assert_eq!(d.status, StatusCode::OK, "{:?}", d.json);
    let total = &d.json["total"];
    assert_eq!((total["tickets"].as_u64(), total["due"].as_u64(), total["in_time"].as_u64(), total["breached"].as_u64()), (Some(2), Some(2), Some(1), Some(1)));
    assert_eq!(total["compliance"], 0.5);
    assert_eq!(total["csat"], 0.0, "one answer, a 2");
    assert_eq!(d.json["by_channel"][0]["key"], "store");
    let staff_dash = get(&app, "/api/v1/service/dashboard", Some(&staff)).await;
    assert_eq!(staff_dash.status, StatusCode::FORBIDDEN);
}

fn clock_day(clock: &Clock) -> chrono::NaiveDate {
    clock.now().date_naive()
}

#[tokio::test]
async fn handoff_moves_the_ticket_and_keeps_its_history() {
    let app = app();
    let bj = login(&app, "staff.bj01").await;
    let sh = login(&app, "staff.sh01").await;
    let customer = customer_of("bj01", 1);
    let r = record(&app, &bj, customer, Utc::now() - Duration::hours(1), None).await;
    let id = r.json["ticket"]["id"].as_i64().unwrap();
    assert_eq!(get(&app, &format!("/api/v1/tickets/{id}"), Some(&sh)).await.status, StatusCode::NOT_FOUND, "another store's ticket is hidden");

    let to_self = act(&app, &bj, id, json!({ "action": "handoff", "store_id": store_id("bj01"), "note": "x转交" })).await;
    assert_eq!((to_self.status, error_code(&to_self).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_store"));
    let sh_staff: i64 = conn().query_row("SELECT id FROM users WHERE username = 'staff.sh01'", [], |r| r.get(0)).unwrap();
    let wrong = act(&app, &bj, id, json!({ "action": "assign", "assignee_id": sh_staff })).await;
    assert_eq!((wrong.status, error_code(&wrong).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_assignee"));

    let moved = act(&app, &bj, id, json!({ "action": "handoff", "store_id": store_id("sh01"), "assignee_id": sh_staff, "note": "客户在上海出发，转上海店跟进" })).await;
    assert_eq!(moved.status, StatusCode::OK, "{:?}", moved.json);
    let last = moved.json["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["action"].as_str(), last["from_store"]["id"].as_i64(), last["to_store"]["id"].as_i64()), (Some("handoff"), Some(store_id("bj01")), Some(store_id("sh01"))));
    assert_eq!(moved.json["ticket"]["clock"]["state"], "running", "the clock goes along unchanged");

    assert_eq!(get(&app, &format!("/api/v1/tickets/{id}"), Some(&bj)).await.status, StatusCode::NOT_FOUND);
    let there = get(&app, &format!("/api/v1/tickets/{id}"), Some(&sh)).await;
    assert_eq!(there.json["history"].as_array().unwrap().len(), 2, "opened + handoff travel with it");
    assert!(ids(&get(&app, "/api/v1/tickets?inbox=mine", Some(&sh)).await.json).contains(&id));
}

#[tokio::test]
async fn recording_is_validated_and_retries_are_idempotent() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let customer = customer_of("bj01", 2);
    let now = Utc::now();
    let first = record(&app, &staff, customer, now - Duration::hours(3), Some("tablet-7-0001")).await;
    let retry = record(&app, &staff, customer, now - Duration::hours(3), Some("tablet-7-0001")).await;
    assert_eq!(first.json["ticket"]["id"], retry.json["ticket"]["id"], "a retried save returns the first ticket");

    let future = record(&app, &staff, customer, now + Duration::hours(2), None).await;
    assert_eq!(future.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(future.json["error"]["message"].as_str().unwrap().contains("spoke_at"));
    // the field and the rule as data, for the console to say in the reader's language
    assert_eq!(future.json["error"]["details"], json!({ "field": "spoke_at", "rule": "in_future" }));
    let bad_kind = json(&app, "POST", "/api/v1/tickets", &staff,
        json!({ "customer_id": customer, "kind": "rant", "severity": "low", "channel": "store", "summary": "很长的一段抱怨" })).await;
    assert_eq!(bad_kind.status, StatusCode::UNPROCESSABLE_ENTITY);
    let other_store = customer_of("sh01", 0);
    let hidden = record(&app, &staff, other_store, now, None).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "staff cannot open tickets for customers they cannot see");
}

#[tokio::test]
async fn an_ingested_complaint_starts_its_clock_when_the_customer_spoke() {
    let app = app();
    let admin = login(&app, "admin").await;
    let spoke = Utc::now() - Duration::hours(30);
    let event = json!({ "event_id": "svc-complaint-1", "source": "meituan", "source_customer_id": "MT-SVC-1",
        "occurred_at": spoke.to_rfc3339(), "type": "complaint", "store_id": store_id("gz01"),
        "identity": { "name": "陈静" }, "payload": { "summary": "导游临时更换行程", "severity": "high" } });
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [event] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    let breached = get(&app, &format!("/api/v1/tickets?inbox=breached&store_id={}&page_size=100", store_id("gz01")), Some(&admin)).await;
    let t = breached.json["items"].as_array().unwrap().iter().find(|t| t["summary"] == "导游临时更换行程").expect("in the breached inbox").clone();
    assert_eq!((t["channel"].as_str(), t["severity"].as_str()), (Some("meituan"), Some("high")));
    let d = get(&app, &format!("/api/v1/tickets/{}", t["id"]), Some(&admin)).await;
    assert!(d.json["history"][0]["actor"].is_null(), "a channel system opened it");
    let spoke_at: DateTime<Utc> = d.json["ticket"]["spoke_at"].as_str().unwrap().parse().unwrap();
    let recorded: DateTime<Utc> = d.json["recorded_at"].as_str().unwrap().parse().unwrap();
    assert!(recorded - spoke_at > Duration::hours(29), "the clock is the channel's time, not the import's");
}

/// What the list and the tablets' roster show (the stored score) agrees with the profile's live
/// score when a complaint opens and when it is resolved.
#[tokio::test]
async fn the_stored_churn_risk_follows_a_complaint_opened_and_resolved() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let customer: i64 = conn()
        .query_row(
            "SELECT c.id FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = 'BJ01' AND c.merged_into IS NULL
                AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id AND t.kind = 'complaint' AND t.status <> 'resolved')
              ORDER BY c.id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let scores = || async {
        let p = get(&app, &format!("/api/v1/customers/{customer}"), Some(&staff)).await.json;
        (p["summary"]["churn_risk"].as_u64().unwrap(), p["churn"]["score"].as_u64().unwrap())
    };
    let (_, before) = scores().await;
    let opened = record(&app, &staff, customer, Utc::now() - Duration::minutes(10), None).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.json);
    let (stored, live) = scores().await;
    assert_eq!(stored, live, "the list shows what the profile shows");
    assert_eq!(live, (before + 30).min(100), "an open complaint adds 30");
    let id = opened.json["ticket"]["id"].as_i64().unwrap();
    let resolved = act(&app, &staff, id, json!({ "action": "resolve", "resolution": "已换房，客户接受" })).await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.json);
    assert_eq!(scores().await, (before, before));
}

#[tokio::test]
async fn complaints_are_read_for_their_topic_staff_correct_it_and_managers_see_the_topics() {
    // two years ahead: the period holds only this test's complaints
    let t0 = chrono::DurationRound::duration_trunc(Utc::now() + Duration::days(800), Duration::seconds(1)).unwrap();
    let app = app_with_clock(Clock::fixed(t0));
    let staff = login(&app, "staff.sh01").await;
    let manager = login(&app, "manager.sh01").await;
    let customer = customer_of("sh01", 2);
    let mut opened = Vec::new();
    for summary in ["航班延误了四个小时，没有人安排", "The airline lost my luggage", "导游临时更换景点"] {
        let body = json!({ "customer_id": customer, "kind": "complaint", "severity": "medium", "channel": "store", "summary": summary, "spoke_at": iso(t0 - Duration::hours(1)) });
        let r = json(&app, "POST", "/api/v1/tickets", &staff, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json);
        opened.push((r.json["ticket"]["id"].as_i64().unwrap(), r.json["ticket"]["topic"].as_str().unwrap().to_owned()));
    }
    assert_eq!(opened.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>(), ["delay", "baggage", "itinerary_not_as_promised"]);

    // the itinerary complaint was really about the guide: staff put it right, after resolving too
    let (itinerary, _) = opened[2];
    assert_eq!(act(&app, &staff, itinerary, json!({ "action": "resolve", "resolution": "已致电客户道歉" })).await.status, StatusCode::OK);
    let fixed = act(&app, &staff, itinerary, json!({ "action": "topic", "topic": "staff_attitude" })).await;
    assert_eq!((fixed.status, fixed.json["ticket"]["topic"].as_str()), (StatusCode::OK, Some("staff_attitude")), "{:?}", fixed.json);
    let bad = act(&app, &staff, itinerary, json!({ "action": "topic", "topic": "weather" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // the default period: the 90 agency days up to the clock's today
    let report = get(&app, "/api/v1/service/topics", Some(&manager)).await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.json);
    let r = &report.json;
    assert_eq!((r["complaints"].as_u64(), r["corrected"].as_u64()), (Some(3), Some(1)));
    let row = |topic: &str| r["topics"].as_array().unwrap().iter().find(|t| t["topic"] == topic).unwrap().clone();
    assert_eq!(row("delay")["total"], 1);
    assert_eq!(row("staff_attitude")["total"], 1);
    assert_eq!((row("itinerary_not_as_promised")["by_rules"].as_u64(), row("itinerary_not_as_promised")["kept"].as_u64()), (Some(1), Some(0)));
    assert_eq!(r["by_channel"][0]["key"], "store");

    let month = t0.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m").to_string();
    let cell = get(&app, &format!("/api/v1/service/topics/tickets?topic=staff_attitude&month={month}"), Some(&manager)).await;
    assert_eq!(cell.json.as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect::<Vec<_>>(), [itinerary]);
    let wrong = get(&app, &format!("/api/v1/service/topics/tickets?topic=weather"), Some(&manager)).await;
    assert_eq!((wrong.status, wrong.json["error"]["details"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("topic")));
    assert_eq!(get(&app, "/api/v1/service/topics", Some(&staff)).await.status, StatusCode::FORBIDDEN);
}
