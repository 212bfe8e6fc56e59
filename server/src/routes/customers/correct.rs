//! Correcting a person's details on their request (managers and admins): the profile, the
//! name index and the identities follow, and the audit log records which fields changed and
//! why, never the values.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{CustomerEdits, ErrorEnvelope, PersonalCorrection};
use roundtrip_domain::phone::phone_tail;
use roundtrip_domain::rights::check_correction;
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde_json::json;

use super::edits::check_version;
use crate::db::edits::snapshot;
use super::parse_id;
use crate::db::customers::VISIBLE;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::time::rfc3339;

/// Replaces one kind of identity (the old value was wrong, so it no longer identifies them).
fn replace_identity(tx: &rusqlite::Transaction, id: i64, kind: &str, old: Option<&str>, new: &str, now: &str) -> rusqlite::Result<()> {
    if let Some(old) = old {
        tx.execute("DELETE FROM identities WHERE customer_id = ?1 AND kind = ?2 AND value = ?3", params![id, kind, old])?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, 'store', ?4, ?4)",
        params![id, kind, new, now],
    )?;
    Ok(())
}

/// Corrects name, phone, email or city; the profile version must be the one the form showed.
#[utoipa::path(patch, path = "/api/v1/customers/{id}/personal", tag = "customers", params(("id" = i64, Path)), request_body = PersonalCorrection,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Corrected; the new version", body = CustomerEdits),
        crate::routes::ManagerOnly,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 409, description = "The profile changed since `version`", body = ErrorEnvelope),
        (status = 422, description = "Nothing to correct, or a field that is not valid", body = ErrorEnvelope),
    ))]
pub async fn correct_personal(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<PersonalCorrection>) -> Result<Json<CustomerEdits>, AppError> {
    user.require_manager("correcting personal data is for managers and admins")?;
    let id = parse_id(&id)?;
    let fix = check_correction(&req).map_err(|e| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", e.to_string()))?;
    let (scope, actor, now) = (user.store_scope(), user.id(), rfc3339(state.clock.now()));
    let reason = req.reason.trim().to_string();
    let edits = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let current: Option<(i64, Option<String>, Option<String>)> = tx
                .query_row(&format!("SELECT c.version, c.phone_e164, c.email FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![id, scope], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .optional()?;
            let Some((version, old_phone, old_email)) = current else { return Err(AppError::not_found("customer")) };
            check_version(version, req.version)?;
            if let Some(name) = &fix.name {
                tx.execute("UPDATE customers SET name = ?2 WHERE id = ?1", params![id, name])?;
                crate::db::names::index_name(&tx, id, name)?;
            }
            if let Some(phone) = &fix.phone_e164 {
                tx.execute("UPDATE customers SET phone_e164 = ?2, phone_tail = ?3 WHERE id = ?1", params![id, phone, phone_tail(phone)])?;
                replace_identity(&tx, id, "phone", old_phone.as_deref(), phone, &now)?;
            }
            if let Some(email) = &fix.email {
                tx.execute("UPDATE customers SET email = ?2 WHERE id = ?1", params![id, email])?;
                replace_identity(&tx, id, "email", old_email.as_deref(), email, &now)?;
            }
            if let Some(city) = &fix.city {
                tx.execute("UPDATE customers SET city = ?2 WHERE id = ?1", params![id, city])?;
            }
            tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [id])?;
            crate::db::audit::record(&tx, actor, "correction", &format!("customer:{id}"), &json!({ "fields": fix.fields(), "reason": reason }).to_string())?;
            let edits = snapshot(&tx, id)?;
            tx.commit()?;
            Ok(edits)
        })
        .await?;
    Ok(Json(edits))
}
