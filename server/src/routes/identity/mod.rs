//! Identity resolution for managers: how joined-up the member base is, and the queue of
//! possible duplicates found by review-only rules.

mod merge;

pub use merge::*;

use axum::extract::State;
use roundtrip_domain::dto::{DuplicateCandidate, IdentityKpis};
use roundtrip_domain::kpi::{duplicate_marketing_share, overlap_rate};

use crate::db::customers::{summary, SUMMARY_COLUMNS};
use crate::auth::CurrentUser;
use crate::db::columns::time_col;
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
        .call(|conn| {
            let (members, online, offline, both): (i64, i64, i64, i64) = conn.query_row(
                "SELECT count(*), coalesce(sum(online), 0), coalesce(sum(offline), 0), coalesce(sum(online AND offline), 0)
                   FROM customers WHERE merged_into IS NULL",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            let pending: i64 = conn.query_row("SELECT count(*) FROM duplicate_candidates d JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
                  WHERE d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL", [], |r| r.get(0))?;
            let (members, both, pending) = (members as u64, both as u64, pending as u64);
            Ok(IdentityKpis {
                members,
                known_online: online as u64,
                known_offline: offline as u64,
                known_both: both,
                overlap_rate: overlap_rate(both, members),
                duplicates_pending: pending,
                duplicate_marketing_share: duplicate_marketing_share(pending, members),
            })
        })
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
        .call(|conn| {
            let pairs: Vec<(i64, i64, i64, String, chrono::DateTime<chrono::Utc>)> = conn
                .prepare_cached(
                    "SELECT d.id, d.customer_id, d.other_id, d.identifier, d.created_at FROM duplicate_candidates d
                       JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
                      WHERE d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL
                      ORDER BY d.created_at, d.id LIMIT 100",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, time_col(r, 4)?)))?
                .collect::<Result<_, _>>()?;
            let mut one = conn.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id WHERE c.id = ?1"
            ))?;
            let mut out = Vec::with_capacity(pairs.len());
            for (id, a, b, identifier, created_at) in pairs {
                out.push(DuplicateCandidate { id, identifier, first: one.query_row([a], summary)?, second: one.query_row([b], summary)?, created_at });
            }
            Ok(out)
        })
        .await?;
    Ok(Json(list))
}
