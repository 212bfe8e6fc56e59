//! Channel systems push events with an API token an admin issued: no person's password.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use serde_json::{json, Value};

async fn push(app: &axum::Router, bearer: &str, events: Vec<Value>) -> Reply {
    let req = Request::post("/api/v1/events")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
        .body(Body::from(json!({ "events": events }).to_string()))
        .unwrap();
    send(app, req).await
}

fn event(id: &str, source: &str, store: Option<i64>) -> Value {
    json!({
        "event_id": id, "source": source, "source_customer_id": format!("TOK-{id}"), "occurred_at": "2026-11-20T10:30:00+08:00",
        "type": "visit", "store_id": store, "identity": { "name": "令牌测试" }, "payload": { "note": "由渠道系统推送" }
    })
}

async fn issue(app: &axum::Router, admin: &str, body: Value) -> Reply {
    json(app, "POST", "/api/v1/tokens", admin, body).await
}

#[tokio::test]
async fn an_admin_issues_a_token_a_channel_pushes_with_it_and_revoking_stops_it() {
    let app = app();
    let admin = login(&app, "admin").await;
    let issued = issue(&app, &admin, json!({ "name": "携程会员同步", "expires_in_days": 90 })).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{:?}", issued.json);
    let secret = issued.json["secret"].as_str().unwrap().to_owned();
    let id = issued.json["token"]["id"].as_i64().unwrap();
    assert!(secret.starts_with("rt_") && secret.len() == 67, "{secret}");
    assert_eq!(issued.json["token"]["hint"], &secret[..7]);
    assert_eq!(issued.json["token"]["scope"], "events:write");

    // the secret is shown once: the list and the database hold only a hint and a hash
    let list = get(&app, "/api/v1/tokens", Some(&admin)).await;
    assert!(!list.json.to_string().contains(&secret[3..]));
    let stored: String = conn().query_row("SELECT token_hash FROM api_tokens WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&secret[3..]));

    // the channel pushes without any session; what it carries is signed by the admin who issued it
    let r = push(&app, &secret, vec![event("tok-1", "ctrip", None)]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["accepted"], 1);
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'tok-1'", [], |r| r.get(0)).unwrap();
    let profile = get(&app, &format!("/api/v1/customers/{customer}"), Some(&admin)).await;
    assert_eq!(profile.json["notes"][0]["author"], "系统管理员");
    let listed = get(&app, "/api/v1/tokens", Some(&admin)).await;
    let mine = listed.json.as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    assert!(mine["last_used_at"].is_string(), "last use is shown: {mine:?}");

    // revoked: refused from the next request on, and both changes are in the audit log
    let revoked = json(&app, "DELETE", &format!("/api/v1/tokens/{id}"), &admin, json!(null)).await;
    assert_eq!(revoked.status, StatusCode::OK, "{:?}", revoked.json);
    assert!(revoked.json["revoked_at"].is_string());
    let refused = push(&app, &secret, vec![event("tok-2", "ctrip", None)]).await;
    assert_eq!((refused.status, error_code(&refused).as_str()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    let log = get(&app, &format!("/api/v1/audit?action=token_issued"), Some(&admin)).await;
    assert!(log.json["entries"].as_array().unwrap().iter().any(|e| e["subject"] == format!("token:{id}") && e["detail"]["name"] == "携程会员同步"));
    let log = get(&app, &format!("/api/v1/audit?action=token_revoked"), Some(&admin)).await;
    assert!(log.json["entries"].as_array().unwrap().iter().any(|e| e["subject"] == format!("token:{id}")));
}

#[tokio::test]
async fn a_scoped_token_pushes_only_its_source_and_store() {
    let app = app();
    let admin = login(&app, "admin").await;
    let issued = issue(&app, &admin, json!({ "name": "北京门店收银", "source": "store", "store_id": 1 })).await;
    let secret = issued.json["secret"].as_str().unwrap().to_owned();
    assert_eq!(issued.json["token"]["store"]["id"], 1);
    let r = push(&app, &secret, vec![event("scope-1", "store", Some(1)), event("scope-2", "store", Some(2)), event("scope-3", "ctrip", None)]).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["accepted"], 1);
    let rejected: Vec<(u64, &str)> = r.json["rejected"].as_array().unwrap().iter().map(|x| (x["index"].as_u64().unwrap(), x["code"].as_str().unwrap())).collect();
    assert_eq!(rejected, vec![(1, "token_scope"), (2, "token_scope")]);
}

#[tokio::test]
async fn unknown_expired_and_overused_tokens_are_refused() {
    let app = app();
    let admin = login(&app, "admin").await;
    for bad in ["rt_0000", "not-a-token", ""] {
        let r = push(&app, bad, vec![event("bad-1", "ctrip", None)]).await;
        assert_eq!((r.status, error_code(&r).as_str()), (StatusCode::UNAUTHORIZED, "invalid_token"), "{bad:?}");
    }
    // expired: a token that was valid stops at its expiry
    let issued = issue(&app, &admin, json!({ "name": "过期测试", "expires_in_days": 1 })).await;
    let (secret, id) = (issued.json["secret"].as_str().unwrap().to_owned(), issued.json["token"]["id"].as_i64().unwrap());
    conn().execute("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z' WHERE id = ?1", [id]).unwrap();
    assert_eq!(push(&app, &secret, vec![event("exp-1", "ctrip", None)]).await.status, StatusCode::UNAUTHORIZED);

    // two requests a minute: the third waits, told how long
    let issued = issue(&app, &admin, json!({ "name": "限流测试", "per_minute": 2 })).await;
    let secret = issued.json["secret"].as_str().unwrap().to_owned();
    for i in 0..2 {
        assert_eq!(push(&app, &secret, vec![event(&format!("rate-{i}"), "app", None)]).await.status, StatusCode::OK);
    }
    let limited = push(&app, &secret, vec![event("rate-2", "app", None)]).await;
    assert_eq!((limited.status, error_code(&limited).as_str()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let wait: u64 = limited.headers.get(header::RETRY_AFTER).unwrap().to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
}

#[tokio::test]
async fn only_admins_issue_tokens_and_bad_requests_name_the_field() {
    let app = app();
    let admin = login(&app, "admin").await;
    let manager = login(&app, "manager.bj01").await;
    assert_eq!(issue(&app, &manager, json!({ "name": "x" })).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, "/api/v1/tokens", Some(&manager)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, "/api/v1/tokens", None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&app, "DELETE", "/api/v1/tokens/1", &manager, json!(null)).await.status, StatusCode::FORBIDDEN);
    for (body, field) in [
        (json!({ "name": "  " }), "name"),
        (json!({ "name": "x", "expires_in_days": 0 }), "expires_in_days"),
        (json!({ "name": "x", "per_minute": 100000 }), "per_minute"),
        (json!({ "name": "x", "store_id": 999 }), "store_id"),
    ] {
        let r = issue(&app, &admin, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {:?}", r.json);
        assert_eq!(r.json["error"]["details"]["field"], field, "{:?}", r.json);
    }
    assert_eq!(json(&app, "DELETE", "/api/v1/tokens/987654", &admin, json!(null)).await.status, StatusCode::NOT_FOUND);
}
