//! Channel connectors and their dead letters (admins): connecting a channel account with the
//! secrets from its platform's console, rotating them, and replaying what failed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::hooks::{check_new, Connector, ConnectorSecrets, DeadLetter, NewConnector};

use crate::auth::CurrentUser;
use crate::channels::worker;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

const ADMINS: &str = "only admins manage channel connectors";

/// Every connector with its push address and how its deliveries stand (never its secrets).
#[utoipa::path(get, path = "/api/v1/connectors", tag = "events", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The connectors", body = Vec<Connector>),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn list_connectors(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<Connector>>, AppError> {
    user.require_admin(ADMINS)?;
    Ok(Json(state.db.call(|conn| Ok(crate::db::connectors::list(conn)?)).await?))
}

/// Connects a channel account: its platform then pushes to the connector's `path`.
#[utoipa::path(post, path = "/api/v1/connectors", tag = "events", request_body = NewConnector, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The connector", body = Connector),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 409, description = "That channel account is already connected", body = ErrorEnvelope),
        (status = 422, description = "An account name or a secret missing or malformed, or an unknown store; `details` names the field", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn add_connector(State(state): State<AppState>, user: CurrentUser, Json(new): Json<NewConnector>) -> Result<(StatusCode, Json<Connector>), AppError> {
    user.require_admin(ADMINS)?;
    check_new(&new).map_err(|r| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_connector", r.to_string()).with_refusal(r))?;
    let (vault, by, now) = (state.id_vault.clone(), user.id(), state.clock.wall());
    let added = state.db.write(move |conn| crate::db::connectors::add(conn, &vault, &new, by, now)).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// Starts a rotation: the new secrets are accepted at once, the current ones until the
/// rotation is finished (the platform may still sign with them for a while).
#[utoipa::path(post, path = "/api/v1/connectors/{id}/secrets", tag = "events", params(("id" = i64, Path)), request_body = ConnectorSecrets,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The connector, rotating", body = Connector),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such connector", body = ErrorEnvelope),
        (status = 422, description = "A secret missing or malformed; `details` names it", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn rotate_secrets(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(secrets): Json<ConnectorSecrets>) -> Result<Json<Connector>, AppError> {
    user.require_admin(ADMINS)?;
    let (id, vault, by, now) = (parse_id(&id)?, state.id_vault.clone(), user.id(), state.clock.wall());
    Ok(Json(state.db.write(move |conn| crate::db::connectors::rotate(conn, &vault, id, Some(&secrets), by, now)).await?))
}

/// Finishes a rotation: only the newest secrets are accepted from now on.
#[utoipa::path(delete, path = "/api/v1/connectors/{id}/secrets/previous", tag = "events", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The connector, no longer rotating", body = Connector),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such connector", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn finish_rotation(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<Connector>, AppError> {
    user.require_admin(ADMINS)?;
    let (id, vault, by, now) = (parse_id(&id)?, state.id_vault.clone(), user.id(), state.clock.wall());
    Ok(Json(state.db.write(move |conn| crate::db::connectors::rotate(conn, &vault, id, None, by, now)).await?))
}

/// Deliveries that failed every attempt, newest first, with why the last one failed.
#[utoipa::path(get, path = "/api/v1/deliveries/dead", tag = "events", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The dead letters", body = Vec<DeadLetter>),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn dead_letters(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<DeadLetter>>, AppError> {
    user.require_admin(ADMINS)?;
    Ok(Json(state.db.call(|conn| Ok(crate::db::deliveries::dead(conn)?)).await?))
}

/// Sends a dead letter through the worker once more (audited). Its events keep their ids, so
/// a replay never records an event twice.
#[utoipa::path(post, path = "/api/v1/deliveries/{id}/replay", tag = "events", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The delivery, pending again", body = DeadLetter),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such delivery", body = ErrorEnvelope),
        (status = 409, description = "Not a dead letter (`not_dead`): already replayed, or never failed", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn replay_delivery(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<DeadLetter>, AppError> {
    user.require_admin(ADMINS)?;
    let (id, by, now) = (parse_id(&id)?, user.id(), state.clock.wall());
    let replayed = state.db.write(move |conn| crate::db::deliveries::replay(conn, id, by, now)).await?;
    worker::wake();
    Ok(Json(replayed))
}
