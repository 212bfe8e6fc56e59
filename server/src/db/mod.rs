//! SQLite access: one file, WAL, `synchronous=FULL`, a small pool of connections used from
//! blocking threads so handlers never stall the async runtime.

pub mod audit;
pub mod backup;
mod checkpoint;
pub mod columns;
pub mod erase;
pub mod export;
pub mod history;
pub mod id_numbers;
pub mod journeys;
pub mod merge;
mod migrate;
pub mod names;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::error::AppError;

/// Idle connections kept for reuse; more are opened on demand under load.
const MAX_IDLE: usize = 8;

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database check failed: {0}")]
    Check(String),
}

/// Opens a connection with the pragmas every connection needs.
pub fn connect(path: &Path) -> Result<Connection, DbError> {
    let conn = Connection::open(path)?;
    // ingestion alone runs ~25 distinct statements per event; the default cache holds 16
    conn.set_prepared_statement_cache_capacity(128);
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -32768;
         PRAGMA mmap_size = 268435456;
         -- statement and savepoint journals in memory: on disk, a batch of new members spent
         -- a third of its time writing page copies to a temporary file (4.4k to 6.9k events/s)
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// A connection for the `Db`'s pool: it leaves checkpoints to the `Db`'s checkpoint thread.
fn connect_pooled(path: &Path) -> Result<Connection, DbError> {
    let conn = connect(path)?;
    checkpoint::hand_over(&conn);
    Ok(conn)
}

/// Runs `f` with plans that do not depend on bound values (SQLite's query planner stability
/// guarantee), for work whose statements look rows up by exact key. Otherwise STAT4 samples
/// (kept by `PRAGMA optimize`) re-prepare a statement for every new value bound to an indexed
/// `= ?`: 14% of a batch of channel events went to compiling statements again. Elsewhere the
/// guarantee stays off, because value-specific plans are what keep filtered dashboards fast
/// (one store's overview took 0.33 s instead of 0.26 s with it on everywhere).
pub fn with_stable_plans<T>(conn: &mut Connection, f: impl FnOnce(&mut Connection) -> Result<T, AppError>) -> Result<T, AppError> {
    use rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG;
    conn.set_db_config(SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    let result = f(conn);
    conn.set_db_config(SQLITE_DBCONFIG_ENABLE_QPSG, false)?;
    result
}

impl Db {
    /// Opens (creating if needed) and migrates the database, and checks the durability settings
    /// really took effect: a silent fallback to a rollback journal would lose the guarantees.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let mut conn = connect_pooled(path)?;
        migrate::run(&mut conn)?;
        // refresh planner statistics where they drifted (cheap when nothing changed)
        conn.execute_batch("PRAGMA optimize = 0x10002;")?;
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
        if mode != "wal" || sync != 2 {
            return Err(DbError::Check(format!("journal_mode={mode}, synchronous={sync}")));
        }
        let inner = Arc::new(Inner { path: path.to_path_buf(), idle: Mutex::new(vec![conn]) });
        checkpoint::spawn(inner.path.clone(), Arc::downgrade(&inner));
        Ok(Self { inner })
    }

    /// Runs `f` on a pooled connection in a blocking thread.
    pub async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.idle.lock().expect("pool lock").pop();
            let mut conn = match pooled {
                Some(c) => c,
                None => connect_pooled(&inner.path).map_err(|e| AppError::internal(e.to_string()))?,
            };
            let result = f(&mut conn);
            let mut idle = inner.idle.lock().expect("pool lock");
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
            result
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }
}
