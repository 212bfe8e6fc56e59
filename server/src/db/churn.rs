//! Keeps the stored churn risk (the list's filter and sort, the roster on the tablets, the
//! overview's count) equal to the profile's live one when a signal changes: a complaint opened
//! or resolved, an NPS answer.

use chrono::{DateTime, Utc};
use roundtrip_domain::assess::{assess, History};

use super::columns::time_col;
use super::history;
use crate::db::sql::{self, params, Conn, OptionalExt};

/// Scores `customer` again as the profile would at `now` and stores the score.
pub fn rescore(conn: &Conn, customer: i64, now: DateTime<Utc>) -> sql::Result<()> {
    let head = conn
        .prepare_cached("SELECT first_seen_at, last_active_at, last_nps FROM customers WHERE id = ?1")?
        .query_row([customer], |r| Ok((time_col(r, 0)?, time_col(r, 1)?, r.get::<_, Option<u8>>(2)?)))
        .optional()?;
    let Some((first_seen_at, last_active_at, last_nps)) = head else { return Ok(()) };
    let (orders, tickets) = (history::orders(conn, customer)?, history::tickets(conn, customer)?);
    let churn = assess(&History { first_seen_at, last_active_at, orders: &orders, tickets: &tickets, last_nps }, now).churn;
    conn.prepare_cached("UPDATE customers SET churn_risk = ?2 WHERE id = ?1")?.execute(params![customer, churn.score])?;
    Ok(())
}
