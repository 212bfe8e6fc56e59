//! Revealing a masked phone or email in full: managers and admins only, for a stated reason,
//! and every reveal is in the audit log before the value leaves the server.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, RevealField, RevealRequest, Revealed};
use roundtrip_domain::mask::{clean_reason, MAX_REASON_CHARS, MIN_REASON_CHARS};
use rusqlite::{params, OptionalExtension};

use super::{parse_id, VISIBLE};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

#[utoipa::path(post, path = "/api/v1/customers/{id}/reveal", tag = "customers", params(("id" = i64, Path)),
    request_body = RevealRequest, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The full value; the reveal is audited", body = Revealed),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "The reason is missing or too long", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn reveal(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<RevealRequest>) -> Result<Json<Revealed>, AppError> {
    user.require_manager("revealing personal data needs the reveal permission (managers and admins)")?;
    let id = parse_id(&id)?;
    let Some(reason) = clean_reason(&body.reason) else {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("give a reason of {MIN_REASON_CHARS} to {MAX_REASON_CHARS} characters")));
    };
    let (scope, by, field) = (user.store_scope(), user.id(), body.field);
    let value = state
        .db
        .call(move |conn| {
            let column = match field {
                RevealField::Phone => "c.phone_e164",
                RevealField::Email => "c.email",
            };
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let value: Option<Option<String>> = tx
                .query_row(&format!("SELECT {column} FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![id, scope], |r| r.get(0))
                .optional()?;
            let value = value.ok_or_else(|| AppError::not_found("customer"))?;
            crate::db::audit::record(&tx, by, "reveal", &format!("customer:{id}"), &format!("{}: {reason}", field.as_str()))?;
            tx.commit()?;
            Ok(value)
        })
        .await?;
    Ok(Json(Revealed { field, value }))
}
