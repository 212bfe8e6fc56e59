mod common;

use std::collections::HashSet;

use axum::http::StatusCode;
use common::*;
use roundtrip_domain::mask::mask_phone;
use roundtrip_domain::search::{pinyin_keys, PINYIN_MARK};
use serde_json::Value;

fn ids(r: &Reply) -> Vec<i64> {
    r.json["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

/// A customer whose home store is `store` (or online-only when `None`), with a phone.
fn sample(store: Option<i64>) -> (i64, String, String) {
    conn()
        .query_row(
            "SELECT id, phone_e164, name FROM customers WHERE phone_e164 IS NOT NULL AND home_store_id IS NOT DISTINCT FROM ?1 ORDER BY id LIMIT 1",
            [store],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[tokio::test]
async fn search_by_phone_tail_finds_the_customer_and_only_matching_tails() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (id, phone, _) = sample(Some(1));
    let tail = &phone[phone.len() - 4..];
    let r = get(&app, &format!("/api/v1/customers?q={tail}"), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(ids(&r).contains(&id));
    for c in r.json["items"].as_array().unwrap() {
        let masked = c["phone_masked"].as_str().unwrap();
        assert!(masked.ends_with(tail) && masked.contains("****"), "{masked}");
    }
    // no raw phone number anywhere in the answer
    assert!(!r.json.to_string().contains(&phone[3..]));
}

#[tokio::test]
async fn search_by_whole_phone_in_any_format_name_and_member_id() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (id, phone, name) = sample(None);
    let national = &phone[3..];
    let spaced = format!("{} {} {}", &national[..3], &national[3..7], &national[7..]);
    for q in [national.to_string(), format!("%2B86-{national}"), spaced.replace(' ', "%20")] {
        let r = get(&app, &format!("/api/v1/customers?q={q}"), Some(&cookie)).await;
        assert!(ids(&r).contains(&id), "q={q}");
    }
    let by_name = get(&app, &format!("/api/v1/customers?q={}&page_size=100", urlencode(&name)), Some(&cookie)).await;
    assert!(by_name.json["items"].as_array().unwrap().iter().all(|c| c["name"].as_str().unwrap().contains(&name)));
    assert!(by_name.json["total"].as_u64().unwrap() >= 1);
    // the given name alone (inside the name, not its start) finds the customer too
    let given: String = name.chars().skip(1).collect();
    let by_given = get(&app, &format!("/api/v1/customers?q={}&page_size=100&sort=name", urlencode(&given)), Some(&cookie)).await;
    let found: Vec<&str> = by_given.json["items"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(found.iter().all(|n| n.contains(&given)), "{given}: {found:?}");
    assert!(by_given.json["total"].as_u64().unwrap() >= 1, "{given}");

    let member: String = conn()
        .query_row("SELECT value FROM identities WHERE customer_id = ?1 AND kind NOT IN ('phone', 'email') LIMIT 1", [id], |r| r.get(0))
        .unwrap();
    let by_member = get(&app, &format!("/api/v1/customers?q={member}"), Some(&cookie)).await;
    assert_eq!(ids(&by_member), vec![id]);
}

#[tokio::test]
async fn a_surname_with_a_phone_tail_finds_only_that_person() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (id, phone, name) = sample(Some(1));
    let tail = &phone[phone.len() - 4..];
    let surname: String = name.chars().take(1).collect();
    for q in [format!("{surname} {tail}"), format!("{tail} {surname}")] {
        let r = get(&app, &format!("/api/v1/customers?q={}&page_size=100", urlencode(&q)), Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(ids(&r).contains(&id), "{q}");
        for c in r.json["items"].as_array().unwrap() {
            assert!(c["name"].as_str().unwrap().contains(&surname) && c["phone_masked"].as_str().unwrap().ends_with(tail), "{q}: {c}");
        }
        // narrower than either half alone
        let by_tail = get(&app, &format!("/api/v1/customers?q={tail}&page_size=100"), Some(&cookie)).await;
        assert!(r.json["total"].as_u64() <= by_tail.json["total"].as_u64());
    }
    let other_tail = if tail == "0000" { "0001" } else { "0000" };
    let none = get(&app, &format!("/api/v1/customers?q={}", urlencode(&format!("{name} {other_tail}"))), Some(&cookie)).await;
    assert!(!ids(&none).contains(&id));
}

/// Whether `name` has a pinyin key starting with `q` (the domain's rule; its own tests check the
/// readings).
fn pinyin_starts(name: &str, q: &str) -> bool {
    pinyin_keys(name).iter().any(|k| k.trim_start_matches(PINYIN_MARK).starts_with(q))
}

#[tokio::test]
async fn full_pinyin_initials_and_pinyin_with_a_tail_find_a_chinese_name() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let (id, phone, name) = sample(Some(1));
    let tail = &phone[phone.len() - 4..];
    let keys = pinyin_keys(&name);
    let (full, initials) = (keys[0].trim_start_matches(PINYIN_MARK), keys[1].trim_start_matches(PINYIN_MARK));
    let start = &full[..3.min(full.len())];
    for q in [full.to_string(), full.to_uppercase(), initials.to_string(), format!("{start} {tail}"), format!("{tail} {full}")] {
        let r = get(&app, &format!("/api/v1/customers?q={}&page_size=100", urlencode(&q)), Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK, "{q}");
        assert!(ids(&r).contains(&id), "{name} not found by {q}");
        let typed = q.split(' ').find(|w| w.parse::<u32>().is_err()).unwrap().to_lowercase();
        for c in r.json["items"].as_array().unwrap() {
            let other = c["name"].as_str().unwrap();
            assert!(pinyin_starts(other, &typed) || other.to_lowercase().contains(&typed), "{q} found {other}");
        }
    }
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn like_wildcards_in_a_query_match_only_themselves() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let r = get(&app, "/api/v1/customers?q=%25", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["total"], 0);
}

#[tokio::test]
async fn staff_see_their_store_and_online_only_customers_managers_see_all() {
    let app = app();
    let staff = login(&app, "staff.bj01").await;
    let manager = login(&app, "manager.bj01").await;
    let (other_store_customer, _, _) = sample(Some(2));
    let (own_customer, _, _) = sample(Some(1));
    let (online_customer, _, _) = sample(None);

    assert_eq!(get(&app, &format!("/api/v1/customers/{other_store_customer}"), Some(&staff)).await.status, StatusCode::NOT_FOUND);
    assert_eq!(get(&app, &format!("/api/v1/customers/{own_customer}"), Some(&staff)).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/api/v1/customers/{online_customer}"), Some(&staff)).await.status, StatusCode::OK);
    assert_eq!(get(&app, &format!("/api/v1/customers/{other_store_customer}"), Some(&manager)).await.status, StatusCode::OK);

    let staff_total = get(&app, "/api/v1/customers", Some(&staff)).await.json["total"].as_u64().unwrap();
    let all_total = get(&app, "/api/v1/customers", Some(&manager)).await.json["total"].as_u64().unwrap();
    let expected: u64 = conn().query_row("SELECT count(*) FROM customers WHERE home_store_id = 1 OR home_store_id IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(staff_total, expected);
    assert!(all_total > staff_total);
}

#[tokio::test]
async fn pages_are_disjoint_and_page_size_is_capped() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let p1 = get(&app, "/api/v1/customers?page_size=100", Some(&cookie)).await;
    let p2 = get(&app, "/api/v1/customers?page_size=100&page=2", Some(&cookie)).await;
    assert_eq!(p1.json["items"].as_array().unwrap().len(), 100);
    let a: HashSet<i64> = ids(&p1).into_iter().collect();
    assert!(ids(&p2).iter().all(|id| !a.contains(id)));
    assert_eq!(p1.json["total"], p2.json["total"]);

    let default = get(&app, "/api/v1/customers", Some(&cookie)).await;
    assert_eq!(default.json["page_size"], 25);
    assert_eq!(default.json["items"].as_array().unwrap().len(), 25);

    for (uri, field) in [("/api/v1/customers?page_size=101", "page_size"), ("/api/v1/customers?page=0", "page"), ("/api/v1/customers?page_size=0", "page_size")] {
        let r = get(&app, uri, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(error_code(&r), "invalid_query");
        assert_eq!(r.json["error"]["details"]["field"], field);
    }
    let beyond = get(&app, "/api/v1/customers?page=9999", Some(&cookie)).await;
    assert_eq!(beyond.status, StatusCode::OK);
    assert!(ids(&beyond).is_empty());
}

#[tokio::test]
async fn malformed_queries_get_400_not_500() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    for uri in [
        "/api/v1/customers?segment=martians",
        "/api/v1/customers?page=abc",
        "/api/v1/customers?page_size=-1",
        &format!("/api/v1/customers?q={}", "x".repeat(65)),
        "/api/v1/customers/not-a-number",
        // a NUL character is refused alike on both engines (PostgreSQL cannot store one)
        "/api/v1/customers?q=%00abc",
    ] {
        let r = get(&app, uri, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {:?}", r.json);
        assert_eq!(error_code(&r), "invalid_query");
    }
    assert_eq!(get(&app, "/api/v1/customers/999999999", Some(&cookie)).await.status, StatusCode::NOT_FOUND);
    let id = get(&app, "/api/v1/customers?page_size=1", Some(&cookie)).await.json["items"][0]["id"].as_i64().unwrap();
    let version = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await.json["version"].as_i64().unwrap();
    let note = json(&app, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, serde_json::json!({ "version": version, "body": "a\u{0}b" })).await;
    assert_eq!((note.status, error_code(&note)), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body".into()), "{:?}", note.json);
    assert_eq!(note.json["error"]["details"]["reason"], "nul_character");
}

#[tokio::test]
async fn filters_narrow_the_list_and_combine() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let r = get(&app, "/api/v1/customers?segment=gen_z&presence=both&page_size=100", Some(&cookie)).await;
    let items = r.json["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|c| c["segment"] == "gen_z" && c["presence"] == "both"));
    let expected: u64 = conn()
        .query_row("SELECT count(*) FROM customers WHERE segment = 'gen_z' AND online = 1 AND offline = 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r.json["total"].as_u64().unwrap(), expected);

    let lifecycle = get(&app, "/api/v1/customers?lifecycle=decline&tier=basic", Some(&cookie)).await;
    assert!(lifecycle.json["items"].as_array().unwrap().iter().all(|c| c["lifecycle"] == "decline" && c["tier"] == "basic"));
}

#[tokio::test]
async fn list_is_ordered_by_latest_activity() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let r = get(&app, "/api/v1/customers?page_size=50", Some(&cookie)).await;
    let times: Vec<&str> = r.json["items"].as_array().unwrap().iter().map(|c| c["last_active_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]));
}

#[tokio::test]
async fn profile_joins_every_channel_and_masks_personal_data() {
    let app = app();
    let cookie = login(&app, "manager.bj01").await;
    let id: i64 = conn()
        .query_row("SELECT customer_id FROM touchpoints GROUP BY customer_id HAVING count(DISTINCT channel) >= 2 LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let r = get(&app, &format!("/api/v1/customers/{id}"), Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    let p = &r.json;
    assert_eq!(p["summary"]["id"], id);

    let phone: Option<String> = conn().query_row("SELECT phone_e164 FROM customers WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    if let Some(phone) = phone {
        assert_eq!(p["summary"]["phone_masked"], mask_phone(&phone));
        assert!(!p.to_string().contains(&phone[3..]), "raw phone leaked");
    }
    let identities = p["identities"].as_array().unwrap();
    let expected: i64 = conn().query_row("SELECT count(*) FROM identities WHERE customer_id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(identities.len() as i64, expected);

    let tps = p["touchpoints"].as_array().unwrap();
    let channels: HashSet<&str> = tps.iter().map(|t| t["channel"].as_str().unwrap()).collect();
    assert!(channels.len() >= 2);
    let times: Vec<&str> = tps.iter().map(|t| t["occurred_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "timeline is newest first");

    let churn = p["churn"]["score"].as_u64().unwrap();
    assert!(churn <= 100);
    assert!(matches!(p["rfm"]["recency"], Value::Number(_)));
}
