//! Online backup and verified restore. `VACUUM INTO` writes a consistent snapshot while the
//! server keeps serving; a restore refuses any file that fails `PRAGMA integrity_check`.

use std::path::Path;

use rusqlite::Connection;

fn integrity(path: &Path) -> Result<(), String> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).map_err(|e| format!("{}: {e}", path.display()))?;
    if verdict != "ok" {
        return Err(format!("{} fails the integrity check: {verdict}", path.display()));
    }
    Ok(())
}

/// Snapshots `db` into the new file `to` and checks the copy.
pub fn backup(db: &Path, to: &Path) -> Result<(), String> {
    if to.exists() {
        return Err(format!("{} exists; a backup never overwrites", to.display()));
    }
    let conn = super::connect(db).map_err(|e| format!("cannot open {}: {e}", db.display()))?;
    conn.execute("VACUUM INTO ?1", [to.to_string_lossy()]).map_err(|e| format!("backup failed: {e}"))?;
    integrity(to)
}

/// Replaces `db` with the checked backup `from`. Stop the server first: it holds the old file.
pub fn restore(from: &Path, db: &Path) -> Result<(), String> {
    integrity(from)?;
    let staging = db.with_extension("restoring");
    std::fs::copy(from, &staging).map_err(|e| format!("cannot copy to {}: {e}", staging.display()))?;
    std::fs::File::open(&staging).and_then(|f| f.sync_all()).map_err(|e| e.to_string())?;
    integrity(&staging)?;
    // the old write-ahead log belongs to the old file
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::rename(&staging, db).map_err(|e| format!("cannot replace {}: {e}", db.display()))
}
