//! The demo generator is deterministic and follows the domain brief's distributions.

mod common;

use roundtrip_server::db::{Conn, Db};
use roundtrip_server::seed::{parse_size, seed, SeedOptions};

/// A new database (each in its own folder) seeded with `opts`.
fn seeded(opts: SeedOptions) -> Conn {

    let dir = tempfile::tempdir().unwrap();
    let target = common::fresh_target(&dir);
    Db::open(&target).unwrap();
    let mut conn = target.connect().unwrap();
    // the folders live as long as the test binary
    static DIRS: std::sync::Mutex<Vec<tempfile::TempDir>> = std::sync::Mutex::new(Vec::new());
    DIRS.lock().unwrap().push(dir);
    seed(&mut conn, opts, &roundtrip_server::vault::IdVault::new(b"seed test key")).unwrap();
    conn
}

/// Everything but password hashes (salted on purpose), as one text.
fn dump(conn: &Conn) -> String {
    let mut out = String::new();
    for (table, cols) in [
        ("customers", "*"),
        ("identities", "*"),
        ("touchpoints", "*"),
        ("orders", "*"),
        ("tickets", "*"),
        ("community_members", "*"),
        ("event_attendance", "*"),
        ("customer_tags", "*"),
        // the ciphertext has a fresh nonce each time; what it seals is the hash's input
        ("id_number_hashes", "customer_id, hash, masked"),
        ("users", "id, username, role, store_id"),
    ] {
        let mut stmt = conn.prepare_cached(&format!("SELECT {cols} FROM {table} ORDER BY 1, 2")).unwrap();
        let rows = stmt
            .query_map([], |r| Ok(r.names().iter().map(|c| format!("{:?}", r.get::<_, roundtrip_server::db::sql::Value>(c.as_str()).unwrap())).collect::<Vec<_>>().join("|")))
            .unwrap();
        for row in rows {
            out.push_str(&row.unwrap());
            out.push('\n');
        }
    }
    out
}

#[test]
fn same_options_give_the_same_database_and_another_seed_does_not() {

    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let a = seeded(SeedOptions { people: 150, seed: 42, anchor, zone: roundtrip_server::clock::DEFAULT_ZONE });
    let b = seeded(SeedOptions { people: 150, seed: 42, anchor, zone: roundtrip_server::clock::DEFAULT_ZONE });
    let c = seeded(SeedOptions { people: 150, seed: 43, anchor, zone: roundtrip_server::clock::DEFAULT_ZONE });
    assert_eq!(dump(&a), dump(&b));
    assert_ne!(dump(&a), dump(&c));
}

#[test]
fn distributions_follow_the_domain_brief() {
    let conn = seeded(SeedOptions { people: 2_000, seed: 1, anchor: chrono::Utc::now().date_naive(), zone: roundtrip_server::clock::DEFAULT_ZONE });
    let count = |sql: &str| -> f64 { conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap() as f64 };
    let customers = count("SELECT count(*) FROM customers");
    assert!(customers > 2_000.0, "some people are split into unmerged duplicate records");
    let gen_z = count("SELECT count(*) FROM customers WHERE segment = 'gen_z'") / customers;
    assert!((0.36..0.48).contains(&gen_z), "Gen Z share {gen_z}");
    let overlap = count("SELECT count(*) FROM customers WHERE online = 1 AND offline = 1") / customers;
    assert!(overlap > 0.15 && overlap < 0.30, "overlap before merging {overlap} should be under 30%");
    let per_customer = count("SELECT count(*) FROM touchpoints") / customers;
    assert!(per_customer > 8.0, "touchpoints per customer {per_customer}");
    let shared_phones = count("SELECT count(*) FROM (SELECT phone_e164 FROM customers WHERE phone_e164 IS NOT NULL GROUP BY 1 HAVING count(*) > 1) AS shared");
    assert!(shared_phones > 0.0, "duplicate members to merge exist");
    let users = count("SELECT count(*) FROM users WHERE role IN ('manager', 'staff')");
    let stores = count("SELECT count(*) FROM stores");
    assert_eq!(users, stores * 2.0, "one manager and one staff account per store");
}

#[test]
fn sizes() {
    assert_eq!(parse_size("small"), Some(2_000));
    assert_eq!(parse_size("default"), Some(20_000));
    assert_eq!(parse_size("large"), Some(100_000));
    assert_eq!(parse_size("5000"), Some(5_000));
    assert_eq!(parse_size("0"), None);
    assert_eq!(parse_size("huge"), None);
}

/// A database seeded before pinyin search is brought up to date by its migration step: every
/// live name gets the same pinyin keys the ingestion writes for a new one.
#[test]
fn the_pinyin_migration_indexes_names_written_before_it() {
    let opts = SeedOptions { people: 60, seed: 3, anchor: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), zone: roundtrip_server::clock::DEFAULT_ZONE };
    let dir = tempfile::tempdir().unwrap();
    let target = common::fresh_target(&dir);
    Db::open(&target).unwrap();
    let mut conn = target.connect().unwrap();
    seed(&mut conn, opts, &roundtrip_server::vault::IdVault::new(b"seed test key")).unwrap();
    let pinyin = "SELECT gram, customer_id FROM customer_name_grams WHERE gram < ?1 ORDER BY 1, 2";
    let keys = |conn: &Conn| -> Vec<(String, i64)> {
        conn.prepare_cached(pinyin).unwrap().query_map(["\u{2}"], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
    };
    let written = keys(&conn);
    assert!(written.len() > 60, "the seed writes pinyin keys: {}", written.len());
    // as a database from before the migration: no pinyin keys; then its step (020 on SQLite,
    // 4 on PostgreSQL), the one migrate runs for such a database
    conn.execute("DELETE FROM customer_name_grams WHERE gram < ?1", ["\u{2}"]).unwrap();
    assert!(keys(&conn).is_empty());
    roundtrip_server::db::names::index_every_pinyin(&conn).unwrap();
    assert_eq!(keys(&conn), written);
}
