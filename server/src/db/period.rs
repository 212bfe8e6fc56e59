//! The filters every aggregate view shares (period, home store, segment), checked once.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use roundtrip_domain::calendar;
use roundtrip_domain::dto::JourneyQuery;
use roundtrip_domain::Segment;

use crate::clock::Clock;
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{Value};

use roundtrip_domain::period::DEFAULT_PERIOD_DAYS;

/// Matches `journeys` and `journey_promises` rows with `?1`…`?4` from [`Period::params`].
pub const PERIOD_SQL: &str = "started_at >= ?1 AND started_at < ?2 AND (CAST(?3 AS BIGINT) IS NULL OR store_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR segment = ?4)";

/// Live customers `c` in the store and segment of `?3`, `?4` from [`Period::params`].
pub const CUSTOMER_SCOPE_SQL: &str = "c.merged_into IS NULL AND (CAST(?3 AS BIGINT) IS NULL OR c.home_store_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR c.segment = ?4)";

/// Days `[from, to]` of the agency's calendar, with the store and segment filters.
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    store: Option<i64>,
    segment: Option<&'static str>,
    zone: Tz,
}

impl Period {
    pub fn parse(q: &JourneyQuery, clock: &Clock) -> Result<Self, AppError> {
        Self::new(q.from, q.to, q.store_id, q.segment, clock)
    }

    /// The period `[from, to]`, by default the [`DEFAULT_PERIOD_DAYS`] up to the agency's today
    /// (every dashboard opens on the same period).
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, store: Option<i64>, segment: Option<Segment>, clock: &Clock) -> Result<Self, AppError> {
        let to = to.unwrap_or_else(|| clock.today());
        let from = from.unwrap_or(to - Duration::days(DEFAULT_PERIOD_DAYS - 1));
        if from > to {
            return Err(AppError::invalid_query("from", "the period starts after it ends"));
        }
        Ok(Self { from, to, store, segment: segment.map(|s| s.as_str()), zone: clock.zone() })
    }

    /// The customers' home store filter, if any.
    pub fn store(&self) -> Option<i64> {
        self.store
    }

    /// The same filters over another span of days (a sparkline point).
    pub fn span(&self, from: NaiveDate, to: NaiveDate) -> Self {
        Self { from, to, store: self.store, segment: self.segment, zone: self.zone }
    }

    /// The agency's midnight starting the first day, and the one ending the last.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        calendar::days_bounds(self.from, self.to, &self.zone)
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// The instant `day` begins in the agency's calendar.
    pub fn day_start(&self, day: NaiveDate) -> DateTime<Utc> {
        calendar::day_start(day, &self.zone)
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
