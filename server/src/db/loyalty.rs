//! The loyalty programme's settings and tier rules as stored (data, not code).

use roundtrip_domain::loyalty::{default_tier_rules, Programme, TierRule};
use roundtrip_domain::Tier;
use rusqlite::Connection;

use crate::db::columns::enum_col;

/// The earn and expiry settings.
pub fn programme(conn: &Connection) -> rusqlite::Result<Programme> {
    conn.prepare_cached("SELECT points_per_yuan, expiry_months FROM loyalty_settings WHERE id = 1")?
        .query_row([], |r| Ok(Programme { points_per_yuan: r.get(0)?, expiry_months: r.get(1)? }))
}

/// The stored tier rules, or the built-in ones while none are stored.
pub fn rules(conn: &Connection) -> rusqlite::Result<Vec<TierRule>> {
    let stored = conn
        .prepare_cached("SELECT tier, min_qualifying, keep_qualifying, benefits_en, benefits_zh FROM tier_rules ORDER BY min_qualifying")?
        .query_map([], |r| {
            Ok(TierRule { tier: enum_col(r, 0, Tier::parse)?, min_qualifying: r.get(1)?, keep_qualifying: r.get(2)?, benefits_en: r.get(3)?, benefits_zh: r.get(4)? })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(if stored.is_empty() { default_tier_rules() } else { stored })
}
