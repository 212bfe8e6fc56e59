//! WAL checkpoints off the request path. SQLite's automatic checkpoint runs inside the commit
//! that crosses the threshold, so one request in a thousand pages paid for copying the whole
//! log back into the database (a tenth of a batch of new members). A thread of the `Db`
//! checkpoints instead; the pool's connections keep a far higher automatic threshold only as a
//! backstop, should this thread ever fall behind.

use std::path::PathBuf;
use std::sync::Weak;
use std::thread;
use std::time::Duration;

use super::{connect, Inner};

/// How often the log is copied back. Between two passes a busy writer adds a few MB to it.
const EVERY: Duration = Duration::from_millis(200);

/// Pages in the log before a committing connection checkpoints itself (SQLite's default is 1,000).
pub const BACKSTOP_PAGES: i64 = 20_000;

/// Checkpoints `path` until the `Db` owning `alive` is dropped.
pub fn spawn(path: PathBuf, alive: Weak<Inner>) {
    let spawned = thread::Builder::new().name("wal-checkpoint".into()).spawn(move || {
        let conn = match connect(&path) {
            Ok(conn) => conn,
            Err(e) => return tracing::warn!(error = %e, "no background checkpoints; commits checkpoint at the backstop"),
        };
        loop {
            thread::sleep(EVERY);
            if alive.strong_count() == 0 {
                return;
            }
            // PASSIVE never waits for readers or blocks the writer; what it cannot copy now it
            // copies on a later pass
            if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
                tracing::warn!(error = %e, "background checkpoint failed");
            }
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no background checkpoints; commits checkpoint at the backstop");
    }
}
