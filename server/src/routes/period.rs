//! The filters every aggregate view shares (period, home store, segment), checked once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use roundtrip_domain::dto::JourneyQuery;
use roundtrip_domain::Segment;
use rusqlite::types::Value;

use crate::error::AppError;
use crate::time::rfc3339;

/// Default period of the journey views: the last 90 days.
const DEFAULT_DAYS: i64 = 90;

/// Matches `journeys` and `journey_promises` rows with `?1`…`?4` from [`Period::params`].
pub const PERIOD_SQL: &str = "started_at >= ?1 AND started_at < ?2 AND (?3 IS NULL OR store_id = ?3) AND (?4 IS NULL OR segment = ?4)";

/// Live customers `c` in the store and segment of `?3`, `?4` from [`Period::params`].
pub const CUSTOMER_SCOPE_SQL: &str = "c.merged_into IS NULL AND (?3 IS NULL OR c.home_store_id = ?3) AND (?4 IS NULL OR c.segment = ?4)";

pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    store: Option<i64>,
    segment: Option<&'static str>,
}

impl Period {
    pub fn parse(q: &JourneyQuery) -> Result<Self, AppError> {
        Self::new(q.from, q.to, q.store_id, q.segment, DEFAULT_DAYS)
    }

    /// The period `[from, to]`, by default the `default_days` up to today.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, store: Option<i64>, segment: Option<Segment>, default_days: i64) -> Result<Self, AppError> {
        let to = to.unwrap_or_else(|| Utc::now().date_naive());
        let from = from.unwrap_or(to - Duration::days(default_days - 1));
        if from > to {
            return Err(AppError::invalid_query("from", "the period starts after it ends"));
        }
        Ok(Self { from, to, store, segment: segment.map(|s| s.as_str()) })
    }

    /// The customers' home store filter, if any.
    pub fn store(&self) -> Option<i64> {
        self.store
    }

    /// The same filters over another span of days (a sparkline point).
    pub fn span(&self, from: NaiveDate, to: NaiveDate) -> Self {
        Self { from, to, store: self.store, segment: self.segment }
    }

    /// Midnight starting the first day, and midnight ending the last.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (midnight(self.from), midnight(self.to + Duration::days(1)))
    }

    pub fn params(&self) -> [Value; 4] {
        let (from, to) = self.bounds();
        [
            Value::Text(rfc3339(from)),
            Value::Text(rfc3339(to)),
            self.store.map_or(Value::Null, Value::Integer),
            self.segment.map_or(Value::Null, |s| Value::Text(s.into())),
        ]
    }
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
}
