//! Opening personal data to a person entitled to it: one field revealed, or the whole record
//! exported; both audited in the same transaction.

use chrono::{DateTime, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::dto::RevealField;

use crate::db::customers::read_visible;
use crate::error::AppError;
use crate::vault::IdVault;
use crate::db::sql::Conn;
/// The full value of `field` of a customer `scope` may see, the reveal audited with `reason`.
pub fn reveal(conn: &mut Conn, id: i64, field: RevealField, scope: Option<i64>, by: i64, reason: &str, vault: &IdVault) -> Result<Option<String>, AppError> {
    let column = match field {
        RevealField::Phone => "c.phone_e164",
        RevealField::Email => "c.email",
        RevealField::IdNumber => "NULL",
    };
    let tx = conn.begin()?;
    let mut value: Option<String> = read_visible(&tx, id, scope, column, |r| r.get(0))?;
    if field == RevealField::IdNumber {
        let numbers = crate::db::id_numbers::open_all(&tx, id, &vault)?;
        value = (!numbers.is_empty()).then(|| numbers.join("; "));
    }
    crate::db::audit::record(&tx, by, &format!("customer:{id}"), &AuditDetail::Reveal { field, reason: reason.to_owned() })?;
    tx.commit()?;
    Ok(value)
}

/// Everything stored about a customer `scope` may see, audited before it is returned.
pub fn export(conn: &mut Conn, id: i64, scope: Option<i64>, by: i64, now: DateTime<Utc>, vault: &IdVault) -> Result<serde_json::Value, AppError> {
    // immediate: it reads, then writes the audit row; a deferred read could not upgrade once another write landed
    let tx = conn.begin()?;
    read_visible(&tx, id, scope, "c.id", |_| Ok(()))?;
    let data = crate::db::export::person(&tx, id, &vault)?.ok_or_else(|| AppError::not_found("customer"))?;
    crate::db::audit::record(&tx, by, &format!("customer:{id}"), &AuditDetail::Export)?;
    tx.commit()?;
    Ok(serde_json::json!({ "exported_at": crate::time::rfc3339(now), "customer_id": id, "data": data }))
}
