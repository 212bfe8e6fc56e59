//! Consent as staff record it and as marketing must obey it: a grant or withdrawal is kept
//! with its notice version and audited, a withdrawal for any channel applies everywhere, and
//! the marketing audience never lists a customer without consent for its channel.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

fn gz_customer(offset: i64) -> i64 {
    conn()
        .query_row(
            "SELECT c.id FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = 'GZ01' AND c.merged_into IS NULL ORDER BY c.id LIMIT 1 OFFSET ?1",
            [offset],
            |r| r.get(0),
        )
        .unwrap()
}

async fn eligible_ids(app: &axum::Router, cookie: &str, channel: &str) -> (Vec<i64>, u64, u64) {
    let reply = get(app, &format!("/api/v1/marketing/audience?channel={channel}&store_id=3"), Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    let ids = reply.json["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    (ids, reply.json["eligible"].as_u64().unwrap(), reply.json["excluded"].as_u64().unwrap())
}

#[tokio::test]
async fn withdrawal_applies_everywhere_and_the_audience_obeys_it() {
    let app = app();
    let staff = login(&app, "staff.gz01").await;
    let manager = login(&app, "manager.gz01").await;
    let id = gz_customer(2);
    let url = format!("/api/v1/customers/{id}/consents");
    let answer = |channel: &str, granted: bool| json!({ "purpose": "marketing", "channel": channel, "granted": granted, "text_version": "2026-11", "source": "store" });

    // start from a clean slate for this customer: withdraw anything the seed gave
    assert_eq!(json(&app, "POST", &url, &staff, answer("any", false)).await.status, StatusCode::CREATED);
    let (ids, eligible, excluded) = eligible_ids(&app, &manager, "wechat").await;
    assert!(!ids.contains(&id));
    let customers: u64 = conn().query_row("SELECT count(*) FROM customers WHERE home_store_id = 3 AND merged_into IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(eligible + excluded, customers, "everyone is either eligible or counted as excluded");

    // the customer agrees to WeChat at the counter
    let given = json(&app, "POST", &url, &staff, answer("wechat", true)).await;
    assert_eq!(given.status, StatusCode::CREATED, "{:?}", given.json);
    let current = given.json["current"].as_array().unwrap();
    let wechat = current.iter().find(|r| r["channel"] == "wechat").unwrap();
    assert_eq!((wechat["granted"].as_bool(), wechat["text_version"].as_str()), (Some(true), Some("2026-11")));
    assert_eq!(wechat["recorded_by"], "广州顾问");
    assert!(eligible_ids(&app, &manager, "wechat").await.0.contains(&id));
    assert!(!eligible_ids(&app, &manager, "sms").await.0.contains(&id), "WeChat consent is not SMS consent");
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&staff)).await;
    assert!(profile.json["consents"].as_array().unwrap().iter().any(|r| r["channel"] == "wechat" && r["granted"] == true));

    // a withdrawal for any channel, later, takes them out of every audience
    json(&app, "POST", &url, &staff, answer("any", false)).await;
    assert!(!eligible_ids(&app, &manager, "wechat").await.0.contains(&id));
    let history = get(&app, &url, Some(&staff)).await;
    assert_eq!(history.json["history"].as_array().unwrap().len() >= 3, true, "nothing is overwritten: {:?}", history.json);

    let audited: i64 = conn()
        .query_row("SELECT count(*) FROM audit_log WHERE subject = ?1 AND action IN ('consent_given', 'consent_withdrawn')", [format!("customer:{id}")], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 3);
    let exports = || -> i64 { conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'audience_export'", [], |r| r.get(0)).unwrap() };
    assert_eq!(exports(), 0, "looking at an audience exports nothing");

    // exporting it does, once per file: every eligible customer, phones masked
    json(&app, "POST", &url, &staff, answer("wechat", true)).await;
    let (_, eligible, _) = eligible_ids(&app, &manager, "wechat").await;
    let file = get(&app, "/api/v1/marketing/audience/export?channel=wechat&store_id=3", Some(&manager)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(file.headers["content-disposition"], "attachment; filename=\"audience-wechat.csv\"");
    let text = file.json.as_str().unwrap().trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("id,name,phone_masked,segment,tier,home_store,last_active_at"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len() as u64, eligible);
    assert!(rows.iter().any(|r| r[0] == id.to_string()));
    assert!(rows.iter().all(|r| r[2].is_empty() || r[2].contains("****")), "phones leave masked");
    assert_eq!(exports(), 1);
    assert_eq!(get(&app, "/api/v1/marketing/audience/export?channel=wechat", Some(&staff)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(exports(), 1);
}

#[tokio::test]
async fn consent_input_is_checked_and_the_audience_is_for_managers() {
    let app = app();
    let staff = login(&app, "staff.gz01").await;
    let id = gz_customer(3);
    let url = format!("/api/v1/customers/{id}/consents");
    let channel_for_sensitive = json(&app, "POST", &url, &staff, json!({ "purpose": "sensitive_data", "channel": "sms", "granted": true, "text_version": "2026-11", "source": "store" })).await;
    assert_eq!(channel_for_sensitive.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_version = json(&app, "POST", &url, &staff, json!({ "purpose": "marketing", "channel": "sms", "granted": true, "text_version": " ", "source": "store" })).await;
    assert_eq!(no_version.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = json(&app, "POST", &url, &staff, json!({ "purpose": "profiling", "channel": "any", "granted": true, "text_version": "2026-11", "source": "store" })).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    // the history cannot be rewritten, even by someone with the database
    let rewrite = conn().execute("UPDATE consents SET granted = 1 WHERE customer_id = ?1", [id]);
    assert!(rewrite.is_err() || rewrite.unwrap() == 0);
    assert_eq!(get(&app, "/api/v1/marketing/audience?channel=sms", Some(&staff)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, "/api/v1/marketing/audience?channel=sms", None).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_correction_changes_the_details_everywhere_and_audits_only_the_fields() {
    let app = app();
    let manager = login(&app, "manager.gz01").await;
    let staff = login(&app, "staff.gz01").await;
    let id = gz_customer(5);
    let url = format!("/api/v1/customers/{id}/personal");
    let before = get(&app, &format!("/api/v1/customers/{id}"), Some(&manager)).await.json;
    let version = before["version"].as_i64().unwrap();
    let fix = json!({ "version": version, "name": "欧阳更正", "phone": "+86 139 0000 4321", "reason": "客户来电，核对身份证后更正" });

    assert_eq!(json(&app, "PATCH", &url, &staff, fix.clone()).await.status, StatusCode::FORBIDDEN);
    let bad = json(&app, "PATCH", &url, &manager, json!({ "version": version, "phone": "12", "reason": "客户来电更正" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["error"]["message"].as_str().unwrap().starts_with("phone"));

    let done = json(&app, "PATCH", &url, &manager, fix.clone()).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json);
    assert_eq!(done.json["version"], version + 1);
    let after = get(&app, &format!("/api/v1/customers/{id}"), Some(&manager)).await.json;
    assert_eq!(after["summary"]["name"], "欧阳更正");
    assert_eq!(after["summary"]["phone_masked"], "139****4321");
    let found = get(&app, "/api/v1/customers?q=%E6%AC%A7%E9%98%B3%E6%9B%B4%E6%AD%A3", Some(&manager)).await;
    assert!(found.json["items"].as_array().unwrap().iter().any(|c| c["id"] == id), "the name index follows");
    let by_phone = get(&app, "/api/v1/customers?q=13900004321", Some(&manager)).await;
    assert!(by_phone.json["items"].as_array().unwrap().iter().any(|c| c["id"] == id));
    let phones: i64 = conn().query_row("SELECT count(*) FROM identities WHERE customer_id = ?1 AND kind = 'phone' AND value = '+8613900004321'", [id], |r| r.get(0)).unwrap();
    assert_eq!(phones, 1);

    let detail: String = conn().query_row("SELECT detail FROM audit_log WHERE action = 'correction' AND subject = ?1", [format!("customer:{id}")], |r| r.get(0)).unwrap();
    assert!(detail.contains("\"name\"") && detail.contains("\"phone\"") && detail.contains("核对身份证"));
    assert!(!detail.contains("4321") && !detail.contains("欧阳"), "values stay out of the audit log: {detail}");
    // the same correction on the old version is refused, not applied twice
    assert_eq!(json(&app, "PATCH", &url, &manager, fix).await.status, StatusCode::CONFLICT);
}
