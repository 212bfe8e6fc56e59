//! The Departures desk.

use axum::extract::State;
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::trips::departures::{Departures, DeparturesQuery};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Bookings leaving in the next 14 days, in departure order, each with its travellers'
/// document gaps, payment and open promises; staff see their store's, managers any store's
/// (`store_id`) or every store's.
#[utoipa::path(get, path = "/api/v1/departures", tag = "trips", params(DeparturesQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The departures and how many are ready", body = Departures),
        (status = 400, description = "Bad query parameter", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn departures(State(state): State<AppState>, user: CurrentUser, Query(q): Query<DeparturesQuery>) -> Result<Json<Departures>, AppError> {
    let store = user.store_scope().or(q.store_id);
    let today = state.clock.today();
    Ok(Json(state.db.call(move |conn| crate::db::departures::list(conn, today, store).map_err(AppError::from)).await?))
}
