//! Schema migrations, embedded in the binary and applied in order; `PRAGMA user_version`
//! records how far a database has come.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/001_init.sql"),
    include_str!("../../migrations/002_customer_edits.sql"),
    include_str!("../../migrations/003_ingestion.sql"),
    include_str!("../../migrations/004_merges.sql"),
    include_str!("../../migrations/005_journeys.sql"),
    include_str!("../../migrations/006_display.sql"),
    include_str!("../../migrations/007_live_churn_index.sql"),
    include_str!("../../migrations/008_communities.sql"),
    include_str!("../../migrations/009_audit.sql"),
    include_str!("../../migrations/010_service.sql"),
    include_str!("../../migrations/011_loyalty.sql"),
    include_str!("../../migrations/012_offline_edits.sql"),
    include_str!("../../migrations/013_consents.sql"),
    include_str!("../../migrations/014_erasure.sql"),
    include_str!("../../migrations/015_listed_churn_index.sql"),
    include_str!("../../migrations/016_sealed_id_numbers.sql"),
    include_str!("../../migrations/017_lean_ingestion_indexes.sql"),
    include_str!("../../migrations/018_one_churn_index.sql"),
];

pub fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
