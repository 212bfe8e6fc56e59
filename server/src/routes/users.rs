//! Account administration (admins): disabling a user ends every session they have at once.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, UserAccess};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

/// Disables (or re-enables) a user. Disabling deletes their sessions, so a lost tablet or a
/// leaver is signed out everywhere with the next request. Admins cannot disable themselves.
#[utoipa::path(put, path = "/api/v1/users/{id}/access", tag = "session", params(("id" = i64, Path)),
    request_body = UserAccess, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The user's access after the change", body = UserAccess),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such user", body = ErrorEnvelope),
        (status = 409, description = "Admins cannot disable themselves", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn change_access(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<UserAccess>) -> Result<Json<UserAccess>, AppError> {
    user.require_admin("only admins change user access")?;
    let id = parse_id(&id)?;
    if id == user.id() && body.disabled {
        return Err(AppError::new(StatusCode::CONFLICT, "self_disable", "admins cannot disable their own account"));
    }
    let by = user.id();
    state.db.write(move |conn| crate::db::users::set_access(conn, id, body.disabled, by)).await?;
    Ok(Json(body))
}
