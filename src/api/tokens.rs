use roundtrip_domain::tokens::{ApiToken, IssuedToken, NewToken};

use super::{delete_json, get_json, post_json, ApiError};

pub async fn list() -> Result<Vec<ApiToken>, ApiError> {
    get_json("/api/v1/tokens").await
}

pub async fn issue(req: NewToken) -> Result<IssuedToken, ApiError> {
    post_json("/api/v1/tokens", &req).await
}

pub async fn revoke(id: i64) -> Result<ApiToken, ApiError> {
    delete_json(&format!("/api/v1/tokens/{id}")).await
}
