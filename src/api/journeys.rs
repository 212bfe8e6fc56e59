use roundtrip_domain::dto::{CustomerJourneys, CustomerPage, JourneyCellQuery, JourneyMatrix};
use roundtrip_domain::{Channel, Stage};

use super::{encode_query, get_json, ApiError};

pub async fn of_customer(id: i64) -> Result<CustomerJourneys, ApiError> {
    get_json(&format!("/api/v1/customers/{id}/journeys")).await
}

/// The matrix for the view's filters (the selected cell and page do not change it).
pub async fn matrix(q: &JourneyCellQuery) -> Result<JourneyMatrix, ApiError> {
    let filters = JourneyCellQuery { from: q.from, to: q.to, store_id: q.store_id, segment: q.segment, ..Default::default() };
    get_json(&format!("/api/v1/journeys/matrix?{}", query_string(&filters))).await
}

pub async fn cell(q: &JourneyCellQuery) -> Result<CustomerPage, ApiError> {
    get_json(&format!("/api/v1/journeys/cell?{}", query_string(q))).await
}

/// The view as query parameters: the API's and the page URL's are the same.
pub fn query_string(q: &JourneyCellQuery) -> String {
    let mut pairs = super::overview::period_pairs(q.from, q.to, q.store_id, q.segment);
    if let Some(v) = q.stage {
        pairs.push(("stage", v.as_str().into()));
    }
    if let Some(v) = q.channel {
        pairs.push(("channel", v.as_str().into()));
    }
    if q.dropped == Some(true) {
        pairs.push(("dropped", "true".into()));
    }
    if let Some(p) = q.page.filter(|p| *p > 1) {
        pairs.push(("page", p.to_string()));
    }
    encode_query(&pairs)
}

/// Reads the view back from the URL; values that do not parse are ignored.
pub fn from_query(get: impl Fn(&str) -> Option<String>) -> JourneyCellQuery {
    let p = super::overview::from_query(&get);
    JourneyCellQuery {
        from: p.from,
        to: p.to,
        store_id: p.store_id,
        segment: p.segment,
        stage: get("stage").and_then(|v| Stage::parse(&v)),
        channel: get("channel").and_then(|v| Channel::parse(&v)),
        dropped: get("dropped").map(|v| v == "true").filter(|d| *d),
        page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1),
        page_size: None,
    }
}
