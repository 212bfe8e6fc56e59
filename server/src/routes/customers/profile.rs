use axum::extract::{Path, State};
use roundtrip_domain::dto::{CustomerProfile, ErrorEnvelope};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// One customer across every channel: identities, timeline, trips, service and communities.
/// Customers outside the caller's store scope answer 404, so their existence does not leak.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers",
    params(("id" = i64, Path, description = "Customer id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The customer's profile", body = CustomerProfile),
        (status = 400, description = "The id is not a number", body = ErrorEnvelope),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
    ))]
pub async fn profile(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<CustomerProfile>, AppError> {
    let id = super::parse_id(&id)?;
    let scope = user.store_scope();
    let (now, today) = (state.clock.now(), state.clock.today());
    let profile = state.db.call(move |conn| crate::db::profile::load(conn, id, scope, now, today)).await?;
    profile.map(Json).ok_or_else(|| AppError::not_found("customer"))
}
