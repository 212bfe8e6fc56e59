//! Communities end to end through the router: managers create a community and an event,
//! store staff sign a customer up and check them in (with undo), the dashboard counts it; and
//! the overview's KPIs on a small dataset pushed into May 2019, worked out by hand.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::*;
use serde_json::{json, Value};

/// A live customer whose home store is Beijing (store 1), from the seeded data.
fn beijing_customer() -> i64 {
    conn()
        .query_row("SELECT id FROM customers WHERE home_store_id = 1 AND merged_into IS NULL ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_community_event_from_planning_to_the_dashboard() {
    let app = app();
    let manager = login(&app, "manager.bj01").await;
    let staff = login(&app, "staff.bj01").await;
    let other_staff = login(&app, "staff.sh01").await;

    // planning: managers only, validated, names unique
    // moderators are chosen among active staff and managers
    assert_eq!(get(&app, "/api/v1/moderators", Some(&staff)).await.status, StatusCode::FORBIDDEN);
    let people = get(&app, "/api/v1/moderators", Some(&manager)).await;
    let moderator = people.json.as_array().unwrap().iter().find(|m| m["store"] == "北京朝阳门店").unwrap()["user_id"].as_i64().unwrap();
    let admin_id: i64 = conn().query_row("SELECT id FROM users WHERE role = 'admin'", [], |r| r.get(0)).unwrap();
    assert!(people.json.as_array().unwrap().iter().all(|m| m["user_id"] != admin_id), "only staff and managers moderate");
    let bad_mod = json(&app, "POST", "/api/v1/communities", &manager, json!({ "name": "无效版主", "interest": "x", "moderator_ids": [admin_id] })).await;
    assert_eq!(bad_mod.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = json!({ "name": "  城市骑行社 ", "interest": "cycling", "description": "周末骑行", "moderator_ids": [moderator] });
    assert_eq!(json(&app, "POST", "/api/v1/communities", &staff, body.clone()).await.status, StatusCode::FORBIDDEN);
    let bad = json(&app, "POST", "/api/v1/communities", &manager, json!({ "name": "骑行", "interest": "Cycling Club" })).await;
    assert_eq!((bad.status, error_code(&bad)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into()));
    let created = json(&app, "POST", "/api/v1/communities", &manager, body.clone()).await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.json);
    assert_eq!(created.json["name"], "城市骑行社");
    assert_eq!(created.json["members"], 0);
    assert_eq!(created.json["moderators"][0]["user_id"], moderator);
    let community = created.json["id"].as_i64().unwrap();
    let again = json(&app, "POST", "/api/v1/communities", &manager, body).await;
    assert_eq!((again.status, error_code(&again)), (StatusCode::CONFLICT, "duplicate_name".into()));

    let past = json(&app, "POST", &format!("/api/v1/communities/{community}/events"), &manager,
        json!({ "title": "夜骑", "starts_at": Utc::now() - Duration::days(2), "store_id": 1 })).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let starts = Utc::now() + Duration::minutes(30);
    let event = json(&app, "POST", &format!("/api/v1/communities/{community}/events"), &manager,
        json!({ "title": "夜骑长安街", "starts_at": starts, "store_id": 1, "capacity": 1 })).await;
    assert_eq!(event.status, StatusCode::CREATED, "{:?}", event.json);
    let event = event.json["id"].as_i64().unwrap();

    // at the door: store scope, idempotent sign-up, capacity, check-in with undo
    let customer = beijing_customer();
    let url = format!("/api/v1/community-events/{event}/attendees");
    let denied = json(&app, "POST", &url, &other_staff, json!({ "customer_id": customer })).await;
    assert_eq!((denied.status, error_code(&denied)), (StatusCode::FORBIDDEN, "store_scope".into()));
    for _ in 0..2 {
        let r = json(&app, "POST", &url, &staff, json!({ "customer_id": customer })).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        assert_eq!(r.json["event"]["signed_up"], 1, "signing up twice is one sign-up");
    }
    let other: i64 = conn().query_row("SELECT id FROM customers WHERE home_store_id = 1 AND merged_into IS NULL AND id <> ?1 LIMIT 1", [customer], |r| r.get(0)).unwrap();
    let full = json(&app, "POST", &url, &staff, json!({ "customer_id": other })).await;
    assert_eq!((full.status, error_code(&full)), (StatusCode::CONFLICT, "event_full".into()));

    let check_in = format!("/api/v1/community-events/{event}/attendees/{customer}/check-in");
    let r = json(&app, "PUT", &check_in, &staff, Value::Null).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["event"]["attended"], 1);
    assert!(r.json["attendees"][0]["checked_in_at"].is_string());
    assert!(r.json["attendees"][0]["customer"]["phone_masked"].as_str().is_none_or(|p| p.contains("****")), "phones stay masked");
    let twice = json(&app, "PUT", &check_in, &staff, Value::Null).await;
    assert_eq!(twice.json["attendees"][0]["checked_in_at"], r.json["attendees"][0]["checked_in_at"], "the first check-in time stays");
    let undone = json(&app, "DELETE", &check_in, &staff, Value::Null).await;
    assert_eq!(undone.json["event"]["attended"], 0);
    assert_eq!(undone.json["event"]["signed_up"], 1, "undo keeps the sign-up");
    let satisfaction = format!("/api/v1/community-events/{event}/attendees/{customer}/satisfaction");
    let early = json(&app, "PUT", &satisfaction, &staff, json!({ "score": 5 })).await;
    assert_eq!((early.status, error_code(&early)), (StatusCode::CONFLICT, "not_checked_in".into()));
    json(&app, "PUT", &check_in, &staff, Value::Null).await;
    let walk_in = json(&app, "PUT", &format!("/api/v1/community-events/{event}/attendees/{other}/check-in"), &staff, Value::Null).await;
    assert_eq!(walk_in.json["event"]["signed_up"], 2, "a walk-in is let in past capacity");
    assert_eq!(json(&app, "PUT", &satisfaction, &staff, json!({ "score": 6 })).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let rated = json(&app, "PUT", &satisfaction, &staff, json!({ "score": 4 })).await;
    assert_eq!(rated.json["event"]["satisfaction"], 4.0);

    // staff see their store's events; managers everything; the dashboard is for managers
    let mine = get(&app, "/api/v1/community-events", Some(&staff)).await;
    assert!(mine.json.as_array().unwrap().iter().any(|e| e["id"] == event));
    assert!(mine.json.as_array().unwrap().iter().all(|e| e["store"]["id"] == 1));
    let dash_url = format!("/api/v1/communities/dashboard?community_id={community}&to={}", (Utc::now() + Duration::days(2)).date_naive());
    assert_eq!(get(&app, &dash_url, Some(&staff)).await.status, StatusCode::FORBIDDEN);
    let d = get(&app, &dash_url, Some(&manager)).await;
    assert_eq!(d.status, StatusCode::OK, "{:?}", d.json);
    // two members, each joined (2) and attended (5) today: 7 points, participants, active this week
    assert_eq!((d.json["members"].as_u64(), d.json["active_7d"].as_u64()), (Some(2), Some(2)));
    let participants = d.json["levels"].as_array().unwrap().iter().find(|l| l["level"] == "participant").unwrap();
    assert_eq!(participants["members"], 2);
    assert_eq!(d.json["events"].as_array().unwrap().iter().find(|e| e["id"] == event).unwrap()["attended"], 2);
    let detail = get(&app, &format!("/api/v1/communities/{community}"), Some(&staff)).await;
    assert_eq!((detail.json["community"]["members"].as_u64(), detail.json["community"]["active_30d"].as_u64()), (Some(2), Some(2)));
}

fn may(id: &str, source: &str, who: &str, day: u32, kind: &str, payload: Value) -> Value {
    // P is linked across Ctrip and the store by a WeChat unionid (an auto-merge rule)
    let identity = if who == "P" { json!({ "wechat_unionid": "u-overview-P", "name": "林舟" }) } else { json!({ "name": format!("旅客{who}") }) };
    let mut e = json!({
        "event_id": format!("overview-{id}"), "source": source, "source_customer_id": format!("O-{who}-{source}"),
        "occurred_at": format!("2019-05-{day:02}T10:00:00+08:00"), "type": kind, "identity": identity, "payload": payload
    });
    if source == "store" {
        e["store_id"] = json!(1);
    }
    e
}

fn trip(dep: &str) -> Value {
    json!({ "trip": { "title": "测试", "destination": "大理", "product": "tour", "amount_fen": 500000, "departure": dep, "return_date": dep } })
}

#[tokio::test]
async fn overview_kpis_on_a_hand_checked_month() {
    let app = app();
    let admin = login(&app, "admin").await;
    let events = vec![
        // P: Ctrip inquiry, store order, shares on WeChat, gets a care call → both online and offline
        may("p1", "ctrip", "P", 2, "inquiry", json!({})),
        may("p2", "store", "P", 5, "order", trip("2019-05-12")),
        may("p3", "wechat", "P", 20, "share", json!({})),
        may("p4", "store", "P", 21, "care", json!({})),
        // Q: two Ctrip orders → a repeat buyer
        may("q1", "ctrip", "Q", 3, "order", trip("2019-05-10")),
        may("q2", "ctrip", "Q", 25, "order", trip("2019-06-01")),
        // R: browsed on Douyin only
        may("r1", "douyin", "R", 10, "browse", json!({})),
    ];
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": events })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);

    let staff = login(&app, "staff.bj01").await;
    assert_eq!(get(&app, "/api/v1/overview", Some(&staff)).await.status, StatusCode::FORBIDDEN);
    let o = get(&app, "/api/v1/overview?from=2019-05-01&to=2019-05-31", Some(&admin)).await;
    assert_eq!(o.status, StatusCode::OK, "{:?}", o.json);
    let kpi = |key: &str| o.json["kpis"].as_array().unwrap().iter().find(|k| k["key"] == key).unwrap().clone();
    let value = |key: &str| kpi(key)["value"].as_f64();

    assert_eq!(value("repurchase_rate"), Some(0.5), "Q of P and Q bought twice");
    assert_eq!(value("member_overlap"), Some(1.0 / 3.0), "P of P, Q, R is known online and in store");
    assert_eq!(value("care_coverage"), Some(1.0 / 3.0));
    assert_eq!(value("advocacy_rate"), Some(0.5), "P shared; P and Q bought");
    assert_eq!(value("churn_risk_count"), Some(0.0), "no snapshot from 2019");
    for empty in ["nps", "csat", "sla_compliance", "community_activity"] {
        assert_eq!(value(empty), None, "{empty}: nothing to divide by shows as no value, not 0");
    }
    // spans May 1–6, 7–11, 12–16, 17–21, 22–26, 27–31
    let trend: Vec<Option<f64>> = kpi("repurchase_rate")["trend"].as_array().unwrap().iter().map(|t| t["value"].as_f64()).collect();
    assert_eq!(trend, vec![Some(0.0), None, None, None, Some(1.0), None]);
    assert_eq!(kpi("repurchase_rate")["trend"][4]["from"], "2019-05-22");

    // the overview and the journey matrix agree on online → offline conversion
    let m = get(&app, "/api/v1/journeys/matrix?from=2019-05-01&to=2019-05-31", Some(&admin)).await;
    assert_eq!(value("online_to_offline"), m.json["online_to_offline"].as_f64());
    assert!(value("online_to_offline").is_some());

    let bad = get(&app, "/api/v1/overview?from=2019-06-01&to=2019-05-01", Some(&admin)).await;
    assert_eq!((bad.status, error_code(&bad)), (StatusCode::BAD_REQUEST, "invalid_query".into()));
}

#[tokio::test]
async fn a_past_event_takes_no_check_ins_but_keeps_its_record() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let c = conn();
    // the demo's events include past ones at store 1; take the latest that ended before today
    let two_days_ago = (Utc::now() - Duration::days(2)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let event: i64 = c
        .query_row("SELECT id FROM community_events WHERE store_id = 1 AND starts_at < ?1 ORDER BY starts_at DESC LIMIT 1", [two_days_ago], |r| r.get(0))
        .unwrap();
    let customer = beijing_customer();
    let late = json(&app, "PUT", &format!("/api/v1/community-events/{event}/attendees/{customer}/check-in"), &staff, Value::Null).await;
    assert_eq!((late.status, error_code(&late)), (StatusCode::CONFLICT, "event_over".into()));
    let attended: i64 = c
        .query_row("SELECT count(*) FROM event_attendance WHERE event_id = ?1 AND customer_id = ?2 AND attended = 1", [event, customer], |r| r.get(0))
        .unwrap();
    assert_eq!(attended, 0, "nothing was recorded");
    // nor is a check-in of that day taken back
    let present: i64 = c.query_row("SELECT customer_id FROM event_attendance WHERE event_id = ?1 AND attended = 1 LIMIT 1", [event], |r| r.get(0)).unwrap();
    let undo = json(&app, "DELETE", &format!("/api/v1/community-events/{event}/attendees/{present}/check-in"), &staff, Value::Null).await;
    assert_eq!((undo.status, error_code(&undo)), (StatusCode::CONFLICT, "event_over".into()));
    // the event itself still opens, with its door list as it was
    let detail = get(&app, &format!("/api/v1/community-events/{event}"), Some(&staff)).await;
    assert_eq!((detail.status, detail.json["door_open"].as_bool()), (StatusCode::OK, Some(false)));
    assert!(detail.json["attendees"].as_array().unwrap().iter().any(|a| a["customer"]["id"] == present && !a["checked_in_at"].is_null()));
}
