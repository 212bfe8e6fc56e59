//! The time the service desk reads. The server runs on the system clock; tests set the time,
//! so a 24-hour deadline, a pause and a breach are checked without waiting.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    /// A clock that stands at `t` until moved.
    pub fn fixed(t: DateTime<Utc>) -> Self {
        Clock(Some(Arc::new(Mutex::new(t))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            Some(t) => *t.lock().expect("clock lock"),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock on (does nothing to the system clock).
    pub fn advance(&self, by: Duration) {
        if let Some(t) = &self.0 {
            *t.lock().expect("clock lock") += by;
        }
    }
}
