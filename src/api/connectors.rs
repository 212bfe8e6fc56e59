use roundtrip_domain::hooks::{Connector, ConnectorSecrets, DeadLetter, NewConnector};

use super::{delete_json, get_json, post_json, ApiError};

pub async fn list() -> Result<Vec<Connector>, ApiError> {
    get_json("/api/v1/connectors").await
}

pub async fn add(new: NewConnector) -> Result<Connector, ApiError> {
    post_json("/api/v1/connectors", &new).await
}

pub async fn rotate(id: i64, secrets: ConnectorSecrets) -> Result<Connector, ApiError> {
    post_json(&format!("/api/v1/connectors/{id}/secrets"), &secrets).await
}

pub async fn finish_rotation(id: i64) -> Result<Connector, ApiError> {
    delete_json(&format!("/api/v1/connectors/{id}/secrets/previous")).await
}

pub async fn dead_letters() -> Result<Vec<DeadLetter>, ApiError> {
    get_json("/api/v1/deliveries/dead").await
}

pub async fn replay(id: i64) -> Result<DeadLetter, ApiError> {
    post_json(&format!("/api/v1/deliveries/{id}/replay"), &()).await
}
