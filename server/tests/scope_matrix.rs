//! Every endpoint that takes an id, called as: nobody, store staff of the record's store,
//! store staff of another store, and (for manager-only endpoints) the wrong role. Each cell is
//! the documented answer; a new id-taking endpoint must be added here (the last test checks).

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use common::*;
use roundtrip_server::db::sql::params;
use serde_json::{json, Value};

const ANON: StatusCode = StatusCode::UNAUTHORIZED;
const OK: StatusCode = StatusCode::OK;
const HIDDEN: StatusCode = StatusCode::NOT_FOUND;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;

async fn call(app: &axum::Router, method: &str, uri: &str, cookie: Option<&str>, body: &Value) -> StatusCode {
    let mut req = Request::builder().method(method).uri(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body.to_string())).unwrap()).await.status
}

fn version(customer: i64) -> i64 {
    conn().query_row("SELECT version FROM customers WHERE id = ?1", [customer], |r| r.get(0)).unwrap()
}

/// Documented paths with an id, from the OpenAPI document.
fn id_paths() -> Vec<String> {
    let doc = roundtrip_server::openapi();
    // the channel receivers (`/hooks/…`) answer to signatures, not roles: tests/hooks.rs
    let mut paths: Vec<String> = doc.paths.paths.keys().filter(|p| p.contains('{') && p.starts_with("/api/")).cloned().collect();
    paths.sort();
    paths
}

#[tokio::test]
async fn every_id_endpoint_answers_by_role_and_store() {
    let app = app();
    let same = login(&app, "staff.bj01").await;
    let other = login(&app, "staff.sh01").await;
    let manager = login(&app, "manager.sh01").await;
    let c = conn();
    let customer: i64 = c.query_row("SELECT id FROM customers WHERE home_store_id = 1 AND merged_into IS NULL ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    // an event still to come: a past one's door is closed to check-ins for everyone
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let event: i64 = c.query_row("SELECT id FROM community_events WHERE store_id = 1 AND starts_at >= ?1 ORDER BY starts_at LIMIT 1", [now], |r| r.get(0)).unwrap();
    let community: i64 = c.query_row("SELECT community_id FROM community_events WHERE id = ?1", [event], |r| r.get(0)).unwrap();
    let candidate: i64 = c.query_row("SELECT id FROM duplicate_candidates ORDER BY id LIMIT 1", [], |r| r.get(0)).unwrap();
    let user: i64 = c.query_row("SELECT id FROM users WHERE username = 'staff.xm01'", [], |r| r.get(0)).unwrap();
    let opened = json(&app, "POST", "/api/v1/tickets", &same,
        json!({ "customer_id": customer, "kind": "inquiry", "severity": "low", "channel": "store", "summary": "矩阵测试咨询" })).await;
    let ticket = opened.json["ticket"]["id"].as_i64().expect("a ticket of the same store");
    let bj_staff: i64 = c.query_row("SELECT id FROM users WHERE username = 'staff.bj01'", [], |r| r.get(0)).unwrap();
    let care_task = c.insert_returning_id("INSERT INTO follow_ups (customer_id, author_id, title, due_on, created_at, care_kind) VALUES (?1, ?2, '生日问候', '2026-01-01', '2026-01-01T00:00:00Z', 'birthday') RETURNING id", params![customer, bj_staff]).unwrap();
    let tomorrow = (Utc::now() + chrono::Duration::days(1)).date_naive();
    // a refund request on a booking of the store still to depart
    let admin = login(&app, "admin").await;
    let departs = (Utc::now() + chrono::Duration::days(20)).date_naive();
    let order = json!({ "event_id": "matrix-order", "source": "ctrip", "source_customer_id": "MATRIX-1", "occurred_at": Utc::now().to_rfc3339(), "type": "order",
        "store_id": 1, "identity": { "name": "矩阵订单" }, "payload": { "trip": { "title": "矩阵机票", "destination": "大阪", "product": "flight",
        "amount_fen": 100_000, "departure": departs, "return_date": departs + chrono::Duration::days(3) } } });
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [order] })).await.json["accepted"], 1);
    let (booker, booking): (i64, i64) = c.query_row(
        "SELECT o.customer_id, o.id FROM ingested_events i JOIN orders o ON o.customer_id = i.customer_id WHERE i.event_id = 'matrix-order'", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let refund = json(&app, "POST", "/api/v1/tickets", &same,
        json!({ "customer_id": booker, "kind": "refund", "severity": "medium", "channel": "store", "summary": "矩阵测试退票", "order_id": booking })).await;
    let case = refund.json["ticket"]["id"].as_i64().unwrap_or_else(|| panic!("a refund case of the same store: {:?}", refund.json));

    // a schedule change reaching a store booking of BJ01
    let flies = json!({ "event_id": "matrix-flight", "source": "store", "source_customer_id": "MATRIX-2", "occurred_at": Utc::now().to_rfc3339(), "type": "order",
        "store_id": 1, "identity": { "name": "矩阵航班" }, "payload": { "trip": { "title": "矩阵航班", "destination": "大阪", "product": "flight",
        "amount_fen": 100_000, "departure": departs, "return_date": departs + chrono::Duration::days(3), "air": { "pnr": "MTRX01", "ticket_numbers": [],
        "segments": [{ "flight": "MU9901", "date": departs, "from": "PEK", "to": "KIX", "cabin": "economy", "fare_class": "Y" }] } } } });
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [flies] })).await.json["accepted"], 1);
    let change = json(&app, "POST", "/api/v1/schedule-changes", &admin, json!({ "change_id": "matrix-change", "flight": "MU9901", "date": departs, "cancelled": true })).await;
    let disruption = change.json["disruption_id"].as_i64().unwrap_or_else(|| panic!("a disruption: {:?}", change.json));
    let disruption_case: i64 = c.query_row("SELECT id FROM disruption_cases WHERE disruption_id = ?1", [disruption], |r| r.get(0)).unwrap();

    // (method, uri, body, anonymous, same-store staff, other-store staff)
    type Case = (&'static str, String, Box<dyn Fn() -> Value>, StatusCode, StatusCode, StatusCode);
    let cust = format!("/api/v1/customers/{customer}");
    let ev = format!("/api/v1/community-events/{event}");
    let mut cases: Vec<Case> = vec![
        ("GET", cust.clone(), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("GET", format!("{cust}/journeys"), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("POST", format!("{cust}/notes"), Box::new(move || json!({ "version": version(customer), "body": "矩阵测试备注" })), ANON, OK, HIDDEN),
        ("PATCH", format!("{cust}/tags"), Box::new(move || json!({ "version": version(customer), "add": ["矩阵"] })), ANON, OK, HIDDEN),
        ("POST", format!("{cust}/follow-ups"), Box::new(move || json!({ "version": version(customer), "title": "回访", "due_on": tomorrow })), ANON, OK, HIDDEN),
        ("GET", format!("{cust}/export"), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", format!("{cust}/erase"), Box::new(|| json!({ "reason": "矩阵测试删除", "confirm_name": "不是这个名字" })), ANON, FORBIDDEN, FORBIDDEN),
        ("PATCH", format!("{cust}/personal"), Box::new(move || json!({ "version": version(customer), "city": "北京", "reason": "矩阵测试更正" })), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", format!("{cust}/reveal"), Box::new(|| json!({ "field": "phone", "reason": "矩阵测试原因" })), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", format!("/api/v1/duplicates/{candidate}/merge"), Box::new(move || json!({ "survivor_id": customer, "keep": { "name": customer, "phone": customer, "email": customer, "segment": customer } })), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", format!("/api/v1/duplicates/{candidate}/dismiss"), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", format!("/api/v1/duplicates/{candidate}/restore"), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", "/api/v1/duplicates/bulk".into(), Box::new(move || json!({ "action": "dismiss", "ids": [candidate] })), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", "/api/v1/merges/1/unmerge".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("GET", format!("/api/v1/communities/{community}"), Box::new(|| Value::Null), ANON, OK, OK),
        ("POST", format!("/api/v1/communities/{community}/events"), Box::new(|| json!({ "title": "矩阵活动", "starts_at": Utc::now() + chrono::Duration::days(3) })), ANON, FORBIDDEN, FORBIDDEN),
        ("GET", ev.clone(), Box::new(|| Value::Null), ANON, OK, FORBIDDEN),
        ("POST", format!("{ev}/attendees"), Box::new(move || json!({ "customer_id": customer })), ANON, OK, FORBIDDEN),
        ("PUT", format!("{ev}/attendees/{customer}/check-in"), Box::new(|| Value::Null), ANON, OK, FORBIDDEN),
        ("PUT", format!("{ev}/attendees/{customer}/satisfaction"), Box::new(|| json!({ "score": 4 })), ANON, OK, FORBIDDEN),
        ("DELETE", format!("{ev}/attendees/{customer}/check-in"), Box::new(|| Value::Null), ANON, OK, FORBIDDEN),
        ("PUT", format!("/api/v1/users/{user}/access"), Box::new(|| json!({ "disabled": false })), ANON, FORBIDDEN, FORBIDDEN),
        ("DELETE", "/api/v1/tokens/1".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", "/api/v1/connectors/1/secrets".into(), Box::new(|| json!({ "client_secret": "matrix" })), ANON, FORBIDDEN, FORBIDDEN),
        ("DELETE", "/api/v1/connectors/1/secrets/previous".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("POST", "/api/v1/deliveries/1/replay".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("DELETE", "/api/v1/webhooks/1".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("GET", "/api/v1/webhooks/1/deliveries".into(), Box::new(|| Value::Null), ANON, FORBIDDEN, FORBIDDEN),
        ("GET", format!("{cust}/loyalty"), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("POST", format!("{cust}/loyalty"), Box::new(|| json!({ "kind": "redeem", "points": 999_999_999 })), ANON, StatusCode::UNPROCESSABLE_ENTITY, HIDDEN),
        ("POST", format!("{cust}/loyalty"), Box::new(|| json!({ "kind": "adjust", "points": 10, "reason": "矩阵测试调整" })), ANON, FORBIDDEN, FORBIDDEN),
        ("GET", format!("{cust}/consents"), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("POST", format!("{cust}/consents"), Box::new(|| json!({ "purpose": "marketing", "channel": "wechat", "granted": true, "text_version": "2026-11", "source": "store" })), ANON, StatusCode::CREATED, HIDDEN),
        ("POST", format!("{cust}/nps"), Box::new(|| json!({ "score": 9, "channel": "store" })), ANON, StatusCode::NO_CONTENT, HIDDEN),
        ("POST", format!("{cust}/documents"), Box::new(|| json!({ "kind": "passport", "number": "E55667788", "issuing_country": "CN", "expires_on": "2031-01-01" })), ANON, StatusCode::CREATED, HIDDEN),
        ("POST", format!("/api/v1/care-tasks/{care_task}/done"), Box::new(|| Value::Null), ANON, StatusCode::NO_CONTENT, HIDDEN),
        ("GET", format!("/api/v1/tickets/{ticket}"), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("POST", format!("/api/v1/tickets/{ticket}/actions"), Box::new(move || json!({ "action": "assign", "assignee_id": bj_staff })), ANON, OK, HIDDEN),
        // reached, and refused only because a requested case is quoted before it is confirmed
        ("POST", format!("/api/v1/tickets/{case}/case"), Box::new(|| json!({ "step": "confirm" })), ANON, StatusCode::CONFLICT, HIDDEN),
        ("GET", format!("/api/v1/disruptions/{disruption}"), Box::new(|| Value::Null), ANON, OK, HIDDEN),
        ("POST", format!("/api/v1/disruptions/{disruption}/cases/{disruption_case}"), Box::new(|| json!({ "step": "informed" })), ANON, OK, HIDDEN),
    ];
    // a follow-up to change exists once the case above has run; its case runs last
    let mut covered: Vec<String> = Vec::new();
    for (method, uri, body, anon, same_store, other_store) in cases.drain(..) {
        assert_eq!(call(&app, method, &uri, None, &body()).await, anon, "{method} {uri} anonymous");
        assert_eq!(call(&app, method, &uri, Some(&other), &body()).await, other_store, "{method} {uri} other store's staff");
        assert_eq!(call(&app, method, &uri, Some(&same), &body()).await, same_store, "{method} {uri} same store's staff");
        covered.push(format!("{method} {uri}"));
    }
    let follow_up: i64 = c.query_row("SELECT id FROM follow_ups WHERE customer_id = ?1 ORDER BY id DESC LIMIT 1", [customer], |r| r.get(0)).unwrap();
    let fu = format!("{cust}/follow-ups/{follow_up}");
    let done = || json!({ "version": version(customer), "done": true });
    assert_eq!(call(&app, "PATCH", &fu, None, &done()).await, ANON);
    assert_eq!(call(&app, "PATCH", &fu, Some(&other), &done()).await, HIDDEN);
    assert_eq!(call(&app, "PATCH", &fu, Some(&same), &done()).await, OK);
    // managers see every store: the customer and the event open for them
    assert_eq!(call(&app, "GET", &cust, Some(&manager), &Value::Null).await, OK);
    assert_eq!(call(&app, "GET", &format!("{cust}/export"), Some(&manager), &Value::Null).await, OK);
    assert_eq!(call(&app, "GET", &ev, Some(&manager), &Value::Null).await, OK);
    assert_eq!(call(&app, "GET", &format!("/api/v1/tickets/{ticket}"), Some(&manager), &Value::Null).await, OK);

    // every documented id path is in the matrix above
    let templates = [
        "/api/v1/care-tasks/{id}/done", "/api/v1/communities/{id}", "/api/v1/communities/{id}/events", "/api/v1/community-events/{id}",
        "/api/v1/community-events/{id}/attendees", "/api/v1/community-events/{id}/attendees/{customer_id}/check-in",
        "/api/v1/community-events/{id}/attendees/{customer_id}/satisfaction", "/api/v1/connectors/{id}/secrets",
        "/api/v1/connectors/{id}/secrets/previous", "/api/v1/customers/{id}", "/api/v1/customers/{id}/consents", "/api/v1/customers/{id}/documents", "/api/v1/customers/{id}/erase", "/api/v1/customers/{id}/export",
        "/api/v1/customers/{id}/follow-ups", "/api/v1/customers/{id}/follow-ups/{follow_up_id}", "/api/v1/customers/{id}/journeys",
        "/api/v1/customers/{id}/loyalty", "/api/v1/customers/{id}/notes", "/api/v1/customers/{id}/nps", "/api/v1/customers/{id}/personal", "/api/v1/customers/{id}/reveal", "/api/v1/customers/{id}/tags",
        "/api/v1/deliveries/{id}/replay", "/api/v1/disruptions/{id}", "/api/v1/disruptions/{id}/cases/{case_id}", "/api/v1/duplicates/{id}/dismiss", "/api/v1/duplicates/{id}/merge", "/api/v1/duplicates/{id}/restore", "/api/v1/merges/{id}/unmerge", "/api/v1/tickets/{id}",
        "/api/v1/tickets/{id}/actions", "/api/v1/tickets/{id}/case", "/api/v1/tokens/{id}", "/api/v1/users/{id}/access", "/api/v1/webhooks/{id}",
        "/api/v1/webhooks/{id}/deliveries",
    ];
    assert_eq!(id_paths(), templates.iter().map(|t| t.to_string()).collect::<Vec<_>>(), "an id endpoint was added: put it in the matrix");
    assert_eq!(covered.len(), 41);
}
