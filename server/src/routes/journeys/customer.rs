use axum::extract::{Path, State};
use roundtrip_domain::dto::{CustomerJourneys, ErrorEnvelope};

use crate::auth::CurrentUser;
use crate::db::journey_views;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// A customer's journeys: each trip with the touchpoints before, during and after it, each
/// touchpoint's journey stage, and every promise paired with its delivery.
#[utoipa::path(get, path = "/api/v1/customers/{id}/journeys", tag = "journeys",
    params(("id" = i64, Path, description = "Customer id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The customer's journeys, unbooked interest first, then newest trip first", body = CustomerJourneys),
        (status = 400, description = "The id is not a number", body = ErrorEnvelope),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
    ))]
pub async fn customer_journey_map(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<CustomerJourneys>, AppError> {
    let id = crate::routes::parse_id(&id)?;
    let (scope, now) = (user.store_scope(), state.clock.now());
    let found = state
        .db
        .call(move |conn| journey_views::of_customer(conn, id, scope, now))
        .await?;
    found.map(Json).ok_or_else(|| AppError::not_found("customer"))
}
