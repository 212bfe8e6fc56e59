//! Erasing a person (PIPL art. 47), table by table as `registry` classifies them. What
//! identifies them is deleted; what the law makes the agency keep stays, stripped of anything
//! personal:
//! - orders and the points ledger (accounting records: amounts, dates, products);
//! - tickets and their history, with the customer's words removed (complaint statistics);
//! - the audit log, which names only `customer:<id>`.
//! Records merged into the person are erased with them, and those merges can no longer be
//! undone (their undo data held personal data).

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::Erased;

use crate::db::customers::read_visible;
use crate::error::AppError;

use super::registry::{OnErase, CUSTOMER_COLUMNS};
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};


/// Erases `id` and every record merged into it; returns the ids erased.
pub fn erase(tx: &Conn, id: i64, now: DateTime<Utc>) -> sql::Result<Vec<i64>> {
    let mut ids = vec![id];
    let mut stmt = tx.prepare_cached("SELECT id FROM customers WHERE merged_into = ?1")?;
    let mut next = 0;
    while next < ids.len() {
        let found = stmt.query_map([ids[next]], |r| r.get::<_, i64>(0))?.collect::<sql::Result<Vec<_>>>()?;
        ids.extend(found);
        next += 1;
    }
    for &c in &ids {
        // every customer column as the registry classifies it
        for col in CUSTOMER_COLUMNS {
            match col.erase {
                OnErase::Delete => {
                    tx.execute(&format!("DELETE FROM {} WHERE {} = ?1", col.table, col.column), [c])?;
                }
                OnErase::Strip(statements) => {
                    for sql in statements {
                        tx.execute(sql, [c])?;
                    }
                }
                OnErase::Keep => {}
            }
        }
        tx.execute(
            "UPDATE customers SET name = '', phone_e164 = NULL, phone_tail = NULL, email = NULL, city = '', birth_year = NULL,
                    birthday = NULL, last_nps = NULL, erased_at = ?2, version = version + 1
              WHERE id = ?1",
            params![c, rfc3339(now)],
        )?;
    }
    Ok(ids)
}

/// Erases customer `id` (and everything merged into it) once `confirm_name` matches their
/// name; audited with `reason`. The ids erased.
pub fn erase_confirmed(conn: &mut Conn, id: i64, confirm_name: &str, actor: i64, reason: &str, now: DateTime<Utc>) -> Result<Erased, AppError> {
    let tx = conn.begin()?;
    let name: String = read_visible(&tx, id, None, "c.name", |r| r.get(0))?;
    roundtrip_domain::rights::check_erasure_confirmed(confirm_name, &name)?;
    let ids = crate::db::erase::erase(&tx, id, now)?;
    crate::db::audit::record(&tx, actor, &format!("customer:{id}"), &roundtrip_domain::audit::AuditDetail::Erasure { reason: reason.to_owned(), erased: ids.clone() })?;
    tx.commit()?;
    Ok(Erased { customer_ids: ids })
}
