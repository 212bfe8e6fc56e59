//! Outbound webhooks end to end: a local receiver (real HTTP on 127.0.0.1, which this test's
//! configuration allows) checks every Standard Webhooks signature itself and answers 500 to
//! each message's first attempt; the sender retries with the same `webhook-id`. A merge, a
//! ticket, a breach and a withdrawal each reach it, and the delivery log shows the attempts.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use base64::Engine;
use hmac::{Hmac, Mac};
use roundtrip_server::db::Db;
use roundtrip_server::webhooks::run_once;
use serde_json::{json, Value};
use sha2::Sha256;

/// What the receiver saw: per message id, its attempts and the events' bodies.
#[derive(Default)]
struct Seen {
    attempts: HashMap<String, u32>,
    bodies: HashMap<String, Value>,
    bad_signatures: u32,
}

type Shared = Arc<Mutex<(String, Seen)>>;

/// Verifies as the Standard Webhooks specification says: HMAC-SHA256 under the base64 key
/// after `whsec_`, over `id.timestamp.body`, any of the space-separated `v1,` signatures.
fn verified(secret: &str, headers: &HeaderMap, body: &str) -> bool {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
    mac.update(format!("{}.{}.{body}", h("webhook-id"), h("webhook-timestamp")).as_bytes());
    let expected = format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()));
    h("webhook-signature").split(' ').any(|s| s == expected)
}

async fn receive(State(shared): State<Shared>, headers: HeaderMap, body: String) -> StatusCode {
    let mut guard = shared.lock().unwrap();
    let (secret, seen) = &mut *guard;
    if !verified(secret, &headers, &body) {
        seen.bad_signatures += 1;
        return StatusCode::UNAUTHORIZED;
    }
    let id = headers["webhook-id"].to_str().unwrap().to_owned();
    let n = seen.attempts.entry(id.clone()).or_default();
    *n += 1;
    seen.bodies.insert(id, serde_json::from_str(&body).unwrap());
    // the first attempt of every message fails, as a receiver restarting would
    if *n == 1 { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::NO_CONTENT }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribers_get_signed_events_and_retries() {
    // SAFETY: set before any thread reads it (the sender reads it once)
    unsafe { std::env::set_var("ROUNDTRIP_WEBHOOK_ALLOW", "127.0.0.1") };
    let shared: Shared = Arc::new(Mutex::new((String::new(), Seen::default())));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let receiver = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(shared.clone());
    tokio::spawn(async move { axum::serve(listener, receiver).await.unwrap() });

    let state = common::state_on(Db::open(&common::target()).unwrap(), Default::default());
    let app = common::app_of(state.clone());
    let admin = common::login(&app, "admin").await;
    // internal addresses are refused unless configured; a bad URL names the field
    let r = common::json(&app, "POST", "/api/v1/webhooks", &admin, json!({ "url": "http://10.0.0.8/crm", "events": ["ticket.opened"] })).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNPROCESSABLE_ENTITY, "webhook_address".into()));
    let r = common::json(&app, "POST", "/api/v1/webhooks", &admin, json!({ "url": "ftp://erp", "events": ["ticket.opened"] })).await;
    assert_eq!(r.json["error"]["details"]["field"], "url");
    let every = ["customer.merged", "ticket.opened", "ticket.breached", "consent.withdrawn"];
    let r = common::json(&app, "POST", "/api/v1/webhooks", &admin, json!({ "url": format!("http://127.0.0.1:{port}/hook"), "events": every, "description": "ERP" })).await;
    assert_eq!(r.status, StatusCode::CREATED, "{:?}", r.json);
    let (webhook, secret) = (r.json["webhook"]["id"].as_i64().unwrap(), r.json["secret"].as_str().unwrap().to_owned());
    assert!(secret.starts_with("whsec_"));
    shared.lock().unwrap().0 = secret.clone();
    let listed = common::get(&app, "/api/v1/webhooks", Some(&admin)).await;
    assert!(!listed.json.to_string().contains(&secret), "the secret was listed");

    // what happens in Roundtrip: a withdrawal, a ticket (its clock long run out), a merge
    let conn = common::conn();
    let customer: i64 = conn.query_row("SELECT id FROM customers WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 7", [], |r| r.get(0)).unwrap();
    let consent = json!({ "purpose": "marketing", "channel": "sms", "granted": false, "text_version": "2026-11", "source": "store" });
    assert_eq!(common::json(&app, "POST", &format!("/api/v1/customers/{customer}/consents"), &admin, consent).await.status, StatusCode::CREATED);
    let spoke = (chrono::Utc::now() - chrono::Duration::hours(30)).to_rfc3339();
    let ticket = common::json(&app, "POST", "/api/v1/tickets", &admin,
        json!({ "customer_id": customer, "kind": "complaint", "severity": "high", "channel": "store", "summary": "退款迟迟未到", "spoke_at": spoke })).await;
    assert_eq!(ticket.status, StatusCode::CREATED, "{:?}", ticket.json);
    let ticket_id = ticket.json["ticket"]["id"].as_i64().unwrap();
    let (candidate, a, _b): (i64, i64, i64) = conn
        .query_row("SELECT id, customer_id, other_id FROM duplicate_candidates WHERE status = 'pending' ORDER BY id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    let keep = json!({ "survivor_id": a, "keep": { "name": a, "phone": a, "email": a, "segment": a } });
    let merged = common::json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &admin, keep).await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.json);

    // first attempts answered 500, the retries (after their backoff) delivered
    let now = chrono::Utc::now();
    while run_once(&state, now).await.unwrap() > 0 {}
    while run_once(&state, now + chrono::Duration::seconds(5)).await.unwrap() > 0 {}
    let guard = shared.lock().unwrap();
    let seen = &guard.1;
    assert_eq!(seen.bad_signatures, 0);
    let of = |event: &str| seen.bodies.iter().filter(|(_, b)| b["type"] == event).map(|(id, b)| (id.clone(), b.clone())).collect::<Vec<_>>();
    let withdrawn = of("consent.withdrawn");
    assert!(withdrawn.iter().any(|(_, b)| b["data"]["customer_id"] == customer && b["data"]["channel"] == "sms"), "{withdrawn:?}");
    assert!(of("ticket.opened").iter().any(|(_, b)| b["data"]["ticket_id"] == ticket_id));
    assert!(of("ticket.breached").iter().any(|(_, b)| b["data"]["ticket_id"] == ticket_id), "the 30-hour-old complaint is past its 24 hours");
    assert!(of("customer.merged").iter().any(|(_, b)| b["data"]["survivor_id"] == a));
    for (id, n) in &seen.attempts {
        assert_eq!(*n, 2, "{id}: answered 500 once, then delivered");
    }
    // nothing personal travels: ids and codes only
    assert!(!seen.bodies.values().any(|b| b.to_string().contains("退款迟迟未到")));
    drop(guard);

    // the log shows each message delivered on its second attempt; switched off, nothing more
    let log = common::get(&app, &format!("/api/v1/webhooks/{webhook}/deliveries"), Some(&admin)).await;
    let entries = log.json.as_array().unwrap();
    assert!(entries.len() >= 4);
    assert!(entries.iter().all(|d| d["status"] == "delivered" && d["attempts"] == 2 && d["last_status"] == 204), "{entries:?}");
    let off = common::json(&app, "DELETE", &format!("/api/v1/webhooks/{webhook}"), &admin, Value::Null).await;
    assert!(off.json["disabled_at"].is_string());
    let consent = json!({ "purpose": "marketing", "channel": "email", "granted": false, "text_version": "2026-11", "source": "store" });
    common::json(&app, "POST", &format!("/api/v1/customers/{customer}/consents"), &admin, consent).await;
    assert_eq!(run_once(&state, chrono::Utc::now() + chrono::Duration::seconds(10)).await.unwrap(), 0);
}
