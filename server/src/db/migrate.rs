//! Schema migrations, embedded in the binary and applied in order. SQLite records how far a
//! database has come in `PRAGMA user_version`, PostgreSQL in `schema_version`. PostgreSQL
//! starts from the schema SQLite's migrations build, so its list is shorter.

use super::sql::{Conn, Result};

/// One migration: SQL, or Rust where a step needs the domain's rules (indexing names).
enum Step {
    Sql(&'static str),
    Rust(fn(&Conn) -> Result<()>),
}
use Step::{Rust, Sql};

const SQLITE: &[Step] = &[
    Sql(include_str!("../../migrations/001_init.sql")),
    Sql(include_str!("../../migrations/002_customer_edits.sql")),
    Sql(include_str!("../../migrations/003_ingestion.sql")),
    Sql(include_str!("../../migrations/004_merges.sql")),
    Sql(include_str!("../../migrations/005_journeys.sql")),
    Sql(include_str!("../../migrations/006_display.sql")),
    Sql(include_str!("../../migrations/007_live_churn_index.sql")),
    Sql(include_str!("../../migrations/008_communities.sql")),
    Sql(include_str!("../../migrations/009_audit.sql")),
    Sql(include_str!("../../migrations/010_service.sql")),
    Sql(include_str!("../../migrations/011_loyalty.sql")),
    Sql(include_str!("../../migrations/012_offline_edits.sql")),
    Sql(include_str!("../../migrations/013_consents.sql")),
    Sql(include_str!("../../migrations/014_erasure.sql")),
    Sql(include_str!("../../migrations/015_listed_churn_index.sql")),
    Sql(include_str!("../../migrations/016_sealed_id_numbers.sql")),
    Sql(include_str!("../../migrations/017_lean_ingestion_indexes.sql")),
    Sql(include_str!("../../migrations/018_one_churn_index.sql")),
    Sql(include_str!("../../migrations/019_login_failures.sql")),
    // 020: pinyin keys for the names indexed before pinyin search
    Rust(super::names::index_every_pinyin),
    Sql(include_str!("../../migrations/021_api_tokens.sql")),
    Sql(include_str!("../../migrations/022_event_fingerprints.sql")),
    Sql(include_str!("../../migrations/023_channel_hooks.sql")),
    Sql(include_str!("../../migrations/024_webhooks.sql")),
    Sql(include_str!("../../migrations/025_ticket_topics.sql")),
    // 026: the topics of the tickets opened before topics were read
    Rust(super::topics::classify_every_ticket),
    Sql(include_str!("../../migrations/027_trip_cases.sql")),
    Sql(include_str!("../../migrations/028_order_travellers.sql")),
    Sql(include_str!("../../migrations/029_disruptions.sql")),
    Sql(include_str!("../../migrations/030_travel_documents.sql")),
];

/// The first is the schema SQLite's 001-018 build; each later one is the PostgreSQL twin of
/// a SQLite migration (text compared bytewise, as SQLite compares it).
const POSTGRES: &[Step] = &[
    Sql(include_str!("../../migrations/postgres/001_schema.sql")),
    Sql(include_str!("../../migrations/postgres/002_login_failures.sql")),
    Sql(include_str!("../../migrations/postgres/003_monthly_partitions.sql")),
    Rust(super::names::index_every_pinyin),
    Sql(include_str!("../../migrations/postgres/004_api_tokens.sql")),
    Sql(include_str!("../../migrations/postgres/005_event_fingerprints.sql")),
    Sql(include_str!("../../migrations/postgres/006_channel_hooks.sql")),
    Sql(include_str!("../../migrations/postgres/007_webhooks.sql")),
    Sql(include_str!("../../migrations/postgres/008_ticket_topics.sql")),
    Rust(super::topics::classify_every_ticket),
    Sql(include_str!("../../migrations/postgres/009_trip_cases.sql")),
    Sql(include_str!("../../migrations/postgres/010_partition_lock.sql")),
    Sql(include_str!("../../migrations/postgres/011_order_travellers.sql")),
    Sql(include_str!("../../migrations/postgres/012_disruptions.sql")),
    Sql(include_str!("../../migrations/postgres/013_partition_lock_order.sql")),
    Sql(include_str!("../../migrations/postgres/014_travel_documents.sql")),
];

pub fn run(conn: &mut Conn) -> Result<()> {
    let (current, list) = match conn {
        Conn::Sqlite(_) => (conn.query_row("PRAGMA user_version", [], |r| r.get::<_, usize>(0))?, SQLITE),
        Conn::Postgres(_) => {
            // one server migrates while the others wait (they start together behind a balancer)
            conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
            (0, POSTGRES)
        }
    };
    let tx = conn.begin()?;
    let current = match &*tx {
        Conn::Sqlite(_) => current,
        Conn::Postgres(_) => {
            tx.execute_batch("LOCK TABLE schema_version IN EXCLUSIVE MODE")?;
            tx.query_row("SELECT coalesce(max(version), 0) AS v FROM schema_version", [], |r| r.get::<_, usize>("v"))?
        }
    };
    for (i, step) in list.iter().enumerate().skip(current) {
        match step {
            Sql(sql) => tx.execute_batch(sql)?,
            Rust(run) => run(&tx)?,
        }
        match &*tx {
            Conn::Sqlite(_) => tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))?,
            Conn::Postgres(_) => {
                tx.execute("INSERT INTO schema_version (version) VALUES (?1)", [i + 1])?;
            }
        }
    }
    tx.commit()
}
