//! Free space on the database's file system, for the health check and to tell a full disk
//! from other I/O failures.

use std::path::Path;

/// Below this much free space, writes are about to fail (or already do): a batch of channel
/// events writes a few megabytes of log.
const RESERVE_BYTES: u64 = 8 * 1024 * 1024;

/// Whether the file system holding `db` has less than the reserve left for this user.
pub fn nearly_full(db: &Path) -> bool {
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match rustix::fs::statvfs(dir) {
        Ok(s) => s.f_bavail.saturating_mul(s.f_frsize) < RESERVE_BYTES,
        Err(_) => false,
    }
}
