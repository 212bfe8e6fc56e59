//! The append-only audit log (migration 009 forbids updates and deletes): who revealed,
//! merged, unmerged or changed access, when, and why.

use chrono::{DateTime, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::dto::{AuditEntry, AuditPerson};

use crate::db::columns::time_col;

use crate::time::rfc3339;
use crate::db::sql::{self, params, params_from_iter, Conn, Value};

/// Records `user`'s act on `subject` (`customer:42`); the action is the detail's.
pub fn record(conn: &Conn, user: i64, subject: &str, detail: &AuditDetail) -> sql::Result<()> {
    conn.prepare_cached("INSERT INTO audit_log (at, user_id, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![rfc3339(Utc::now()), user, detail.action(), subject, detail.to_stored()])?;
    Ok(())
}

/// Which entries a page holds; `None` is any.
pub struct AuditFilter {
    pub user: Option<i64>,
    pub action: Option<String>,
    pub customer: Option<i64>,
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
}

const FILTERED: &str = "FROM audit_log a WHERE (CAST(?1 AS BIGINT) IS NULL OR a.user_id = ?1) AND (CAST(?2 AS TEXT) IS NULL OR a.action = ?2)
    AND (CAST(?3 AS TEXT) IS NULL OR a.subject = ?3) AND (CAST(?4 AS TEXT) IS NULL OR a.at >= ?4) AND (CAST(?5 AS TEXT) IS NULL OR a.at < ?5)";

/// Entries matching `filter`, newest first: page `page` (from 1) of `size`, and how many match.
pub fn page(conn: &Conn, filter: &AuditFilter, size: u32, page: u32) -> sql::Result<(Vec<AuditEntry>, u64)> {
    let text = |t: Option<String>| t.map_or(Value::Null, Value::Text);
    let args = vec![
        filter.user.map_or(Value::Null, Value::Integer),
        text(filter.action.clone()),
        text(filter.customer.map(|c| format!("customer:{c}"))),
        text(filter.since.map(rfc3339)),
        text(filter.until.map(rfc3339)),
    ];
    let total: i64 = conn.prepare_cached(&format!("SELECT count(*) {FILTERED}"))?.query_row(params_from_iter(args.iter()), |r| r.get(0))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.at, u.display_name, a.action, a.subject, a.detail
           FROM (SELECT a.* {FILTERED} ORDER BY a.id DESC LIMIT {size} OFFSET {}) AS a LEFT JOIN users u ON u.id = a.user_id ORDER BY a.id DESC",
        (page - 1) * size
    ))?;
    let entries = stmt
        .query_map(params_from_iter(args.iter()), |r| {
            let (action, detail): (String, Option<String>) = (r.get(3)?, r.get(5)?);
            let detail = detail.and_then(|d| AuditDetail::read(&action, &d));
            Ok(AuditEntry { id: r.get(0)?, at: time_col(r, 1)?, user: r.get(2)?, action, subject: r.get(4)?, detail })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((entries, total as u64))
}

/// Everyone with an entry, by name.
pub fn people(conn: &Conn) -> sql::Result<Vec<AuditPerson>> {
    conn.prepare_cached("SELECT u.id, u.display_name FROM users u WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.user_id = u.id) ORDER BY u.display_name, u.id")?
        .query_map([], |r| Ok(AuditPerson { id: r.get(0)?, name: r.get(1)? }))?
        .collect()
}
