//! One ticket: recording feedback, reading it with its history, and acting on it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, NewTicket, TicketDetail, TICKET_KINDS};
use roundtrip_domain::service::{check_spoke_at, check_summary, TicketAction};
use roundtrip_domain::Role;

use crate::db::tickets::detail;
use crate::db::tickets;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

const MAX_CLIENT_KEY: usize = 64;

/// Records feedback a customer gave in the store or on the phone. The clock starts when the
/// customer spoke (`spoke_at`, default now). Staff record for their own store and own the
/// ticket; a manager's ticket goes to the customer's home store, unassigned.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "service", request_body = NewTicket, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "The new ticket (or, for a repeated client_key, the first one)", body = TicketDetail),
        (status = 404, description = "A customer the caller cannot see", body = ErrorEnvelope),
        (status = 422, description = "Unknown kind, summary too short or long, spoke_at in the future or over 30 days ago", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn record_ticket(State(state): State<AppState>, user: CurrentUser, Json(body): Json<NewTicket>) -> Result<(StatusCode, Json<TicketDetail>), AppError> {
    let now = state.clock.now();
    let spoke_at = body.spoke_at.unwrap_or(now);
    if !TICKET_KINDS.contains(&body.kind.as_str()) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("kind: one of {}", TICKET_KINDS.join(", "))));
    }
    check_summary(&body.summary).and_then(|_| check_spoke_at(spoke_at, now)).map_err(AppError::from)?;
    let key = body.client_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string);
    if key.as_ref().is_some_and(|k| k.len() > MAX_CLIENT_KEY) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("client_key: at most {MAX_CLIENT_KEY} characters")));
    }
    let scope = user.store_scope();
    let (me, staff) = (user.id(), user.me.role == Role::Staff);
    let ticket = state
        .db
        .write(move |conn| tickets::record(conn, &body, key.as_deref(), spoke_at, scope, me, staff, now))
        .await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

/// A ticket with its clock and history.
#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "service", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The ticket", body = TicketDetail),
        (status = 404, description = "No such ticket, or another store's", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn ticket_detail(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<TicketDetail>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let now = state.clock.now();
    Ok(Json(state.db.call(move |conn| detail(conn, scope, id, now)).await?))
}


/// Acts on a ticket: answer, wait for the customer, resume, hand off, assign, resolve, or
/// record the customer's satisfaction. The history keeps every step.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/actions", tag = "service", params(("id" = i64, Path)), request_body = TicketAction,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The ticket afterwards", body = TicketDetail),
        (status = 404, description = "No such ticket, or another store's", body = ErrorEnvelope),
        (status = 409, description = "The ticket's status does not allow it (e.g. answering a resolved ticket)", body = ErrorEnvelope),
        (status = 422, description = "Missing text, score outside 1–5, unknown store or assignee", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn act_on_ticket(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(action): Json<TicketAction>) -> Result<Json<TicketDetail>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let me = user.id();
    let now = state.clock.now();
    Ok(Json(state.db.write(move |conn| tickets::act(conn, id, &action, scope, me, now)).await?))
}
