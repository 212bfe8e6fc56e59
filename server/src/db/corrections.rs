//! Correcting a person's details as stored: the record, the name index and the identities
//! follow, and the audit log names the fields changed, never the values.

use roundtrip_domain::dto::CustomerEdits;
use roundtrip_domain::phone::phone_tail;
use roundtrip_domain::rights::Correction;

use crate::db::customers::read_visible;
use crate::db::edits::{check_version, snapshot};
use crate::error::AppError;
use crate::db::sql::{self, Conn, params};

/// Replaces one kind of identity (the old value was wrong, so it no longer identifies them).
fn replace_identity(tx: &Conn, id: i64, kind: &str, old: Option<&str>, new: &str, now: &str) -> sql::Result<()> {
    if let Some(old) = old {
        tx.execute("DELETE FROM identities WHERE customer_id = ?1 AND kind = ?2 AND value = ?3", params![id, kind, old])?;
    }
    tx.execute(
        "INSERT INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, 'store', ?4, ?4) ON CONFLICT DO NOTHING",
        params![id, kind, new, now],
    )?;
    Ok(())
}

/// Applies `fix` to a customer `scope` may see, if the profile is still at `expected`.
#[allow(clippy::too_many_arguments)]
pub fn correct(conn: &mut Conn, id: i64, scope: Option<i64>, expected: i64, fix: &Correction, actor: i64, reason: &str, now: &str) -> Result<CustomerEdits, AppError> {
    let tx = conn.begin()?;
    let (version, old_phone, old_email): (i64, Option<String>, Option<String>) =
        read_visible(&tx, id, scope, "c.version, c.phone_e164, c.email", |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    check_version(version, expected)?;
    if let Some(name) = &fix.name {
        tx.execute("UPDATE customers SET name = ?2 WHERE id = ?1", params![id, name])?;
        crate::db::names::index_name(&tx, id, name)?;
    }
    if let Some(phone) = &fix.phone_e164 {
        tx.execute("UPDATE customers SET phone_e164 = ?2, phone_tail = ?3 WHERE id = ?1", params![id, phone, phone_tail(phone)])?;
        replace_identity(&tx, id, "phone", old_phone.as_deref(), phone, now)?;
    }
    if let Some(email) = &fix.email {
        tx.execute("UPDATE customers SET email = ?2 WHERE id = ?1", params![id, email])?;
        replace_identity(&tx, id, "email", old_email.as_deref(), email, now)?;
    }
    if let Some(city) = &fix.city {
        tx.execute("UPDATE customers SET city = ?2 WHERE id = ?1", params![id, city])?;
    }
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [id])?;
    let detail = roundtrip_domain::audit::AuditDetail::Correction { fields: fix.fields().into_iter().map(str::to_owned).collect(), reason: reason.to_owned() };
    crate::db::audit::record(&tx, actor, &format!("customer:{id}"), &detail)?;
    let edits = snapshot(&tx, id)?;
    tx.commit()?;
    Ok(edits)
}
