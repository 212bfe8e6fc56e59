//! The service dashboard: SLA compliance and breaches by store and channel, response and
//! resolution times and CSAT, over tickets opened in the period.


use axum::extract::State;
use roundtrip_domain::dto::{ErrorEnvelope, JourneyQuery, ServiceDashboard};

use crate::auth::CurrentUser;
use crate::db::service_levels;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::db::period::Period;
use crate::state::AppState;

/// SLA figures of the tickets opened in the period (default: the last 90 days, as on every
/// dashboard), for the
/// handling store (`store_id`) and the customers' segment. Managers and admins only.
#[utoipa::path(get, path = "/api/v1/service/dashboard", tag = "service", params(JourneyQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "SLA figures overall, by store and by channel", body = ServiceDashboard),
        (status = 400, description = "Bad query parameter", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn service_dashboard(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyQuery>) -> Result<Json<ServiceDashboard>, AppError> {
    user.require_manager("the service dashboard is for managers")?;
    let period = Period::parse(&q, &state.clock)?;
    let (now, me) = (state.clock.now(), user.id());
    let dashboard = state
        .db
        .report(move |conn| service_levels::dashboard(conn, &period, me, now))
        .await?;
    Ok(Json(dashboard))
}
