use roundtrip_domain::dto::{AuditQuery, DisplayPreferences, LoginRequest, Me};

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

pub async fn audit(q: &AuditQuery) -> Result<roundtrip_domain::dto::AuditPage, ApiError> {
    get_json(&format!("/api/v1/audit?{}", audit_query_string(q))).await
}

/// The audit filters as query pairs (the API's and the page's URL); empty ones left out.
pub fn audit_query_string(q: &AuditQuery) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    let mut push = |k, v: Option<String>| v.into_iter().for_each(|v| pairs.push((k, v)));
    push("user_id", q.user_id.map(|v| v.to_string()));
    push("action", q.action.clone().filter(|a| !a.is_empty()));
    push("customer_id", q.customer_id.map(|v| v.to_string()));
    push("from", q.from.map(|d| d.to_string()));
    push("to", q.to.map(|d| d.to_string()));
    push("page", q.page.filter(|p| *p > 1).map(|p| p.to_string()));
    super::encode_query(&pairs)
}

pub fn audit_from_query(get: impl Fn(&str) -> Option<String>) -> AuditQuery {
    fn parse<T: std::str::FromStr>(get: &impl Fn(&str) -> Option<String>, key: &str) -> Option<T> {
        get(key).and_then(|v| v.parse().ok())
    }
    AuditQuery {
        page: parse(&get, "page").filter(|p: &u32| *p >= 1),
        user_id: parse(&get, "user_id"),
        action: get("action").filter(|a| !a.is_empty()),
        customer_id: parse(&get, "customer_id"),
        from: parse(&get, "from"),
        to: parse(&get, "to"),
    }
}
