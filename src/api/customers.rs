use chrono::NaiveDate;
use roundtrip_domain::dto::{Erased, ErasureRequest, PersonalCorrection, CustomerEdits, CustomerPage, CustomerProfile, CustomerQuery, CustomerSort, FollowUpChange, NewFollowUp, NewNote, TagChange};

use super::{get_json, patch_json, post_json, ApiError};

/// The query string for a customer search; empty values are left out.
pub fn query_string(q: &CustomerQuery) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(text) = q.q.as_ref().filter(|t| !t.trim().is_empty()) {
        pairs.push(("q", text.trim().to_string()));
    }
    if let Some(v) = q.segment {
        pairs.push(("segment", v.as_str().into()));
    }
    if let Some(v) = q.tier {
        pairs.push(("tier", v.as_str().into()));
    }
    if let Some(v) = q.lifecycle {
        pairs.push(("lifecycle", v.as_str().into()));
    }
    if let Some(v) = q.presence {
        pairs.push(("presence", v.as_str().into()));
    }
    if let Some(v) = q.store_id {
        pairs.push(("store_id", v.to_string()));
    }
    if let Some(v) = q.tag.as_ref().filter(|t| !t.trim().is_empty()) {
        pairs.push(("tag", v.trim().to_string()));
    }
    if q.at_risk == Some(true) {
        pairs.push(("at_risk", "true".into()));
    }
    if let Some(v) = q.sort.filter(|s| *s != CustomerSort::Recent) {
        pairs.push(("sort", v.as_str().into()));
    }
    if let Some(p) = q.page.filter(|p| *p > 1) {
        pairs.push(("page", p.to_string()));
    }
    if let Some(s) = q.page_size {
        pairs.push(("page_size", s.to_string()));
    }
    super::encode_query(&pairs)
}

pub async fn list(q: &CustomerQuery) -> Result<CustomerPage, ApiError> {
    get_json(&format!("/api/v1/customers?{}", query_string(q))).await
}

pub async fn profile(id: i64) -> Result<CustomerProfile, ApiError> {
    get_json(&format!("/api/v1/customers/{id}")).await
}

/// Reads a customer search back from URL query parameters; unknown values are ignored, so an
/// old or hand-edited link still opens.
pub fn from_query(get: impl Fn(&str) -> Option<String>) -> CustomerQuery {
    use roundtrip_domain::{Lifecycle, Presence, Segment, Tier};
    CustomerQuery {
        q: get("q").filter(|q| !q.is_empty()),
        segment: get("segment").and_then(|v| Segment::parse(&v)),
        tier: get("tier").and_then(|v| Tier::parse(&v)),
        lifecycle: get("lifecycle").and_then(|v| Lifecycle::parse(&v)),
        presence: get("presence").and_then(|v| Presence::parse(&v)),
        store_id: get("store_id").and_then(|v| v.parse().ok()),
        tag: get("tag").filter(|t| !t.trim().is_empty()),
        at_risk: get("at_risk").filter(|v| v == "true").map(|_| true),
        sort: get("sort").and_then(|v| CustomerSort::parse(&v)),
        page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1),
        page_size: None,
    }
}

pub async fn change_tags(id: i64, version: i64, add: Vec<String>, remove: Vec<String>) -> Result<CustomerEdits, ApiError> {
    patch_json(&format!("/api/v1/customers/{id}/tags"), &TagChange { version, add, remove }).await
}

pub async fn add_note(id: i64, version: i64, body: String) -> Result<CustomerEdits, ApiError> {
    post_json(&format!("/api/v1/customers/{id}/notes"), &NewNote { version, body }).await
}

pub async fn add_follow_up(id: i64, version: i64, title: String, due_on: NaiveDate) -> Result<CustomerEdits, ApiError> {
    post_json(&format!("/api/v1/customers/{id}/follow-ups"), &NewFollowUp { version, title, due_on }).await
}

pub async fn change_follow_up(id: i64, follow_up: i64, version: i64, done: bool) -> Result<CustomerEdits, ApiError> {
    patch_json(&format!("/api/v1/customers/{id}/follow-ups/{follow_up}"), &FollowUpChange { version, done }).await
}

/// The full phone or email, for a reason the server audits.
pub async fn reveal(id: i64, field: roundtrip_domain::dto::RevealField, reason: String) -> Result<roundtrip_domain::dto::Revealed, ApiError> {
    super::post_json(&format!("/api/v1/customers/{id}/reveal"), &roundtrip_domain::dto::RevealRequest { field, reason }).await
}

pub async fn loyalty(id: i64) -> Result<roundtrip_domain::dto::LoyaltyAccount, ApiError> {
    super::get_json(&format!("/api/v1/customers/{id}/loyalty")).await
}

pub async fn change_points(id: i64, change: &roundtrip_domain::dto::LoyaltyChange) -> Result<roundtrip_domain::dto::LoyaltyAccount, ApiError> {
    super::post_json(&format!("/api/v1/customers/{id}/loyalty"), change).await
}

pub async fn record_nps(id: i64, answer: &roundtrip_domain::dto::NpsAnswer) -> Result<(), ApiError> {
    let json = serde_json::to_string(answer).map_err(|_| ApiError::Decode)?;
    super::post_body_no_content(&format!("/api/v1/customers/{id}/nps"), json).await
}

/// Records a passport, permit or visa; the answer lists it masked.
pub async fn record_document(id: i64, document: &roundtrip_domain::trips::documents::NewDocument) -> Result<roundtrip_domain::trips::documents::DocumentOnFile, ApiError> {
    post_json(&format!("/api/v1/customers/{id}/documents"), document).await
}

/// Erases the person (administrators); the ids of every record erased with them.
pub async fn erase(id: i64, request: &ErasureRequest) -> Result<Erased, ApiError> {
    post_json(&format!("/api/v1/customers/{id}/erase"), request).await
}

/// Corrects the person's details on their request (managers and admins).
pub async fn correct(id: i64, correction: &PersonalCorrection) -> Result<CustomerEdits, ApiError> {
    patch_json(&format!("/api/v1/customers/{id}/personal"), correction).await
}
