//! Outbound webhooks (admins): register a URL for some events (the signing secret is shown
//! once), see what was sent to it, switch it off. Each change is audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::webhooks::{check_new, NewWebhook, RegisteredWebhook, Webhook, WebhookDelivery};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

const ADMINS: &str = "only admins manage webhooks";

/// Every webhook, newest first, with how its messages stand.
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "events", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The webhooks (never their secrets)", body = Vec<Webhook>),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn list_webhooks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<Webhook>>, AppError> {
    user.require_admin(ADMINS)?;
    Ok(Json(state.db.call(|conn| Ok(crate::db::webhooks::list(conn)?)).await?))
}

/// Registers a webhook; the secret that verifies its signatures is in this answer only.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "events", request_body = NewWebhook, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The webhook and, this once, its secret", body = RegisteredWebhook),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 422, description = "A URL that is not http(s) or points inside the agency's network, no event, or a description too long; `details` names the field", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn register_webhook(State(state): State<AppState>, user: CurrentUser, Json(new): Json<NewWebhook>) -> Result<(StatusCode, Json<RegisteredWebhook>), AppError> {
    user.require_admin(ADMINS)?;
    let invalid = |r: roundtrip_domain::refusal::Refusal| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_webhook", r.to_string()).with_refusal(r);
    check_new(&new).map_err(invalid)?;
    if let Some(why) = crate::webhooks::refused(&new.url) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "webhook_address", format!("{why}: webhooks reach the agency's other systems by their public address"))
            .with_refusal(roundtrip_domain::refusal::Refusal::only("url", roundtrip_domain::refusal::Rule::OneOf)));
    }
    let (vault, by, now, secret) = (state.id_vault.clone(), user.id(), state.clock.wall(), crate::webhooks::new_secret());
    let shown = secret.clone();
    let webhook = state.db.write(move |conn| crate::db::webhooks::register(conn, &vault, &new, &secret, by, now)).await?;
    Ok((StatusCode::CREATED, Json(RegisteredWebhook { webhook, secret: shown })))
}

/// Switches a webhook off: nothing more is sent to it.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "events", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The webhook, off", body = Webhook),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such webhook", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn disable_webhook(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<Webhook>, AppError> {
    user.require_admin(ADMINS)?;
    let (id, by, now) = (parse_id(&id)?, user.id(), state.clock.wall());
    Ok(Json(state.db.write(move |conn| crate::db::webhooks::disable(conn, id, by, now)).await?))
}

/// What was sent to a webhook, newest first (the latest 200), with each message's attempts.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}/deliveries", tag = "events", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The delivery log", body = Vec<WebhookDelivery>),
        (status = 403, description = "Not an admin", body = ErrorEnvelope),
        (status = 404, description = "No such webhook", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn webhook_log(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<Vec<WebhookDelivery>>, AppError> {
    user.require_admin(ADMINS)?;
    let id = parse_id(&id)?;
    Ok(Json(state.db.call(move |conn| crate::db::webhooks::log(conn, id)).await?))
}
