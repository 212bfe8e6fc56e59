//! Consent in the demo data, decided by the customer id (so the random streams and every
//! earlier figure stay as they were): seven in ten agreed to marketing when they became
//! members, one in nine of those later stopped SMS, one in twenty-three withdrew altogether,
//! and one in six agreed to cross-border transfer for an outbound trip.

use chrono::{DateTime, Duration, Utc};

use crate::db::columns::time_col;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};

pub fn write(tx: &Conn, anchor: DateTime<Utc>) -> sql::Result<()> {
    // the dates are computed here: date arithmetic differs between the engines' SQL
    let insert = |purpose: &str, channel: &str, granted: bool, after_days: i64, source: &str, which: &str| -> sql::Result<()> {
        let people = tx.query_map(&format!("SELECT id, first_seen_at FROM customers WHERE merged_into IS NULL AND {which} ORDER BY id"), [], |r| {
            Ok((r.get::<_, i64>("id")?, time_col(r, "first_seen_at")?))
        })?;
        let mut add = tx.prepare_cached(
            "INSERT INTO consents (customer_id, purpose, channel, granted, text_version, at, source) VALUES (?1, ?2, ?3, ?4, '2025-06', ?5, ?6)",
        )?;
        for (id, first_seen) in people {
            let at = (first_seen + Duration::days(after_days)).min(anchor);
            add.execute(params![id, purpose, channel, granted, rfc3339(at), source])?;
        }
        Ok(())
    };
    let agreed = "(id * 37) % 10 < 7";
    insert("marketing", "any", true, 0, "store", agreed)?;
    insert("marketing", "sms", false, 40, "call_center", &format!("{agreed} AND id % 9 = 0"))?;
    insert("marketing", "any", false, 90, "wechat", &format!("{agreed} AND id % 23 = 0"))?;
    insert("cross_border", "any", true, 0, "store", "id % 6 = 0")?;
    Ok(())
}
