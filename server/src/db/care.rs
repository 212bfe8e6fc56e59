//! What care leaves on the customer's timeline.

use roundtrip_domain::{Channel, Stage};
use rusqlite::params;

/// The care touch a completed care task leaves on the timeline (what care coverage counts),
/// whether it was ticked on `/care` or in the profile's follow-up list.
pub fn record_care_touch(tx: &rusqlite::Connection, customer: i64, channel: Channel, title: &str, home_store: Option<i64>, now: &str) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, store_id) VALUES (?1, ?2, ?3, 'care', ?4, ?5, ?6)",
        params![customer, channel.as_str(), Stage::PostTrip.as_str(), now, title, (channel == Channel::Store).then_some(home_store).flatten()],
    )?;
    crate::db::journeys::mark_stale(tx, customer)
}
