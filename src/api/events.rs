use roundtrip_domain::events::{ChannelEvent, IngestReport};
use serde::Serialize;

use super::{post_json, ApiError};

#[derive(Serialize)]
struct Batch<'a> {
    events: &'a [ChannelEvent],
}

pub async fn ingest(events: &[ChannelEvent]) -> Result<IngestReport, ApiError> {
    post_json("/api/v1/events", &Batch { events }).await
}
