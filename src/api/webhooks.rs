use roundtrip_domain::webhooks::{NewWebhook, RegisteredWebhook, Webhook, WebhookDelivery};

use super::{delete_json, get_json, post_json, ApiError};

pub async fn list() -> Result<Vec<Webhook>, ApiError> {
    get_json("/api/v1/webhooks").await
}

pub async fn register(new: NewWebhook) -> Result<RegisteredWebhook, ApiError> {
    post_json("/api/v1/webhooks", &new).await
}

pub async fn disable(id: i64) -> Result<Webhook, ApiError> {
    delete_json(&format!("/api/v1/webhooks/{id}")).await
}

pub async fn log(id: i64) -> Result<Vec<WebhookDelivery>, ApiError> {
    get_json(&format!("/api/v1/webhooks/{id}/deliveries")).await
}
