//! The customer columns every view reads, and their mapping to [`CustomerSummary`].

use roundtrip_domain::dto::CustomerSummary;
use roundtrip_domain::mask::mask_phone;
use roundtrip_domain::{Lifecycle, Presence, Segment, Tier};

use crate::db::columns::{enum_col, store_col, time_col};
use crate::db::sql::{self, Conn, Row};

/// Columns in the order [`summary`] reads them; `c` is customers, `s` the home store.
pub const SUMMARY_COLUMNS: &str = "c.id, c.name, c.phone_e164, c.segment, c.tier, c.points, c.lifecycle, \
     c.online, c.offline, s.id, s.name, s.city, c.churn_risk, c.last_active_at";

/// A customer the caller may see (`?2` = the caller's store scope, NULL for all): not merged
/// away or erased, and in the caller's store or without a home store (online-only, may walk in anywhere).
pub const VISIBLE: &str = "c.merged_into IS NULL AND c.erased_at IS NULL AND (CAST(?2 AS BIGINT) IS NULL OR c.home_store_id = ?2 OR c.home_store_id IS NULL)";

pub fn summary(r: &Row) -> sql::Result<CustomerSummary> {
    Ok(CustomerSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        phone_masked: r.get::<_, Option<String>>(2)?.map(|p| mask_phone(&p)),
        segment: enum_col(r, 3, Segment::parse)?,
        tier: enum_col(r, 4, Tier::parse)?,
        points: r.get(5)?,
        lifecycle: enum_col(r, 6, Lifecycle::parse)?,
        presence: Presence::from_flags(r.get(7)?, r.get(8)?).unwrap_or(Presence::OnlineOnly),
        home_store: store_col(r, 9)?,
        churn_risk: r.get(12)?,
        last_active_at: time_col(r, 13)?,
    })
}

/// Every customer record, merged and erased ones included (the health check's round trip).
pub fn count(conn: &Conn) -> sql::Result<u64> {
    conn.query_row("SELECT count(*) FROM customers", [], |r| r.get::<_, i64>(0)).map(|n| n as u64)
}
