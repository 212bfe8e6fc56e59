//! Personal data leaving the server in full, always audited before it leaves: revealing a
//! masked phone, email or ID number (managers and admins, for a stated reason) and a
//! data-subject export.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, RevealRequest, Revealed};
use roundtrip_domain::mask::{clean_reason, MAX_REASON_CHARS, MIN_REASON_CHARS};

use super::parse_id;
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
    let (scope, by, field, vault) = (user.store_scope(), user.id(), body.field, state.id_vault.clone());
    let value = state
        .db
        .write(move |conn| crate::db::reveal::reveal(conn, id, field, scope, by, &reason, &vault))
        .await?;
    Ok(Json(Revealed { field, value }))
}

/// Everything stored about a customer, as one JSON document, for a data-subject request
/// (managers and admins; audited before it leaves the server), ID numbers opened in full.
#[utoipa::path(get, path = "/api/v1/customers/{id}/export", tag = "customers", params(("id" = i64, Path)),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The person's data, table by table (downloaded as a file)", body = serde_json::Value),
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn export_person(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<impl axum::response::IntoResponse, AppError> {
    user.require_manager("exporting a person's data is for managers and admins")?;
    let id = parse_id(&id)?;
    let (scope, by, vault) = (user.store_scope(), user.id(), state.id_vault.clone());
    let now = state.clock.now();
    let document = state
        .db
        .write(move |conn| crate::db::reveal::export(conn, id, scope, by, now, &vault))
        .await?;
    let disposition = format!("attachment; filename=\"customer-{id}.json\"");
    Ok(([(axum::http::header::CONTENT_DISPOSITION, disposition)], Json(document)))
}
