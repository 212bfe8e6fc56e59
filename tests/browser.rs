//! In-browser tests, run in headless Chromium by wasm-bindgen-test-runner: the IndexedDB
//! profile cache, URL round trips of a customer search, and locale handling.

use chrono::{NaiveDate, TimeZone, Utc};
use roundtrip_console::api::customers::{from_query, query_string};
use roundtrip_console::cache::{self, profiles};
use roundtrip_console::i18n::{format_date, format_money, Locale};
use roundtrip_domain::dto::*;
use roundtrip_domain::scoring::{ChurnReason, ChurnRisk, Rfm};
use roundtrip_domain::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn profile(id: i64) -> CustomerProfile {
    let t = Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap();
    CustomerProfile {
        summary: CustomerSummary {
            id,
            name: "张伟".into(),
            phone_masked: Some("138****5678".into()),
            segment: Segment::Business,
            tier: Tier::Gold,
            points: 23_000,
            lifecycle: Lifecycle::Mature,
            presence: Presence::Both,
            home_store: Some(StoreRef { id: 1, name: "北京朝阳门店".into(), city: "北京".into() }),
            churn_risk: 30,
            last_active_at: t,
        },
        email_masked: None,
        city: "北京".into(),
        birth_year: Some(1985),
        first_seen_at: t,
        lifetime_value_fen: 4_500_000,
        rfm: Rfm { recency: 5, frequency: 4, monetary: 4 },
        churn: ChurnRisk { score: 30, reasons: vec![ChurnReason::UnresolvedComplaint] },
        last_nps: Some(9),
        tags: vec!["商务出行".into()],
        identities: vec![],
        touchpoints: vec![Touchpoint {
            id: 1,
            channel: Channel::Ctrip,
            stage: Stage::PreDecision,
            kind: "inquiry".into(),
            occurred_at: t,
            summary: "咨询东京行程".into(),
            sentiment: Some(0.5),
            promise: Some("定制东京行程".into()),
            fulfils: None,
            kept: None,
        }],
        orders: vec![],
        tickets: vec![],
        communities: vec![],
        referrals: 0,
        preferences: roundtrip_domain::insight::Preferences { destinations: vec!["东京".into()], budget: None, companions: roundtrip_domain::insight::Companions::Solo },
        before_arrival: vec![],
        notes: vec![],
        follow_ups: vec![],
        version: 3,
    }
}

#[wasm_bindgen_test]
async fn a_saved_profile_reads_back_identical_and_wipe_removes_it() {
    let db = "wbt-profiles";
    cache::wipe(db).await.expect("start clean");
    assert_eq!(profiles::load(db, 7).await.expect("read"), None);

    let p = profile(7);
    profiles::save(db, &p).await.expect("save");
    let back = profiles::load(db, 7).await.expect("read").expect("cached");
    assert_eq!(back.profile, p);
    assert!(Utc::now() - back.saved_at < chrono::Duration::minutes(1));
    assert_eq!(profiles::load(db, 8).await.expect("read other"), None);

    // a newer copy replaces the old one
    let mut newer = profile(7);
    newer.version = 4;
    profiles::save(db, &newer).await.expect("save newer");
    assert_eq!(profiles::load(db, 7).await.unwrap().unwrap().profile.version, 4);

    cache::wipe(db).await.expect("wipe");
    assert_eq!(profiles::load(db, 7).await.expect("read after wipe"), None);
}

#[wasm_bindgen_test]
fn a_customer_search_survives_the_url() {
    let q = CustomerQuery {
        q: Some("张伟 138".into()),
        segment: Some(Segment::GenZ),
        tier: None,
        lifecycle: Some(Lifecycle::Decline),
        presence: Some(Presence::Both),
        store_id: Some(4),
        tag: Some("海岛".into()),
        at_risk: Some(true),
        sort: Some(CustomerSort::ChurnRisk),
        page: Some(3),
        page_size: None,
    };
    let qs = query_string(&q);
    assert!(!qs.contains(' '), "encoded: {qs}");
    let pairs: Vec<(String, String)> = qs
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), js_sys::decode_uri_component(v).unwrap().as_string().unwrap())
        })
        .collect();
    let back = from_query(|k| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone()));
    assert_eq!(back, q);
    // junk in a hand-edited link is ignored rather than breaking the page
    let junk = from_query(|k| match k {
        "segment" => Some("martians".into()),
        "page" => Some("0".into()),
        _ => None,
    });
    assert_eq!(junk, CustomerQuery::default());
}

#[wasm_bindgen_test]
fn locale_is_remembered_and_sets_the_document_language() {
    Locale::En.apply();
    assert_eq!(Locale::detect(), Locale::En);
    Locale::Zh.apply();
    assert_eq!(Locale::detect(), Locale::Zh);
    let lang = web_sys::window().unwrap().document().unwrap().document_element().unwrap().get_attribute("lang");
    assert_eq!(lang.as_deref(), Some("zh-CN"));
}

#[wasm_bindgen_test]
fn dates_and_money_are_written_per_locale() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    assert_eq!(format_date(d, Locale::Zh), "2026年11月23日");
    assert_eq!(format_date(d, Locale::En), "Nov 23, 2026");
    assert_eq!(format_money(1_234_567_00, Locale::En), "¥1,234,567");
}
