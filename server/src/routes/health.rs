use axum::extract::State;
use roundtrip_domain::dto::Health;

use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;

/// Liveness, a cheap database round trip, and whether writes can succeed. A full disk keeps
/// reads working, so the answer stays 200 and says `degraded`.
#[utoipa::path(get, path = "/api/v1/health", tag = "system",
    responses((status = 200, description = "The server and its database answer; `status` says whether writes can succeed", body = Health)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, AppError> {
    let customers = state.db.call(|c| Ok(crate::db::customers::records_created(c)?)).await?;
    let problems: Vec<String> = state.db.storage_full().then(|| "storage_full".to_string()).into_iter().collect();
    let status = if problems.is_empty() { "ok" } else { "degraded" };
    Ok(Json(Health { status: status.into(), version: env!("CARGO_PKG_VERSION").into(), customers, problems }))
}
