//! One ticket: recording feedback, reading it with its history, and acting on it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, NewTicket, TicketDetail, TICKET_KINDS};
use roundtrip_domain::service::{check_spoke_at, check_summary, TicketAction};
use roundtrip_domain::trips::cases::{request_names_booking, CaseStep};
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
        (status = 409, description = "The booking cannot take this change or refund request (`booking_not_open`, `booking_departed`, `case_already_open`)", body = ErrorEnvelope),
        (status = 422, description = "Unknown kind, summary too short or long, spoke_at in the future or over 30 days ago, order_id missing on a change or refund (or given on other kinds), `unknown_booking`", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn record_ticket(State(state): State<AppState>, user: CurrentUser, Json(body): Json<NewTicket>) -> Result<(StatusCode, Json<TicketDetail>), AppError> {
    let now = state.clock.now();
    let spoke_at = body.spoke_at.unwrap_or(now);
    if !TICKET_KINDS.contains(&body.kind.as_str()) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("kind: one of {}", TICKET_KINDS.join(", "))));
    }
    check_summary(&body.summary).and_then(|_| check_spoke_at(spoke_at, now)).map_err(AppError::from)?;
    if request_names_booking(&body.kind) != body.order_id.is_some() {
        let message = if body.order_id.is_some() { "order_id: only a change or refund request names a booking" } else { "order_id: a change or refund request names its booking" };
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", message).with_details(serde_json::json!({ "field": "order_id" })));
    }
    let key = body.client_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string);
    if key.as_ref().is_some_and(|k| k.len() > MAX_CLIENT_KEY) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("client_key: at most {MAX_CLIENT_KEY} characters")));
    }
    let scope = user.store_scope();
    let (me, staff) = (user.id(), user.me.role == Role::Staff);
    let today = state.clock.today();
    let ticket = state
        .db
        .write(move |conn| tickets::record(conn, &body, key.as_deref(), spoke_at, scope, me, staff, now, today))
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

/// One step of the change or refund case a ticket carries: quote, the customer's
/// confirmation, completion (a refund names what was paid) or refusal. The first quote is the
/// desk's answer; completing or refusing closes the ticket.
#[utoipa::path(post, path = "/api/v1/tickets/{id}/case", tag = "service", params(("id" = i64, Path)), request_body = CaseStep,
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The ticket afterwards, with its case", body = TicketDetail),
        (status = 404, description = "No such ticket, another store's, or a ticket without a case", body = ErrorEnvelope),
        (status = 409, description = "The case's stage does not allow the step (`case_state`)", body = ErrorEnvelope),
        (status = 422, description = "Amounts out of range (a refund above the booking less the fee), a refund completed without the amount paid, a refusal without reason", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn step_case(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(step): Json<CaseStep>) -> Result<Json<TicketDetail>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let me = user.id();
    let now = state.clock.now();
    Ok(Json(state.db.write(move |conn| crate::db::cases::step(conn, id, &step, scope, me, now)).await?))
}
