use axum::extract::State;
use roundtrip_domain::dto::{ErrorEnvelope, JourneyMatrix, JourneyQuery};

use crate::db::period::Period;
use crate::auth::CurrentUser;
use crate::db::journeys::refresh;
use crate::db::journey_views;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Stage × channel for journeys that started in the period: how many touched each cell and
/// how many went on to a later stage; median time between stages; online inquiries that
/// became store or call-centre bookings; promises kept ÷ settled, by store and by channel.
#[utoipa::path(get, path = "/api/v1/journeys/matrix", tag = "journeys", params(JourneyQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The journey matrix for the period", body = JourneyMatrix),
        (status = 400, description = "Bad filter (unknown segment, period ending before it starts)", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn journey_matrix(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyQuery>) -> Result<Json<JourneyMatrix>, AppError> {
    user.require_manager("the journey matrix is for managers")?;
    let period = Period::parse(&q, &state.clock)?;
    let now = state.clock.now();
    refresh(&state.db, now).await?;
    let matrix = state
        .db
        .report(move |conn| journey_views::matrix(conn, &period, now))
        .await?;
    Ok(Json(matrix))
}
