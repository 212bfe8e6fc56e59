use roundtrip_domain::consent::ContactChannel;
use roundtrip_domain::dto::{Audience, Consents, NewConsent};
use roundtrip_domain::{Segment, Tier};

use super::{encode_query, get_json, post_json, ApiError};

pub async fn record(customer: i64, answer: &NewConsent) -> Result<Consents, ApiError> {
    post_json(&format!("/api/v1/customers/{customer}/consents"), answer).await
}

/// The audience's filters as a query string.
fn audience_query(channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, store_id: Option<i64>) -> String {
    let mut pairs = vec![("channel", channel.as_str().to_string())];
    pairs.extend(segment.map(|s| ("segment", s.as_str().to_string())));
    pairs.extend(tier.map(|t| ("tier", t.as_str().to_string())));
    pairs.extend(store_id.map(|s| ("store_id", s.to_string())));
    encode_query(&pairs)
}

pub async fn audience(channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, store_id: Option<i64>) -> Result<Audience, ApiError> {
    get_json(&format!("/api/v1/marketing/audience?{}", audience_query(channel, segment, tier, store_id))).await
}

/// Where the browser downloads the whole audience as CSV (the server audits each download).
pub fn audience_export_url(channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, store_id: Option<i64>) -> String {
    format!("/api/v1/marketing/audience/export?{}", audience_query(channel, segment, tier, store_id))
}
