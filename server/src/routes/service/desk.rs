//! One ticket: recording feedback, reading it with its history, and acting on it.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{ErrorEnvelope, NewTicket, TicketDetail, TICKET_KINDS};
use roundtrip_domain::service::{check_spoke_at, check_summary, next_status, TicketAction};
use roundtrip_domain::Role;
use rusqlite::{params, Connection, OptionalExtension};

use crate::db::tickets::{detail, ticket, Opening};
use super::refused;
use crate::db::tickets::record_feedback;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::db::customers::VISIBLE;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

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
    check_summary(&body.summary).and_then(|_| check_spoke_at(spoke_at, now)).map_err(refused)?;
    let key = body.client_key.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string);
    if key.as_ref().is_some_and(|k| k.len() > MAX_CLIENT_KEY) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("client_key: at most {MAX_CLIENT_KEY} characters")));
    }
    let scope = user.store_scope();
    let (me, staff) = (user.id(), user.me.role == Role::Staff);
    let ticket = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let earlier: Option<i64> = match &key {
                Some(k) => tx.query_row("SELECT id FROM tickets WHERE client_key = ?1", [k], |r| r.get(0)).optional()?,
                None => None,
            };
            let id = match earlier {
                Some(id) => id,
                None => {
                    let home: Option<Option<i64>> = tx
                        .query_row(&format!("SELECT c.home_store_id FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![body.customer_id, scope], |r| r.get(0))
                        .optional()?;
                    let home = home.ok_or_else(|| AppError::not_found("customer"))?;
                    let opening = Opening {
                        customer: body.customer_id, channel: body.channel, kind: &body.kind, severity: body.severity, summary: body.summary.trim(), spoke_at,
                        store: scope.or(home), assignee: staff.then_some(me), actor: Some(me), client_key: key.as_deref(),
                    };
                    record_feedback(&tx, &opening, now)?
                }
            };
            tx.commit()?;
            detail(conn, scope, id, now)
        })
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

/// Someone who may take a ticket of `store`: a manager or admin, or staff of that store.
fn check_assignee(conn: &Connection, user: i64, store: Option<i64>) -> Result<(), AppError> {
    let found: Option<(String, Option<i64>)> = conn
        .query_row("SELECT role, store_id FROM users WHERE id = ?1 AND disabled = 0", [user], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((role, _)) if role != "staff" => Ok(()),
        Some((_, s)) if s.is_some() && s == store => Ok(()),
        _ => Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_assignee", "the assignee must be a manager or staff of the ticket's store")
            .with_details(serde_json::json!({ "field": "assignee_id" }))),
    }
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
    Ok(Json(state.db.write(move |conn| {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (current, clock) = ticket(&tx, scope, id, now)?;
        let status = next_status(current.status, &action).map_err(refused)?;
        let store = current.store.as_ref().map(|s| s.id);
        let (mut new_store, mut assignee) = (store, current.assignee.as_ref().map(|a| a.id));
        let mut clock = clock;
        let (mut resolved_at, mut csat): (Option<DateTime<Utc>>, Option<u8>) = (None, None);
        match &action {
            TicketAction::Answer { .. } => clock = clock.answer(now),
            TicketAction::WaitForCustomer { .. } => clock = clock.pause(now),
            TicketAction::Resume { .. } => clock = clock.resume(now),
            TicketAction::Resolve { .. } => {
                clock = clock.answer(now);
                resolved_at = Some(now);
            }
            TicketAction::Csat { score } => csat = Some(*score),
            TicketAction::Assign { assignee_id } => {
                check_assignee(&tx, *assignee_id, store)?;
                assignee = Some(*assignee_id);
            }
            TicketAction::Handoff { store_id, assignee_id, .. } => {
                let known: Option<i64> = tx.query_row("SELECT id FROM stores WHERE id = ?1", [store_id], |r| r.get(0)).optional()?;
                if known.is_none() || Some(*store_id) == store {
                    return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_store", "hand the ticket to another existing store")
                        .with_details(serde_json::json!({ "field": "store_id" })));
                }
                if let Some(a) = assignee_id {
                    check_assignee(&tx, *a, Some(*store_id))?;
                }
                new_store = Some(*store_id);
                assignee = *assignee_id;
            }
        }
        tx.execute(
            "UPDATE tickets SET status = ?2, due_at = ?3, paused_since = ?4, first_response_at = ?5, store_id = ?6, assignee_id = ?7,
                    resolved_at = coalesce(?8, resolved_at), csat = coalesce(?9, csat)
              WHERE id = ?1",
            params![
                id, status.as_str(), rfc3339(clock.due_at), clock.paused_since.map(rfc3339), clock.answered_at.map(rfc3339), new_store, assignee,
                resolved_at.map(rfc3339), csat
            ],
        )?;
        let moved = new_store != store;
        tx.execute(
            "INSERT INTO ticket_history (ticket_id, at, actor_id, action, body, from_store_id, to_store_id, assignee_id, score)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id, rfc3339(now), me, action.name(), action.text().map(str::trim), moved.then_some(store).flatten(), moved.then_some(new_store).flatten(),
                matches!(action, TicketAction::Assign { .. } | TicketAction::Handoff { .. }).then_some(assignee).flatten(), csat
            ],
        )?;
        tx.commit()?;
        // after a handoff staff of the old store no longer see it: answer with what they did
        detail(conn, if moved { None } else { scope }, id, now)
    }).await?))
}
