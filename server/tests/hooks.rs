//! Channel receivers end to end through the real router and the real worker: each platform's
//! side is simulated from its published specification (common/channels.rs). A good delivery
//! is taken once; a tampered body or signature is 401; a stale timestamp and a replay are
//! refused; a duplicate is one event; out-of-order deliveries are fine; a failing delivery is
//! retried, dead-lettered, and replayed exactly once.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::channels::{contact_event, douyin_message, douyin_signature, oa_event, oa_text, Wecom};
use roundtrip_server::channels::worker::run_once;
use roundtrip_server::db::Db;
use roundtrip_server::state::AppState;
use serde_json::json;

fn setup() -> (AppState, Router) {
    let state = common::state_on(Db::open(&common::target()).unwrap(), Default::default());
    (state.clone(), common::app_of(state))
}

async fn hook(app: &Router, method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> common::Reply {
    let mut req = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    common::send(app, req.body(Body::from(body.to_owned())).unwrap()).await
}

/// Runs the worker until `account` has nothing pending (another test's worker may hold a
/// claim on one of its deliveries for a moment).
async fn drain(state: &AppState, account: &str) {
    let conn = common::conn();
    let started = std::time::Instant::now();
    loop {
        run_once(state, chrono::Utc::now(), 3).await.unwrap();
        let pending: i64 = conn
            .query_row("SELECT count(*) FROM deliveries d JOIN connectors c ON c.id = d.connector_id WHERE c.account = ?1 AND d.status = 'pending'", [account], |r| r.get(0))
            .unwrap();
        if pending == 0 {
            return;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(10), "{account}: deliveries still pending");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The touchpoint summaries on the profile of the customer known by `source_id`.
async fn timeline(app: &Router, cookie: &str, source_id: &str) -> Vec<String> {
    let conn = common::conn();
    let id: Option<i64> = conn.query_row("SELECT max(customer_id) FROM identities WHERE value = ?1", [source_id], |r| r.get(0)).unwrap();
    let Some(id) = id else { return vec![] };
    let profile = common::get(app, &format!("/api/v1/customers/{id}"), Some(cookie)).await;
    assert_eq!(profile.status, StatusCode::OK, "{:?}", profile.json);
    profile.json["touchpoints"].as_array().unwrap().iter().map(|t| t["summary"].as_str().unwrap_or("").to_owned()).collect()
}

async fn connect(app: &Router, admin: &str, body: serde_json::Value) -> serde_json::Value {
    let reply = common::json(app, "POST", "/api/v1/connectors", admin, body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.json);
    reply.json
}

#[tokio::test]
async fn wecom_contact_events_arrive_once_and_signed() {
    let (state, app) = setup();
    let admin = common::login(&app, "admin").await;
    let corp = Wecom::new("RtToken42", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "ww-roundtrip-hq");
    let added = connect(&app, &admin, json!({ "channel": "wecom", "account": "hq", "store_id": 1,
        "secrets": { "token": corp.token, "aes_key": corp.aes_key, "receive_id": corp.corp_id } })).await;
    assert_eq!(added["path"], "/hooks/wecom/hq");
    let listed = common::get(&app, "/api/v1/connectors", Some(&admin)).await;
    assert!(!listed.json.to_string().contains("RtToken42"), "a secret was listed");

    // the address check: the echo decrypted
    let now = chrono::Utc::now().timestamp();
    let check = hook(&app, "GET", &format!("/hooks/wecom/hq?{}", corp.check("8803118", now, "n-check")), &[], "").await;
    assert_eq!((check.status, check.json.clone()), (StatusCode::OK, json!(8803118)));

    // a contact added at the store's QR code: acknowledged, then on a profile once
    let event = contact_event(&corp.corp_id, "add_external_contact", "adviser-li", "wmWECOM-7731", now - 30);
    let signed = corp.post(&event, now, "n-1");
    let uri = format!("/hooks/wecom/hq?{}", signed.query);
    let first = hook(&app, "POST", &uri, &[], &signed.body).await;
    assert_eq!((first.status, first.json.clone()), (StatusCode::OK, json!("success")));
    // the same signed request again is a replay
    let again = hook(&app, "POST", &uri, &[], &signed.body).await;
    assert_eq!((again.status, common::error_code(&again)), (StatusCode::UNAUTHORIZED, "hook_replay".into()));
    // the platform delivering the same event anew (its retry): stored once
    let retry = corp.post(&event, now + 5, "n-2");
    let retried = hook(&app, "POST", &format!("/hooks/wecom/hq?{}", retry.query), &[], &retry.body).await;
    assert_eq!(retried.status, StatusCode::OK);
    drain(&state, "hq").await;
    let seen = timeline(&app, &admin, "wmWECOM-7731").await;
    assert_eq!(seen.iter().filter(|s| s.contains("adviser-li")).count(), 1, "{seen:?}");

    // tampered body, tampered signature, a stale timestamp, another corp's key
    let other = corp.post(&contact_event(&corp.corp_id, "add_external_contact", "adviser-li", "wmWECOM-9999", now), now, "n-3");
    let tampered = other.body.replace("<Encrypt><![CDATA[", "<Encrypt><![CDATA[A");
    let r = hook(&app, "POST", &format!("/hooks/wecom/hq?{}", other.query), &[], &tampered).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_signature".into()));
    let forged = other.query.replacen("msg_signature=", "msg_signature=0", 1);
    let r = hook(&app, "POST", &format!("/hooks/wecom/hq?{forged}"), &[], &other.body).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_signature".into()));
    let stale = corp.post(&event, now - 600, "n-4");
    let r = hook(&app, "POST", &format!("/hooks/wecom/hq?{}", stale.query), &[], &stale.body).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_stale".into()));
    let stranger = Wecom::new("RtToken42", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "ww-roundtrip-hq").post(&event, now, "n-5");
    let r = hook(&app, "POST", &format!("/hooks/wecom/hq?{}", stranger.query), &[], &stranger.body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "a body under another key does not decrypt: {:?}", r.json);
    let r = hook(&app, "POST", "/hooks/wecom/nobody?msg_signature=x&timestamp=1&nonce=1", &[], "<xml/>").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(timeline(&app, &admin, "wmWECOM-9999").await.is_empty(), "a refused delivery reached a profile");

    // rotation: old and new secrets both taken until it is finished
    let id = added["id"].as_i64().unwrap();
    let new = Wecom::new("RtToken43", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "ww-roundtrip-hq");
    let rotated = common::json(&app, "POST", &format!("/api/v1/connectors/{id}/secrets"), &admin,
        json!({ "token": new.token, "aes_key": new.aes_key, "receive_id": new.corp_id })).await;
    assert_eq!((rotated.status, rotated.json["rotating"].clone()), (StatusCode::OK, json!(true)));
    for (sim, nonce) in [(&corp, "n-6"), (&new, "n-7")] {
        let s = sim.post(&contact_event(&corp.corp_id, "add_external_contact", nonce, "wmWECOM-ROT", now), now, nonce);
        assert_eq!(hook(&app, "POST", &format!("/hooks/wecom/hq?{}", s.query), &[], &s.body).await.status, StatusCode::OK);
    }
    let finished = common::json(&app, "DELETE", &format!("/api/v1/connectors/{id}/secrets/previous"), &admin, json!(null)).await;
    assert_eq!(finished.json["rotating"], json!(false));
    let s = corp.post(&contact_event(&corp.corp_id, "add_external_contact", "late", "wmWECOM-ROT", now), now, "n-8");
    assert_eq!(hook(&app, "POST", &format!("/hooks/wecom/hq?{}", s.query), &[], &s.body).await.status, StatusCode::UNAUTHORIZED);
    let audit = common::get(&app, "/api/v1/audit?action=connector_rotated", Some(&admin)).await;
    assert_eq!(audit.json["total"], json!(2), "{:?}", audit.json);
}

#[tokio::test]
async fn wechat_official_account_follows_and_messages() {
    let (state, app) = setup();
    let admin = common::login(&app, "admin").await;
    let oa = Wecom::new("OaToken7", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wx-roundtrip-app");
    connect(&app, &admin, json!({ "channel": "wechat", "account": "travel-oa", "secrets": { "token": oa.token, "aes_key": oa.aes_key, "receive_id": oa.corp_id } })).await;
    let now = chrono::Utc::now().timestamp();

    // the address check echoes echostr under the plain signature
    let check = format!("/hooks/wechat/travel-oa?signature={}&timestamp={now}&nonce=c1&echostr=7730021", oa.plain_signature(now, "c1"));
    let r = hook(&app, "GET", &check, &[], "").await;
    assert_eq!((r.status, r.json.clone()), (StatusCode::OK, json!(7730021)));

    // encrypted: a follow from a store's QR code, then a question
    for (n, message) in [oa_event("o-follower-88", "subscribe", "qrscene_store-bj01", now - 20), oa_text("o-follower-88", "清迈有亲子酒店推荐吗", 6_200_000_001, now - 10)].iter().enumerate() {
        let s = oa.post_safe(message, now, &format!("s{n}"));
        let r = hook(&app, "POST", &format!("/hooks/wechat/travel-oa?{}", s.query), &[], &s.body).await;
        assert_eq!((r.status, r.json.clone()), (StatusCode::OK, json!("success")), "{:?}", r.json);
    }
    // plain mode is refused: nothing signs its body
    let plain = oa.post_plain(&oa_text("o-follower-88", "伪造的消息", 6_200_000_002, now), now, "p1");
    let r = hook(&app, "POST", &format!("/hooks/wechat/travel-oa?{}", plain.query), &[], &plain.body).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_plain_refused".into()));
    drain(&state, "travel-oa").await;
    let seen = timeline(&app, &admin, "o-follower-88").await;
    assert!(seen.contains(&"扫码关注公众号（场景 store-bj01）".to_owned()) && seen.contains(&"公众号消息：清迈有亲子酒店推荐吗".to_owned()), "{seen:?}");
    assert!(!seen.iter().any(|s| s.contains("伪造")), "{seen:?}");

    // an account an admin allowed in plain mode: its token alone verifies
    connect(&app, &admin, json!({ "channel": "wechat", "account": "plain-oa", "plain_allowed": true, "secrets": { "token": "PlainTok" } })).await;
    let plain_oa = Wecom::new("PlainTok", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "");
    let p = plain_oa.post_plain(&oa_event("o-follower-99", "unsubscribe", "", now), now, "p2");
    let r = hook(&app, "POST", &format!("/hooks/wechat/plain-oa?{}", p.query), &[], &p.body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    let again = hook(&app, "POST", &format!("/hooks/wechat/plain-oa?{}", p.query), &[], &p.body).await;
    assert_eq!((again.status, common::error_code(&again)), (StatusCode::UNAUTHORIZED, "hook_replay".into()));
    drain(&state, "plain-oa").await;
    assert_eq!(timeline(&app, &admin, "o-follower-99").await, vec!["取消关注公众号".to_owned()]);
}

#[tokio::test]
async fn wechat_pay_payments_and_refunds_in_any_order() {
    use common::channels::wechat_pay::{self as pay, notify, payment, refund};
    let (state, app) = setup();
    let admin = common::login(&app, "admin").await;
    connect(&app, &admin, json!({ "channel": "wechat_pay", "account": "mch", "store_id": 2,
        "secrets": { "receive_id": pay::MCH_ID, "api_v3_key": pay::API_V3_KEY, "public_key": pay::public_key() } })).await;
    let now = chrono::Utc::now().timestamp();
    let send = |(body, headers): (String, Vec<(String, String)>)| {
        let app = app.clone();
        async move {
            let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            hook(&app, "POST", "/hooks/wechat_pay/mch", &headers, &body).await
        }
    };

    // the refund arrives before its payment: kept, and it waits for the payment
    let r = send(notify("EV-2026120100001", "REFUND.SUCCESS", &refund("4200002026113000001", "50300002026120100001", 20_000), now, "n-r1")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    run_once(&state, chrono::Utc::now(), 3).await.unwrap();
    let waiting: (String, Option<String>) = common::conn()
        .query_row("SELECT status, failure FROM deliveries WHERE message_id = 'refund:50300002026120100001'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(waiting, ("pending".to_owned(), Some("unreadable".to_owned())));

    // the payment, twice (WeChat Pay notifying again with a new id): one event
    let paid = payment("4200002026113000001", "o-pay-buyer-1", 99_900);
    assert_eq!(send(notify("EV-2026113000007", "TRANSACTION.SUCCESS", &paid, now, "n-p1")).await.status, StatusCode::OK);
    assert_eq!(send(notify("EV-2026113000008", "TRANSACTION.SUCCESS", &paid, now, "n-p2")).await.status, StatusCode::OK);
    drain(&state, "mch").await;
    let seen = timeline(&app, &admin, "o-pay-buyer-1").await;
    assert_eq!(seen.iter().filter(|s| s.starts_with("微信支付 ¥999.00")).count(), 1, "{seen:?}");
    assert_eq!(seen.iter().filter(|s| s.starts_with("微信支付退款 ¥200.00")).count(), 1, "{seen:?}");

    // forged, stale, replayed, and WeChat Pay's own signature probe: all refused
    let (body, headers) = notify("EV-2026113000009", "TRANSACTION.SUCCESS", &payment("4200002026113000002", "o-pay-x", 1), now, "n-p3");
    let tampered = body.replace("支付成功", "支付失败");
    let hs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = hook(&app, "POST", "/hooks/wechat_pay/mch", &hs, &tampered).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_signature".into()));
    assert_eq!(hook(&app, "POST", "/hooks/wechat_pay/mch", &hs, &body).await.status, StatusCode::OK);
    let r = hook(&app, "POST", "/hooks/wechat_pay/mch", &hs, &body).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_replay".into()));
    let r = send(notify("EV-2026113000010", "TRANSACTION.SUCCESS", &payment("4200002026113000003", "o-pay-y", 1), now - 900, "n-p4")).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_stale".into()));
    let (probe_body, mut probe) = notify("EV-2026113000011", "TRANSACTION.SUCCESS", &payment("4200002026113000004", "o-pay-z", 1), now, "n-p5");
    probe[2].1 = format!("WECHATPAY/SIGNTEST/{}", probe[2].1);
    let r = send((probe_body, probe)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn douyin_messages_dedupe_by_message_id_in_any_order() {
    let (state, app) = setup();
    let admin = common::login(&app, "admin").await;
    connect(&app, &admin, json!({ "channel": "douyin", "account": "flagship", "secrets": { "client_secret": "dy-secret-1" } })).await;
    let sign = |body: &str| douyin_signature("dy-secret-1", body);

    let verify = r#"{"event":"verify_webhook","client_key":"awx1","content":{"challenge":12345}}"#;
    let r = hook(&app, "POST", "/hooks/douyin/flagship", &[("x-douyin-signature", &sign(verify)), ("content-type", "application/json")], verify).await;
    assert_eq!((r.status, r.json.clone()), (StatusCode::OK, json!({ "challenge": 12345 })));

    // two messages delivered newest first, the newer one twice (a byte-identical retry)
    let t = chrono::Utc::now().timestamp() - 3600;
    let older = douyin_message("awx1", "dy-open-5521", "三亚亲子游还有名额吗", t);
    let newer = douyin_message("awx1", "dy-open-5521", "想订两大一小", t + 600);
    for (body, msg_id) in [(&newer, "m-2"), (&newer, "m-2"), (&older, "m-1")] {
        let r = hook(&app, "POST", "/hooks/douyin/flagship", &[("x-douyin-signature", &sign(body)), ("msg-id", msg_id)], body).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    }
    // tampered body: refused
    let forged = newer.replace("两大一小", "三大两小");
    let r = hook(&app, "POST", "/hooks/douyin/flagship", &[("x-douyin-signature", &sign(&newer)), ("msg-id", "m-3")], &forged).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::UNAUTHORIZED, "hook_signature".into()));
    let r = hook(&app, "POST", "/hooks/douyin/flagship", &[("msg-id", "m-4")], &newer).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::BAD_REQUEST, "hook_malformed".into()));

    drain(&state, "flagship").await;
    let seen = timeline(&app, &admin, "dy-open-5521").await;
    let mine: Vec<&String> = seen.iter().filter(|s| s.starts_with("抖音私信")).collect();
    assert_eq!(mine.len(), 2, "{seen:?}");
    // the profile orders them by when they were said, not when they arrived
    let (a, b) = (seen.iter().position(|s| s.contains("三亚")).unwrap(), seen.iter().position(|s| s.contains("两大一小")).unwrap());
    assert!(b < a, "newest first: {seen:?}");

    // the person asks to be erased: the raw messages go too, and a late retry stays a repeat
    let conn = common::conn();
    let id: i64 = conn.query_row("SELECT max(customer_id) FROM identities WHERE value = 'dy-open-5521'", [], |r| r.get(0)).unwrap();
    let name = common::get(&app, &format!("/api/v1/customers/{id}"), Some(&admin)).await.json["summary"]["name"].as_str().unwrap().to_owned();
    let erased = common::json(&app, "POST", &format!("/api/v1/customers/{id}/erase"), &admin, json!({ "reason": "客户书面申请删除（工单 DSR-9）", "confirm_name": name })).await;
    assert_eq!(erased.status, StatusCode::OK, "{:?}", erased.json);
    let kept: Vec<String> = conn
        .prepare_cached("SELECT d.message FROM deliveries d JOIN connectors c ON c.id = d.connector_id WHERE c.account = 'flagship' AND d.message_id IN ('m-1', 'm-2') ORDER BY d.message_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, ["", ""], "the delivered messages held what the person wrote");
    let r = hook(&app, "POST", "/hooks/douyin/flagship", &[("x-douyin-signature", &sign(&newer)), ("msg-id", "m-2")], &newer).await;
    assert_eq!(r.status, StatusCode::OK);
    drain(&state, "flagship").await;
    assert!(timeline(&app, &admin, "dy-open-5521").await.is_empty(), "not brought back by a retry");
}

#[tokio::test]
async fn a_failing_delivery_is_retried_dead_lettered_and_replayed_once() {
    let (state, app) = setup();
    let admin = common::login(&app, "admin").await;
    connect(&app, &admin, json!({ "channel": "douyin", "account": "outlet", "secrets": { "client_secret": "dy-secret-2" } })).await;
    // the database refuses this delivery's event (as a constraint added by hand would)
    let conn = common::conn();
    let refuse = if common::on_postgres() {
        "CREATE FUNCTION rt_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
         CREATE TRIGGER rt_test_refuse BEFORE INSERT ON ingested_events FOR EACH ROW WHEN (NEW.event_id = 'douyin:m-dead') EXECUTE FUNCTION rt_test_refuse();"
    } else {
        "CREATE TRIGGER rt_test_refuse BEFORE INSERT ON ingested_events WHEN NEW.event_id = 'douyin:m-dead' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;"
    };
    conn.execute_batch(refuse).unwrap();
    let body = douyin_message("awx1", "dy-open-dead", "签证材料清单", chrono::Utc::now().timestamp());
    let r = hook(&app, "POST", "/hooks/douyin/outlet", &[("x-douyin-signature", &douyin_signature("dy-secret-2", &body)), ("msg-id", "m-dead")], &body).await;
    assert_eq!(r.status, StatusCode::OK);

    // three attempts, each due after the last one's backoff (the other tests' workers share
    // the inbox, so what this one claims is not counted), then no more
    let mut now = chrono::Utc::now();
    for _ in 1..=4 {
        run_once(&state, now, 3).await.unwrap();
        now += chrono::Duration::minutes(5);
    }
    let dead = common::get(&app, "/api/v1/deliveries/dead", Some(&admin)).await;
    let letter = dead.json.as_array().unwrap().iter().find(|d| d["message_id"] == "m-dead").cloned().expect("dead-lettered");
    assert_eq!(letter["attempts"], json!(3));
    assert_eq!(letter["failure"], json!("refused"), "{letter}");
    assert!(letter["error"].as_str().unwrap().contains("internal"), "{letter}");
    assert!(timeline(&app, &admin, "dy-open-dead").await.is_empty());

    // a manager may not replay; an admin does, twice in a row: one replay, one event
    let manager = common::login(&app, "manager.bj01").await;
    let id = letter["id"].as_i64().unwrap();
    let r = common::json(&app, "POST", &format!("/api/v1/deliveries/{id}/replay"), &manager, json!(null)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    conn.execute_batch(if common::on_postgres() { "DROP TRIGGER rt_test_refuse ON ingested_events; DROP FUNCTION rt_test_refuse();" } else { "DROP TRIGGER rt_test_refuse;" }).unwrap();
    let r = common::json(&app, "POST", &format!("/api/v1/deliveries/{id}/replay"), &admin, json!(null)).await;
    assert_eq!((r.status, r.json["status"].clone()), (StatusCode::OK, json!("pending")));
    let r = common::json(&app, "POST", &format!("/api/v1/deliveries/{id}/replay"), &admin, json!(null)).await;
    assert_eq!((r.status, common::error_code(&r)), (StatusCode::CONFLICT, "not_dead".into()));
    drain(&state, "outlet").await;
    let seen = timeline(&app, &admin, "dy-open-dead").await;
    assert_eq!(seen.iter().filter(|s| s.contains("签证材料清单")).count(), 1, "{seen:?}");
    let audit = common::get(&app, "/api/v1/audit?action=delivery_replayed", Some(&admin)).await;
    assert_eq!(audit.json["total"], json!(1));
}
