//! At the door: the events a user runs, sign-ups, check-ins (with undo) and the post-event
//! satisfaction score. Store staff work only on events at their own store.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Duration;
use roundtrip_domain::community::{check_satisfaction, door_open};
use roundtrip_domain::dto::{CommunityEvent, ErrorEnvelope, EventDetail, Satisfaction, SignUp};
use serde_json::json;

use super::invalid;
use crate::db::attendance::{self, DoorChange};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// Runs `change` on the event at the door (see [`attendance::at_door`]) and answers with the
/// event as it is afterwards.
async fn at_door(state: &AppState, user: &CurrentUser, id: i64, change: DoorChange) -> Result<Json<EventDetail>, AppError> {
    let scope = user.store_scope();
    Ok(Json(with_door(state, state.db.write(move |conn| attendance::at_door(conn, scope, id, &change)).await?)))
}

/// 409 `event_over` once the event's day is over: its door list is a record from then on.
fn door_still_open(e: &CommunityEvent, now: chrono::DateTime<chrono::Utc>, zone: &chrono_tz::Tz) -> Result<(), AppError> {
    if door_open(e.starts_at, now, zone) {
        Ok(())
    } else {
        Err(AppError::new(StatusCode::CONFLICT, "event_over", "this event is over; check-ins are closed"))
    }
}

/// The event as answered, saying whether its door is still open now.
fn with_door(state: &AppState, mut detail: EventDetail) -> EventDetail {
    detail.door_open = door_open(detail.event.starts_at, state.clock.now(), &state.clock.zone());
    detail
}

/// Events the caller runs, from a week ago on: staff see their store's, managers all.
#[utoipa::path(get, path = "/api/v1/community-events", tag = "communities", security(("session_cookie" = [])),
    responses((status = 200, description = "Recent and upcoming events, soonest first", body = [CommunityEvent]), crate::routes::SignedIn))]
pub async fn my_events(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<CommunityEvent>>, AppError> {
    let scope = user.store_scope();
    let since = rfc3339(state.clock.now() - Duration::days(7));
    let events = state
        .db
        .call(move |conn| attendance::run_since(conn, &since, scope))
        .await?;
    Ok(Json(events))
}

/// The event with everyone signed up (phones masked), who is still expected first.
#[utoipa::path(get, path = "/api/v1/community-events/{id}", tag = "communities", params(("id" = i64, Path)),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The event and its attendees", body = EventDetail),
        (status = 403, description = "Store staff: the event is at another store", body = ErrorEnvelope),
        (status = 404, description = "No such event", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn event_detail(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<EventDetail>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let detail = state.db.call(move |conn| {
        attendance::door(conn, scope, id)?;
        attendance::detail(conn, id)
    }).await?;
    Ok(Json(with_door(&state, detail)))
}

/// Signs a customer up (joining the community if needed). Signing up twice changes nothing.
#[utoipa::path(post, path = "/api/v1/community-events/{id}/attendees", tag = "communities", params(("id" = i64, Path)),
    request_body = SignUp, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The event after the sign-up", body = EventDetail),
        (status = 403, description = "Store staff: the event is at another store", body = ErrorEnvelope),
        (status = 404, description = "No such event, or a customer the caller cannot see", body = ErrorEnvelope),
        (status = 409, description = "The event is full", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn sign_up(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<SignUp>) -> Result<Json<EventDetail>, AppError> {
    let id = parse_id(&id)?;
    let now = rfc3339(state.clock.now());
    at_door(&state, &user, id, Box::new(move |tx, e, scope| {
        let already = attendance::attended(tx, id, body.customer_id)?.is_some();
        if !already && e.capacity.is_some_and(|c| e.signed_up >= c as u64) {
            return Err(AppError::new(StatusCode::CONFLICT, "event_full", "the event is full")
                .with_details(json!({ "capacity": e.capacity, "signed_up": e.signed_up })));
        }
        attendance::sign_up(tx, scope, e, body.customer_id, &now)?;
        Ok(())
    }))
    .await
}

/// Checks a customer in at the door. Someone who did not sign up is signed up as a walk-in
/// (capacity is for sign-ups; a person standing there is let in). Checking in twice keeps the
/// first time and counts one attendance.
#[utoipa::path(put, path = "/api/v1/community-events/{id}/attendees/{customer_id}/check-in", tag = "communities",
    params(("id" = i64, Path), ("customer_id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The event after the check-in", body = EventDetail),
        (status = 403, description = "Store staff: the event is at another store", body = ErrorEnvelope),
        (status = 404, description = "No such event, or a customer the caller cannot see", body = ErrorEnvelope),
        (status = 409, description = "`event_over`: the event's day is over, check-ins are closed", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn check_in(State(state): State<AppState>, user: CurrentUser, Path((id, customer)): Path<(String, String)>) -> Result<Json<EventDetail>, AppError> {
    let (id, customer) = (parse_id(&id)?, parse_id(&customer)?);
    let (at, zone) = (state.clock.now(), state.clock.zone());
    let now = rfc3339(at);
    at_door(&state, &user, id, Box::new(move |tx, e, scope| {
        door_still_open(e, at, &zone)?;
        attendance::sign_up(tx, scope, e, customer, &now)?;
        attendance::check_in(tx, e, customer, &now)
    }))
    .await
}

/// Undoes a check-in made by mistake: the sign-up stays, the attendance goes.
#[utoipa::path(delete, path = "/api/v1/community-events/{id}/attendees/{customer_id}/check-in", tag = "communities",
    params(("id" = i64, Path), ("customer_id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The event after the undo", body = EventDetail),
        (status = 409, description = "`event_over`: the event's day is over, its list is a record", body = ErrorEnvelope),
        (status = 403, description = "Store staff: the event is at another store", body = ErrorEnvelope),
        (status = 404, description = "No such event or attendee", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn undo_check_in(State(state): State<AppState>, user: CurrentUser, Path((id, customer)): Path<(String, String)>) -> Result<Json<EventDetail>, AppError> {
    let (id, customer) = (parse_id(&id)?, parse_id(&customer)?);
    let (now, zone) = (state.clock.now(), state.clock.zone());
    at_door(&state, &user, id, Box::new(move |tx, e, _| {
        door_still_open(e, now, &zone)?;
        let checked_in_at = attendance::checked_in_at(tx, id, customer)?.ok_or_else(|| AppError::not_found("attendee"))?;
        if let Some(at) = checked_in_at {
            attendance::undo_check_in(tx, e, customer, &at)?;
        }
        Ok(())
    }))
    .await
}

/// Records the post-event satisfaction (1–5) of someone who attended.
#[utoipa::path(put, path = "/api/v1/community-events/{id}/attendees/{customer_id}/satisfaction", tag = "communities",
    params(("id" = i64, Path), ("customer_id" = i64, Path)), request_body = Satisfaction, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The event after the answer", body = EventDetail),
        (status = 403, description = "Store staff: the event is at another store", body = ErrorEnvelope),
        (status = 404, description = "No such event or attendee", body = ErrorEnvelope),
        (status = 409, description = "The customer has not been checked in", body = ErrorEnvelope),
        (status = 422, description = "Score outside 1–5", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn record_satisfaction(State(state): State<AppState>, user: CurrentUser, Path((id, customer)): Path<(String, String)>, Json(body): Json<Satisfaction>) -> Result<Json<EventDetail>, AppError> {
    let (id, customer) = (parse_id(&id)?, parse_id(&customer)?);
    let score = check_satisfaction(body.score).map_err(invalid)?;
    at_door(&state, &user, id, Box::new(move |tx, _, _| {
        match attendance::attended(tx, id, customer)? {
            None => return Err(AppError::not_found("attendee")),
            Some(false) => return Err(AppError::new(StatusCode::CONFLICT, "not_checked_in", "only people who attended can rate the event")),
            Some(true) => {}
        }
        Ok(attendance::set_satisfaction(tx, id, customer, score)?)
    }))
    .await
}
