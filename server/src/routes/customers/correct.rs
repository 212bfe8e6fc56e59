//! Correcting a person's details on their request (managers and admins): the profile, the
//! name index and the identities follow, and the audit log records which fields changed and
//! why, never the values.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{CustomerEdits, ErrorEnvelope, PersonalCorrection};
use roundtrip_domain::rights::check_correction;

use crate::db::corrections;
use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::time::rfc3339;

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
    let expected = req.version;
    let edits = state.db.write(move |conn| corrections::correct(conn, id, scope, expected, &fix, actor, &reason, &now)).await?;
    Ok(Json(edits))
}
