use roundtrip_domain::dto::{CustomerSummary, OfflineEdit, SyncResult};

use super::{get_json, post_json, ApiError};

/// Sends one queued edit; the server applies each key at most once.
pub async fn replay(edit: &OfflineEdit) -> Result<SyncResult, ApiError> {
    post_json("/api/v1/sync/edits", edit).await
}

/// The customers to keep on the device for offline search.
pub async fn roster(limit: u32) -> Result<Vec<CustomerSummary>, ApiError> {
    get_json(&format!("/api/v1/sync/roster?limit={limit}")).await
}
