//! API tokens for channel systems (admins): issued with the secret shown once, listed with
//! their last use, revoked at once. Each change is audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::tokens::{check_new, ApiToken, Grant, IssuedToken, NewToken};

use crate::auth::{new_secret, CurrentUser, Secret};
use crate::db::tokens::Issue;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

const ADMINS: &str = "only admins manage API tokens";

/// Every API token, newest first, revoked and expired ones included.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "events", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The tokens (never their secrets)", body = Vec<ApiToken>),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn list_tokens(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<ApiToken>>, AppError> {
    user.require_admin(ADMINS)?;
    Ok(Json(state.db.call(|conn| Ok(crate::db::tokens::list(conn)?)).await?))
}

/// Issues a token that pushes channel events, optionally for one source and one store. The
/// secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "events", request_body = NewToken, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The token and, this once, its secret", body = IssuedToken),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 422, description = "A name, lifetime or rate out of bounds, or an unknown store; `details` names the field", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn issue_token(State(state): State<AppState>, user: CurrentUser, Json(req): Json<NewToken>) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    user.require_admin(ADMINS)?;
    let now = state.clock.wall();
    let terms = check_new(&req, now).map_err(|e| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_token_request", e.to_string()).with_refusal(e.refusal()))?;
    let Secret { text, hash, hint } = new_secret();
    let (by, grant) = (user.id(), Grant { source: req.source, store_id: req.store_id });
    let token = state.db.write(move |conn| crate::db::tokens::issue(conn, &Issue { terms: &terms, grant, hash: &hash, hint: &hint }, by, now)).await?;
    Ok((StatusCode::CREATED, Json(IssuedToken { token, secret: text })))
}

/// Revokes a token: every server refuses it from its next request on.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "events", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The token, revoked", body = ApiToken),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such token", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn revoke_token(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<ApiToken>, AppError> {
    user.require_admin(ADMINS)?;
    let (id, by, now) = (parse_id(&id)?, user.id(), state.clock.wall());
    Ok(Json(state.db.write(move |conn| crate::db::tokens::revoke(conn, id, by, now)).await?))
}
