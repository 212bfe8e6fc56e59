//! Points across channels: an order from any channel earns, staff redeem, managers adjust
//! with a reason (audited), the tier is reviewed against the stored rules, and NPS answers
//! recorded by staff reach the profile.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

async fn order(app: &axum::Router, cookie: &str, event_id: &str, source: &str, who: &str, amount_fen: i64) {
    let e = json!({ "event_id": event_id, "source": source, "source_customer_id": who, "occurred_at": chrono::Utc::now().to_rfc3339(),
        "type": "order", "identity": { "name": "积分测试", "wechat_unionid": format!("union-{who}") },
        "payload": { "trip": { "title": "三亚五日", "destination": "三亚", "product": "tour", "amount_fen": amount_fen,
            "departure": "2027-01-10", "return_date": "2027-01-15" } } });
    let r = json(app, "POST", "/api/v1/events", cookie, json!({ "events": [e] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
}

#[tokio::test]
async fn points_are_earned_redeemed_adjusted_and_move_the_tier() {
    let app = app();
    let admin = login(&app, "admin").await;
    order(&app, &admin, "loy-o1", "ctrip", "LOY-1", 3_000_000).await; // ¥30,000
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'loy-o1'", [], |r| r.get(0)).unwrap();
    let url = format!("/api/v1/customers/{customer}/loyalty");
    let a = get(&app, &url, Some(&admin)).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.json);
    assert_eq!((a.json["balance"].as_i64(), a.json["qualifying"].as_i64()), (Some(30_000), Some(30_000)), "1 point per yuan");
    assert_eq!(a.json["ledger"][0]["kind"], "earn");

    // a store staff member redeems; retrying the same key changes nothing
    let manager = login(&app, "manager.bj01").await;
    let redeem = json!({ "kind": "redeem", "points": 2_000, "client_key": "loy-redeem-1" });
    let r = json(&app, "POST", &url, &manager, redeem.clone()).await;
    assert_eq!(r.json["available"], 28_000, "{:?}", r.json);
    let again = json(&app, "POST", &url, &manager, redeem).await;
    assert_eq!(again.json["available"], 28_000, "a retried redemption is applied once");
    assert_eq!(r.json["qualifying"], 30_000, "redeeming does not lower the tier's points");
    let too_much = json(&app, "POST", &url, &manager, json!({ "kind": "redeem", "points": 28_001 })).await;
    assert_eq!(too_much.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_much.json["error"]["message"].as_str().unwrap().contains("28000"));

    // the tier follows the rules: the review after a change puts 30,000 qualifying points in gold
    assert_eq!(r.json["tier"], "gold");
    assert_eq!((r.json["next_tier"].as_str(), r.json["to_next_tier"].as_i64()), (Some("platinum"), Some(20_000)));

    // a second order from another channel earns into the same ledger
    order(&app, &admin, "loy-o2", "wechat", "LOY-1", 2_000_000).await;
    let adjusted = json(&app, "POST", &url, &manager, json!({ "kind": "adjust", "points": 500, "reason": "投诉补偿积分" })).await;
    assert_eq!(adjusted.json["balance"], 48_500, "{:?}", adjusted.json);
    assert_eq!(adjusted.json["tier"], "platinum", "50,000 qualifying points reach platinum");
    assert_eq!(adjusted.json["ledger"][0]["actor"], "北京经理", "who adjusted is on the line");
    let audited: i64 = conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'points_adjust' AND subject = ?1", [format!("customer:{customer}")], |r| r.get(0)).unwrap();
    assert_eq!(audited, 1);
    let no_reason = json(&app, "POST", &url, &manager, json!({ "kind": "adjust", "points": 500 })).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let earn_by_hand = json(&app, "POST", &url, &manager, json!({ "kind": "earn", "points": 500 })).await;
    assert_eq!(earn_by_hand.status, StatusCode::UNPROCESSABLE_ENTITY);

    // staff may redeem but not adjust
    let staff_adjust = json(&app, "POST", &url, &login(&app, "staff.bj01").await, json!({ "kind": "adjust", "points": 1, "reason": "门店赠送" })).await;
    assert_eq!(staff_adjust.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn nps_answers_reach_the_profile() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let customer: i64 = conn().query_row("SELECT id FROM customers WHERE home_store_id = 1 AND merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 5", [], |r| r.get(0)).unwrap();
    let url = format!("/api/v1/customers/{customer}/nps");
    assert_eq!(json(&app, "POST", &url, &staff, json!({ "score": 11, "channel": "store" })).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(&app, "POST", &url, &staff, json!({ "score": 3, "channel": "store" })).await.status, StatusCode::NO_CONTENT);
    let p = get(&app, &format!("/api/v1/customers/{customer}"), Some(&staff)).await;
    assert_eq!(p.json["last_nps"], 3);
}

#[tokio::test]
async fn tier_rules_are_data_admins_change() {
    let app = app();
    let admin = login(&app, "admin").await;
    let current = get(&app, "/api/v1/loyalty/rules", Some(&admin)).await;
    assert_eq!(current.json["rules"].as_array().unwrap().len(), 4, "{:?}", current.json);
    let mut changed = current.json.clone();
    changed["rules"][1]["min_qualifying"] = json!(3_000);
    changed["rules"][1]["keep_qualifying"] = json!(2_500);
    let manager = login(&app, "manager.bj01").await;
    assert_eq!(json(&app, "PUT", "/api/v1/loyalty/rules", &manager, changed.clone()).await.status, StatusCode::FORBIDDEN);
    let mut broken = changed.clone();
    broken["rules"][2]["min_qualifying"] = json!(1_000);
    assert_eq!(json(&app, "PUT", "/api/v1/loyalty/rules", &admin, broken).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let saved = json(&app, "PUT", "/api/v1/loyalty/rules", &admin, changed).await;
    assert_eq!(saved.status, StatusCode::OK, "{:?}", saved.json);
    // a customer with 3,500 qualifying points is reviewed into silver at their next change
    order(&app, &admin, "loy-rules-1", "fliggy", "LOY-2", 350_000).await;
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'loy-rules-1'", [], |r| r.get(0)).unwrap();
    let r = json(&app, "POST", &format!("/api/v1/customers/{customer}/loyalty"), &admin, json!({ "kind": "redeem", "points": 1 })).await;
    assert_eq!(r.json["tier"], "silver", "{:?}", r.json);
    let audited: i64 = conn().query_row("SELECT count(*) FROM audit_log WHERE action = 'loyalty_rules'", [], |r| r.get(0)).unwrap();
    assert_eq!(audited, 1);
}
