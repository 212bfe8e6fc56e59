//! WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the commit
//! that takes the log past 1,000 pages, so that request paid for copying the whole log back
//! into the database (a tenth of a batch of new members). Pooled connections now only ring a
//! bell at that size, and a thread of the `Db` checkpoints; a commit checkpoints itself only
//! past a far higher backstop, should the thread ever fall behind.

use std::ffi::c_int;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, Weak};
use std::thread;
use std::time::Duration;

use rusqlite::hooks::Wal;
use rusqlite::Connection;

use super::{connect, Inner};

/// Pages in the log that call for a checkpoint (SQLite's own default threshold).
const WANTED_PAGES: c_int = 1_000;
/// Pages in the log past which a committing connection checkpoints itself.
const BACKSTOP_PAGES: c_int = 20_000;
/// How often an idle thread checks that its `Db` still exists.
const IDLE: Duration = Duration::from_secs(1);

/// Rung once per commit that leaves a log worth copying. One bell for the process: a `Db`
/// woken for another database's log finds its own short and copies little or nothing.
static RINGS: Mutex<u64> = Mutex::new(0);
static BELL: Condvar = Condvar::new();

/// Replaces SQLite's automatic checkpoint on a pooled connection (the automatic checkpoint is
/// itself a WAL hook, so setting this one turns it off).
pub fn hand_over(conn: &Connection) {
    conn.wal_hook(Some(after_commit));
}

fn after_commit(wal: &Wal, pages: c_int) -> rusqlite::Result<()> {
    if pages >= BACKSTOP_PAGES {
        return wal.checkpoint();
    }
    if pages >= WANTED_PAGES {
        *RINGS.lock().expect("bell lock") += 1;
        BELL.notify_all();
    }
    Ok(())
}

/// Checkpoints `path` whenever the bell rings, until the `Db` owning `alive` is dropped.
pub fn spawn(path: PathBuf, alive: Weak<Inner>) {
    let started = connect(&path)
        .map_err(|e| e.to_string())
        .and_then(|conn| thread::Builder::new().name("wal-checkpoint".into()).spawn(move || run(&conn, &alive)).map_err(|e| e.to_string()));
    if let Err(e) = started {
        tracing::warn!(error = %e, "no background checkpoints; commits checkpoint at the backstop");
    }
}

fn run(conn: &Connection, alive: &Weak<Inner>) {
    let mut heard = *RINGS.lock().expect("bell lock");
    loop {
        let rings = BELL.wait_timeout_while(RINGS.lock().expect("bell lock"), IDLE, |rings| *rings == heard).expect("bell lock").0;
        let rang = *rings != heard;
        heard = *rings;
        drop(rings);
        if alive.strong_count() == 0 {
            return;
        }
        // PASSIVE never waits for readers or blocks the writer; what it cannot copy now it
        // copies after a later commit
        if rang {
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "background checkpoint failed");
            }
        }
    }
}
