use axum::extract::State;
use roundtrip_domain::dto::Health;

use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// Liveness and a cheap database round trip.
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, description = "The server and its database answer", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let customers: i64 = state.db.call(|c| Ok(c.query_row("SELECT count(*) FROM customers", [], |r| r.get(0))?)).await?;
    Ok(Json(Health { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into(), customers: customers as u64 }))
}
