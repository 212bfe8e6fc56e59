//! Monthly partitions of the high-volume history on PostgreSQL (migration
//! `postgres/003_monthly_partitions.sql` holds the functions; SQLite has no partitions). A row
//! whose month has no partition yet lands in the table's default partition; maintenance gives
//! the coming months and every month found there their own.

use std::sync::Weak;
use std::thread;
use std::time::Duration;

use super::sql::{params, Conn, Failure, Result};
use super::DbError;
use super::{Inner, Target};

/// Months made ahead of the current one, so that writes rarely reach a default partition.
const AHEAD: i64 = 2;
/// How often a server runs maintenance (it also runs at every start).
const EVERY: Duration = Duration::from_secs(12 * 3600);

/// How often maintenance that gave way to writers (it waits at most 500 ms for a lock) is tried
/// again, and how long it first waits between tries (doubling, at most a second).
const ATTEMPTS: u32 = 20;
const FIRST_PAUSE: Duration = Duration::from_millis(50);

/// Makes the partitions due now; returns how many it made. Safe beside other servers and
/// writers: when the tables stay busy through every attempt it fails with `Failure::Busy`.
pub fn maintain(conn: &Conn) -> Result<i64> {
    let mut pause = FIRST_PAUSE;
    let mut attempt = 1;
    loop {
        match conn.query_row("SELECT roundtrip_maintain_partitions(CAST(?1 AS INT)) AS made", [AHEAD], |r| r.get("made")) {
            Err(e) if e.failure() == Failure::Busy && attempt < ATTEMPTS => {
                thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(1));
                attempt += 1;
            }
            done => return done,
        }
    }
}

/// Maintenance at a server's start: tables kept busy by other servers' writers defer it to the
/// next round (rows for months without a partition wait in the default partitions meanwhile)
/// rather than stop the start.
pub fn maintain_at_start(conn: &Conn) -> Result<()> {
    match maintain(conn) {
        Err(e) if e.failure() == Failure::Busy => {
            tracing::warn!(error = %e, "partition maintenance deferred: the tables are busy");
            Ok(())
        }
        other => other.map(|_| ()),
    }
}

/// The partitioned tables and their time columns, as the schema declares them.
pub fn partitioned(conn: &Conn) -> Result<Vec<(String, String)>> {
    conn.query_map("SELECT parent, key FROM roundtrip_partitioned ORDER BY parent", [], |r| Ok((r.get("parent")?, r.get("key")?)))
}

/// Makes the partition of each month (`YYYY-MM`) of `table`, before rows for it are loaded.
pub fn make_months(conn: &Conn, table: &str, key: &str, months: &[String]) -> Result<()> {
    for month in months {
        conn.query_row(
            "SELECT roundtrip_month_partition(?1, ?2, to_date(?3, 'YYYY-MM')) AS made",
            params![table, key, month],
            |r| r.get::<_, bool>("made"),
        )?;
    }
    Ok(())
}

/// Runs maintenance twice a day on its own connection until the `Db` owning `alive` is dropped.
pub(super) fn spawn(target: Target, alive: Weak<Inner>) {
    let started = thread::Builder::new().name("partitions".into()).spawn(move || loop {
        let mut slept = Duration::ZERO;
        while slept < EVERY {
            thread::sleep(Duration::from_secs(1));
            slept += Duration::from_secs(1);
            if alive.strong_count() == 0 {
                return;
            }
        }
        match target.connect().and_then(|conn| maintain(&conn).map_err(DbError::from)) {
            Ok(made) if made > 0 => tracing::info!(made, "monthly partitions made"),
            Ok(_) => {}
            // the default partitions still take every row; the next round tries again
            Err(e) => tracing::warn!(error = %e, "partition maintenance failed"),
        }
    });
    if let Err(e) = started {
        tracing::warn!(error = %e, "no partition maintenance thread; months ahead go to the default partitions until a restart");
    }
}
