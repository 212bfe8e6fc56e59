use roundtrip_domain::dto::{Community, CommunityDashboard, CommunityDetail, CommunityEvent, CommunityQuery, EventDetail, Moderator, NewCommunity, NewEvent, Satisfaction, SignUp};

use super::{encode_query, get_json, post_json, put_json, delete_json, ApiError};

pub async fn list() -> Result<Vec<Community>, ApiError> {
    get_json("/api/v1/communities").await
}

pub async fn detail(id: i64) -> Result<CommunityDetail, ApiError> {
    get_json(&format!("/api/v1/communities/{id}")).await
}

pub async fn create(body: NewCommunity) -> Result<Community, ApiError> {
    post_json("/api/v1/communities", &body).await
}

pub async fn create_event(community: i64, body: NewEvent) -> Result<CommunityEvent, ApiError> {
    post_json(&format!("/api/v1/communities/{community}/events"), &body).await
}

/// Recent and upcoming events the user runs (their store's, or all for managers).
pub async fn my_events() -> Result<Vec<CommunityEvent>, ApiError> {
    get_json("/api/v1/community-events").await
}

pub async fn event(id: i64) -> Result<EventDetail, ApiError> {
    get_json(&format!("/api/v1/community-events/{id}")).await
}

pub async fn sign_up(event: i64, customer_id: i64) -> Result<EventDetail, ApiError> {
    post_json(&format!("/api/v1/community-events/{event}/attendees"), &SignUp { customer_id }).await
}

pub async fn check_in(event: i64, customer: i64) -> Result<EventDetail, ApiError> {
    put_json(&format!("/api/v1/community-events/{event}/attendees/{customer}/check-in"), &()).await
}

pub async fn undo_check_in(event: i64, customer: i64) -> Result<EventDetail, ApiError> {
    delete_json(&format!("/api/v1/community-events/{event}/attendees/{customer}/check-in")).await
}

pub async fn rate(event: i64, customer: i64, score: u8) -> Result<EventDetail, ApiError> {
    put_json(&format!("/api/v1/community-events/{event}/attendees/{customer}/satisfaction"), &Satisfaction { score }).await
}

pub async fn dashboard(q: &CommunityQuery) -> Result<CommunityDashboard, ApiError> {
    get_json(&format!("/api/v1/communities/dashboard?{}", query_string(q))).await
}

pub fn query_string(q: &CommunityQuery) -> String {
    let mut pairs = super::overview::period_pairs(q.from, q.to, q.store_id, q.segment);
    if let Some(c) = q.community_id {
        pairs.push(("community_id", c.to_string()));
    }
    encode_query(&pairs)
}

pub fn from_query(get: impl Fn(&str) -> Option<String>) -> CommunityQuery {
    let p = super::overview::from_query(&get);
    CommunityQuery { from: p.from, to: p.to, store_id: p.store_id, segment: p.segment, community_id: get("community_id").and_then(|v| v.parse().ok()) }
}

/// Staff and managers a manager may make moderators.
pub async fn moderators() -> Result<Vec<Moderator>, ApiError> {
    get_json("/api/v1/moderators").await
}
