//! The time the server reads, and the agency's calendar. The server runs on the system clock;
//! tests set the time, so a 24-hour deadline, a pause and a breach are checked without waiting.
//! Days are the agency's days (`ROUNDTRIP_TIME_ZONE`, by default Asia/Shanghai), never UTC's.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use roundtrip_domain::calendar;

/// The agency's zone unless configured otherwise.
pub const DEFAULT_ZONE: Tz = chrono_tz::Asia::Shanghai;

#[derive(Clone)]
pub struct Clock {
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
    zone: Tz,
}

impl Default for Clock {
    fn default() -> Self {
        Clock { fixed: None, zone: DEFAULT_ZONE }
    }
}

impl Clock {
    /// The system clock, with days cut in `zone`.
    pub fn system(zone: Tz) -> Self {
        Clock { fixed: None, zone }
    }

    /// A clock that stands at `t` until moved.
    pub fn fixed(t: DateTime<Utc>) -> Self {
        Clock { fixed: Some(Arc::new(Mutex::new(t))), zone: DEFAULT_ZONE }
    }

    /// A zone by its tz database name (`Asia/Shanghai`), as configured.
    pub fn parse_zone(name: &str) -> Result<Tz, String> {
        name.parse().map_err(|_| format!("ROUNDTRIP_TIME_ZONE: unknown time zone {name:?} (a tz database name such as Asia/Shanghai)"))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(t) => *t.lock().expect("clock lock"),
            None => Utc::now(),
        }
    }

    /// The system's time even on a fixed clock: for security limits (a session's age), which
    /// must not follow business time that a test or a demo moves.
    pub fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }

    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Today in the agency's calendar.
    pub fn today(&self) -> NaiveDate {
        calendar::day_of(self.now(), &self.zone)
    }

    /// Moves a fixed clock on (does nothing to the system clock).
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.fixed {
            *t.lock().expect("clock lock") += by;
        }
    }
}
