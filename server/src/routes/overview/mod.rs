//! The manager overview: every KPI of the domain brief over the chosen period, store and
//! segment, with its trend over six spans of the period. Formulas are the shared crate's
//! (`roundtrip_domain::kpi`); this module only counts.

use axum::extract::State;
use roundtrip_domain::dto::{ErrorEnvelope, JourneyQuery, Kpi, KpiKey, Overview, TrendPoint};
use roundtrip_domain::period::spans;

use crate::auth::CurrentUser;
use crate::db::journeys::refresh_stale;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::db::period::Period;
use crate::state::AppState;
use crate::db::overview::{snapshot_churn, Measurer};

/// Sparkline points per KPI.
const TREND_POINTS: usize = 6;

/// KPIs for the period (default: the last 90 days), each with numerator, denominator and trend.
#[utoipa::path(get, path = "/api/v1/overview", tag = "overview", params(JourneyQuery),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The overview for the period", body = Overview),
        (status = 400, description = "Bad filter", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn overview(State(state): State<AppState>, user: CurrentUser, Query(q): Query<JourneyQuery>) -> Result<Json<Overview>, AppError> {
    user.require_manager("the overview is for managers")?;
    let period = Period::parse(&q, &state.clock)?;
    let (now, zone) = (state.clock.now(), state.clock.zone());
    state.db.write(move |conn| {
        refresh_stale(conn, now)?;
        snapshot_churn(conn, now, &zone)
    }).await?;
    let overview = state
        .db
        .report(move |conn| {
            let started = std::time::Instant::now();
            let mut m = Measurer::new(conn, &period, now)?;
            tracing::debug!(ms = started.elapsed().as_millis() as u64, "overview identities loaded");
            let cuts = spans(period.from, period.to, TREND_POINTS);
            let mut kpis = Vec::new();
            for key in KpiKey::ALL {
                let started = std::time::Instant::now();
                let whole = m.measure(*key, &period)?;
                let mut trend = Vec::new();
                for (from, to) in &cuts {
                    trend.push(TrendPoint { from: *from, to: *to, value: m.measure(*key, &period.span(*from, *to))?.value });
                }
                tracing::debug!(kpi = key.as_str(), ms = started.elapsed().as_millis() as u64, "overview kpi measured");
                kpis.push(Kpi { key: *key, unit: key.unit(), value: whole.value, numerator: whole.numerator, denominator: whole.denominator, trend });
            }
            Ok(Overview { from: period.from, to: period.to, kpis })
        })
        .await?;
    Ok(Json(overview))
}
