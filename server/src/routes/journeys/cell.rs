use axum::extract::State;
use roundtrip_domain::dto::{CustomerPage, ErrorEnvelope, JourneyCellQuery};
use roundtrip_domain::journey::cell_bit;
use roundtrip_domain::paging::PageRequest;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use crate::db::period::{Period, PERIOD_SQL};
use crate::auth::CurrentUser;
use crate::db::journeys::refresh;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::db::customers::{summary, SUMMARY_COLUMNS};
use crate::state::AppState;

/// The customers behind one matrix cell: those with a journey in the period that touched
/// `stage` on `channel`, most recently active first.
#[utoipa::path(get, path = "/api/v1/journeys/cell", tag = "journeys", params(JourneyCellQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of the cell's customers", body = CustomerPage),
        (status = 400, description = "Missing stage or channel, bad filter or paging", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn journey_cell(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyCellQuery>) -> Result<Json<CustomerPage>, AppError> {
    user.require_manager("the journey matrix is for managers")?;
    let stage = q.stage.ok_or_else(|| AppError::invalid_query("stage", "choose the cell's stage"))?;
    let channel = q.channel.ok_or_else(|| AppError::invalid_query("channel", "choose the cell's channel"))?;
    let paging = PageRequest::new(q.page, q.page_size)
        .map_err(|e| AppError::invalid_query(if q.page == Some(0) { "page" } else { "page_size" }, e.to_string()))?;
    let period = Period::parse(&q.filters(), &state.clock)?;
    refresh(&state.db, state.clock.now()).await?;
    let page = state
        .db
        .call(move |conn| {
            let mut args: Vec<Value> = period.params().into();
            args.push(Value::Integer(cell_bit(stage, channel) as i64));
            let inner = format!("SELECT customer_id FROM journeys WHERE {PERIOD_SQL} AND (cells >> ?5) & 1 = 1");
            let total: i64 = conn.query_row(&format!("SELECT count(DISTINCT customer_id) FROM ({inner})"), params_from_iter(args.iter()), |r| r.get(0))?;
            args.push(Value::Integer(paging.page_size as i64));
            args.push(Value::Integer(paging.offset() as i64));
            let items = conn
                .prepare_cached(&format!(
                    "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
                      WHERE c.id IN ({inner}) ORDER BY c.last_active_at DESC, c.id DESC LIMIT ?6 OFFSET ?7"
                ))?
                .query_map(params_from_iter(args.iter()), summary)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(CustomerPage { items, page: paging.page, page_size: paging.page_size, total: total as u64 })
        })
        .await?;
    Ok(Json(page))
}
