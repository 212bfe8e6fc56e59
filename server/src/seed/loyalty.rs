//! The points ledger of the demo data, written after the orders: an earning per paid or
//! completed order, a redemption now and then (every fifth customer, a month after an order),
//! and the expiry of what stayed unspent past 24 months. Birthdays come from the id, so the
//! main random streams (and every earlier figure) stay as they were.

use chrono::{DateTime, Duration, Utc};
use roundtrip_domain::loyalty::{lapsed, LedgerEntry, LedgerKind, LAPSED};

use crate::db::columns::time_col;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params, Stmt};

pub fn write(tx: &Conn, anchor: DateTime<Utc>) -> sql::Result<()> {
    tx.execute_batch(
        "UPDATE customers SET birthday = CASE WHEN (id * 7) % 12 + 1 < 10 THEN '0' ELSE '' END || ((id * 7) % 12 + 1) || '-'
             || CASE WHEN (id * 13) % 28 + 1 < 10 THEN '0' ELSE '' END || ((id * 13) % 28 + 1) WHERE birth_year IS NOT NULL",
    )?;
    // the settings migration 011 stored, as the desk and ingestion read them
    let programme = crate::db::loyalty::programme(tx)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO loyalty_ledger (customer_id, at, kind, points, qualifying, expires_at, order_id, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut orders = tx.prepare_cached(
        "SELECT customer_id, id, amount_fen, ordered_at FROM orders WHERE status IN ('paid', 'completed') ORDER BY customer_id, ordered_at",
    )?;
    let mut rows = orders.query([])?;
    let mut current: Option<i64> = None;
    let mut entries: Vec<LedgerEntry> = Vec::new();
    while let Some(r) = rows.next()? {
        let r = &r;
        let (customer, order, amount): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let at = time_col(r, 3)?;
        if current != Some(customer) {
            if let Some(c) = current {
                expire(&mut insert, c, &mut entries, anchor)?;
            }
            current = Some(customer);
        }
        let earn = programme.earn(amount, at);
        insert.execute(params![customer, rfc3339(at), "earn", earn.points, earn.qualifying, earn.expires_at.map(rfc3339), order, None::<String>])?;
        entries.push(earn);
        let redeem_at = at + Duration::days(30);
        let balance: i64 = entries.iter().map(|e| e.points).sum();
        if customer % 5 == 0 && redeem_at < anchor && balance >= 1_000 {
            let points = balance / 1_000 * 500;
            insert.execute(params![customer, rfc3339(redeem_at), "redeem", -points, 0, None::<String>, None::<i64>, "抵扣团费 / tour discount"])?;
            entries.push(LedgerEntry { at: redeem_at, kind: LedgerKind::Redeem, points: -points, qualifying: 0, expires_at: None, reason: None });
        }
    }
    if let Some(c) = current {
        expire(&mut insert, c, &mut entries, anchor)?;
    }
    Ok(())
}

/// The oldest points lapse at their expiry, as the desk's review would have done then.
fn expire(insert: &mut Stmt, customer: i64, entries: &mut Vec<LedgerEntry>, anchor: DateTime<Utc>) -> sql::Result<()> {
    let expiries: Vec<DateTime<Utc>> = entries.iter().filter_map(|e| e.expires_at).filter(|x| *x < anchor).collect();
    for at in expiries {
        let known: Vec<LedgerEntry> = entries.iter().filter(|e| e.at <= at).cloned().collect();
        let due = lapsed(&known, at);
        if due > 0 {
            insert.execute(params![customer, rfc3339(at), LedgerKind::Expire.as_str(), -due, 0, None::<String>, None::<i64>, LAPSED])?;
            entries.push(LedgerEntry { at, kind: LedgerKind::Expire, points: -due, qualifying: 0, expires_at: None, reason: None });
        }
    }
    entries.clear();
    Ok(())
}

