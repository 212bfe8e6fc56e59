//! In-browser tests, run in headless Chromium by wasm-bindgen-test-runner: the IndexedDB
//! profile cache, the outbox and the offline roster, URL round trips of a customer search,
//! and locale handling.

use chrono::{NaiveDate, TimeZone, Utc};
use roundtrip_console::api::customers::{from_query, query_string};
use roundtrip_console::cache::outbox::{self, QueuedState};
use roundtrip_console::cache::{self, profiles, roster};
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
            version: 3,
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
        consents: vec![],
        id_numbers_masked: vec![],
        companions: vec![],
        travelling_on: vec![],
        documents: vec![],
        trip_checks: vec![],
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

#[wasm_bindgen_test]
async fn the_outbox_keeps_order_rebases_own_edits_and_holds_conflicts() {
    let db = "wbt-outbox";
    cache::wipe(db).await.expect("start clean");
    let first = outbox::queued(7, "张伟".into(), 3, EditChange::Note { body: "到店咨询".into() });
    let second = outbox::queued(8, "李娜".into(), 5, EditChange::Tags { add: vec!["海岛".into()], remove: vec![] });
    let third = outbox::queued(7, "张伟".into(), 3, EditChange::Tags { add: vec![], remove: vec!["VIP".into()] });
    for e in [&first, &second, &third] {
        outbox::enqueue(db, e).await.expect("queued durably");
    }
    // a fresh connection (as after a reload) reads them back in the order they were made
    let all = outbox::all(db).await.expect("read");
    assert_eq!(all, vec![first.clone(), second.clone(), third.clone()]);
    assert!(first.key() < second.key() && second.key() < third.key());

    // the server applied the first on version 3 → 4: the third (same customer, same base) follows
    outbox::remove(db, first.key()).await.expect("remove");
    let after = outbox::rebase_stored(db, 7, 3, 4).await.expect("rebase");
    assert_eq!(after.iter().map(|e| (e.edit.customer_id, e.edit.base_version)).collect::<Vec<_>>(), vec![(8, 5), (7, 4)]);
    assert_eq!(outbox::all(db).await.unwrap()[1].edit.base_version, 4, "stored, not just in memory");

    // a conflict is held with the server's state until someone decides
    let mut held = after[1].clone();
    let server = CustomerEdits { version: 6, tags: vec!["VIP".into(), "经理加的".into()], notes: vec![], follow_ups: vec![] };
    held.state = QueuedState::Conflict { server: server.clone() };
    outbox::save(db, &held).await.expect("hold");
    let back = outbox::all(db).await.unwrap();
    assert_eq!(back[1].state, QueuedState::Conflict { server });
    assert!(!back[1].is_waiting());

    cache::wipe(db).await.expect("sign-out wipes the outbox");
    assert!(outbox::all(db).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn the_roster_finds_a_walk_in_by_name_or_phone_tail_offline() {
    let db = "wbt-roster";
    cache::wipe(db).await.expect("start clean");
    let rows: Vec<CustomerSummary> = (0..2_500)
        .map(|i| {
            let mut s = profile(i).summary;
            s.name = format!("客户{i:04}");
            s.phone_masked = Some(format!("138****{:04}", 1000 + i));
            s
        })
        .collect();
    let info = roster::save(db, &rows).await.expect("save in chunks");
    assert_eq!(info.customers, 2_500);
    let back = roster::load(db).await.expect("load");
    assert_eq!(back, rows, "every chunk, in order");
    assert_eq!(roster::info(db).await.unwrap().unwrap().customers, 2_500);

    let by_name: Vec<i64> = roster::search(&back, "客户0042", 10).iter().map(|c| c.id).collect();
    assert_eq!(by_name, vec![42]);
    let by_tail: Vec<i64> = roster::search(&back, "3042", 10).iter().map(|c| c.id).collect();
    assert_eq!(by_tail, vec![2042]);
    let page = roster::search_offline(db, "客户00").await.expect("page");
    assert_eq!(page.total, 100);
    assert_eq!(page.items.len(), 50);
    // saving again replaces, never appends
    roster::save(db, &rows[..10]).await.expect("replace");
    assert_eq!(roster::load(db).await.unwrap().len(), 10);
    cache::wipe(db).await.expect("wipe");
}

#[wasm_bindgen_test]
async fn a_synced_edit_refreshes_the_cached_profile_but_never_rolls_it_back() {
    let db = "wbt-profile-edits";
    cache::wipe(db).await.expect("start clean");
    profiles::save(db, &profile(9)).await.expect("save");
    let edits = CustomerEdits { version: 4, tags: vec!["海岛".into()], notes: vec![], follow_ups: vec![] };
    profiles::update_edits(db, 9, &edits).await.expect("update");
    let cached = profiles::load(db, 9).await.unwrap().unwrap().profile;
    assert_eq!((cached.version, cached.tags.clone()), (4, vec!["海岛".to_string()]));
    let older = CustomerEdits { version: 2, ..edits };
    profiles::update_edits(db, 9, &older).await.expect("ignored");
    assert_eq!(profiles::load(db, 9).await.unwrap().unwrap().profile.version, 4);
    cache::wipe(db).await.expect("wipe");
}
