use axum::extract::State;
use roundtrip_domain::dto::{CustomerPage, ErrorEnvelope, JourneyCellQuery};
use roundtrip_domain::paging::PageRequest;

use crate::db::period::Period;
use crate::auth::CurrentUser;
use crate::db::journeys::refresh;
use crate::db::journey_views::{self, Drill};
use roundtrip_domain::journey::later_bits;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// The customers behind one matrix cell: those with a journey in the period that touched
/// `stage` on `channel`; or, with `dropped=true`, those whose journey stopped at `stage`. Most
/// recently active first.
#[utoipa::path(get, path = "/api/v1/journeys/cell", tag = "journeys", params(JourneyCellQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of the cell's customers", body = CustomerPage),
        (status = 400, description = "Missing stage or channel (a channel with `dropped`, or the last stage), bad filter or paging", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn journey_cell(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyCellQuery>) -> Result<Json<CustomerPage>, AppError> {
    user.require_manager("the journey matrix is for managers")?;
    let stage = q.stage.ok_or_else(|| AppError::invalid_query("stage", "choose the cell's stage"))?;
    let drill = match (q.dropped == Some(true), q.channel) {
        (false, Some(channel)) => Drill::Cell(stage, channel),
        (false, None) => return Err(AppError::invalid_query("channel", "choose the cell's channel")),
        (true, Some(_)) => return Err(AppError::invalid_query("channel", "a stage's drop-offs are on every channel: leave the channel out")),
        (true, None) if later_bits(stage) == 0 => return Err(AppError::invalid_query("stage", "nobody drops off the last stage")),
        (true, None) => Drill::DroppedAt(stage),
    };
    let paging = PageRequest::new(q.page, q.page_size)
        .map_err(|e| AppError::invalid_query(if q.page == Some(0) { "page" } else { "page_size" }, e.to_string()))?;
    let period = Period::parse(&q.filters(), &state.clock)?;
    refresh(&state.db, state.clock.now()).await?;
    let page = state
        .db
        .report(move |conn| journey_views::cell(conn, &period, drill, paging))
        .await?;
    Ok(Json(page))
}
