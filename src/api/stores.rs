use roundtrip_domain::dto::StoreRef;

use super::{get_json, ApiError};

pub async fn list() -> Result<Vec<StoreRef>, ApiError> {
    get_json("/api/v1/stores").await
}
