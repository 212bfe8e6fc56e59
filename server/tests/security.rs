//! Sessions and durability: login throttling that cannot lock a real user out, CSRF refusal of
//! cross-site writes, the body size limit, disabling a user ends their sessions, and an online
//! backup that restores to an identical, integrity-checked database.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use serde_json::json;

fn login_request(username: &str, password: &str, origin: Option<(&str, &str)>) -> Request<Body> {
    let mut req = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "application/json");
    if let Some((origin, host)) = origin {
        req = req.header(header::ORIGIN, origin).header(header::HOST, host);
    }
    req.body(Body::from(json!({ "username": username, "password": password }).to_string())).unwrap()
}

#[tokio::test]
async fn repeated_failures_are_throttled_with_retry_after() {
    let app = app();
    for _ in 0..5 {
        let r = send(&app, login_request("staff.gz01", "guess", None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // now even the right password waits: the guesser learns nothing
    let r = send(&app, login_request("staff.gz01", roundtrip_server::seed::DEMO_PASSWORD, None)).await;
    assert_eq!((r.status, error_code(&r)), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts".into()));
    let wait: u64 = r.headers.get(header::RETRY_AFTER).unwrap().to_str().unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
    // other users are not affected
    login(&app, "staff.sz01").await;
}

#[tokio::test]
async fn cross_site_writes_are_refused() {
    let app = app();
    let evil = send(&app, login_request("staff.bj01", roundtrip_server::seed::DEMO_PASSWORD, Some(("https://evil.example", "127.0.0.1:8080")))).await;
    assert_eq!((evil.status, error_code(&evil)), (StatusCode::FORBIDDEN, "cross_origin".into()));
    let own = send(&app, login_request("staff.bj01", roundtrip_server::seed::DEMO_PASSWORD, Some(("http://127.0.0.1:8080", "127.0.0.1:8080")))).await;
    assert_eq!(own.status, StatusCode::OK);
    let cookie = login(&app, "manager.bj01").await;
    let req = Request::post("/api/v1/communities")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &cookie)
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(json!({ "name": "跨站", "interest": "x" }).to_string()))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_parsing() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let big = format!(r#"{{"events": ["{}"]}}"#, "x".repeat(roundtrip_server::MAX_BODY_BYTES + 1));
    let r = send(&app, Request::post("/api/v1/events").header(header::CONTENT_TYPE, "application/json").header(header::COOKIE, &cookie).body(Body::from(big)).unwrap()).await;
    assert_eq!((r.status, error_code(&r)), (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large".into()));
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions() {
    let app = app();
    let admin = login(&app, "admin").await;
    let manager = login(&app, "manager.cd01").await;
    let staff = login(&app, "staff.cd01").await;
    let id: i64 = conn().query_row("SELECT id FROM users WHERE username = 'staff.cd01'", [], |r| r.get(0)).unwrap();
    let url = format!("/api/v1/users/{id}/access");
    assert_eq!(json(&app, "PUT", &url, &manager, json!({ "disabled": true })).await.status, StatusCode::FORBIDDEN);
    let admin_id: i64 = conn().query_row("SELECT id FROM users WHERE username = 'admin'", [], |r| r.get(0)).unwrap();
    let own = json(&app, "PUT", &format!("/api/v1/users/{admin_id}/access"), &admin, json!({ "disabled": true })).await;
    assert_eq!(own.status, StatusCode::CONFLICT);

    assert_eq!(json(&app, "PUT", &url, &admin, json!({ "disabled": true })).await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/v1/me", Some(&staff)).await.status, StatusCode::UNAUTHORIZED, "the open session ended");
    let again = send(&app, login_request("staff.cd01", roundtrip_server::seed::DEMO_PASSWORD, None)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(json(&app, "PUT", &url, &admin, json!({ "disabled": false })).await.status, StatusCode::OK);
    login(&app, "staff.cd01").await;
}

#[test]
fn an_online_backup_restores_to_the_same_data() {
    if common::on_postgres() {
        return eprintln!("skipped: backup and restore are the SQLite file's; PostgreSQL has pg_basebackup");
    }
    let dir = tempfile::tempdir().unwrap();
    let snapshot = dir.path().join("snapshot.db");
    roundtrip_server::db::backup::backup(&db_path(), &snapshot).unwrap();
    assert!(roundtrip_server::db::backup::backup(&db_path(), &snapshot).is_err(), "a backup never overwrites");
    let restored = dir.path().join("restored.db");
    roundtrip_server::db::backup::restore(&snapshot, &restored).unwrap();
    let count = |c: &roundtrip_server::db::Conn| -> (i64, i64) {
        c.query_row("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM touchpoints)", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
    };
    assert_eq!(count(&roundtrip_server::db::Target::Sqlite(restored.clone()).connect().unwrap()), count(&conn()));
    std::fs::write(dir.path().join("junk.db"), b"not a database").unwrap();
    assert!(roundtrip_server::db::backup::restore(&dir.path().join("junk.db"), &restored).is_err(), "a broken file is refused");
}

#[tokio::test]
async fn a_reveal_needs_the_permission_and_a_reason_and_is_audited() {
    let app = app();
    let (id, phone): (i64, String) = conn()
        .query_row("SELECT id, phone_e164 FROM customers WHERE home_store_id = 2 AND phone_e164 IS NOT NULL AND merged_into IS NULL LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let url = format!("/api/v1/customers/{id}/reveal");
    let staff = login(&app, "staff.sh01").await;
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&staff)).await;
    assert!(profile.json["summary"]["phone_masked"].as_str().unwrap().contains("****"), "{:?}", profile.json["summary"]);
    let denied = json(&app, "POST", &url, &staff, json!({ "field": "phone", "reason": "回电确认行程" })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "store staff have no reveal permission");

    let manager = login(&app, "manager.sh01").await;
    let no_reason = json(&app, "POST", &url, &manager, json!({ "field": "phone", "reason": " " })).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let shown = json(&app, "POST", &url, &manager, json!({ "field": "phone", "reason": "客户来电要求改期，回电确认" })).await;
    assert_eq!(shown.status, StatusCode::OK, "{:?}", shown.json);
    assert_eq!(shown.json["value"], phone);

    let admin = login(&app, "admin").await;
    assert_eq!(get(&app, "/api/v1/audit", Some(&manager)).await.status, StatusCode::FORBIDDEN);
    let log = get(&app, "/api/v1/audit", Some(&admin)).await;
    let entry = log.json["entries"].as_array().unwrap().iter().find(|e| e["action"] == "reveal" && e["subject"] == format!("customer:{id}")).cloned().unwrap();
    assert_eq!(entry["detail"], json!({ "kind": "reveal", "field": "phone", "reason": "客户来电要求改期，回电确认" }));
    assert!(entry["user"].as_str().is_some());
    // filtered to the person, the action, the customer and today: that entry, and nothing else
    let manager_id: i64 = conn().query_row("SELECT id FROM users WHERE username = 'manager.sh01'", [], |r| r.get(0)).unwrap();
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let filtered = get(&app, &format!("/api/v1/audit?user_id={manager_id}&action=reveal&customer_id={id}&from={today}&to={today}"), Some(&admin)).await;
    assert_eq!(filtered.status, StatusCode::OK, "{}", filtered.json);
    let entries = filtered.json["entries"].as_array().unwrap();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|e| e["action"] == "reveal" && e["subject"] == format!("customer:{id}") && e["user"] == entry["user"]), "{entries:?}");
    assert_eq!(filtered.json["total"].as_u64().unwrap(), entries.len() as u64);
    assert!(filtered.json["people"].as_array().unwrap().iter().any(|p| p["id"] == manager_id));
    let yesterday = today - chrono::Duration::days(1);
    let before = get(&app, &format!("/api/v1/audit?customer_id={id}&to={yesterday}"), Some(&admin)).await;
    assert_eq!(before.json["total"], 0, "nothing about them before today");
    for bad in ["action=DROP%20TABLE", "from=2026-12-02&to=2026-12-01", "customer_id=abc", "page=0"] {
        assert_eq!(get(&app, &format!("/api/v1/audit?{bad}"), Some(&admin)).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    // append-only, even for someone with the database in hand
    let c = conn();
    assert!(c.execute("UPDATE audit_log SET detail = 'nothing to see'", []).is_err());
    assert!(c.execute("DELETE FROM audit_log", []).is_err());
}

#[tokio::test]
async fn a_data_subject_export_holds_the_persons_rows_and_is_audited() {
    let app = app();
    let manager = login(&app, "manager.bj01").await;
    let c = conn();
    let (id, name): (i64, String) = c
        .query_row("SELECT c.id, c.name FROM customers c WHERE c.merged_into IS NULL AND EXISTS (SELECT 1 FROM tickets t WHERE t.customer_id = c.id) AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) ORDER BY c.id LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let tickets: i64 = c.query_row("SELECT count(*) FROM tickets WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap();
    let r = get(&app, &format!("/api/v1/customers/{id}/export"), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert!(r.headers.get("content-disposition").unwrap().to_str().unwrap().contains(&format!("customer-{id}.json")));
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
    let data = &r.json["data"];
    assert_eq!(data["customer"]["name"], name.as_str());
    assert_eq!(data["tickets"].as_array().unwrap().len() as i64, tickets);
    for table in ["identities", "touchpoints", "orders", "loyalty_ledger", "nps_responses", "ticket_history"] {
        assert!(data[table].is_array(), "{table} is exported");
    }
    assert!(data.get("id_number_hashes").is_none(), "a keyed hash tells the person nothing");
    // they booked, so the seed gave them a resident ID; the export opens it in full
    let masked: String = c.query_row("SELECT masked FROM id_number_hashes WHERE customer_id = ?1 AND length(masked) = 18", [id], |r| r.get(0)).unwrap();
    let numbers: Vec<&str> = data["id_numbers"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    let full = numbers.iter().find(|n| n.len() == 18).expect("the resident ID");
    assert_eq!(roundtrip_domain::mask::mask_id_number(full), masked);
    assert_eq!(roundtrip_domain::matching::id_card_check_digit(&full[..17]), full.chars().last());
    let audited: i64 = c.query_row("SELECT count(*) FROM audit_log WHERE action = 'export' AND subject = ?1", [format!("customer:{id}")], |r| r.get(0)).unwrap();
    assert_eq!(audited, 1);
    let staff = login(&app, "staff.bj01").await;
    assert_eq!(get(&app, &format!("/api/v1/customers/{id}/export"), Some(&staff)).await.status, StatusCode::FORBIDDEN);
}
