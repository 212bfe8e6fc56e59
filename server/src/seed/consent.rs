//! Consent in the demo data, decided by the customer id (so the random streams and every
//! earlier figure stay as they were): seven in ten agreed to marketing when they became
//! members, one in nine of those later stopped SMS, one in twenty-three withdrew altogether,
//! and one in six agreed to cross-border transfer for an outbound trip.

use chrono::{DateTime, Utc};

use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};

pub fn write(tx: &Conn, anchor: DateTime<Utc>) -> sql::Result<()> {
    let insert = |purpose: &str, channel: &str, granted: bool, after_days: i64, source: &str, which: &str| {
        tx.execute(
            &format!(
                "INSERT INTO consents (customer_id, purpose, channel, granted, text_version, at, source)
                 SELECT id, ?1, ?2, ?3, '2025-06', min(strftime('%Y-%m-%dT%H:%M:%SZ', first_seen_at, ?4), ?5), ?6
                   FROM customers WHERE merged_into IS NULL AND {which}"
            ),
            params![purpose, channel, granted, format!("+{after_days} days"), rfc3339(anchor), source],
        )
    };
    let agreed = "(id * 37) % 10 < 7";
    insert("marketing", "any", true, 0, "store", agreed)?;
    insert("marketing", "sms", false, 40, "call_center", &format!("{agreed} AND id % 9 = 0"))?;
    insert("marketing", "any", false, 90, "wechat", &format!("{agreed} AND id % 23 = 0"))?;
    insert("cross_border", "any", true, 0, "store", "id % 6 = 0")?;
    Ok(())
}
