//! Travel documents and the Departures desk through the real router: a trip abroad is checked
//! against what the traveller holds, documents recorded at the counter (bad ones refused by
//! field, the same number twice one document) make it ready, staff reach only their store's
//! customers, the recording is audited and exported opened, and a documents check falls due
//! 30 days before a trip abroad.

mod common;

use chrono::{Duration, Utc};
use common::*;
use serde_json::{json, Value};

fn order(id: &str, who: &str, destination: &str, in_days: i64) -> Value {
    let departs = (Utc::now() + Duration::days(in_days)).date_naive();
    json!({ "event_id": id, "source": "ctrip", "source_customer_id": who, "occurred_at": Utc::now().to_rfc3339(), "type": "order",
        "identity": { "name": "周文静" },
        "payload": { "trip": { "title": format!("{destination}五日游"), "destination": destination, "product": "tour", "amount_fen": 990_000,
            "departure": departs.to_string(), "return_date": (departs + Duration::days(5)).to_string() } } })
}

fn customer_of(event_id: &str) -> i64 {
    conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = ?1", [event_id], |r| r.get(0)).unwrap()
}

fn gaps(profile: &Value, order: i64) -> Vec<String> {
    let check = profile["trip_checks"].as_array().unwrap().iter().find(|c| c["order_id"] == order).unwrap_or_else(|| panic!("no check for {order}: {profile}"));
    check["gaps"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap().to_owned()).collect()
}

fn departure(list: &Value, order: i64) -> Option<Value> {
    list["items"].as_array().unwrap().iter().find(|d| d["order_id"] == order).cloned()
}

#[tokio::test]
async fn documents_recorded_at_the_counter_make_a_trip_abroad_ready() {
    let app = app();
    let admin = login(&app, "admin").await;
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [order("doc-tokyo", "DOC-ZHOU", "东京", 9), order("doc-sanya", "DOC-ZHOU", "三亚", 10)] })).await;
    assert_eq!(r.json["accepted"], 2, "{:?}", r.json);
    let who = customer_of("doc-tokyo");
    let tokyo: i64 = conn().query_row("SELECT id FROM orders WHERE customer_id = ?1 AND destination = '东京'", [who], |r| r.get(0)).unwrap();
    let profile_uri = format!("/api/v1/customers/{who}");

    // Tokyo needs a passport and a Japanese visa; Sanya is domestic and not checked
    let profile = get(&app, &profile_uri, Some(&admin)).await.json;
    assert_eq!(profile["trip_checks"].as_array().unwrap().len(), 1, "{}", profile["trip_checks"]);
    assert_eq!(gaps(&profile, tokyo), ["passport", "visa"]);
    let desk = get(&app, "/api/v1/departures", Some(&admin)).await;
    assert_eq!(desk.status, 200);
    let d = departure(&desk.json, tokyo).expect("the Tokyo trip leaves within 14 days");
    assert_eq!(d["not_ready"], json!(["documents"]));
    assert_eq!((d["country"].as_str(), d["travellers"][0]["customer_id"].as_i64()), (Some("JP"), Some(who)), "the booker travels: {d}");

    // bad input is refused by field and records nothing
    let uri = format!("{profile_uri}/documents");
    let expires = (Utc::now() + Duration::days(3 * 365)).date_naive().to_string();
    for (body, field) in [
        (json!({ "kind": "passport", "number": "E1-2", "issuing_country": "CN", "expires_on": expires }), "number"),
        (json!({ "kind": "passport", "number": "E12345678", "issuing_country": "China", "expires_on": expires }), "issuing_country"),
        (json!({ "kind": "passport", "number": "E12345678", "issuing_country": "CN", "expires_on": "2099-01-01" }), "expires_on"),
    ] {
        let r = json(&app, "POST", &uri, &admin, body).await;
        assert_eq!((r.status.as_u16(), r.json["error"]["details"]["field"].as_str()), (422, Some(field)), "{:?}", r.json);
    }
    let r = json(&app, "POST", &uri, &admin, json!({ "kind": "driving_licence", "number": "E12345678", "issuing_country": "CN", "expires_on": expires })).await;
    assert!(r.status.is_client_error(), "an unknown kind is refused: {}", r.status);
    assert_eq!(get(&app, &profile_uri, Some(&admin)).await.json["documents"], json!([]));

    // staff of a store reach only their store's customers (and those of none)
    let elsewhere: i64 = conn().query_row("SELECT c.id FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code <> 'SH01' AND c.merged_into IS NULL ORDER BY c.id LIMIT 1", [], |r| r.get(0)).unwrap();
    let staff = login(&app, "staff.sh01").await;
    let r = json(&app, "POST", &format!("/api/v1/customers/{elsewhere}/documents"), &staff, json!({ "kind": "passport", "number": "E87654321", "issuing_country": "CN", "expires_on": expires })).await;
    assert_eq!(r.status, 404, "{:?}", r.json);

    // a passport, read twice (a retry, or a renewal typed again): one document, masked
    let passport = json!({ "kind": "passport", "number": "e 1234 5678", "issuing_country": "cn", "expires_on": expires });
    let first = json(&app, "POST", &uri, &staff, passport.clone()).await;
    assert_eq!(first.status, 201, "{:?}", first.json);
    assert!(!first.json["number_masked"].as_str().unwrap().contains("12345678"), "{}", first.json);
    assert_eq!(json(&app, "POST", &uri, &staff, passport).await.status, 201);
    let profile = get(&app, &profile_uri, Some(&admin)).await.json;
    assert_eq!(profile["documents"].as_array().unwrap().len(), 1, "{}", profile["documents"]);
    assert_eq!(gaps(&profile, tokyo), ["visa"]);

    // the visa: ready
    let visa = json!({ "kind": "visa", "number": "VJP1234567", "issuing_country": "JP", "expires_on": (Utc::now() + Duration::days(200)).date_naive().to_string() });
    assert_eq!(json(&app, "POST", &uri, &admin, visa).await.status, 201);
    assert_eq!(gaps(&get(&app, &profile_uri, Some(&admin)).await.json, tokyo), Vec::<String>::new());
    let d = departure(&get(&app, "/api/v1/departures", Some(&admin)).await.json, tokyo).unwrap();
    assert_eq!(d["not_ready"], json!([]), "{d}");

    // audited without the number; the export opens it
    let logged: Vec<String> = conn()
        .query_map("SELECT detail FROM audit_log WHERE subject = ?1 AND action = 'document_recorded' ORDER BY id", [format!("customer:{who}")], |r| r.get(0))
        .unwrap();
    assert_eq!(logged.len(), 3, "each recording is audited: {logged:?}");
    assert!(logged.iter().all(|d| !d.contains("12345678")), "the audit log holds the number: {logged:?}");
    let manager = login(&app, "manager.bj01").await;
    let export = get(&app, &format!("/api/v1/customers/{who}/export"), Some(&manager)).await;
    let numbers: Vec<&str> = export.json["data"]["travel_documents"].as_array().unwrap().iter().filter_map(|d| d["number"].as_str()).collect();
    assert_eq!(numbers, ["E12345678", "VJP1234567"]);
}

#[tokio::test]
async fn a_traveller_on_someone_else_s_booking_is_checked_too() {
    let app = app();
    let admin = login(&app, "admin").await;
    let mut booking = order("doc-osaka", "DOC-LIN", "大阪", 12);
    booking["payload"]["trip"]["travellers"] = json!([{ "name": "周文静" }, { "name": "陈一帆", "id_number": "E99887766" }]);
    assert_eq!(json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [booking] })).await.json["accepted"], 1);
    let osaka: i64 = conn().query_row("SELECT o.id FROM orders o JOIN ingested_events i ON i.customer_id = o.customer_id WHERE i.event_id = 'doc-osaka'", [], |r| r.get(0)).unwrap();
    let traveller: i64 = conn().query_row("SELECT customer_id FROM order_travellers WHERE order_id = ?1 AND name = '陈一帆'", [osaka], |r| r.get(0)).unwrap();
    let profile = get(&app, &format!("/api/v1/customers/{traveller}"), Some(&admin)).await.json;
    assert_eq!(gaps(&profile, osaka), ["passport", "visa"], "she travels on the booking without having made it");
    let d = departure(&get(&app, "/api/v1/departures", Some(&admin)).await.json, osaka).unwrap();
    let names: Vec<&str> = d["travellers"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["周文静", "陈一帆"]);
}

#[tokio::test]
async fn staff_see_their_store_s_departures_and_managers_any_store_s() {
    let app = app();
    let manager = login(&app, "manager.bj01").await;
    let every = get(&app, "/api/v1/departures", Some(&manager)).await.json;
    let stores: std::collections::BTreeSet<i64> = every["items"].as_array().unwrap().iter().filter_map(|d| d["store_id"].as_i64()).collect();
    assert!(stores.len() > 1, "the demo data has departures at several stores: {stores:?}");
    // the busiest store's staff, whatever store the demo data made it
    let busiest = *stores.iter().max_by_key(|s| every["items"].as_array().unwrap().iter().filter(|d| d["store_id"] == **s).count()).unwrap();
    let code: String = conn().query_row("SELECT lower(code) FROM stores WHERE id = ?1", [busiest], |r| r.get(0)).unwrap();
    let staff = login(&app, &format!("staff.{code}")).await;
    let other = stores.iter().find(|s| **s != busiest).unwrap();
    let own = get(&app, &format!("/api/v1/departures?store_id={other}"), Some(&staff)).await.json;
    assert!(!own["items"].as_array().unwrap().is_empty());
    assert!(own["items"].as_array().unwrap().iter().all(|d| d["store_id"] == busiest), "a store's staff see only its departures, whatever they ask");
    let one = get(&app, &format!("/api/v1/departures?store_id={busiest}"), Some(&manager)).await.json;
    assert_eq!(one["items"], own["items"]);
    let ready = one["items"].as_array().unwrap().iter().filter(|d| d["not_ready"] == json!([])).count();
    assert_eq!(one["ready"], ready);
    assert_eq!(get(&app, "/api/v1/departures?store=1", Some(&manager)).await.status, 400, "an unknown parameter is refused");
}

#[tokio::test]
async fn a_documents_check_falls_due_thirty_days_before_a_trip_abroad() {
    let app = app();
    let admin = login(&app, "admin").await;
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [order("doc-paris", "DOC-PARIS", "巴黎", 34), order("doc-guilin", "DOC-PARIS", "桂林", 33)] })).await;
    assert_eq!(r.json["accepted"], 2, "{:?}", r.json);
    let who = customer_of("doc-paris");
    let tasks = json(&app, "POST", "/api/v1/care-tasks/generate", &admin, json!({ "days": 7 })).await;
    assert_eq!(tasks.status, 200, "{:?}", tasks.json);
    let mine: Vec<&Value> = tasks.json["items"].as_array().unwrap().iter().filter(|t| t["customer_id"] == who).collect();
    let kinds: Vec<&str> = mine.iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["documents_check"], "Paris is checked, Guilin is not: {mine:?}");
    let due = (Utc::now() + Duration::days(4)).date_naive().to_string();
    assert_eq!(mine[0]["due_on"], due);
}
