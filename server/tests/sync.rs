//! The outbox replay as a tablet uses it: a retried edit lands once, the device's own edits
//! chain their versions, an edit that would overwrite someone else's change comes back as a
//! conflict with nothing written, and the offline roster holds only the store's customers.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn customer_of(store: &str, offset: i64) -> (i64, i64) {
    conn()
        .query_row(
            "SELECT c.id, c.version FROM customers c JOIN stores s ON s.id = c.home_store_id
             WHERE s.code = ?1 AND c.merged_into IS NULL ORDER BY c.id LIMIT 1 OFFSET ?2",
            roundtrip_server::db::sql::params![store, offset],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

fn edit(key: &str, customer: i64, base: i64, change: Value) -> Value {
    json!({ "client_key": key, "customer_id": customer, "base_version": base, "change": change })
}

#[tokio::test]
async fn a_replayed_note_is_written_once_and_own_edits_chain() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let (id, v) = customer_of("BJ01", 11);
    let note = edit("note-key-0001", id, v, json!({ "kind": "note", "body": "  来店咨询三亚  " }));

    let first = json(&app, "POST", "/api/v1/sync/edits", &staff, note.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.json);
    assert_eq!(first.json["outcome"], "applied");
    assert_eq!(first.json["version_before"], v);
    assert_eq!(first.json["edits"]["version"], v + 1);
    // the connection dropped before the answer arrived: the tablet sends it again
    let again = json(&app, "POST", "/api/v1/sync/edits", &staff, note).await;
    assert_eq!(again.json["outcome"], "already_applied");
    assert_eq!(again.json["edits"]["version"], v + 1, "nothing written twice");
    let notes: i64 = conn().query_row("SELECT count(*) FROM customer_notes WHERE customer_id = ?1 AND body = '来店咨询三亚'", [id], |r| r.get(0)).unwrap();
    assert_eq!(notes, 1);

    // the next queued edit was made on the same cached version; the device rebased it onto v+1
    let tags = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("tags-key-0002", id, v + 1, json!({ "kind": "tags", "add": ["海岛"], "remove": [] }))).await;
    assert_eq!(tags.json["outcome"], "applied", "{:?}", tags.json);
    assert!(tags.json["edits"]["tags"].as_array().unwrap().contains(&json!("海岛")));

    // a visit check-in is a store touchpoint
    let visit = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("visit-key-003", id, v, json!({ "kind": "visit", "summary": "到店看海岛线路" }))).await;
    assert_eq!(visit.json["outcome"], "applied", "appending never conflicts, even on an old version");
    let visits: i64 = conn()
        .query_row("SELECT count(*) FROM touchpoints WHERE customer_id = ?1 AND kind = 'visit' AND channel = 'store' AND summary = '到店看海岛线路'", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(visits, 1);

    // feedback taken offline 20 hours ago opens one ticket whose clock started back then
    let spoke = (chrono::Utc::now() - chrono::Duration::hours(20)).to_rfc3339();
    let feedback = edit("feedback-key-4", id, v, json!({ "kind": "feedback", "ticket_kind": "complaint", "severity": "high", "channel": "store", "summary": "导游迟到一小时", "spoke_at": spoke }));
    for _ in 0..2 {
        let reply = json(&app, "POST", "/api/v1/sync/edits", &staff, feedback.clone()).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    }
    let (tickets, opened): (i64, String) = conn()
        .query_row("SELECT count(*), max(opened_at) FROM tickets WHERE customer_id = ?1 AND summary = '导游迟到一小时'", [id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(tickets, 1, "a replayed complaint is one ticket");
    assert_eq!(&opened[..13], &spoke[..13], "the clock starts when the customer spoke");
}

#[tokio::test]
async fn an_edit_is_dated_when_it_was_made_on_the_device_within_the_shift() {
    use roundtrip_server::time::rfc3339;
    let app = app();
    let staff = login(&app, "staff.sh01").await;
    let now = chrono::Utc::now();
    let hours = |h: i64| now - chrono::Duration::hours(h);
    // the shift began five hours ago; the tablet has been offline since
    conn().execute("UPDATE sessions SET created_at = ?1 WHERE user_id = (SELECT id FROM users WHERE username = 'staff.sh01')", [rfc3339(hours(5))]).unwrap();
    let (id, v) = customer_of("SH01", 3);
    let with_time = |key: &str, change: Value, made: chrono::DateTime<chrono::Utc>| {
        let mut e = edit(key, id, v, change);
        e["made_at"] = json!(made.to_rfc3339());
        e
    };
    let visit = json(&app, "POST", "/api/v1/sync/edits", &staff, with_time("dated-visit-1", json!({ "kind": "visit", "summary": "上午到店" }), hours(4))).await;
    assert_eq!(visit.json["outcome"], "applied", "{:?}", visit.json);
    let at: String = conn().query_row("SELECT occurred_at FROM touchpoints WHERE customer_id = ?1 AND summary = '上午到店'", [id], |r| r.get(0)).unwrap();
    assert_eq!(at, rfc3339(hours(4)), "the visit is dated when the customer came, not when the Wi-Fi returned");

    // a device clock set back a day cannot date a note before the shift, nor one set ahead after now
    for (key, body, made) in [("dated-note-early", "早到的备注", hours(20)), ("dated-note-late", "晚到的备注", now + chrono::Duration::hours(2))] {
        let reply = json(&app, "POST", "/api/v1/sync/edits", &staff, with_time(key, json!({ "kind": "note", "body": body }), made)).await;
        assert_eq!(reply.json["outcome"], "applied", "{:?}", reply.json);
    }
    let dated = |body: &str| -> chrono::DateTime<chrono::Utc> {
        let at: String = conn().query_row("SELECT created_at FROM customer_notes WHERE customer_id = ?1 AND body = ?2", roundtrip_server::db::sql::params![id, body], |r| r.get(0)).unwrap();
        roundtrip_server::time::parse(&at).unwrap()
    };
    assert_eq!(dated("早到的备注"), roundtrip_server::time::parse(&rfc3339(hours(5))).unwrap());
    let late = dated("晚到的备注");
    assert!(late >= roundtrip_server::time::parse(&rfc3339(now)).unwrap() && late <= chrono::Utc::now(), "{late}");
}

#[tokio::test]
async fn an_overwriting_edit_on_a_stale_version_is_a_conflict_and_writes_nothing() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let manager = login(&app, "manager.bj01").await;
    let (id, v) = customer_of("BJ01", 12);
    // the manager changes the tags while the tablet is offline
    let theirs = json(&app, "PATCH", &format!("/api/v1/customers/{id}/tags"), &manager, json!({ "version": v, "add": ["经理加的"], "remove": [] })).await;
    assert_eq!(theirs.status, StatusCode::OK, "{:?}", theirs.json);

    let mine = edit("tags-conflict-1", id, v, json!({ "kind": "tags", "add": ["店员加的"], "remove": ["经理加的"] }));
    let reply = json(&app, "POST", "/api/v1/sync/edits", &staff, mine.clone()).await;
    assert_eq!(reply.json["outcome"], "conflict");
    assert_eq!(reply.json["version_before"], v + 1);
    let tags = reply.json["edits"]["tags"].as_array().unwrap();
    assert!(tags.contains(&json!("经理加的")) && !tags.contains(&json!("店员加的")), "not overwritten: {tags:?}");

    // the person chose to keep theirs: the same key, now on the version they have seen
    let kept = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("tags-conflict-1", id, v + 1, mine["change"].clone())).await;
    assert_eq!(kept.json["outcome"], "applied");
    assert_eq!(kept.json["edits"]["tags"].as_array().unwrap().iter().filter(|t| *t == "店员加的").count(), 1);
}

#[tokio::test]
async fn replays_respect_scope_and_validate_before_writing() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let (theirs, v) = customer_of("SH01", 3);
    let other = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("scope-key-001", theirs, v, json!({ "kind": "note", "body": "x" }))).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let (id, v) = customer_of("BJ01", 13);
    let bad_key = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("short", id, v, json!({ "kind": "note", "body": "x" }))).await;
    assert_eq!(bad_key.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad_key.json["error"]["details"]["field"], "client_key");
    let empty = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("empty-note-01", id, v, json!({ "kind": "note", "body": "   " }))).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad_feedback = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("bad-feedback1", id, v, json!({ "kind": "feedback", "ticket_kind": "rant", "severity": "low", "channel": "store", "summary": "太贵了吧", "spoke_at": "2026-01-01T00:00:00Z" }))).await;
    assert_eq!(bad_feedback.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = json(&app, "POST", "/api/v1/sync/edits", &staff, edit("unknown-kind1", id, v, json!({ "kind": "delete_customer" }))).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    let now: i64 = conn().query_row("SELECT version FROM customers WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(now, v, "refused edits claim no version");
    let anonymous = post_json(&app, "/api/v1/sync/edits", &edit("anon-key-0001", id, v, json!({ "kind": "note", "body": "x" })).to_string()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_roster_is_the_stores_own_customers_masked() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let reply = get(&app, "/api/v1/sync/roster?limit=100", Some(&staff)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.json);
    let rows = reply.json.as_array().unwrap();
    let own: usize = conn()
        .query_row("SELECT count(*) FROM customers c JOIN stores s ON s.id = c.home_store_id WHERE s.code = 'BJ01' AND c.merged_into IS NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows.len(), own.min(100));
    assert!(rows.iter().all(|r| r["home_store"]["id"] == 1), "only BJ01's customers");
    assert!(rows.iter().filter_map(|r| r["phone_masked"].as_str()).all(|p| p.contains("****")));
    let times: Vec<&str> = rows.iter().map(|r| r["last_active_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "most recently active first");
    let too_big = get(&app, "/api/v1/sync/roster?limit=50000", Some(&staff)).await;
    assert_eq!(too_big.status, StatusCode::BAD_REQUEST);
}
