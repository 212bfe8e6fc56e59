//! The community dashboard (managers): see `db::community_dashboard` for what it counts.

use axum::extract::State;
use roundtrip_domain::dto::{CommunityDashboard, CommunityQuery, ErrorEnvelope};

use crate::auth::CurrentUser;
use crate::db::community_dashboard::dashboard;
use crate::db::period::Period;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

#[utoipa::path(get, path = "/api/v1/communities/dashboard", tag = "communities", params(CommunityQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The community dashboard for the period", body = CommunityDashboard),
        (status = 400, description = "Bad filter", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn community_dashboard(State(state): State<AppState>, user: CurrentUser, Query(q): Query<CommunityQuery>) -> Result<Json<CommunityDashboard>, AppError> {
    user.require_manager("the community dashboard is for managers")?;
    let period = Period::new(q.from, q.to, q.store_id, q.segment, &state.clock)?;
    let (community, now) = (q.community_id, state.clock.now());
    Ok(Json(state.db.report(move |conn| dashboard(conn, &period, community, now)).await?))
}
