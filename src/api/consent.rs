use roundtrip_domain::consent::ContactChannel;
use roundtrip_domain::dto::{Audience, Consents, NewConsent};
use roundtrip_domain::{Segment, Tier};

use super::{encode_query, get_json, post_json, ApiError};

pub async fn record(customer: i64, answer: &NewConsent) -> Result<Consents, ApiError> {
    post_json(&format!("/api/v1/customers/{customer}/consents"), answer).await
}

pub async fn audience(channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, store_id: Option<i64>) -> Result<Audience, ApiError> {
    let mut pairs = vec![("channel", channel.as_str().to_string())];
    pairs.extend(segment.map(|s| ("segment", s.as_str().to_string())));
    pairs.extend(tier.map(|t| ("tier", t.as_str().to_string())));
    pairs.extend(store_id.map(|s| ("store_id", s.to_string())));
    get_json(&format!("/api/v1/marketing/audience?{}", encode_query(&pairs))).await
}
