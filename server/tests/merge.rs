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
            "SELECT d.id, d.customer_id, d.other_id FROM duplicate_candidates d JOIN customers c ON c.id IN (d.customer_id, d.other_id) WHERE c.name = ?1",
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
    assert!(r.json["merge_id"].is_i64(), "{:?}", r.json);
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

/// The queue's entry for `candidate`, looked for page by page.
async fn queued(app: &axum::Router, cookie: &str, candidate: i64) -> Option<Value> {
    for page in 1.. {
        let r = get(app, &format!("/api/v1/duplicates?sort=oldest&page_size=100&page={page}"), Some(cookie)).await.json;
        let items = r["items"].as_array().unwrap().clone();
        if let Some(found) = items.iter().find(|p| p["id"] == candidate) {
            return Some(found.clone());
        }
        if items.is_empty() {
            return None;
        }
    }
    None
}

#[tokio::test]
async fn the_same_email_and_name_merge_by_themselves_and_a_contact_alone_is_weighed_for_review() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let ev = |id: &str, source: &str, cid: &str, identity: Value| -> Value {
        json!({ "event_id": format!("wgt-{id}"), "source": source, "source_customer_id": format!("wgt-{cid}"),
                "occurred_at": "2026-11-02T09:00:00+08:00", "type": "inquiry", "identity": identity, "store_id": 1 })
    };
    let r = json(&app, "POST", "/api/v1/events", &cookie, json!({ "events": [
        ev("1", "ctrip", "CT", json!({ "name": "周杰伦", "email": "Jay.Zhou@Example.com", "phone": "135 6666 7711" })),
        // the airline form of the same name, the same address: one person, no review
        ev("2", "fliggy", "FG", json!({ "name": "ZHOU/JIELUN", "email": "jay.zhou@example.com" })),
        // his wife on the family phone: a different name, so a manager decides
        ev("3", "store", "SC", json!({ "name": "昆凌", "phone": "135 6666 7711" })),
    ] })).await;
    assert_eq!(r.json["accepted"], 3, "{:?}", r.json);
    let holders: i64 = conn().query_row("SELECT count(*) FROM customers WHERE email = 'jay.zhou@example.com' AND merged_into IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(holders, 1, "the e-mail and the name in pinyin merged without review");
    let (candidate, _, _) = candidate_for("昆凌");
    let pair = queued(&app, &cookie, candidate).await.expect("the family phone is queued");
    assert_eq!(pair["matched"]["phone"], true);
    assert_eq!(pair["matched"]["name"], "different");
    assert!(pair["confidence"].as_u64().unwrap() < 50, "{pair}");
    // surest first: nothing below it outranks it
    let first = get(&app, "/api/v1/duplicates?page_size=100", Some(&cookie)).await.json;
    let scores: Vec<u64> = first["items"].as_array().unwrap().iter().map(|p| p["confidence"].as_u64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[tokio::test]
async fn many_pairs_are_reviewed_at_once_each_audited_and_undone_on_its_own() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (c1, a1, _) = pair(&app, &cookie, "唐玄奘", "135 6666 7721", "pa1").await;
    let (c2, _, _) = pair(&app, &cookie, "敖烈", "135 6666 7722", "qb2").await;
    let (c3, _, _) = pair(&app, &cookie, "黑熊精", "135 6666 7723", "rc3").await;

    let dismissed = json(&app, "POST", "/api/v1/duplicates/bulk", &cookie, json!({ "action": "dismiss", "ids": [c1, c2] })).await;
    assert_eq!(dismissed.status, StatusCode::OK, "{:?}", dismissed.json);
    assert_eq!(dismissed.json["items"].as_array().unwrap().iter().map(|i| i["outcome"].as_str().unwrap()).collect::<Vec<_>>(), ["dismissed", "dismissed"]);
    // one dismissal undone: only that pair is back
    let restore = send(&app, axum::http::Request::post(format!("/api/v1/duplicates/{c1}/restore")).header("cookie", &cookie).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(restore.status, StatusCode::NO_CONTENT);
    assert!(queued(&app, &cookie, c1).await.is_some());
    assert!(queued(&app, &cookie, c2).await.is_none());

    // a merge of three: the still-dismissed one is skipped, each other merged by its own merge
    let merged = json(&app, "POST", "/api/v1/duplicates/bulk", &cookie, json!({ "action": "merge", "ids": [c1, c2, c3, c1] })).await;
    assert_eq!(merged.status, StatusCode::OK, "{:?}", merged.json);
    let items = merged.json["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| i["outcome"].as_str().unwrap()).collect::<Vec<_>>(), ["merged", "skipped", "merged"], "each id once");
    assert_eq!(items[0]["merge"]["survivor_id"], a1, "the older record survives");
    let (m1, m3) = (items[0]["merge"]["merge_id"].as_i64().unwrap(), items[2]["merge"]["merge_id"].as_i64().unwrap());
    assert_ne!(m1, m3);
    let undo = send(&app, axum::http::Request::post(format!("/api/v1/merges/{m1}/unmerge")).header("cookie", &cookie).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(undo.status, StatusCode::OK);
    assert!(queued(&app, &cookie, c1).await.is_some(), "the undone merge's pair is back");
    assert!(queued(&app, &cookie, c3).await.is_none(), "the other merge stands");

    let admin = login(&app, "admin").await;
    let log = get(&app, "/api/v1/audit?page_size=200", Some(&admin)).await.json;
    let actions: Vec<(String, String)> = log["entries"].as_array().unwrap().iter()
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["subject"].as_str().unwrap_or_default().to_owned()))
        .collect();
    for (action, subject) in [("dismiss_duplicate", format!("duplicate:{c1}")), ("dismiss_duplicate", format!("duplicate:{c2}")), ("restore_duplicate", format!("duplicate:{c1}"))] {
        assert!(actions.contains(&(action.to_owned(), subject.clone())), "{action} {subject} audited");
    }
    assert_eq!(log["entries"].as_array().unwrap().iter().filter(|e| e["action"] == "merge" && (e["detail"]["merge"] == m1 || e["detail"]["merge"] == m3)).count(), 2);

    let none = json(&app, "POST", "/api/v1/duplicates/bulk", &cookie, json!({ "action": "merge", "ids": [] })).await;
    assert_eq!((none.status, none.json["error"]["details"]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("ids")));
    let staff = login(&app, "staff.bj01").await;
    let denied = json(&app, "POST", "/api/v1/duplicates/bulk", &staff, json!({ "action": "dismiss", "ids": [c3] })).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}

/// The committed labelled set (`datasets/matching-labelled.csv`).
fn labelled() -> Vec<roundtrip_domain::matching::labelled::LabelledRecord> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets/matching-labelled.csv");
    csv::Reader::from_path(path).unwrap().deserialize().collect::<Result<_, _>>().unwrap()
}

#[test]
fn the_committed_labelled_set_is_the_generators_and_meets_the_targets() {
    use roundtrip_server::seed::labelled::{labelled_set, SetOptions};
    let set = labelled();
    assert!(set == labelled_set(SetOptions::default()), "regenerate: roundtrip-server matching-set > datasets/matching-labelled.csv");
    for scenario in ["single", "family", "front_desk", "same_name"] {
        assert!(set.iter().filter(|r| r.scenario == scenario).count() > 100, "{scenario}");
    }
    let e = roundtrip_domain::matching::labelled::evaluate(&set);
    assert!(e.score.precision >= 0.995 && e.score.recall >= 0.95, "{:?}", e.score);
}

#[tokio::test]
async fn the_labelled_set_ingested_through_the_api_lands_as_the_matcher_says() {
    use roundtrip_domain::matching::labelled::{resolve_all, score};
    use roundtrip_domain::resolve::Who;
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let set = labelled();
    for chunk in set.chunks(500) {
        let events: Vec<_> = chunk.iter().map(|r| r.event()).collect();
        let r = json(&app, "POST", "/api/v1/events", &cookie, json!({ "events": events })).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
        assert!(r.json["rejected"].as_array().unwrap().is_empty(), "{:?}", r.json["rejected"]);
    }
    let c = conn();
    let stored: Vec<Who> = set.iter().map(|r| {
        let id: i64 = c.query_row("SELECT customer_id FROM ingested_events WHERE event_id = ?1", [format!("labelled-{}", r.record)], |r| r.get(0)).unwrap();
        Who::Stored(id)
    }).collect();
    let (expected, suggested) = resolve_all(&set);
    // the same partition of the records, whatever the customers' ids
    let partition = |who: &[Who]| -> Vec<usize> {
        let mut first = std::collections::HashMap::new();
        who.iter().enumerate().map(|(i, w)| *first.entry(*w).or_insert(i)).collect()
    };
    assert!(partition(&stored) == partition(&expected), "the server merged otherwise than the matcher");
    let e = score(&set, &stored, &suggested);
    assert!(e.score.precision >= 0.995 && e.score.recall >= 0.95, "{:?}", e.score);
}
