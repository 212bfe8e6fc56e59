//! The append-only audit log (migration 009 forbids updates and deletes): who revealed,
//! merged, unmerged or changed access, when, and why.

use chrono::Utc;
use rusqlite::{params, Connection};

use crate::time::rfc3339;

pub fn record(conn: &Connection, user: i64, action: &str, subject: &str, detail: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![rfc3339(Utc::now()), user, action, subject, detail])?;
    Ok(())
}
