use axum::extract::State;
use roundtrip_domain::dto::{ConsistencyRow, ErrorEnvelope, JourneyMatrix, JourneyQuery};
use roundtrip_domain::funnel::{Funnel, FunnelRow};
use roundtrip_domain::journey::PromiseStatus;
use roundtrip_domain::kpi::service_consistency;
use roundtrip_domain::Channel;
use rusqlite::{params_from_iter, Connection};

use crate::db::period::{Period, PERIOD_SQL};
use crate::auth::CurrentUser;
use crate::db::journeys::refresh;
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
        .call(move |conn| {
            let mut funnel = Funnel::default();
            let mut rows = conn.prepare_cached(&format!(
                "SELECT cells, t_pre_decision, t_booking, t_pre_trip, t_in_trip, t_post_trip, online_inquiry, offline_purchase
                   FROM journeys WHERE {PERIOD_SQL}"
            ))?;
            let mut it = rows.query(params_from_iter(period.params()))?;
            while let Some(r) = it.next()? {
                funnel.add(&FunnelRow {
                    cells: r.get::<_, i64>(0)? as u64,
                    first_at: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
                    online_inquiry: r.get(6)?,
                    offline_purchase: r.get(7)?,
                });
            }
            let by_store = consistency(conn, &period, "p.store_id, coalesce(s.name, '')")?;
            let by_channel = consistency(conn, &period, "NULL, p.channel")?;
            let total = |s: fn(&ConsistencyRow) -> u64| by_channel.iter().map(s).sum::<u64>();
            let (kept, broken, pending) = (total(|r| r.kept), total(|r| r.broken), total(|r| r.pending));
            Ok(JourneyMatrix {
                from: period.from,
                to: period.to,
                journeys: funnel.journeys,
                cells: funnel.cells(),
                stages: funnel.stages(),
                online_inquiries: funnel.online_inquiries,
                offline_purchases: funnel.offline_purchases,
                online_to_offline: funnel.online_to_offline(),
                promises_kept: kept,
                promises_broken: broken,
                promises_pending: pending,
                consistency: service_consistency(kept, broken),
                consistency_by_store: by_store,
                consistency_by_channel: by_channel,
                computed_at: now,
            })
        })
        .await?;
    Ok(Json(matrix))
}

/// Promise outcomes grouped by `key` (two columns: store id, label), worst consistency first.
fn consistency(conn: &Connection, period: &Period, key: &str) -> Result<Vec<ConsistencyRow>, AppError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, p.status, count(*) FROM journey_promises p LEFT JOIN stores s ON s.id = p.store_id
          WHERE {PERIOD_SQL} GROUP BY 1, 2, 3"
    ))?;
    let mut out: Vec<ConsistencyRow> = Vec::new();
    let mut it = stmt.query(params_from_iter(period.params()))?;
    while let Some(r) = it.next()? {
        let (store_id, label, status, n): (Option<i64>, String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let channel = if store_id.is_none() { Channel::parse(&label) } else { None };
        let row = match out.iter_mut().position(|x| x.store_id == store_id && x.label == label) {
            Some(i) => &mut out[i],
            None => {
                out.push(ConsistencyRow { store_id, channel, label, kept: 0, broken: 0, pending: 0, consistency: None });
                out.last_mut().expect("just pushed")
            }
        };
        match PromiseStatus::parse(&status) {
            Some(PromiseStatus::Kept) => row.kept += n as u64,
            Some(PromiseStatus::Broken) => row.broken += n as u64,
            _ => row.pending += n as u64,
        }
    }
    for row in &mut out {
        row.consistency = service_consistency(row.kept, row.broken);
    }
    out.sort_by(|a, b| a.consistency.partial_cmp(&b.consistency).unwrap_or(std::cmp::Ordering::Equal).then(a.label.cmp(&b.label)));
    Ok(out)
}
