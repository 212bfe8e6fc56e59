//! Consent answers as stored: append-only, newest first.

use roundtrip_domain::consent::{ContactChannel, Purpose};
use roundtrip_domain::dto::ConsentRecord;
use roundtrip_domain::Channel;
use rusqlite::Connection;

use crate::db::columns::{enum_col, time_col};

/// Every consent answer of a customer, newest first.
pub fn history(conn: &Connection, id: i64) -> rusqlite::Result<Vec<ConsentRecord>> {
    conn.prepare_cached(
        "SELECT k.purpose, k.channel, k.granted, k.text_version, k.at, k.source, u.display_name
           FROM consents k LEFT JOIN users u ON u.id = k.actor_id
          WHERE k.customer_id = ?1 ORDER BY k.at DESC, k.id DESC",
    )?
    .query_map([id], |r| {
        Ok(ConsentRecord {
            purpose: enum_col(r, 0, Purpose::parse)?,
            channel: enum_col(r, 1, ContactChannel::parse)?,
            granted: r.get(2)?,
            text_version: r.get(3)?,
            at: time_col(r, 4)?,
            source: enum_col(r, 5, Channel::parse)?,
            recorded_by: r.get(6)?,
        })
    })?
    .collect()
}
