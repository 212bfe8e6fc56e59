//! Identity resolution for managers: how joined-up the member base is, and the queue of
//! possible duplicates found by review-only rules.

mod merge;

pub use merge::*;

use axum::extract::State;
use roundtrip_domain::dto::{DuplicatePage, DuplicateQuery, ErrorEnvelope, IdentityKpis};
use roundtrip_domain::paging::PageRequest;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// Member overlap (known online and offline ÷ all), duplicates pending and the estimated
/// duplicate-marketing share, over the whole agency.
#[utoipa::path(get, path = "/api/v1/kpis/identity", tag = "identity", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Identity-resolution KPIs", body = IdentityKpis),
        crate::routes::ManagerOnly,
    ))]
pub async fn identity_kpis(State(state): State<AppState>, user: CurrentUser) -> Result<Json<IdentityKpis>, AppError> {
    user.require_manager("managers only")?;
    let kpis = state
        .db
        .report(|conn| crate::db::identity::kpis(conn))
        .await?;
    Ok(Json(kpis))
}

/// Pending possible duplicates, a page at a time, surest first (then oldest) or oldest first,
/// each with what its two records share and have behind them.
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "identity", params(DuplicateQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of pending duplicate pairs with both records", body = DuplicatePage),
        (status = 400, description = "Bad paging", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn list_duplicates(State(state): State<AppState>, user: CurrentUser, Query(q): Query<DuplicateQuery>) -> Result<Json<DuplicatePage>, AppError> {
    user.require_manager("managers only")?;
    let paging = PageRequest::new(q.page, q.page_size)
        .map_err(|e| AppError::invalid_query(if q.page == Some(0) { "page" } else { "page_size" }, e.to_string()))?;
    let list = state
        .db
        .call(move |conn| crate::db::identity::pending_pairs(conn, paging, q.sort.unwrap_or_default()))
        .await?;
    Ok(Json(list))
}
