//! Deterministic demo data: the same seed, size and anchor date always give the same database.
//! Distributions follow the domain brief (Gen Z 42%, online/offline overlap just under 30%,
//! some members split into an online and a store record, as unmerged agencies have them).

mod air;
mod consent;
mod customer;
mod disruptions;
mod documents;
mod id_numbers;
pub mod labelled;
mod loyalty;
mod names;
mod relations;
mod service;
mod travellers;

use chrono::{NaiveDate, Utc};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::auth::hash_password;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};

/// Every demo account's password (documented in README).
pub const DEMO_PASSWORD: &str = "roundtrip-demo";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedOptions {
    /// Number of people generated; some become two customer records (unmerged duplicates).
    pub people: usize,
    pub seed: u64,
    /// "Today" of the data set: all history lies before it.
    pub anchor: NaiveDate,
    /// The agency's time zone: the data set's days, and the wall-clock hours of its visits.
    pub zone: chrono_tz::Tz,
}

/// `small` (~2k customers, for tests), `default` (~20k), `large` (100k+) or a number.
pub fn parse_size(text: &str) -> Option<usize> {
    match text {
        "small" => Some(2_000),
        "default" => Some(20_000),
        "large" => Some(100_000),
        n => n.parse().ok().filter(|n| *n > 0 && *n <= 2_000_000),
    }
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub customers: u64,
    pub identities: u64,
    pub touchpoints: u64,
    pub orders: u64,
    pub tickets: u64,
}

/// The options a database was seeded with, if it was.
/// Whether a PostgreSQL database already has Roundtrip's tables.
pub fn holds_data(conn: &Conn) -> bool {
    conn.query_row("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'customers'", [], |r| r.get::<_, i64>("n"))
        .is_ok_and(|n| n > 0)
}

pub fn seeded_with(conn: &Conn) -> Option<String> {
    conn.query_row("SELECT value FROM meta WHERE key = 'seed'", [], |r| r.get(0)).ok()
}

fn describe(o: &SeedOptions) -> String {
    format!("people={} seed={} anchor={}", o.people, o.seed, o.anchor)
}

/// Fills an empty, migrated database in one transaction.
pub fn seed(conn: &mut Conn, opts: SeedOptions, vault: &crate::vault::IdVault) -> sql::Result<SeedReport> {
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    // the agency's midnight: history ends where the agency's today begins
    let anchor = roundtrip_domain::calendar::day_start(opts.anchor, &opts.zone);
    let tx = conn.begin()?;
    insert_stores_and_users(&tx)?;
    let communities = insert_communities(&tx, anchor)?;
    let mut report = SeedReport::default();
    {
        let mut writer = customer::Writer::new(&tx, anchor, opts.zone, communities)?;
        for person in 0..opts.people {
            writer.person(&mut rng, person, &mut report)?;
        }
        writer.finish()?;
    }
    loyalty::write(&tx, anchor)?;
    consent::write(&tx, anchor)?;
    id_numbers::write(&tx, vault)?;
    air::write(&tx)?;
    travellers::write(&tx)?;
    documents::write(&tx, anchor, vault)?;
    disruptions::write(&tx, anchor)?;
    service::open_feedback(&tx, anchor)?;
    service::open_cases(&tx, anchor, opts.anchor)?;
    // the history's tickets were written directly: the rules read what they are about
    crate::db::topics::classify_every_ticket(&tx)?;
    tx.execute("INSERT INTO meta (key, value) VALUES ('seed', ?1)", [describe(&opts)])?;
    tx.commit()?;
    if conn.engine() == crate::db::Engine::Postgres {
        // the history's months were new: move them out of the default partitions
        crate::db::partitions::maintain(conn)?;
    }
    // planner statistics for the freshly filled tables
    conn.execute_batch("ANALYZE;")?;
    Ok(report)
}

fn insert_stores_and_users(tx: &Conn) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, role, store_id) VALUES ('admin', '系统管理员', ?1, 'admin', NULL)",
        [hash_password(DEMO_PASSWORD)],
    )?;
    for (code, name, city, _) in names::STORES {
        let new_id = tx.insert_returning_id("INSERT INTO stores (code, name, city) VALUES (?1, ?2, ?3) RETURNING id", params![code, name, city])?;
        let store_id = new_id;
        let lower = code.to_lowercase();
        for (role, title) in [("manager", "经理"), ("staff", "顾问")] {
            tx.execute(
                "INSERT INTO users (username, display_name, password_hash, role, store_id) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![format!("{role}.{lower}"), format!("{city}{title}"), hash_password(DEMO_PASSWORD), role, store_id],
            )?;
        }
    }
    Ok(())
}

/// Communities with a year of bimonthly events and two upcoming ones, moderated by the staff
/// of the events' store; returns (id, interest, past events with their start).
type CommunityEvents = Vec<(i64, &'static str, Vec<(i64, chrono::DateTime<Utc>)>)>;
fn insert_communities(tx: &Conn, anchor: chrono::DateTime<Utc>) -> sql::Result<CommunityEvents> {
    let mut out = Vec::new();
    for (i, (name, interest)) in names::COMMUNITIES.iter().enumerate() {
        let created = anchor - chrono::Duration::days(540 + 20 * i as i64);
        let new_id = tx.insert_returning_id(
            "INSERT INTO communities (name, interest, created_at, description, created_by) VALUES (?1, ?2, ?3, ?4, 1) RETURNING id",
            params![name, interest, rfc3339(created), format!("{name}：同好交流、会员专属活动与出行分享")],
        )?;
        let id = new_id;
        let store_id = (i as i64 % names::STORES.len() as i64) + 1;
        let moderator: i64 = tx.query_row("SELECT id FROM users WHERE role = 'staff' AND store_id = ?1", [store_id], |r| r.get(0))?;
        tx.execute("INSERT INTO community_moderators (community_id, user_id) VALUES (?1, ?2)", params![id, moderator])?;
        let mut events = Vec::new();
        // past events took everyone who came; upcoming ones have 40 places
        let event = |starts: chrono::DateTime<Utc>, number: i64| -> sql::Result<i64> {
            let capacity = (starts > anchor).then_some(40);
            let new_id = tx.insert_returning_id(
                "INSERT INTO community_events (community_id, title, starts_at, store_id, capacity, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                params![id, format!("{name} 第{number}期活动"), rfc3339(starts), store_id, capacity, rfc3339(starts - chrono::Duration::days(30))],
            )?;
            Ok(new_id)
        };
        for k in 0..6i64 {
            let starts = anchor - chrono::Duration::days(20 + 60 * k + 3 * i as i64) + chrono::Duration::hours(14);
            events.push((event(starts, 6 - k)?, starts));
        }
        for k in 0..2i64 {
            event(anchor + chrono::Duration::days(7 + 35 * k + i as i64) + chrono::Duration::hours(14), 7 + k)?;
        }
        for (_, starts) in &events {
            // the moderator's recap after each event: staff activity, kept and never scored
            tx.execute(
                "INSERT INTO community_activity (user_id, community_id, kind, occurred_at) VALUES (?1, ?2, 'reply', ?3)",
                params![moderator, id, rfc3339(*starts + chrono::Duration::days(1))],
            )?;
        }
        out.push((id, *interest, events));
    }
    Ok(out)
}
