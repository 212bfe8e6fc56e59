mod common;


use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

/// Everything the two records own, row by row (versions excluded: they only ever move on).
fn dump(ids: [i64; 2]) -> String {
    let c = conn();
    let mut out = String::new();
    for (table, cols) in [
        ("customers", "id, name, phone_e164, phone_tail, email, city, birth_year, segment, tier, points, lifecycle, online, offline, home_store_id, churn_risk, last_nps, lifetime_value_fen, first_seen_at, last_active_at, merged_into"),
        ("identities", "customer_id, id, kind, value, source, first_seen_at, last_seen_at"),
        ("touchpoints", "customer_id, id, channel, stage, kind, occurred_at, summary"),
        ("orders", "customer_id, id, title, status, amount_fen"),
        ("tickets", "customer_id, id, summary, status"),
        ("customer_tags", "customer_id, tag"),
        ("community_members", "customer_id, community_id, joined_at"),
        ("event_attendance", "customer_id, event_id, attended"),
        ("id_number_hashes", "customer_id, hash, sealed, masked"),
        ("customer_notes", "customer_id, id, body"),
        ("ingested_events", "customer_id, event_id"),
    ] {
        let key = if table == "customers" { "id" } else { "customer_id" };
        let mut stmt = c.prepare_cached(&format!("SELECT {cols} FROM {table} WHERE {key} IN (?1, ?2) ORDER BY {}", (1..=n_cols(cols)).map(|i| i.to_string()).collect::<Vec<_>>().join(", "))).unwrap();
        let n = n_cols(cols);
        let rows = stmt.query_map(ids, |r| Ok((0..n).map(|i| format!("{:?}", r.get::<_, roundtrip_server::db::sql::Value>(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap();
        for row in rows {
            out.push_str(table);
            out.push(' ');
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

fn n_cols(cols: &str) -> usize {
    cols.split(',').count()
}

fn candidate_for(name: &str) -> (i64, i64, i64) {
    conn()
        .query_row(
            "SELECT d.id, d.customer_id, d.other_id FROM duplicate_candidates d JOIN customers c ON c.id = d.customer_id WHERE c.name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

async fn pair(app: &axum::Router, cookie: &str, name: &str, phone: &str, prefix: &str) -> (i64, i64, i64) {
    let ev = |id: &str, source: &str, cid: &str, kind: &str, identity: Value| -> Value {
        json!({ "event_id": format!("{prefix}-{id}"), "source": source, "source_customer_id": format!("{prefix}-{cid}"),
                "occurred_at": "2026-11-01T09:00:00+08:00", "type": kind, "identity": identity, "store_id": 1 })
    };
    let r = json(app, "POST", "/api/v1/events", cookie, json!({ "events": [
        ev("1", "ctrip", "CT", "inquiry", json!({ "name": name, "phone": phone, "email": format!("{prefix}@example.com"), "id_number": format!("32010219800101{:04}", phone.len() * 100 + prefix.len() + prefix.as_bytes()[0] as usize) })),
        ev("2", "ctrip", "CT", "order", json!({})),
        ev("3", "store", "SC", "visit", json!({ "name": format!("{name}先生"), "phone": phone })),
    ] })).await;
    assert_eq!(r.json["accepted"], 3, "{:?}", r.json);
    candidate_for(name)
}

#[tokio::test]
async fn merge_moves_everything_and_unmerge_restores_it_exactly() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (candidate, a, b) = pair(&app, &cookie, "孙悟空", "135 6666 7701", "mrg").await;
    // both records also share a tag, so one copy is folded away during the merge
    let va = get(&app, &format!("/api/v1/customers/{a}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
    json(&app, "PATCH", &format!("/api/v1/customers/{a}/tags"), &cookie, json!({ "version": va, "add": ["常旅客"] })).await;
    let vb = get(&app, &format!("/api/v1/customers/{b}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
    json(&app, "PATCH", &format!("/api/v1/customers/{b}/tags"), &cookie, json!({ "version": vb, "add": ["常旅客", "门店会员"] })).await;
    let before = dump([a, b]);

    let r = json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &cookie,
        json!({ "survivor_id": a, "keep": { "name": b, "phone": a, "email": a, "segment": a } })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let merge_id = r.json["merge_id"].as_i64().unwrap();
    assert_eq!(r.json["merged_id"], b);

    let survivor = get(&app, &format!("/api/v1/customers/{a}"), Some(&cookie)).await.json;
    assert_eq!(survivor["summary"]["name"], "孙悟空先生", "the chosen name");
    assert_eq!(survivor["summary"]["presence"], "both", "now known online and in the store");
    assert_eq!(survivor["touchpoints"].as_array().unwrap().len(), 3);
    let tags: Vec<&str> = survivor["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(tags.iter().filter(|t| **t == "常旅客").count(), 1);
    assert!(tags.contains(&"门店会员"));
    assert_eq!(get(&app, &format!("/api/v1/customers/{b}"), Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    let search = get(&app, "/api/v1/customers?q=13566667701", Some(&cookie)).await;
    assert_eq!(search.json["total"], 1);
    let queue = get(&app, "/api/v1/duplicates", Some(&cookie)).await;
    assert!(queue.json["items"].as_array().unwrap().iter().all(|p| p["id"] != candidate));

    let undo = send(&app, axum::http::Request::post(format!("/api/v1/merges/{merge_id}/unmerge")).header("cookie", &cookie).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(undo.status, StatusCode::OK, "{:?}", undo.json);
    assert_eq!(dump([a, b]), before, "both records and all their rows are back exactly");
    let again = send(&app, axum::http::Request::post(format!("/api/v1/merges/{merge_id}/unmerge")).header("cookie", &cookie).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(get(&app, "/api/v1/duplicates?page_size=100", Some(&cookie)).await.json["items"].as_array().unwrap().iter().any(|p| p["id"] == candidate), "back in the queue");

    // the admin's log says which record was folded in and brought back, by which merge
    let admin = login(&app, "admin").await;
    let log = get(&app, &format!("/api/v1/audit?customer_id={a}"), Some(&admin)).await.json;
    let mut seen: Vec<(String, i64)> = log["entries"].as_array().unwrap().iter()
        .filter(|e| e["detail"]["merge"] == merge_id)
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["detail"]["merged"].as_i64().unwrap()))
        .collect();
    seen.reverse();
    assert_eq!(seen, vec![("merge".to_owned(), b), ("unmerge".to_owned(), b)]);
}

#[tokio::test]
async fn merge_input_is_checked_and_staff_cannot_merge() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (candidate, a, _b) = pair(&app, &cookie, "猪八戒", "135 6666 7702", "chk").await;
    let outsider: i64 = conn().query_row("SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM duplicate_candidates) LIMIT 1", [], |r| r.get(0)).unwrap();
    let bad = json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &cookie,
        json!({ "survivor_id": a, "keep": { "name": outsider, "phone": a, "email": a, "segment": a } })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let staff = login(&app, "staff.bj01").await;
    let denied = json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &staff,
        json!({ "survivor_id": a, "keep": { "name": a, "phone": a, "email": a, "segment": a } })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let dismiss = send(&app, axum::http::Request::post(format!("/api/v1/duplicates/{candidate}/dismiss")).header("cookie", &cookie).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(dismiss.status, StatusCode::NO_CONTENT);
    let merge_dismissed = json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &cookie,
        json!({ "survivor_id": a, "keep": { "name": a, "phone": a, "email": a, "segment": a } })).await;
    assert_eq!(merge_dismissed.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn erasure_removes_the_person_and_their_merged_record_and_closes_the_merge() {
    let app = app();
    let manager = login(&app, "manager.bj01").await;
    let admin = login(&app, "admin").await;
    let (candidate, a, b) = pair(&app, &manager, "沙悟净", "135 6666 7703", "era").await;
    let r = json(&app, "POST", &format!("/api/v1/duplicates/{candidate}/merge"), &manager,
        json!({ "survivor_id": a, "keep": { "name": a, "phone": a, "email": a, "segment": a } })).await;
    let merge_id = r.json["merge_id"].as_i64().unwrap();
    let v = get(&app, &format!("/api/v1/customers/{a}"), Some(&manager)).await.json["version"].as_i64().unwrap();
    json(&app, "POST", &format!("/api/v1/customers/{a}/notes"), &manager, json!({ "version": v, "body": "喜欢靠窗座位" })).await;
    json(&app, "POST", &format!("/api/v1/customers/{a}/consents"), &manager,
        json!({ "purpose": "marketing", "channel": "any", "granted": true, "text_version": "2026-11", "source": "store" })).await;
    let orders_before: i64 = conn().query_row("SELECT count(*) FROM orders WHERE customer_id IN (?1, ?2)", [a, b], |r| r.get(0)).unwrap();
    let url = format!("/api/v1/customers/{a}/erase");

    assert_eq!(json(&app, "POST", &url, &manager, json!({ "reason": "客户书面申请删除", "confirm_name": "沙悟净" })).await.status, StatusCode::FORBIDDEN);
    let wrong = json(&app, "POST", &url, &admin, json!({ "reason": "客户书面申请删除", "confirm_name": "沙和尚" })).await;
    assert_eq!((wrong.status, error_code(&wrong).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "confirmation_mismatch"));
    let no_reason = json(&app, "POST", &url, &admin, json!({ "reason": " 删 ", "confirm_name": "沙悟净" })).await;
    assert_eq!((no_reason.status, error_code(&no_reason).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"));
    assert_eq!(get(&app, &format!("/api/v1/customers/{a}"), Some(&manager)).await.status, StatusCode::OK, "a refused erasure changes nothing");

    let erased = json(&app, "POST", &url, &admin, json!({ "reason": "客户书面申请删除（工单 DSR-7）", "confirm_name": "沙悟净" })).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.json);
    let mut ids: Vec<i64> = erased.json["customer_ids"].as_array().unwrap().iter().map(|v| v.as_i64().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, { let mut v = vec![a, b]; v.sort(); v }, "the merged-away record goes too");

    assert_eq!(get(&app, &format!("/api/v1/customers/{a}"), Some(&manager)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/api/v1/customers?q=13566667703", Some(&manager)).await.json["total"], 0);
    assert_eq!(get(&app, &format!("/api/v1/customers?q={}", "%E6%B2%99%E6%82%9F%E5%87%80"), Some(&manager)).await.json["total"], 0);
    let c = conn();
    for table in ["identities", "id_number_hashes", "customer_notes", "touchpoints", "consents", "customer_name_grams", "customer_tags"] {
        let left: i64 = c.query_row(&format!("SELECT count(*) FROM {table} WHERE customer_id IN (?1, ?2)"), [a, b], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "{table}");
    }
    let (name, phone, email): (String, Option<String>, Option<String>) =
        c.query_row("SELECT name, phone_e164, email FROM customers WHERE id = ?1", [b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!((name.as_str(), phone, email), ("", None, None));
    let orders_after: i64 = c.query_row("SELECT count(*) FROM orders WHERE customer_id IN (?1, ?2)", [a, b], |r| r.get(0)).unwrap();
    assert_eq!(orders_after, orders_before, "accounting records are kept, without the person");

    let undo = send(&app, axum::http::Request::post(format!("/api/v1/merges/{merge_id}/unmerge")).header("cookie", &manager).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(undo.status, StatusCode::CONFLICT);
    assert_eq!(undo.json["error"]["code"], "merge_closed", "an unmerge would bring the data back");
    let audited: i64 = c.query_row("SELECT count(*) FROM audit_log WHERE action = 'erasure' AND subject = ?1 AND detail LIKE '%DSR-7%'", [format!("customer:{a}")], |r| r.get(0)).unwrap();
    assert_eq!(audited, 1);
    assert_eq!(json(&app, "POST", &url, &admin, json!({ "reason": "再次申请删除", "confirm_name": "" })).await.status, StatusCode::NOT_FOUND, "already erased");
}
