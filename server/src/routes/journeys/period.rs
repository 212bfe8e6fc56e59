//! The filters every aggregate journey view shares, checked once.

use chrono::{Duration, NaiveDate, Utc};
use roundtrip_domain::dto::JourneyQuery;
use rusqlite::types::Value;

use crate::error::AppError;
use crate::time::rfc3339;

/// Default period: the last 90 days.
const DEFAULT_DAYS: i64 = 90;

/// Matches `journeys` and `journey_promises` rows with `?1`…`?4` from [`Period::params`].
pub const PERIOD_SQL: &str = "started_at >= ?1 AND started_at < ?2 AND (?3 IS NULL OR store_id = ?3) AND (?4 IS NULL OR segment = ?4)";

pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    store: Option<i64>,
    segment: Option<&'static str>,
}

impl Period {
    pub fn parse(q: &JourneyQuery) -> Result<Self, AppError> {
        let to = q.to.unwrap_or_else(|| Utc::now().date_naive());
        let from = q.from.unwrap_or(to - Duration::days(DEFAULT_DAYS - 1));
        if from > to {
            return Err(AppError::invalid_query("from", "the period starts after it ends"));
        }
        Ok(Self { from, to, store: q.store_id, segment: q.segment.map(|s| s.as_str()) })
    }

    pub fn params(&self) -> [Value; 4] {
        let day = |d: NaiveDate| rfc3339(d.and_hms_opt(0, 0, 0).expect("midnight").and_utc());
        [
            Value::Text(day(self.from)),
            Value::Text(day(self.to + Duration::days(1))),
            self.store.map_or(Value::Null, Value::Integer),
            self.segment.map_or(Value::Null, |s| Value::Text(s.into())),
        ]
    }
}
