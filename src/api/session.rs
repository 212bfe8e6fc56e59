use roundtrip_domain::dto::{DisplayPreferences, LoginRequest, Me};

use super::{delete, get_json, post_json, put_json, ApiError};

pub async fn login(username: String, password: String) -> Result<Me, ApiError> {
    post_json("/api/v1/session", &LoginRequest { username, password }).await
}

pub async fn logout() -> Result<(), ApiError> {
    delete("/api/v1/session").await
}

pub async fn me() -> Result<Me, ApiError> {
    get_json("/api/v1/me").await
}

pub async fn change_display(prefs: DisplayPreferences) -> Result<Me, ApiError> {
    put_json("/api/v1/me/display", &prefs).await
}

pub async fn audit(page: u32) -> Result<roundtrip_domain::dto::AuditPage, ApiError> {
    get_json(&format!("/api/v1/audit?page={page}")).await
}
