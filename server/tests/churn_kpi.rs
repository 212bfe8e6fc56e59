//! The dashboard's churn-risk count and the customer list's "at risk" filter count the same
//! customers: an erased record leaves both. (Its own test binary, so its own database: no
//! other test merges or erases customers under it.)

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

async fn counts(app: &axum::Router, admin: &str) -> (f64, i64) {
    let overview = get(app, "/api/v1/overview", Some(admin)).await;
    assert_eq!(overview.status, StatusCode::OK, "{:?}", overview.json);
    let kpi = overview.json["kpis"].as_array().unwrap().iter().find(|k| k["key"] == "churn_risk_count").unwrap()["value"].as_f64().unwrap();
    let listed = get(app, "/api/v1/customers?at_risk=true&page_size=1", Some(admin)).await.json["total"].as_i64().unwrap();
    (kpi, listed)
}

#[tokio::test]
async fn erasing_an_at_risk_customer_lowers_the_dashboard_count_and_the_list_alike() {
    let app = app();
    let admin = login(&app, "admin").await;
    let (kpi, listed) = counts(&app, &admin).await;
    assert!(listed > 0, "the seed has customers at risk");
    assert_eq!(kpi, listed as f64, "dashboard and list agree");

    let first = get(&app, "/api/v1/customers?at_risk=true&page_size=1", Some(&admin)).await.json["items"][0].clone();
    let url = format!("/api/v1/customers/{}/erase", first["id"]);
    let erased = json(&app, "POST", &url, &admin, json!({ "reason": "客户书面申请删除（测试）", "confirm_name": first["name"] })).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.json);

    let after = counts(&app, &admin).await;
    assert_eq!(after, (kpi - 1.0, listed - 1), "an erased customer is nobody to win back");
}
