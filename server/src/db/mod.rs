//! SQLite access: one file, WAL, `synchronous=FULL`, a small pool of connections used from
//! blocking threads so handlers never stall the async runtime.

pub mod attendance;
pub mod audit;
pub mod backup;
pub mod care;
mod checkpoint;
pub mod columns;
pub mod consents;
pub mod corrections;
pub mod edits;
pub mod communities;
pub mod community_dashboard;
pub mod customer_list;
pub mod customers;
pub mod events;
pub mod erase;
pub mod export;
pub mod history;
pub mod id_numbers;
pub mod inbox;
pub mod identity;
pub mod journey_views;
pub mod journeys;
pub mod loyalty;
pub mod merge;
mod migrate;
pub mod names;
pub mod overview;
pub mod period;
pub mod profile;
pub mod registry;
pub mod reveal;
pub mod service_levels;
pub mod sessions;
pub mod space;
pub mod stores;
pub mod sync;
pub mod tickets;
pub mod users;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;
/// Connections open at once, busy or idle: a bound, so a burst of requests queues for a
/// connection instead of opening one per request (each holds its own page cache).
const MAX_CONNECTIONS: usize = 16;
/// How long a request waits for a connection, or a write for its turn, before it answers
/// 503 `busy` with `Retry-After`. A write rarely holds the turn for more than a few
/// milliseconds; a queue that takes this long means the server is overloaded.
pub const WAIT_DEADLINE: Duration = Duration::from_secs(3);

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    idle: Mutex<Vec<Pooled>>,
    /// One permit per connection that may be open.
    connections: Arc<Semaphore>,
    /// SQLite takes one writer at a time. Writers of this process queue here, in order and
    /// with a deadline, rather than in SQLite's busy handler, which polls, is unfair, and
    /// answered "database is locked" under 50 concurrent writers.
    writer: Arc<Semaphore>,
    /// The last write failed for want of disk space (cleared by the next write that commits).
    storage_full: AtomicBool,
}

/// A pooled connection and whether it is set read-only (`PRAGMA query_only`).
struct Pooled {
    conn: Connection,
    read_only: bool,
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
        let inner = Arc::new(Inner {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![Pooled { conn, read_only: false }]),
            connections: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
            writer: Arc::new(Semaphore::new(1)),
            storage_full: AtomicBool::new(false),
        });
        checkpoint::spawn(inner.path.clone(), Arc::downgrade(&inner));
        Ok(Self { inner })
    }

    /// Runs `f` on a pooled, read-only connection in a blocking thread. Reads never wait for
    /// writers (WAL); a write attempted here fails, so every write goes through [`Db::write`].
    pub async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let slot = self.slot().await?;
        self.run(slot, None, f).await
    }

    /// Runs `f` as this process's one writer, once the writers before it are done. A write
    /// that cannot start within [`WAIT_DEADLINE`] answers 503 `busy` with `Retry-After`.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let turn = wait(&self.inner.writer).await?;
        let slot = self.slot().await?;
        self.run(slot, Some(turn), f).await
    }

    /// Runs `f` as the writer only if no other write is under way or waiting; `None` when
    /// one is. For writes that may be skipped (a session's last-seen time).
    pub async fn try_write<T, F>(&self, f: F) -> Result<Option<T>, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let Ok(turn) = self.inner.writer.clone().try_acquire_owned() else { return Ok(None) };
        let slot = self.slot().await?;
        self.run(slot, Some(turn), f).await.map(Some)
    }

    /// Whether writes fail for want of disk space: the last one did, or the database's file
    /// system is nearly full now.
    pub fn storage_full(&self) -> bool {
        self.inner.storage_full.load(Ordering::Relaxed) || space::nearly_full(&self.inner.path)
    }

    async fn slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        wait(&self.inner.connections).await
    }

    async fn run<T, F>(&self, slot: OwnedSemaphorePermit, turn: Option<OwnedSemaphorePermit>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.inner.clone();
        let writing = turn.is_some();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.idle.lock().expect("pool lock").pop();
            let mut pooled = match pooled {
                Some(p) => p,
                None => Pooled { conn: connect_pooled(&inner.path).map_err(AppError::from)?, read_only: false },
            };
            if pooled.read_only == writing {
                pooled.conn.pragma_update(None, "query_only", !writing)?;
                pooled.read_only = !writing;
            }
            let mut result = f(&mut pooled.conn);
            if writing {
                inner.note_write(&mut result);
            }
            // the writer's turn ends here, before the connection is handed back
            drop(turn);
            let mut idle = inner.idle.lock().expect("pool lock");
            if idle.len() < MAX_IDLE {
                idle.push(pooled);
            }
            drop(slot);
            result
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }
}

impl Inner {
    /// Remembers whether the disk was full, for the health check. SQLite reports ENOSPC as
    /// SQLITE_FULL, but a log or shared-memory file that cannot grow surfaces as an I/O
    /// error: that too is a full disk when the file system has no room left.
    fn note_write<T>(&self, result: &mut Result<T, AppError>) {
        let full = match result {
            Ok(_) => false,
            Err(e) if e.code == "storage_full" => true,
            Err(e) if e.code == "storage_unavailable" && space::nearly_full(&self.path) => {
                *e = AppError::storage_full();
                true
            }
            Err(_) => return,
        };
        self.storage_full.store(full, Ordering::Relaxed);
    }
}

/// Waits up to [`WAIT_DEADLINE`] for a permit; past it the server is too busy to answer.
async fn wait(semaphore: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, AppError> {
    match tokio::time::timeout(WAIT_DEADLINE, semaphore.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::busy()),
    }
}
