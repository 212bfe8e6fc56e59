//! Travellers on bookings through the real router: an order event lists who travels, each
//! found as a customer by ID or passport number (or the booker by name) or created once, and
//! the profiles show each booking's travellers, the trips booked for someone and who they
//! travel with.

mod common;

use chrono::{Duration, Utc};
use common::*;
use serde_json::{json, Value};

fn event(id: &str, who: &str, name: &str, number: Option<&str>, trip: Option<Value>) -> Value {
    let departs = (Utc::now() + Duration::days(40)).date_naive();
    let mut identity = json!({ "name": name });
    if let Some(n) = number {
        identity["id_number"] = json!(n);
    }
    let (kind, payload) = match trip {
        Some(travellers) => (
            "order",
            json!({ "trip": { "title": "三亚五日游", "destination": "三亚", "product": "tour", "amount_fen": 880_000,
                "departure": departs.to_string(), "return_date": (departs + Duration::days(5)).to_string(), "travellers": travellers } }),
        ),
        None => ("inquiry", json!({ "summary": "咨询" })),
    };
    json!({ "event_id": id, "source": "ctrip", "source_customer_id": who, "occurred_at": Utc::now().to_rfc3339(), "type": kind, "identity": identity, "payload": payload })
}

fn customer_of(event_id: &str) -> i64 {
    conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = ?1", [event_id], |r| r.get(0)).unwrap()
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v[key].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn a_booking_lists_its_travellers_and_profiles_show_who_travels_with_whom() {
    let app = app();
    let admin = login(&app, "admin").await;
    // a friend the agency already knows by her ID number
    let known = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [event("tr-known", "TR-LI", "李晓娜", Some("310101199205061234"), None)] })).await;
    assert_eq!(known.json["accepted"], 1, "{:?}", known.json);

    let family = json!([
        { "name": "王美华" },
        { "name": "李晓娜", "id_number": "310101 19920506 1234" },
        { "name": "王小宝", "id_number": "e1234 5678", "phone": "123" },
    ]);
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [event("tr-order-1", "TR-WANG", "王美华", None, Some(family))] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    let warned: Vec<&str> = r.json["warnings"].as_array().unwrap().iter().filter_map(|w| w["field"].as_str()).collect();
    assert_eq!(warned, ["payload.trip.travellers.phone"], "the junk phone is dropped, the traveller kept: {:?}", r.json);

    // the friend books again for the boy, by his passport written another way
    let again = json!([{ "name": "李晓娜" }, { "name": "王小宝", "id_number": "E12345678" }]);
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [event("tr-order-2", "TR-LI", "李晓娜", None, Some(again))] })).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);

    let (booker, friend) = (customer_of("tr-order-1"), customer_of("tr-known"));
    assert_eq!(customer_of("tr-order-2"), friend, "the second booking is the known friend's");
    let boys: i64 = conn().query_row("SELECT count(*) FROM customers WHERE name = '王小宝'", [], |r| r.get(0)).unwrap();
    assert_eq!(boys, 1, "the boy is created once and found again by his passport");

    let mine = get(&app, &format!("/api/v1/customers/{booker}"), Some(&admin)).await;
    let travellers = &mine.json["orders"][0]["travellers"];
    assert_eq!(names(travellers, "name"), ["王美华", "李晓娜", "王小宝"]);
    assert_eq!(travellers[0]["booker"], true, "the booker travels on her own booking");
    assert_eq!((travellers[1]["customer_id"].as_i64(), travellers[1]["booker"].as_bool()), (Some(friend), Some(false)));
    let companions = &mine.json["companions"];
    assert_eq!(names(companions, "name"), ["李晓娜", "王小宝"], "{companions:?}");
    assert_eq!(names(companions, "relation"), ["friend", "family"]);
    assert_eq!(mine.json["preferences"]["companions"], "family", "from the booking, not the segment");

    let boy = travellers[2]["customer_id"].as_i64().unwrap();
    let his = get(&app, &format!("/api/v1/customers/{boy}"), Some(&admin)).await;
    assert_eq!(his.status, 200);
    assert_eq!(his.json["orders"], json!([]), "he booked nothing himself");
    assert_eq!(names(&his.json["travelling_on"], "booker_name"), ["李晓娜", "王美华"], "newest first");
    assert_eq!(his.json["travelling_on"][1]["order"]["title"], "三亚五日游");
    assert_eq!(his.json["id_numbers_masked"].as_array().map(Vec::len), Some(1), "his passport is on file, sealed");
    assert!(!his.json.to_string().contains("E12345678"), "the number is never shown whole");
    let friends = get(&app, &format!("/api/v1/customers/{friend}"), Some(&admin)).await;
    let theirs: Vec<(String, u64)> = friends.json["companions"].as_array().unwrap().iter().map(|c| (c["name"].as_str().unwrap().into(), c["trips"].as_u64().unwrap())).collect();
    assert_eq!(theirs, [("王小宝".to_owned(), 2), ("王美华".to_owned(), 1)]);
}

#[tokio::test]
async fn a_roster_that_cannot_be_read_is_refused_by_field() {
    let app = app();
    let admin = login(&app, "admin").await;
    let nameless = event("tr-bad-1", "TR-BAD", "赵六", None, Some(json!([{ "name": "  " }])));
    let crowd = event("tr-bad-2", "TR-BAD", "赵六", None, Some(Value::Array((0..61).map(|i| json!({ "name": format!("团员{i}") })).collect())));
    let unknown_field = event("tr-bad-3", "TR-BAD", "赵六", None, Some(json!([{ "name": "赵六", "passport_no": "E1" }])));
    let r = json(&app, "POST", "/api/v1/events", &admin, json!({ "events": [nameless, crowd, unknown_field] })).await;
    assert_eq!(r.json["accepted"], 0, "{:?}", r.json);
    let rejected = r.json["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 3, "{:?}", r.json);
    assert_eq!((rejected[0]["field"].as_str(), rejected[1]["field"].as_str()), (Some("travellers"), Some("travellers")), "{rejected:?}");
    let written: i64 = conn().query_row("SELECT count(*) FROM ingested_events WHERE event_id LIKE 'tr-bad-%'", [], |r| r.get(0)).unwrap();
    assert_eq!(written, 0);
}
