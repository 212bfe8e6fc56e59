//! The append-only audit log (migration 009 forbids updates and deletes): who revealed,
//! merged, unmerged or changed access, when, and why.

use chrono::Utc;
use roundtrip_domain::dto::AuditEntry;

use crate::db::columns::time_col;

use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};

pub fn record(conn: &Conn, user: i64, action: &str, subject: &str, detail: &str) -> sql::Result<()> {
    conn.prepare_cached("INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![rfc3339(Utc::now()), user, action, subject, detail])?;
    Ok(())
}

/// Entries newest first: page `page` (from 1) of `size`, and how many there are in all.
pub fn page(conn: &Conn, size: u32, page: u32) -> sql::Result<(Vec<AuditEntry>, u64)> {
    let total: i64 = conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.at, u.display_name, a.action, a.subject, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
          ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let entries = stmt
        .query_map([size as i64, ((page - 1) * size) as i64], |r| {
            Ok(AuditEntry { id: r.get(0)?, at: time_col(r, 1)?, user: r.get(2)?, action: r.get(3)?, subject: r.get(4)?, detail: r.get(5)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((entries, total as u64))
}
