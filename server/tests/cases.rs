//! Changes and refunds (退改签) through the real router: a store records a request on a
//! booking, quotes it, the customer confirms, the refund is paid; every wrong turn is refused
//! with its own code, and a refund paid short of the quote shows as a broken promise.

mod common;

use axum::http::StatusCode;
use chrono::{Duration, Utc};
use common::*;
use serde_json::{json, Value};

fn bj01() -> i64 {
    conn().query_row("SELECT id FROM stores WHERE code = 'BJ01'", [], |r| r.get(0)).unwrap()
}

/// Books a trip a month ahead for a new customer of BJ01 through the events API; the
/// customer and the order.
async fn booked(app: &axum::Router, admin: &str, who: &str, fen: i64) -> (i64, i64) {
    let departs = (Utc::now() + Duration::days(30)).date_naive();
    let e = json!({ "event_id": format!("case-{who}"), "source": "ctrip", "source_customer_id": who, "occurred_at": Utc::now().to_rfc3339(),
        "type": "order", "store_id": bj01(), "identity": { "name": "退改测试", "wechat_unionid": format!("union-{who}") },
        "payload": { "trip": { "title": "东京五日", "destination": "东京", "product": "flight", "amount_fen": fen,
            "departure": departs.to_string(), "return_date": (departs + Duration::days(5)).to_string() } } });
    let r = json(app, "POST", "/api/v1/events", admin, json!({ "events": [e] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    conn()
        .query_row(
            "SELECT o.customer_id, o.id FROM ingested_events i JOIN orders o ON o.customer_id = i.customer_id WHERE i.event_id = ?1",
            [format!("case-{who}")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

async fn request(app: &axum::Router, cookie: &str, customer: i64, kind: &str, order: Option<i64>) -> Reply {
    let body = json!({ "customer_id": customer, "kind": kind, "severity": "medium", "channel": "store",
        "summary": "客户行程有变，申请退票", "order_id": order });
    json(app, "POST", "/api/v1/tickets", cookie, body).await
}

async fn step(app: &axum::Router, cookie: &str, ticket: i64, body: Value) -> Reply {
    json(app, "POST", &format!("/api/v1/tickets/{ticket}/case"), cookie, body).await
}

fn refusal_max(r: &Reply) -> Option<i64> {
    r.json["error"]["details"]["max"].as_i64()
}

#[tokio::test]
async fn a_store_takes_a_refund_from_request_to_payment() {
    let app = app();
    let admin = login(&app, "admin").await;
    let staff = login(&app, "staff.bj01").await;
    let (customer, order) = booked(&app, &admin, "CASE-1", 200_000).await;

    // the request must name the booking, and only change and refund requests may
    let unnamed = request(&app, &staff, customer, "refund", None).await;
    assert_eq!((unnamed.status, error_code(&unnamed).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"));
    let named_complaint = request(&app, &staff, customer, "complaint", Some(order)).await;
    assert_eq!(named_complaint.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, others) = booked(&app, &admin, "CASE-OTHER", 100_000).await;
    let wrong = request(&app, &staff, customer, "refund", Some(others)).await;
    assert_eq!((wrong.status, error_code(&wrong).as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_booking"));

    let opened = request(&app, &staff, customer, "refund", Some(order)).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{:?}", opened.json);
    let id = opened.json["ticket"]["id"].as_i64().unwrap();
    assert_eq!((opened.json["case"]["kind"].as_str(), opened.json["case"]["stage"].as_str()), (Some("refund"), Some("requested")));
    assert_eq!(opened.json["case"]["booking"]["id"], order);
    assert_eq!(opened.json["ticket"]["clock"]["state"], "running", "on the 24 h clock like any feedback");
    let twice = request(&app, &staff, customer, "refund", Some(order)).await;
    assert_eq!((twice.status, error_code(&twice).as_str()), (StatusCode::CONFLICT, "case_already_open"));

    // out of order, closed by hand, or too generous: refused
    let early = step(&app, &staff, id, json!({ "step": "confirm" })).await;
    assert_eq!((early.status, error_code(&early).as_str()), (StatusCode::CONFLICT, "case_state"));
    let by_hand = json(&app, "POST", &format!("/api/v1/tickets/{id}/actions"), &staff, json!({ "action": "resolve", "resolution": "已处理" })).await;
    assert_eq!((by_hand.status, error_code(&by_hand).as_str()), (StatusCode::CONFLICT, "case_open"));
    let generous = step(&app, &staff, id, json!({ "step": "quote", "fee_fen": 20_000, "fare_difference_fen": 0, "refund_fen": 180_001 })).await;
    assert_eq!((generous.status, refusal_max(&generous)), (StatusCode::UNPROCESSABLE_ENTITY, Some(180_000)), "{:?}", generous.json);

    // the quote answers the customer and promises the refund on the timeline
    let quoted = step(&app, &staff, id, json!({ "step": "quote", "fee_fen": 20_000, "fare_difference_fen": 0, "refund_fen": 180_000, "note": "退票费10%" })).await;
    assert_eq!(quoted.status, StatusCode::OK, "{:?}", quoted.json);
    assert_eq!(quoted.json["case"]["stage"], "quoted");
    assert_eq!(quoted.json["ticket"]["status"], "answered");
    assert_eq!(quoted.json["ticket"]["clock"]["state"], "answered_in_time");
    let confirmed = step(&app, &staff, id, json!({ "step": "confirm" })).await;
    assert_eq!(confirmed.json["case"]["stage"], "confirmed", "{:?}", confirmed.json);
    assert!(confirmed.json["case"]["refund_due"].is_string());

    // paid short of the quote: done, the booking refunded, the promise broken
    let unpaid = step(&app, &staff, id, json!({ "step": "complete" })).await;
    assert_eq!(unpaid.status, StatusCode::UNPROCESSABLE_ENTITY);
    let done = step(&app, &staff, id, json!({ "step": "complete", "refund_paid_fen": 150_000 })).await;
    assert_eq!(done.status, StatusCode::OK, "{:?}", done.json);
    assert_eq!((done.json["case"]["stage"].as_str(), done.json["ticket"]["status"].as_str()), (Some("done"), Some("resolved")));
    assert_eq!(done.json["case"]["refund_kept"], false);
    assert_eq!(done.json["case"]["booking"]["status"], "refunded");
    let actions: Vec<&str> = done.json["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["opened", "quote", "confirm", "complete"]);
    let after = step(&app, &staff, id, json!({ "step": "refuse", "reason": "客户改主意" })).await;
    assert_eq!(after.status, StatusCode::CONFLICT, "a done case is done");

    let journeys = get(&app, &format!("/api/v1/customers/{customer}/journeys"), Some(&staff)).await;
    let trip = journeys.json["journeys"].as_array().unwrap().iter().find(|j| j["key"] == format!("order-{order}")).unwrap_or_else(|| panic!("{:?}", journeys.json));
    let promise = &trip["promises"][0];
    assert_eq!((promise["promise"].as_str(), promise["status"].as_str()), (Some(format!("退款 ¥1800.00 · 退改签 #{id}").as_str()), Some("broken")), "{trip}");

    // another store's staff cannot see or move it
    let other = login(&app, "staff.sh01").await;
    assert_eq!(step(&app, &other, id, json!({ "step": "confirm" })).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_change_is_quoted_with_its_fare_difference_and_may_be_declined() {
    let app = app();
    let admin = login(&app, "admin").await;
    let staff = login(&app, "staff.bj01").await;
    let (customer, order) = booked(&app, &admin, "CASE-2", 300_000).await;
    let opened = request(&app, &staff, customer, "change", Some(order)).await;
    let id = opened.json["ticket"]["id"].as_i64().unwrap_or_else(|| panic!("{:?}", opened.json));
    let refund_on_dearer = step(&app, &staff, id, json!({ "step": "quote", "fee_fen": 15_000, "fare_difference_fen": 40_000, "refund_fen": 1 })).await;
    assert_eq!((refund_on_dearer.status, refusal_max(&refund_on_dearer)), (StatusCode::UNPROCESSABLE_ENTITY, Some(0)));
    let quoted = step(&app, &staff, id, json!({ "step": "quote", "fee_fen": 15_000, "fare_difference_fen": 40_000, "refund_fen": 0 })).await;
    assert_eq!(quoted.json["case"]["customer_pays_fen"], 55_000, "{:?}", quoted.json);
    let no_reason = step(&app, &staff, id, json!({ "step": "refuse", "reason": "" })).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let declined = step(&app, &staff, id, json!({ "step": "refuse", "reason": "客户不接受差价" })).await;
    assert_eq!((declined.json["case"]["stage"].as_str(), declined.json["ticket"]["status"].as_str()), (Some("refused"), Some("resolved")));
    assert_eq!(declined.json["case"]["booking"]["status"], "paid", "a declined change leaves the booking as it was");
    // once closed, the booking takes a new request
    let again = request(&app, &staff, customer, "change", Some(order)).await;
    assert_eq!(again.status, StatusCode::CREATED);
    let plain = json(&app, "POST", &format!("/api/v1/tickets/{id}/case"), &staff, json!({ "step": "teleport" })).await;
    assert_eq!(plain.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_channel_asks_for_a_refund_and_tells_when_it_is_paid() {
    let app = app();
    let admin = login(&app, "admin").await;
    let staff = login(&app, "staff.bj01").await;
    let departs = (Utc::now() + Duration::days(40)).date_naive();
    let event = |id: &str, kind: &str, payload: Value| json!({ "event_id": id, "source": "ctrip", "source_customer_id": "CASE-CH", "occurred_at": Utc::now().to_rfc3339(),
        "type": kind, "store_id": bj01(), "identity": { "name": "渠道退票" }, "payload": payload });
    let order = event("case-ch-order", "order", json!({ "trip": { "title": "曼谷六日", "destination": "曼谷", "product": "tour", "amount_fen": 500_000,
        "departure": departs.to_string(), "return_date": (departs + Duration::days(6)).to_string(), "booking_ref": "CT-88001" } }));
    let asks = event("case-ch-refund", "refund_request", json!({ "booking_ref": "CT-88001", "summary": "航班取消，申请全额退款" }));
    let stranger = event("case-ch-unknown", "change_request", json!({ "booking_ref": "CT-NOPE" }));
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [order, asks, stranger] })).await;
    assert_eq!(r.json["accepted"], 3, "{:?}", r.json);
    let unnamed = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [event("case-ch-bad", "refund_request", json!({}))] })).await;
    assert_eq!(unnamed.json["rejected"][0]["field"], "booking_ref", "{:?}", unnamed.json);

    let ticket_of = |kind: &str| -> i64 {
        conn().query_row(
            "SELECT t.id FROM tickets t JOIN ingested_events i ON i.customer_id = t.customer_id WHERE i.event_id = 'case-ch-order' AND t.kind = ?1",
            [kind], |r| r.get(0)).unwrap()
    };
    let refund = ticket_of("refund");
    let opened = get(&app, &format!("/api/v1/tickets/{refund}"), Some(&staff)).await;
    assert_eq!((opened.json["case"]["stage"].as_str(), opened.json["ticket"]["channel"].as_str()), (Some("requested"), Some("ctrip")), "{:?}", opened.json);
    assert_eq!(opened.json["history"][0]["actor"], Value::Null, "the channel opened it");
    let change = get(&app, &format!("/api/v1/tickets/{}", ticket_of("change")), Some(&staff)).await;
    assert_eq!(change.json["case"], Value::Null, "a booking the channel never told of reaches the desk as a plain ticket");

    // the desk quotes; the OTA pays the refund and says so: the case closes itself, kept
    step(&app, &staff, refund, json!({ "step": "quote", "fee_fen": 0, "fare_difference_fen": 0, "refund_fen": 500_000 })).await;
    let paid = event("case-ch-paid", "refund_paid", json!({ "booking_ref": "CT-88001", "refund_paid_fen": 500_000 }));
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [paid] })).await.json["accepted"], 1);
    let done = get(&app, &format!("/api/v1/tickets/{refund}"), Some(&staff)).await;
    assert_eq!((done.json["case"]["stage"].as_str(), done.json["case"]["refund_kept"].as_bool()), (Some("done"), Some(true)), "{:?}", done.json);
    let actions: Vec<&str> = done.json["history"].as_array().unwrap().iter().map(|h| h["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["opened", "quote", "confirm", "complete"]);
}

#[tokio::test]
async fn a_flight_booking_keeps_its_pnr_tickets_and_segments() {
    let app = app();
    let admin = login(&app, "admin").await;
    let departs = (Utc::now() + Duration::days(25)).date_naive();
    let back = departs + Duration::days(4);
    let order = |id: &str, flight: &str| json!({ "event_id": id, "source": "fliggy", "source_customer_id": "AIR-1", "occurred_at": Utc::now().to_rfc3339(),
        "type": "order", "store_id": bj01(), "identity": { "name": "航段测试" },
        "payload": { "trip": { "title": "大阪往返机票", "destination": "大阪", "product": "flight", "amount_fen": 356_000, "departure": departs.to_string(),
            "return_date": back.to_string(), "air": { "pnr": "hx7k2p", "ticket_numbers": ["781-2345678901", "781 2345678902"],
            "segments": [
                { "flight": flight, "date": departs.to_string(), "from": "pvg", "to": "KIX", "cabin": "economy", "fare_class": "y" },
                { "flight": "MU516", "date": back.to_string(), "from": "KIX", "to": "PVG", "cabin": "economy", "fare_class": "Y" } ] } } } });
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [order("air-ok", "mu 515"), order("air-bad", "515")] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    assert_eq!(r.json["rejected"][0]["field"], "segments.flight", "{:?}", r.json);
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'air-ok'", [], |r| r.get(0)).unwrap();
    let profile = get(&app, &format!("/api/v1/customers/{customer}"), Some(&admin)).await;
    let air = &profile.json["orders"][0]["air"];
    assert_eq!(air["pnr"], "HX7K2P", "{:?}", profile.json["orders"]);
    assert_eq!(air["ticket_numbers"], json!(["7812345678901", "7812345678902"]));
    assert_eq!((air["segments"][0]["flight"].as_str(), air["segments"][0]["from"].as_str(), air["segments"][0]["fare_class"].as_str()), (Some("MU515"), Some("PVG"), Some("Y")));
    assert_eq!(air["segments"][1]["date"], back.to_string());
}

#[tokio::test]
async fn tickets_issued_later_join_their_booking() {
    let app = app();
    let admin = login(&app, "admin").await;
    let departs = (Utc::now() + Duration::days(25)).date_naive();
    let order = json!({ "event_id": "tk-order", "source": "fliggy", "source_customer_id": "TK-1", "occurred_at": Utc::now().to_rfc3339(),
        "type": "order", "identity": { "name": "出票测试" },
        "payload": { "trip": { "title": "首尔往返机票", "destination": "首尔", "product": "flight", "amount_fen": 180_000, "departure": departs.to_string(),
            "return_date": (departs + Duration::days(3)).to_string(), "booking_ref": "FZ-88", "air": { "pnr": "TK8A2B", "ticket_numbers": [],
            "segments": [{ "flight": "KE882", "date": departs.to_string(), "from": "PVG", "to": "ICN", "cabin": "economy", "fare_class": "Y" }] } } } });
    let issued = |id: &str, numbers: Value| json!({ "event_id": id, "source": "fliggy", "source_customer_id": "TK-1", "occurred_at": Utc::now().to_rfc3339(),
        "type": "ticket_issued", "identity": {}, "payload": { "booking_ref": "FZ-88", "ticket_numbers": numbers } });
    let r = json(&app, "POST", "/api/v1/events", &admin,
        json!({ "events": [order, issued("tk-1", json!(["781-2345678903", "781 2345678904"])), issued("tk-bad", json!(["123"])), issued("tk-none", json!([]))] })).await;
    assert_eq!(r.json["accepted"], 2, "{:?}", r.json);
    let fields: Vec<&str> = r.json["rejected"].as_array().unwrap().iter().filter_map(|x| x["field"].as_str()).collect();
    assert_eq!(fields, ["ticket_numbers", "ticket_numbers"]);
    // a retry of the issue adds nothing twice
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [issued("tk-1b", json!(["7812345678903"]))] })).await.json["accepted"], 1);
    let customer: i64 = conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = 'tk-order'", [], |r| r.get(0)).unwrap();
    let profile = get(&app, &format!("/api/v1/customers/{customer}"), Some(&admin)).await;
    assert_eq!(profile.json["orders"][0]["air"]["ticket_numbers"], json!(["7812345678903", "7812345678904"]));
    let kinds: Vec<&str> = profile.json["touchpoints"].as_array().unwrap().iter().filter_map(|t| t["kind"].as_str()).collect();
    assert!(kinds.contains(&"ticket_issued"), "{kinds:?}");
}
