//! The customer columns every view reads, and their mapping to [`CustomerSummary`].

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::dto::{CustomerSummary, StoreRef};
use roundtrip_domain::mask::mask_phone;
use roundtrip_domain::{Lifecycle, Presence, Segment, Tier};
use rusqlite::Row;

/// Columns in the order [`summary`] reads them; `c` is customers, `s` the home store.
pub const SUMMARY_COLUMNS: &str = "c.id, c.name, c.phone_e164, c.segment, c.tier, c.points, c.lifecycle, \
     c.online, c.offline, s.id, s.name, s.city, c.churn_risk, c.last_active_at";

/// Rows are written only by this server, so unparsable text is data corruption: fail loudly.
pub fn enum_col<T>(row: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text).ok_or_else(|| rusqlite::Error::InvalidColumnType(idx, text, rusqlite::types::Type::Text))
}

pub fn time_col(row: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    enum_col(row, idx, crate::time::parse)
}

pub fn date_col(row: &Row, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(row.get::<_, Option<String>>(idx)?.and_then(|d| d.parse().ok()))
}

pub fn summary(r: &Row) -> rusqlite::Result<CustomerSummary> {
    let home_store = match r.get::<_, Option<i64>>(9)? {
        Some(id) => Some(StoreRef { id, name: r.get(10)?, city: r.get(11)? }),
        None => None,
    };
    Ok(CustomerSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        phone_masked: r.get::<_, Option<String>>(2)?.map(|p| mask_phone(&p)),
        segment: enum_col(r, 3, Segment::parse)?,
        tier: enum_col(r, 4, Tier::parse)?,
        points: r.get(5)?,
        lifecycle: enum_col(r, 6, Lifecycle::parse)?,
        presence: Presence::from_flags(r.get(7)?, r.get(8)?).unwrap_or(Presence::OnlineOnly),
        home_store,
        churn_risk: r.get(12)?,
        last_active_at: time_col(r, 13)?,
    })
}
