//! Identity resolution for managers: how joined-up the member base is, and the queue of
//! possible duplicates found by review-only rules.

mod merge;

pub use merge::*;

use axum::extract::State;
use roundtrip_domain::dto::{DuplicateCandidate, IdentityKpis};

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
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

/// Pending possible duplicates, oldest first (at most 100).
#[utoipa::path(get, path = "/api/v1/duplicates", tag = "identity", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Pending duplicate pairs with both records", body = [DuplicateCandidate]),
        crate::routes::ManagerOnly,
    ))]
pub async fn list_duplicates(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<DuplicateCandidate>>, AppError> {
    user.require_manager("managers only")?;
    let list = state
        .db
        .call(|conn| crate::db::identity::pending_pairs(conn))
        .await?;
    Ok(Json(list))
}
