mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

fn event(id: &str, source: &str, customer: &str, kind: &str, identity: Value) -> Value {
    json!({
        "event_id": id, "source": source, "source_customer_id": customer,
        "occurred_at": "2026-11-20T10:30:00+08:00", "type": kind, "identity": identity,
        "payload": { "summary": "咨询北海道滑雪", "promise": "包含接送机" }
    })
}

async fn post(app: &axum::Router, cookie: &str, events: Vec<Value>) -> Reply {
    json(app, "POST", "/api/v1/events", cookie, json!({ "events": events })).await
}

fn customer_of(event_id: &str) -> i64 {
    conn().query_row("SELECT customer_id FROM ingested_events WHERE event_id = ?1", [event_id], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn a_retried_batch_is_applied_exactly_once() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let batch = vec![
        event("idem-1", "ctrip", "CT-IDEM-1", "inquiry", json!({ "name": "王芳", "phone": "+86 139 1111 2201" })),
        event("idem-2", "ctrip", "CT-IDEM-1", "quote", json!({})),
    ];
    let first = post(&app, &cookie, batch.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.json);
    assert_eq!((first.json["accepted"].as_u64(), first.json["duplicates"].as_u64()), (Some(2), Some(0)));
    assert_eq!(first.json["customers_created"], 1);
    assert_eq!(first.json["customers_matched"], 1, "the second event finds the customer by its Ctrip id");
    let id = customer_of("idem-1");
    let count = |id: i64| -> i64 { conn().query_row("SELECT count(*) FROM touchpoints WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap() };
    assert_eq!(count(id), 2);

    let again = post(&app, &cookie, batch).await;
    assert_eq!((again.json["accepted"].as_u64(), again.json["duplicates"].as_u64()), (Some(0), Some(2)));
    assert_eq!(count(id), 2, "nothing written twice");
}

#[tokio::test]
async fn an_event_id_sent_again_with_other_content_is_a_conflict_not_a_retry() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let first = event("conflict-1", "ctrip", "CT-CONFLICT", "quote", json!({ "name": "周敏" }));
    let mut other = first.clone();
    other["payload"]["promise"] = json!("含早餐与接机");
    // in one batch: the first is applied, the other content under its id is refused
    let r = post(&app, &cookie, vec![first.clone(), other.clone()]).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    assert_eq!((r.json["rejected"][0]["code"].as_str(), r.json["rejected"][0]["field"].as_str()), (Some("event_conflict"), Some("event_id")));
    // later: the same content is a retry, other content a conflict
    let again = post(&app, &cookie, vec![first, other]).await;
    assert_eq!(again.json["duplicates"], 1);
    assert_eq!(again.json["rejected"][0]["index"], 1);
    assert_eq!(again.json["rejected"][0]["code"], "event_conflict");
    let promises: i64 = conn().query_row("SELECT count(*) FROM touchpoints WHERE customer_id = ?1", [customer_of("conflict-1")], |r| r.get(0)).unwrap();
    assert_eq!(promises, 1, "nothing of the other content was written");
}

#[tokio::test]
async fn invalid_events_are_listed_and_never_block_valid_ones() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let mut bad_time = event("part-2", "fliggy", "FZ-PART", "inquiry", json!({}));
    bad_time["occurred_at"] = json!("2026-11-20 10:30");
    let batch = vec![
        event("part-1", "fliggy", "FZ-PART", "inquiry", json!({ "name": "李娜" })),
        bad_time,
        event("part-3", "martians", "X", "inquiry", json!({})),
        event("part-4", "fliggy", "FZ-PART", "teleport", json!({})),
        event("part-5", "fliggy", "FZ-PART", "order", json!({ "phone": "12345" })),
        json!({ "event_id": "part-6", "source": "store", "source_customer_id": "SC-1", "occurred_at": "2026-11-20T10:30:00+08:00", "type": "visit", "store_id": 999 }),
        event("part-7", "fliggy", "FZ-PART", "order", json!({})),
    ];
    let r = post(&app, &cookie, batch).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["accepted"], 3, "the order with a junk phone is kept: {:?}", r.json);
    let rejected: Vec<(u64, &str, &str)> = r.json["rejected"].as_array().unwrap().iter()
        .map(|x| (x["index"].as_u64().unwrap(), x["code"].as_str().unwrap(), x["field"].as_str().unwrap_or(""))).collect();
    assert_eq!(rejected, vec![(1, "invalid_event", "occurred_at"), (2, "invalid_event", "source"), (3, "invalid_event", "type"), (5, "unknown_store", "store_id")]);
    for x in r.json["rejected"].as_array().unwrap() {
        let message = x["message"].as_str().unwrap();
        assert!(!message.is_empty() && !message.contains("line 1"), "names the field, not a position: {message}");
    }
    // the junk phone was left out, and the report says so
    let warnings: Vec<(u64, &str, &str)> = r.json["warnings"].as_array().unwrap().iter()
        .map(|w| (w["index"].as_u64().unwrap(), w["field"].as_str().unwrap(), w["code"].as_str().unwrap())).collect();
    assert_eq!(warnings, vec![(4, "identity.phone", "value_dropped")]);
    let phone: Option<String> = conn().query_row("SELECT phone_e164 FROM customers WHERE id = ?1", [customer_of("part-5")], |r| r.get(0)).unwrap();
    assert_eq!(phone, None);
    assert_eq!(r.json["rejected"][0]["event_id"], "part-2");
    // the refused store event left nothing behind
    let stray: i64 = conn().query_row("SELECT count(*) FROM identities WHERE value = 'SC-1'", [], |r| r.get(0)).unwrap();
    assert_eq!(stray, 0);
    assert_eq!(customer_of("part-1"), customer_of("part-7"));
}

#[tokio::test]
async fn a_shared_unionid_joins_channels_but_a_shared_phone_only_suggests() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let r = post(&app, &cookie, vec![
        event("join-1", "wechat", "oWX-JOIN", "inquiry", json!({ "name": "赵敏", "wechat_unionid": "UNION-JOIN-1", "phone": "139 2222 3301" })),
        event("join-2", "store", "SC-JOIN", "visit", json!({ "name": "赵敏", "wechat_unionid": "UNION-JOIN-1" })),
        event("join-3", "meituan", "MT-JOIN", "order", json!({ "name": "赵敏的妈妈", "phone": "+86-13922223301" })),
    ]).await;
    assert_eq!(r.json["accepted"], 3, "{:?}", r.json);
    let wechat = customer_of("join-1");
    assert_eq!(customer_of("join-2"), wechat, "unionid is a trusted link: one customer, online and offline");
    let (online, offline): (bool, bool) = conn().query_row("SELECT online, offline FROM customers WHERE id = ?1", [wechat], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert!(online && offline);

    let meituan = customer_of("join-3");
    assert_ne!(meituan, wechat, "a phone alone never merges (families share phones)");
    assert_eq!(r.json["review_candidates"], 1);
    let candidate: (i64, i64, String) = conn()
        .query_row("SELECT customer_id, other_id, identifier FROM duplicate_candidates WHERE customer_id = ?1 OR other_id = ?1", [meituan], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap();
    assert_eq!(candidate, (wechat.min(meituan), wechat.max(meituan), "phone".to_string()));
}

#[tokio::test]
async fn event_times_keep_the_channel_moment_in_utc_and_id_numbers_are_sealed() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let r = post(&app, &cookie, vec![event("time-1", "ctrip", "CT-TIME", "quote", json!({ "id_number": "11010119900307123x" }))]).await;
    assert_eq!(r.json["accepted"], 1);
    let id = customer_of("time-1");
    let at: String = conn().query_row("SELECT occurred_at FROM touchpoints WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(at, "2026-11-20T02:30:00Z");
    let (hash, sealed, masked): (String, String, String) =
        conn().query_row("SELECT hash, sealed, masked FROM id_number_hashes WHERE customer_id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap();
    assert_eq!(hash.len(), 64);
    assert_eq!(masked, "1101**********123X");
    for stored in [&hash, &sealed] {
        assert!(!stored.contains("0101199003"), "{stored}");
    }
    // nowhere in the database's files (SQLite's file and log, PostgreSQL's table files) is
    // the number in plaintext
    let files: Vec<(String, Vec<u8>)> = if on_postgres() {
        let c = conn();
        c.execute_batch("CHECKPOINT").unwrap();
        // every table's file, partitions included
        c.query_map(
            "SELECT relname::text AS name, pg_read_binary_file(pg_relation_filepath(oid)) AS bytes FROM pg_class
              WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace",
            [],
            |r| Ok((r.get("name")?, r.get("bytes")?)),
        )
        .unwrap()
    } else {
        let path = db_path();
        [path.clone(), path.with_extension("db-wal")].iter().map(|f| (f.display().to_string(), std::fs::read(f).unwrap_or_default())).collect()
    };
    for (file, bytes) in files {
        assert!(!bytes.windows(17).any(|w| w == b"11010119900307123"), "{file} holds the number in plaintext");
    }
    // a later event with the same ID number, from another channel, finds the same person
    let again = post(&app, &cookie, vec![event("time-2", "fliggy", "FZ-TIME", "order", json!({ "id_number": "11010119900307123X" }))]).await;
    assert_eq!(again.json["customers_matched"], 1);
    assert_eq!(customer_of("time-2"), id);

    // every role sees the masked number; only an audited reveal opens it
    let staff = login(&app, "staff.bj01").await;
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(profile.json["id_numbers_masked"], json!(["1101**********123X"]));
    let reveal = |who: String| {
        let app = app.clone();
        async move { json(&app, "POST", &format!("/api/v1/customers/{id}/reveal"), &who, json!({ "field": "id_number", "reason": "核对机票证件信息" })).await }
    };
    assert_eq!(reveal(staff).await.status, StatusCode::FORBIDDEN);
    let shown = reveal(cookie.clone()).await;
    assert_eq!(shown.status, StatusCode::OK, "{:?}", shown.json);
    assert_eq!(shown.json["value"], "11010119900307123X");
    let audited: String = conn()
        .query_row("SELECT detail FROM audit_log WHERE action = 'reveal' AND subject = ?1", [format!("customer:{id}")], |r| r.get(0))
        .unwrap();
    let audited: serde_json::Value = serde_json::from_str(&audited).unwrap();
    assert_eq!(audited, json!({ "kind": "reveal", "field": "id_number", "reason": "核对机票证件信息" }), "the reason is kept, never the number");

    // a server started with another key refuses to open it rather than show something wrong
    let state = roundtrip_server::state::AppState {
        db: roundtrip_server::db::Db::open(&target()).unwrap(),
        secure_cookies: false,
        id_vault: std::sync::Arc::new(roundtrip_server::vault::IdVault::new(b"a different key")),
        clock: Default::default(),
    };
    let other = roundtrip_server::app(state, None);
    let admin = login(&other, "admin").await;
    let refused = json(&other, "POST", &format!("/api/v1/customers/{id}/reveal"), &admin, json!({ "field": "id_number", "reason": "核对机票证件信息" })).await;
    assert_eq!(refused.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_code(&refused), "id_number_unreadable");
}

#[tokio::test]
async fn a_number_hashed_before_sealing_existed_is_sealed_when_it_arrives_again() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let r = post(&app, &cookie, vec![event("legacy-1", "meituan", "MT-LEGACY", "quote", json!({ "id_number": "320102198001010011" }))]).await;
    assert_eq!(r.json["accepted"], 1);
    let id = customer_of("legacy-1");
    // as migration 016 left rows ingested before it: the hash only
    conn().execute("UPDATE id_number_hashes SET sealed = NULL, masked = NULL WHERE customer_id = ?1", [id]).unwrap();
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(profile.json["id_numbers_masked"], json!([]));
    let again = post(&app, &cookie, vec![event("legacy-2", "app", "APP-LEGACY", "order", json!({ "id_number": "320102198001010011" }))]).await;
    assert_eq!(again.json["customers_matched"], 1, "the hash still matches");
    assert_eq!(customer_of("legacy-2"), id);
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(profile.json["id_numbers_masked"], json!(["3201**********0011"]));
    let shown = json(&app, "POST", &format!("/api/v1/customers/{id}/reveal"), &cookie, json!({ "field": "id_number", "reason": "核对证件" })).await;
    assert_eq!(shown.json["value"], "320102198001010011");
}

#[tokio::test]
async fn an_event_the_database_refuses_part_way_leaves_nothing_behind_and_blocks_no_other() {
    let app = app();
    let cookie = login(&app, "admin").await;
    // the member row of the middle event is written before its touchpoint is refused
    conn().execute_batch(if on_postgres() {
        "CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
         CREATE TRIGGER refuse_boom BEFORE INSERT ON touchpoints FOR EACH ROW WHEN (NEW.summary = 'boom') EXECUTE FUNCTION refuse_boom();"
    } else {
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON touchpoints WHEN NEW.summary = 'boom'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
    })
    .unwrap();
    let mut boom = event("boom-2", "douyin", "DY-BOOM-2", "inquiry", json!({ "name": "半途而废" }));
    boom["payload"]["summary"] = json!("boom");
    let r = post(&app, &cookie, vec![
        event("boom-1", "douyin", "DY-BOOM-1", "inquiry", json!({ "name": "前面的客户" })),
        boom,
        event("boom-3", "douyin", "DY-BOOM-3", "inquiry", json!({ "name": "后面的客户" })),
    ]).await;
    conn().execute_batch(if on_postgres() { "DROP TRIGGER refuse_boom ON touchpoints" } else { "DROP TRIGGER refuse_boom" }).unwrap();
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!((r.json["accepted"].as_u64(), r.json["customers_created"].as_u64()), (Some(2), Some(2)));
    assert_eq!(r.json["rejected"][0]["index"], 1);
    assert_eq!(r.json["rejected"][0]["code"], "internal");
    let named = |name: &str| -> i64 { conn().query_row("SELECT count(*) FROM customers WHERE name = ?1", [name], |r| r.get(0)).unwrap() };
    assert_eq!((named("前面的客户"), named("半途而废"), named("后面的客户")), (1, 0, 1), "no half-written member, the others once");
    let identities: i64 = conn().query_row("SELECT count(*) FROM identities WHERE value = 'DY-BOOM-2'", [], |r| r.get(0)).unwrap();
    assert_eq!(identities, 0);
}

#[tokio::test]
async fn a_member_record_brings_its_city_and_remarks_without_overwriting_a_known_city() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let mut record = event("remark-1", "store", "SC-REMARK", "member_import", json!({ "name": "赵敏", "city": " 成都 " }));
    record["store_id"] = json!(1);
    record["payload"] = json!({ "note": "  喜欢靠窗座位，常带父母出行  " });
    let r = post(&app, &cookie, vec![record]).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    let id = customer_of("remark-1");
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(profile.json["city"], "成都");
    let notes = profile.json["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!((notes[0]["body"].as_str(), notes[0]["author"].as_str()), (Some("喜欢靠窗座位，常带父母出行"), Some("系统管理员")));
    assert_eq!(notes[0]["created_at"], "2026-11-20T02:30:00Z", "dated when the channel recorded it");

    // a later event names another city: the one on record stays; a blank remark adds no note
    let mut later = event("remark-2", "store", "SC-REMARK", "visit", json!({ "city": "重庆" }));
    later["store_id"] = json!(1);
    later["payload"] = json!({ "note": "   " });
    assert_eq!(post(&app, &cookie, vec![later]).await.json["accepted"], 1);
    let profile = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(profile.json["city"], "成都");
    assert_eq!(profile.json["notes"].as_array().unwrap().len(), 1);

    // a customer known without a city gets the first one an event names
    assert_eq!(post(&app, &cookie, vec![event("remark-3", "ctrip", "CT-REMARK", "inquiry", json!({ "name": "钱多" }))]).await.json["accepted"], 1);
    assert_eq!(post(&app, &cookie, vec![event("remark-4", "ctrip", "CT-REMARK", "browse", json!({ "city": "西安" }))]).await.json["accepted"], 1);
    let other = customer_of("remark-3");
    let profile = get(&app, &format!("/api/v1/customers/{other}"), Some(&cookie)).await;
    assert_eq!(profile.json["city"], "西安");

    // too long a city is refused with its field and limit, and the rest of the batch goes in
    let long = event("remark-5", "ctrip", "CT-REMARK-2", "inquiry", json!({ "city": "城".repeat(31) }));
    let r = post(&app, &cookie, vec![long]).await;
    assert_eq!((r.json["accepted"].as_u64(), r.json["rejected"][0]["code"].as_str()), (Some(0), Some("invalid_event")));
}

#[tokio::test]
async fn a_walk_in_with_a_landline_is_kept_and_control_characters_are_refused_by_field() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let mut walk_in = event("landline-1", "store", "SC-LAND", "visit", json!({ "name": "韩梅", "phone": "021-6123 4567" }));
    walk_in["store_id"] = json!(1);
    let nul = event("control-1", "ctrip", "CT-CTRL", "inquiry", json!({ "name": "王\u{0}芳" }));
    let escape = event("control-2", "ctrip", "CT-CTRL", "inquiry", json!({ "email": "a\u{1b}[2J@example.com" }));
    let r = post(&app, &cookie, vec![walk_in, nul, escape]).await;
    assert_eq!(r.json["accepted"], 1, "{:?}", r.json);
    let phone: String = conn().query_row("SELECT phone_e164 FROM customers WHERE id = ?1", [customer_of("landline-1")], |r| r.get(0)).unwrap();
    assert_eq!(phone, "+862161234567");
    let fields: Vec<&str> = r.json["rejected"].as_array().unwrap().iter().map(|x| x["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["identity.name", "identity.email"]);
    assert!(r.json["warnings"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn limits_and_roles() {
    let app = app();
    let admin = login(&app, "admin").await;
    let too_many: Vec<Value> = (0..1001).map(|i| event(&format!("big-{i}"), "app", "A", "browse", json!({}))).collect();
    let r = post(&app, &admin, too_many).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&r), "batch_too_large");
    let not_a_batch = json(&app, "POST", "/api/v1/events", &admin, json!([1, 2])).await;
    assert_eq!(not_a_batch.status, StatusCode::UNPROCESSABLE_ENTITY);

    let staff = login(&app, "staff.bj01").await;
    let r = post(&app, &staff, vec![event("staff-1", "store", "SC-X", "visit", json!({}))]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&r), "forbidden");
}

#[tokio::test]
async fn managers_see_overlap_and_the_duplicate_queue() {
    let app = app();
    let admin = login(&app, "admin").await;
    post(&app, &admin, vec![
        event("kpi-1", "douyin", "DY-KPI", "inquiry", json!({ "name": "钱多多", "phone": "137 3333 4401" })),
        // the same name on the same mobile: one person, merged without review
        event("kpi-2", "store", "SC-KPI", "visit", json!({ "name": "钱多多", "phone": "13733334401" })),
        // the mobile alone, no name: a manager decides
        event("kpi-3", "wechat", "WX-KPI", "inquiry", json!({ "phone": "13733334401" })),
    ]).await;
    let kpis = get(&app, "/api/v1/kpis/identity", Some(&admin)).await;
    assert_eq!(kpis.status, StatusCode::OK);
    let c = conn();
    let count = |sql: &str| -> u64 { c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as u64 };
    let members = count("SELECT count(*) FROM customers");
    let both = count("SELECT count(*) FROM customers WHERE online = 1 AND offline = 1");
    let pending = count("SELECT count(*) FROM duplicate_candidates WHERE status = 'pending'");
    assert!(pending >= 1);
    assert_eq!(kpis.json["members"].as_u64(), Some(members));
    assert_eq!(kpis.json["known_both"].as_u64(), Some(both));
    assert!((kpis.json["overlap_rate"].as_f64().unwrap() - both as f64 / members as f64).abs() < 1e-9);
    assert_eq!(kpis.json["duplicates_pending"].as_u64(), Some(pending));

    let queue = get(&app, "/api/v1/duplicates", Some(&admin)).await;
    let pair = queue.json["items"].as_array().unwrap().iter().find(|p| p["first"]["name"] == "钱多多").expect("pair queued");
    assert_eq!(pair["identifier"], "phone");
    assert_eq!(pair["first"]["presence"], "both", "the store visit joined the Douyin record");
    // the phone alone: what the two share and how sure that makes it; each record's evidence
    assert_eq!((pair["matched"]["phone"].as_bool(), pair["matched"]["name"].as_str()), (Some(true), Some("unknown")));
    assert_eq!(pair["confidence"].as_u64(), Some(40), "{pair}");
    assert_eq!(pair["evidence"].as_array().unwrap().len(), 2);
    let confidences: Vec<u64> = queue.json["items"].as_array().unwrap().iter().map(|p| p["confidence"].as_u64().unwrap()).collect();
    assert!(confidences.windows(2).all(|w| w[0] >= w[1]), "surest first: {confidences:?}");
    assert_eq!(queue.json["total"].as_u64(), Some(pending));
    let second = get(&app, "/api/v1/duplicates?page=2&page_size=1", Some(&admin)).await;
    assert_eq!(second.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(second.json["items"][0]["id"], queue.json["items"][1]["id"], "pages follow the same order");
    assert_eq!(pair["first"]["phone_masked"], "137****4401");

    let staff = login(&app, "staff.bj01").await;
    assert_eq!(get(&app, "/api/v1/duplicates", Some(&staff)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&app, "/api/v1/kpis/identity", Some(&staff)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_front_desk_phone_shared_by_many_links_nobody() {
    let app = app();
    let cookie = login(&app, "admin").await;
    let events: Vec<Value> = (0..8)
        .map(|i| event(&format!("desk-{i}"), "store", &format!("SC-DESK-{i}"), "visit", json!({ "name": format!("散客{i}"), "phone": "+86 139 8888 6600" })))
        .collect();
    let r = post(&app, &cookie, events).await;
    assert_eq!(r.json["accepted"], 8);
    assert_eq!(r.json["customers_created"], 8, "a shared phone never merges");
    // the first few look like a family sharing a phone; past the limit it is a front desk
    let pairs = r.json["review_candidates"].as_u64().unwrap();
    assert!(pairs <= 15, "pairs stop once the number is clearly shared: {pairs}");
    let last = customer_of("desk-7");
    let involving_last: i64 = conn().query_row("SELECT count(*) FROM duplicate_candidates WHERE customer_id = ?1 OR other_id = ?1", [last], |r| r.get(0)).unwrap();
    assert_eq!(involving_last, 0);
}
