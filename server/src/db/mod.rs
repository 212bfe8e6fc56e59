//! The storage layer: a bounded pool of connections to SQLite (one file, WAL,
//! `synchronous=FULL`, the default) or PostgreSQL (`ROUNDTRIP_DATABASE_URL`), used from
//! blocking threads so handlers never stall the async runtime. Repository modules below run
//! one set of SQL on either engine through [`sql::Conn`].

pub mod attendance;
pub mod audit;
pub mod backup;
pub mod care;
pub mod cases;
pub mod churn;
mod checkpoint;
pub mod columns;
pub mod connectors;
pub mod consents;
pub mod copy;
pub mod corrections;
pub mod edits;
pub mod communities;
pub mod community_dashboard;
pub mod customer_list;
pub mod customers;
pub mod deliveries;
pub mod departures;
pub mod disruptions;
pub mod documents;
pub mod events;
pub mod erase;
pub mod export;
pub mod history;
pub mod id_numbers;
pub mod inbox;
pub mod identity;
pub mod journey_views;
pub mod journeys;
pub mod login_failures;
pub mod loyalty;
pub mod merge;
mod migrate;
mod postgres_engine;
pub mod names;
pub mod topics;
pub mod overview;
pub mod partitions;
pub mod period;
pub mod profile;
pub mod registry;
pub mod reveal;
pub mod service_levels;
pub mod sessions;
pub mod sql;
pub mod space;
pub mod stores;
pub mod sync;
pub mod tickets;
pub mod tokens;
pub mod travellers;
pub mod users;
pub mod webhooks;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::error::AppError;
pub use sql::{Conn, Engine};

/// Idle connections kept for reuse.
const MAX_IDLE: usize = 8;
/// Connections open at once, busy or idle: a bound, so a burst of requests queues for a
/// connection instead of opening one per request (each holds its own page cache).
const MAX_CONNECTIONS: usize = 16;
/// How long a request waits for a connection, or a write for its turn, before it answers
/// 503 `busy` with `Retry-After`. A write rarely holds the turn for more than a few
/// milliseconds; a queue that takes this long means the server is overloaded.
pub const WAIT_DEADLINE: Duration = Duration::from_secs(3);
/// How often a PostgreSQL write that lost a serialization conflict is run again before the
/// client is told 503 `busy`.
const CONFLICT_RETRIES: u32 = 6;

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
    /// A read replica for dashboards (`ROUNDTRIP_READ_DATABASE_URL`), if any.
    replica: Option<Arc<Inner>>,
}

/// Where the data lives.
#[derive(Clone, Debug)]
pub enum Target {
    Sqlite(PathBuf),
    /// A `postgres://` URL.
    Postgres(String),
}

impl Target {
    /// `ROUNDTRIP_DATABASE_URL` when it is a PostgreSQL URL, else the SQLite file.
    pub fn choose(url: Option<&str>, sqlite_file: &Path) -> Self {
        match url {
            Some(u) if u.starts_with("postgres://") || u.starts_with("postgresql://") => Target::Postgres(u.to_owned()),
            _ => Target::Sqlite(sqlite_file.to_path_buf()),
        }
    }

    pub fn engine(&self) -> Engine {
        match self {
            Target::Sqlite(_) => Engine::Sqlite,
            Target::Postgres(_) => Engine::Postgres,
        }
    }

    /// Opens one connection with the settings every connection needs.
    pub fn connect(&self) -> Result<Conn, DbError> {
        match self {
            Target::Sqlite(path) => Ok(Conn::Sqlite(connect(path)?)),
            Target::Postgres(url) => postgres_engine::connect(url),
        }
    }
}

struct Inner {
    target: Target,
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

/// A pooled connection and whether it is set read-only (`PRAGMA query_only` on SQLite,
/// `default_transaction_read_only` on PostgreSQL).
struct Pooled {
    conn: Conn,
    read_only: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Sql(#[from] sql::SqlError),
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

/// A connection for the `Db`'s pool: on SQLite it leaves checkpoints to the `Db`'s
/// checkpoint thread.
fn connect_pooled(target: &Target) -> Result<Conn, DbError> {
    let conn = target.connect()?;
    if let Some(c) = conn.sqlite() {
        checkpoint::hand_over(c);
    }
    Ok(conn)
}

/// Runs `f` with plans that do not depend on bound values (SQLite's query planner stability
/// guarantee), for work whose statements look rows up by exact key. Otherwise STAT4 samples
/// (kept by `PRAGMA optimize`) re-prepare a statement for every new value bound to an indexed
/// `= ?`: 14% of a batch of channel events went to compiling statements again. Elsewhere the
/// guarantee stays off, because value-specific plans are what keep filtered dashboards fast
/// (one store's overview took 0.33 s instead of 0.26 s with it on everywhere).
pub fn with_stable_plans<T>(conn: &mut Conn, f: impl FnOnce(&mut Conn) -> Result<T, AppError>) -> Result<T, AppError> {
    use rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG;
    let Conn::Sqlite(c) = conn else { return f(conn) };
    c.set_db_config(SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    let result = f(conn);
    if let Conn::Sqlite(c) = conn {
        c.set_db_config(SQLITE_DBCONFIG_ENABLE_QPSG, false)?;
    }
    result
}

impl Db {
    /// Opens (creating if needed) and migrates the database, and checks the durability settings
    /// really took effect: a silent fallback to a rollback journal would lose the guarantees.
    pub fn open(target: &Target) -> Result<Self, DbError> {
        let mut conn = connect_pooled(target)?;
        migrate::run(&mut conn)?;
        if conn.engine() == Engine::Postgres {
            partitions::maintain_at_start(&conn)?;
        }
        if let Some(c) = conn.sqlite() {
            // refresh planner statistics where they drifted (cheap when nothing changed)
            c.execute_batch("PRAGMA optimize = 0x10002;")?;
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
            if mode != "wal" || sync != 2 {
                return Err(DbError::Check(format!("journal_mode={mode}, synchronous={sync}")));
            }
        }
        // one writer per process on both engines: SQLite has only one; on PostgreSQL the
        // writes of several servers still run side by side (SERIALIZABLE, retried), but 16
        // of one process at once lost 25 of 800 writes to conflicts (4: 7; 1: none)
        let inner = Inner::new(target, conn, 1);
        match target {
            Target::Sqlite(path) => checkpoint::spawn(path.clone(), Arc::downgrade(&inner)),
            Target::Postgres(_) => partitions::spawn(target.clone(), Arc::downgrade(&inner)),
        }
        Ok(Self { inner, replica: None })
    }

    /// Dashboards ([`Db::report`]) read from `replica`, a hot standby of this database; they
    /// may lag it by the replication delay. Nothing is migrated or written there.
    pub fn with_replica(mut self, replica: &Target) -> Result<Self, DbError> {
        let Target::Postgres(_) = replica else { return Err(DbError::Check("a read replica must be PostgreSQL".into())) };
        let conn = replica.connect()?;
        self.replica = Some(Inner::new(replica, conn, 0));
        Ok(self)
    }

    /// Runs a dashboard's read on the replica when there is one, else as [`Db::call`].
    pub async fn report<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        match &self.replica {
            Some(replica) => Db { inner: replica.clone(), replica: None }.call(f).await,
            None => self.call(f).await,
        }
    }

    pub fn engine(&self) -> Engine {
        self.inner.target.engine()
    }

    /// Runs `f` on a pooled, read-only connection in a blocking thread. Reads never wait for
    /// writers (WAL); a write attempted here fails, so every write goes through [`Db::write`].
    pub async fn call<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        let slot = self.slot().await?;
        self.run(slot, None, f).await
    }

    /// Runs `f` as this process's one writer, once the writers before it are done; a write
    /// that cannot start within [`WAIT_DEADLINE`] answers 503 `busy` with `Retry-After`. On
    /// PostgreSQL the writers of several servers run side by side (SERIALIZABLE); a write that
    /// conflicted with another server's is rolled back whole and run again, a few times.
    pub async fn write<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnMut(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        let turn = wait(&self.inner.writer).await?;
        let slot = self.slot().await?;
        let mut f = f;
        let retries = match self.engine() {
            Engine::Sqlite => 0,
            Engine::Postgres => CONFLICT_RETRIES,
        };
        self.run(slot, Some(turn), move |conn| {
            let mut attempt = 0;
            loop {
                match f(conn) {
                    Err(e) if e.code == "busy" && attempt < retries => {
                        attempt += 1;
                        // spread the retries of writers that collided
                        std::thread::sleep(Duration::from_millis(rand::random::<u64>() % (5 << attempt)));
                    }
                    done => return done,
                }
            }
        })
        .await
    }

    /// Runs `f` as the writer only if no other write is under way or waiting; `None` when
    /// one is. For writes that may be skipped (a session's last-seen time).
    pub async fn try_write<T, F>(&self, f: F) -> Result<Option<T>, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        let Ok(turn) = self.inner.writer.clone().try_acquire_owned() else { return Ok(None) };
        let slot = self.slot().await?;
        self.run(slot, Some(turn), f).await.map(Some)
    }

    /// Whether writes fail for want of disk space: the last one did, or the database's file
    /// system is nearly full now.
    pub fn storage_full(&self) -> bool {
        self.inner.storage_full.load(Ordering::Relaxed) || self.inner.sqlite_path().is_some_and(space::nearly_full)
    }

    async fn slot(&self) -> Result<OwnedSemaphorePermit, AppError> {
        wait(&self.inner.connections).await
    }

    async fn run<T, F>(&self, slot: OwnedSemaphorePermit, turn: Option<OwnedSemaphorePermit>, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        let inner = self.inner.clone();
        let writing = turn.is_some();
        tokio::task::spawn_blocking(move || {
            let pooled = inner.idle.lock().expect("pool lock").pop();
            let mut pooled = match pooled {
                Some(p) => p,
                None => Pooled { conn: connect_pooled(&inner.target).map_err(AppError::from)?, read_only: false },
            };
            if pooled.read_only == writing {
                pooled.conn.execute_batch(match (&pooled.conn, writing) {
                    (Conn::Sqlite(_), true) => "PRAGMA query_only = 0",
                    (Conn::Sqlite(_), false) => "PRAGMA query_only = 1",
                    (Conn::Postgres(_), true) => "SET default_transaction_read_only = off",
                    (Conn::Postgres(_), false) => "SET default_transaction_read_only = on",
                })?;
                pooled.read_only = !writing;
            }
            let mut result = sql::blocking_allowed(|| f(&mut pooled.conn));
            if writing {
                inner.note_write(&mut result);
            }
            // the writer's turn ends here, before the connection is handed back
            drop(turn);
            let mut idle = inner.idle.lock().expect("pool lock");
            if idle.len() < MAX_IDLE && !pooled.conn.is_broken() {
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
    /// A pool over `target` holding `first`, with `writers` write turns.
    fn new(target: &Target, first: Conn, writers: usize) -> Arc<Self> {
        Arc::new(Inner {
            target: target.clone(),
            idle: Mutex::new(vec![Pooled { conn: first, read_only: false }]),
            connections: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
            writer: Arc::new(Semaphore::new(writers)),
            storage_full: AtomicBool::new(false),
        })
    }

    fn sqlite_path(&self) -> Option<&Path> {
        match &self.target {
            Target::Sqlite(p) => Some(p),
            Target::Postgres(_) => None,
        }
    }

    /// Remembers whether the disk was full, for the health check. SQLite reports ENOSPC as
    /// SQLITE_FULL, but a log or shared-memory file that cannot grow surfaces as an I/O
    /// error: that too is a full disk when the file system has no room left.
    fn note_write<T>(&self, result: &mut Result<T, AppError>) {
        let full = match result {
            Ok(_) => false,
            Err(e) if e.code == "storage_full" => true,
            Err(e) if e.code == "storage_unavailable" && self.sqlite_path().is_some_and(space::nearly_full) => {
                *e = AppError::storage_full();
                true
            }
            Err(_) => return,
        };
        self.storage_full.store(full, Ordering::Relaxed);
    }
}

/// Removes every table and row (`seed --force`): the SQLite file and its logs, or the
/// PostgreSQL schema.
pub fn wipe(target: &Target) -> Result<(), DbError> {
    match target {
        Target::Sqlite(path) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            Ok(())
        }
        Target::Postgres(_) => Ok(target.connect()?.execute_batch("DROP SCHEMA public CASCADE; CREATE SCHEMA public")?),
    }
}

/// Waits up to [`WAIT_DEADLINE`] for a permit; past it the server is too busy to answer.
async fn wait(semaphore: &Arc<Semaphore>) -> Result<OwnedSemaphorePermit, AppError> {
    match tokio::time::timeout(WAIT_DEADLINE, semaphore.clone().acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::busy()),
    }
}
