use chrono::NaiveDate;
use roundtrip_domain::dto::{JourneyQuery, Overview};
use roundtrip_domain::Segment;

use super::{encode_query, get_json, ApiError};

pub async fn overview(q: &JourneyQuery) -> Result<Overview, ApiError> {
    get_json(&format!("/api/v1/overview?{}", query_string(q))).await
}

/// Period, store and segment as query pairs (shared by every manager view's URL).
pub fn period_pairs(from: Option<NaiveDate>, to: Option<NaiveDate>, store: Option<i64>, segment: Option<Segment>) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(d) = from {
        pairs.push(("from", d.to_string()));
    }
    if let Some(d) = to {
        pairs.push(("to", d.to_string()));
    }
    if let Some(v) = store {
        pairs.push(("store_id", v.to_string()));
    }
    if let Some(v) = segment {
        pairs.push(("segment", v.as_str().into()));
    }
    pairs
}

pub fn query_string(q: &JourneyQuery) -> String {
    encode_query(&period_pairs(q.from, q.to, q.store_id, q.segment))
}

/// Reads the filters back from a URL; values that do not parse are ignored.
pub fn from_query(get: impl Fn(&str) -> Option<String>) -> JourneyQuery {
    JourneyQuery {
        from: get("from").and_then(|v| v.parse().ok()),
        to: get("to").and_then(|v| v.parse().ok()),
        store_id: get("store_id").and_then(|v| v.parse().ok()),
        segment: get("segment").and_then(|v| Segment::parse(&v)),
    }
}
