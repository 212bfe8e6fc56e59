//! Personalised care: birthday, trip-anniversary and post-trip tasks generated as follow-ups
//! (once per customer, kind and day however often generation runs), listed for the store, and
//! completed as a `care` touch that care coverage counts.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::care::MAX_WINDOW_DAYS;
use roundtrip_domain::dto::{CareTasks, ErrorEnvelope, GenerateCare};

use crate::auth::CurrentUser;
use crate::db::care;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// Open care tasks due within a week, overdue ones first.
#[utoipa::path(get, path = "/api/v1/care-tasks", tag = "service", security(("session_cookie" = [])),
    responses((status = 200, description = "Open care tasks of the caller's store (all stores for managers)", body = CareTasks), crate::routes::SignedIn))]
pub async fn care_tasks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<CareTasks>, AppError> {
    let scope = user.store_scope();
    let today = state.clock.today();
    Ok(Json(state.db.call(move |conn| Ok(CareTasks { items: care::open_tasks(conn, scope, today)?, created: 0 })).await?))
}

/// Generates the care tasks due over the next `days` (default 7) for the caller's customers.
#[utoipa::path(post, path = "/api/v1/care-tasks/generate", tag = "service", request_body = GenerateCare, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The open tasks afterwards, and how many were added", body = CareTasks),
        (status = 422, description = "days outside 1–31", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn generate_care(State(state): State<AppState>, user: CurrentUser, Json(body): Json<GenerateCare>) -> Result<Json<CareTasks>, AppError> {
    let days = body.days.unwrap_or(7);
    if !(1..=MAX_WINDOW_DAYS).contains(&days) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("days: 1 to {MAX_WINDOW_DAYS}")));
    }
    let (scope, me) = (user.store_scope(), user.id());
    let (now, today) = (state.clock.now(), state.clock.today());
    Ok(Json(state.db.write(move |conn| care::generate(conn, scope, me, now, today, days)).await?))
}

/// Marks a care task done: the customer got the call, message or card, recorded as a care
/// touch on their timeline.
#[utoipa::path(post, path = "/api/v1/care-tasks/{id}/done", tag = "service", params(("id" = i64, Path)), security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Done; a care touch is on the customer's timeline"),
        (status = 404, description = "No such open care task for the caller's customers", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn complete_care(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    let id = parse_id(&id)?;
    let scope = user.store_scope();
    let channel = crate::routes::customers::contact_channel(&user);
    let now = rfc3339(state.clock.now());
    state.db.write(move |conn| care::complete(conn, scope, id, channel, &now)).await?;
    Ok(StatusCode::NO_CONTENT)
}

