//! Open feedback in the demo data, so the service desk has current work.

use chrono::{DateTime, Duration, Utc};

use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params};

/// A desk with work on it: about one customer in a hundred spoke to us in the 40 hours before
/// the anchor and has not been answered yet (some waiting for the customer). Derived from the
/// id, so the random streams stay as they were.
pub fn open_feedback(tx: &Conn, anchor: DateTime<Utc>) -> sql::Result<()> {
    const SUMMARIES: [&str; 4] = ["行程与线上承诺不符", "退改签处理太慢", "酒店房型与预订不一致", "导游临时更换景点"];
    let mut stmt = tx.prepare_cached("SELECT id, home_store_id FROM customers WHERE id % 97 = 0 AND merged_into IS NULL")?;
    let picked: Vec<(i64, Option<i64>)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
    for (id, store) in picked {
        let spoke = anchor - Duration::minutes(30 + (id * 37) % (40 * 60));
        let channel = if store.is_some() && id % 2 == 0 { "store" } else { ["ctrip", "wechat", "call_center"][(id % 3) as usize] };
        let opening = crate::db::tickets::Opening {
            customer: id, channel: roundtrip_domain::Channel::parse(channel).expect("known channel"), kind: "complaint",
            severity: [roundtrip_domain::Severity::Low, roundtrip_domain::Severity::Medium, roundtrip_domain::Severity::High][(id % 3) as usize],
            summary: SUMMARIES[(id % 4) as usize], spoke_at: spoke, store, assignee: None, actor: None, client_key: None,
        };
        let ticket = crate::db::tickets::open_ticket(tx, &opening, spoke + Duration::minutes(5))?;
        if id % 5 == 0 {
            let at = rfc3339(spoke + Duration::hours(2));
            tx.execute("UPDATE tickets SET status = 'waiting_customer', paused_since = ?2 WHERE id = ?1", params![ticket, at])?;
            tx.execute("INSERT INTO ticket_history (ticket_id, at, action, body) VALUES (?1, ?2, 'wait_for_customer', '请客户补充订单截图')", params![ticket, at])?;
        }
    }
    Ok(())
}
