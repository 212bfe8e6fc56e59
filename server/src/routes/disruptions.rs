//! Schedule changes (航变): an airline feed or channel system (or a manager) sends a change to a
//! flight on a day; the desk sees the disruptions by flight with each affected booking's
//! contact clock, and records that the customer was told and what they chose. A change names
//! no customer, so it has its own endpoint rather than riding the customer events.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, JourneyQuery};
use roundtrip_domain::trips::disruptions::{DisruptionCase, DisruptionDetail, DisruptionList, DisruptionStep, ScheduleChange, ScheduleChangeReceipt};

use crate::auth::{CurrentUser, Pusher};
use crate::db::period::Period;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::routes::parse_id;
use crate::state::AppState;

/// Receives a schedule change: one case per booking flying the flight that day (booked or
/// paid), each booker's and traveller's timeline told. Sending the same change again is a
/// no-op; another change under the same `change_id` is refused.
#[utoipa::path(post, path = "/api/v1/schedule-changes", tag = "disruptions", request_body = ScheduleChange,
    security(("api_token" = []), ("session_cookie" = [])),
    responses(
        (status = 201, description = "Received: the cases opened", body = ScheduleChangeReceipt),
        (status = 200, description = "Received before: nothing opened again", body = ScheduleChangeReceipt),
        crate::routes::ManagerOnly,
        (status = 409, description = "The change_id was received before with other content (`change_conflict`)", body = ErrorEnvelope),
        (status = 422, description = "A field that cannot be read: flight, new_departure (required unless cancelled), new_arrival before departure, note too long", body = ErrorEnvelope),
    ))]
pub async fn receive_schedule_change(State(state): State<AppState>, pusher: Pusher, Json(change): Json<ScheduleChange>) -> Result<(StatusCode, Json<ScheduleChangeReceipt>), AppError> {
    match &pusher {
        Pusher::Person(user) => user.require_manager("store staff may not send schedule changes")?,
        Pusher::Machine(m) if !m.grant.unlimited() => {
            return Err(AppError::new(StatusCode::FORBIDDEN, "token_scope", "a schedule change reaches every store: it needs a token not limited to a channel or store"));
        }
        Pusher::Machine(_) => {}
    }
    let change = change.checked().map_err(|r| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", r.to_string()).with_refusal(r))?;
    let now = state.clock.now();
    let receipt = state.db.write(move |conn| crate::db::disruptions::receive(conn, &change, now)).await?;
    Ok((if receipt.repeated { StatusCode::OK } else { StatusCode::CREATED }, Json(receipt)))
}

/// The disruptions announced in the period (default: the last 90 days), newest first, with
/// their figures and the period's; staff see those reaching their store, with its figures.
#[utoipa::path(get, path = "/api/v1/disruptions", tag = "disruptions", params(JourneyQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Disruptions and their figures", body = DisruptionList),
        (status = 400, description = "Bad query parameter", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn list_disruptions(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyQuery>) -> Result<Json<DisruptionList>, AppError> {
    let period = Period::parse(&q, &state.clock)?;
    let scope = user.store_scope();
    Ok(Json(state.db.call(move |conn| crate::db::disruptions::list(conn, &period, scope)).await?))
}

/// One disruption and its cases (a store's own for staff), those still to be told first.
#[utoipa::path(get, path = "/api/v1/disruptions/{id}", tag = "disruptions", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The disruption and its cases", body = DisruptionDetail),
        (status = 404, description = "No such disruption, or none of its bookings is the store's", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn disruption_detail(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<DisruptionDetail>, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let now = state.clock.now();
    Ok(Json(state.db.call(move |conn| crate::db::disruptions::detail(conn, id, scope, now)).await?))
}

/// Records that the customer was told, or what they chose (which closes the case).
#[utoipa::path(post, path = "/api/v1/disruptions/{id}/cases/{case_id}", tag = "disruptions", request_body = DisruptionStep,
    params(("id" = i64, Path), ("case_id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The case afterwards", body = DisruptionCase),
        (status = 404, description = "No such case, or another store's", body = ErrorEnvelope),
        (status = 409, description = "The case is closed (`case_state`)", body = ErrorEnvelope),
        (status = 422, description = "Unknown step or outcome", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn step_disruption_case(State(state): State<AppState>, user: CurrentUser, Path((id, case)): Path<(String, String)>, Json(step): Json<DisruptionStep>) -> Result<Json<DisruptionCase>, AppError> {
    let (id, case) = (parse_id(&id)?, parse_id(&case)?);
    let scope = user.store_scope();
    let (me, now) = (user.id(), state.clock.now());
    Ok(Json(state.db.write(move |conn| crate::db::disruptions::step(conn, id, case, &step, scope, me, now)).await?))
}
