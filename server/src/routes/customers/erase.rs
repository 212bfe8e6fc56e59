//! Erasure on request of the person (admins): see `db/erase.rs` for what goes and what the
//! law makes the agency keep. It cannot be undone, so the admin types the customer's name.

use axum::extract::{Path, State};
use roundtrip_domain::dto::{ErasureRequest, Erased, ErrorEnvelope};

use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// Erases a customer and every record merged into them; audited with the reason.
#[utoipa::path(post, path = "/api/v1/customers/{id}/erase", tag = "customers", params(("id" = i64, Path)), request_body = ErasureRequest,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Erased: the customer ids whose personal data is gone", body = Erased),
        (status = 401, description = "Not signed in", body = ErrorEnvelope),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such customer (or already erased)", body = ErrorEnvelope),
        (status = 422, description = "No reason, or the typed name does not match", body = ErrorEnvelope),
    ))]
pub async fn erase_person(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<ErasureRequest>) -> Result<Json<Erased>, AppError> {
    user.require_admin("erasure is for administrators")?;
    let id = parse_id(&id)?;
    let reason = roundtrip_domain::rights::check_erasure_reason(&req.reason)?;
    let (actor, now) = (user.id(), state.clock.now());
    let erased = state
        .db
        .write(move |conn| crate::db::erase::erase_confirmed(conn, id, &req.confirm_name, actor, &reason, now))
        .await?;
    Ok(Json(erased))
}
