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

/// Changes and refunds under way: about one booking in eight still to depart has a request
/// (refunds 7%, changes 5%, as agencies see on flights and tours), at every stage; one refund
/// in five was paid short of its quote, so the broken-promise flags have something to show.
/// Derived from the order id, so the random streams stay as they were.
pub fn open_cases(tx: &Conn, anchor: DateTime<Utc>, today: chrono::NaiveDate) -> sql::Result<()> {
    use roundtrip_domain::trips::cases::{CaseKind, CaseStep};
    let mut stmt = tx.prepare_cached(
        "SELECT o.id, o.customer_id, o.channel, o.amount_fen, o.ordered_at, coalesce(o.store_id, c.home_store_id)
           FROM orders o JOIN customers c ON c.id = o.customer_id
          WHERE o.status = 'paid' AND o.departure > ?1 AND c.merged_into IS NULL AND o.id % 100 < 12 ORDER BY o.id",
    )?;
    let picked: Vec<(i64, i64, String, i64, DateTime<Utc>, Option<i64>)> = stmt
        .query_map([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, crate::db::columns::time_col(r, 4)?, r.get(5)?)))?
        .collect::<Result<_, _>>()?;
    for (order, customer, channel, amount, ordered_at, store) in picked {
        let kind = if order % 100 < 7 { CaseKind::Refund } else { CaseKind::Change };
        let spoke = (anchor - Duration::hours(2 + (order * 29) % (12 * 24))).max(ordered_at + Duration::hours(6));
        if spoke >= anchor {
            continue;
        }
        let summary = match kind {
            CaseKind::Refund => ["行程有变，申请退票", "家人生病无法出行，申请退款", "签证未获批，申请全额退款"][(order % 3) as usize],
            CaseKind::Change => ["航班改到后一天", "回程提前两天，申请改签", "改乘早班机"][(order % 3) as usize],
        };
        let opening = crate::db::tickets::Opening {
            customer, channel: roundtrip_domain::Channel::parse(&channel).unwrap_or(roundtrip_domain::Channel::Store), kind: kind.as_str(),
            severity: roundtrip_domain::Severity::Medium, summary, spoke_at: spoke, store, assignee: None, actor: None, client_key: None,
        };
        let ticket = crate::db::tickets::open_ticket(tx, &opening, spoke + Duration::minutes(5))?;
        if crate::db::cases::try_open(tx, ticket, customer, order, kind, today)?.is_err() {
            continue;
        }
        let clerk: Option<i64> = match store {
            Some(s) => tx.query_row("SELECT id FROM users WHERE store_id = ?1 AND role = 'staff' ORDER BY id LIMIT 1", [s], |r| r.get(0)).ok(),
            None => None,
        };
        let fee = amount / 10 / 100 * 100;
        let quote = match kind {
            CaseKind::Refund => CaseStep::Quote { fee_fen: fee, fare_difference_fen: 0, refund_fen: amount - fee, note: Some("按产品退改规则收取10%手续费".into()) },
            CaseKind::Change => CaseStep::Quote { fee_fen: fee / 2, fare_difference_fen: (order % 5 - 2) * 20_000, refund_fen: 0, note: None },
        };
        let paid = match kind {
            CaseKind::Refund if order % 5 == 0 => Some((amount - fee) * 4 / 5),
            CaseKind::Refund => Some(amount - fee),
            CaseKind::Change => None,
        };
        let steps = [
            (Duration::hours(3), quote),
            (Duration::hours(26), CaseStep::Confirm { note: None }),
            (Duration::days(4), CaseStep::Complete { refund_paid_fen: paid, note: None }),
        ];
        for (after, step) in steps.into_iter().take((order % 4) as usize) {
            if spoke + after >= anchor {
                break;
            }
            crate::db::cases::step_quietly(tx, ticket, &step, clerk, spoke + after)?;
        }
    }
    Ok(())
}
