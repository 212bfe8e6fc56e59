mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

/// A customer of store 1 (Beijing) that no other test edits: each test takes its own.
fn customer(nth: i64) -> i64 {
    conn().query_row("SELECT id FROM customers WHERE home_store_id = 1 ORDER BY id LIMIT 1 OFFSET ?1", [nth], |r| r.get(0)).unwrap()
}

async fn version(app: &axum::Router, cookie: &str, id: i64) -> i64 {
    get(app, &format!("/api/v1/customers/{id}"), Some(cookie)).await.json["version"].as_i64().unwrap()
}

#[tokio::test]
async fn tags_change_and_the_version_moves_on() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let id = customer(0);
    let v = version(&app, &cookie, id).await;
    let r = json(&app, "PATCH", &format!("/api/v1/customers/{id}/tags"), &cookie, json!({ "version": v, "add": ["北海道滑雪", " 海岛 "] })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["version"], v + 1);
    let tags: Vec<&str> = r.json["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(tags.contains(&"北海道滑雪") && tags.contains(&"海岛"));

    let removed = json(&app, "PATCH", &format!("/api/v1/customers/{id}/tags"), &cookie, json!({ "version": v + 1, "remove": ["北海道滑雪"] })).await;
    assert_eq!(removed.status, StatusCode::OK);
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    let tags: Vec<&str> = profile.json["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(!tags.contains(&"北海道滑雪") && tags.contains(&"海岛"));
    assert_eq!(profile.json["version"], v + 2);
}

#[tokio::test]
async fn a_stale_edit_gets_a_conflict_and_changes_nothing() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let id = customer(1);
    let v = version(&app, &cookie, id).await;
    let first = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": v, "body": "想去北海道看雪" })).await;
    assert_eq!(first.status, StatusCode::OK);

    // a second device still holding version v
    let stale = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": v, "body": "覆盖别人的修改" })).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(error_code(&stale), "version_conflict");
    assert_eq!(stale.json["error"]["details"]["current_version"], v + 1);
    let stale_tags = json(&app, "PATCH", &format!("/api/v1/customers/{id}/tags"), &cookie, json!({ "version": v, "add": ["x"] })).await;
    assert_eq!(stale_tags.status, StatusCode::CONFLICT);

    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    let notes: Vec<&str> = profile.json["notes"].as_array().unwrap().iter().map(|n| n["body"].as_str().unwrap()).collect();
    assert_eq!(notes, vec!["想去北海道看雪"]);
    assert_eq!(profile.json["notes"][0]["author"], "北京顾问");
    assert_eq!(profile.json["version"], v + 1);
}

#[tokio::test]
async fn follow_ups_are_created_and_completed() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let id = customer(2);
    let v = version(&app, &cookie, id).await;
    let due = (chrono::Utc::now() + chrono::Duration::days(3)).date_naive().to_string();
    let created = json(&app, "POST", &format!("/api/v1/customers/{id}/follow-ups"), &cookie, json!({ "version": v, "title": "回访北海道报价", "due_on": due })).await;
    assert_eq!(created.status, StatusCode::OK, "{:?}", created.json);
    let fu = &created.json["follow_ups"][0];
    assert_eq!((fu["title"].as_str(), fu["done"].as_bool(), fu["due_on"].as_str()), (Some("回访北海道报价"), Some(false), Some(due.as_str())));

    let fid = fu["id"].as_i64().unwrap();
    let done = json(&app, "PATCH", &format!("/api/v1/customers/{id}/follow-ups/{fid}"), &cookie, json!({ "version": v + 1, "done": true })).await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(done.json["follow_ups"][0]["done"], true);

    let missing = json(&app, "PATCH", &format!("/api/v1/customers/{id}/follow-ups/999999"), &cookie, json!({ "version": v + 2, "done": true })).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    // the failed edit rolled back: the version did not move
    assert_eq!(version(&app, &cookie, id).await, v + 2);
}

#[tokio::test]
async fn invalid_edits_are_refused_before_anything_is_written() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let id = customer(3);
    let v = version(&app, &cookie, id).await;
    let cases = [
        ("PATCH", "tags", json!({ "version": v, "add": [""] })),
        ("PATCH", "tags", json!({ "version": v, "add": ["这是一个超过二十个字符长度限制的非常非常长的标签"] })),
        ("POST", "notes", json!({ "version": v, "body": "   " })),
        ("POST", "follow-ups", json!({ "version": v, "title": "x", "due_on": "2099-01-01" })),
        ("POST", "follow-ups", json!({ "version": v, "title": "x", "due_on": "not a date" })),
        ("POST", "notes", json!({ "body": "no version" })),
    ];
    for (method, what, body) in cases {
        let r = json(&app, method, &format!("/api/v1/customers/{id}/{what}"), &cookie, body.clone()).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{what} {body}: {:?}", r.json);
        assert_eq!(error_code(&r), "invalid_body");
    }
    assert_eq!(version(&app, &cookie, id).await, v);
}

#[tokio::test]
async fn staff_cannot_edit_another_stores_customer() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let other: i64 = conn().query_row("SELECT id FROM customers WHERE home_store_id = 2 LIMIT 1", [], |r| r.get(0)).unwrap();
    let r = json(&app, "POST", &format!("/api/v1/customers/{other}/notes"), &cookie, json!({ "version": 1, "body": "hi" })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let anon = send(
        &app,
        axum::http::Request::post(format!("/api/v1/customers/{other}/notes"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(r#"{"version":1,"body":"hi"}"#))
            .unwrap(),
    )
    .await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tag_at_risk_store_and_sort_filters() {
    let app = app();
    let manager = login(&app, "manager.bj01").await;
    let tag: String = conn().query_row("SELECT tag FROM customer_tags GROUP BY tag ORDER BY count(*) DESC LIMIT 1", [], |r| r.get(0)).unwrap();
    let expected: u64 = conn().query_row("SELECT count(DISTINCT customer_id) FROM customer_tags WHERE tag = ?1", [&tag], |r| r.get(0)).unwrap();
    let by_tag = get(&app, &format!("/api/v1/customers?tag={}", tag.bytes().map(|b| format!("%{b:02X}")).collect::<String>()), Some(&manager)).await;
    assert_eq!(by_tag.json["total"].as_u64().unwrap(), expected);

    let risky = get(&app, "/api/v1/customers?at_risk=true&sort=churn_risk&page_size=100", Some(&manager)).await;
    let scores: Vec<i64> = risky.json["items"].as_array().unwrap().iter().map(|c| c["churn_risk"].as_i64().unwrap()).collect();
    assert!(!scores.is_empty() && scores.iter().all(|s| *s >= 50));
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));

    let store = get(&app, "/api/v1/customers?store_id=3&page_size=100", Some(&manager)).await;
    assert!(store.json["items"].as_array().unwrap().iter().all(|c| c["home_store"]["id"] == 3));

    let by_name = get(&app, "/api/v1/customers?sort=name&page_size=100", Some(&manager)).await;
    let names: Vec<&str> = by_name.json["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]));

    let bad = get(&app, "/api/v1/customers?sort=shoe_size", Some(&manager)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    let stores = get(&app, "/api/v1/stores", Some(&manager)).await;
    assert_eq!(stores.json.as_array().unwrap().len(), 12);
    let staff = login(&app, "staff.gz01").await;
    let own = get(&app, "/api/v1/stores", Some(&staff)).await;
    assert_eq!(own.json.as_array().unwrap().len(), 1);
    assert_eq!(own.json[0]["name"], "广州天河门店");
}

#[tokio::test]
async fn concurrent_edits_of_one_version_let_exactly_one_through() {
    let app = app();
    let cookie = login(&app, "staff.bj01").await;
    let id = customer(4);
    let v = version(&app, &cookie, id).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let (app, cookie) = (app.clone(), cookie.clone());
            tokio::spawn(async move {
                json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, json!({ "version": v, "body": format!("并发备注 {i}") })).await.status
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 7, "{statuses:?}");
    let notes: i64 = conn().query_row("SELECT count(*) FROM customer_notes WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(notes, 1);
}
