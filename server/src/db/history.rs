//! A customer's touchpoints, orders and tickets as the API returns them; the profile, the
//! journey map, the derived journey rows and the stored churn risk all read them here.

use roundtrip_domain::dto::{Order, Ticket, Touchpoint};
use roundtrip_domain::{Channel, OrderStatus, ProductKind, Severity, Stage, TicketStatus};

use super::columns::{date_col, enum_col, opt_time_col, time_col};
use crate::db::sql::{self, Conn};

/// Newest first.
pub fn touchpoints(conn: &Conn, customer: i64) -> sql::Result<Vec<Touchpoint>> {
    conn.prepare_cached(
        "SELECT id, channel, stage, kind, occurred_at, summary, sentiment, promise, fulfils, kept FROM touchpoints
          WHERE customer_id = ?1 ORDER BY occurred_at DESC, id DESC",
    )?
    .query_map([customer], |r| {
        Ok(Touchpoint {
            id: r.get(0)?,
            channel: enum_col(r, 1, Channel::parse)?,
            stage: enum_col(r, 2, Stage::parse)?,
            kind: r.get(3)?,
            occurred_at: time_col(r, 4)?,
            summary: r.get(5)?,
            sentiment: r.get(6)?,
            promise: r.get(7)?,
            fulfils: r.get(8)?,
            kept: r.get(9)?,
        })
    })?
    .collect()
}

/// Newest first.
pub fn orders(conn: &Conn, customer: i64) -> sql::Result<Vec<Order>> {
    conn.prepare_cached(
        "SELECT id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date
           FROM orders WHERE customer_id = ?1 ORDER BY ordered_at DESC, id DESC",
    )?
    .query_map([customer], |r| {
        Ok(Order {
            id: r.get(0)?,
            product: enum_col(r, 1, ProductKind::parse)?,
            title: r.get(2)?,
            destination: r.get(3)?,
            channel: enum_col(r, 4, Channel::parse)?,
            status: enum_col(r, 5, OrderStatus::parse)?,
            amount_fen: r.get(6)?,
            ordered_at: time_col(r, 7)?,
            departure: date_col(r, 8)?,
            return_date: date_col(r, 9)?,
        })
    })?
    .collect()
}

/// Newest first.
pub fn tickets(conn: &Conn, customer: i64) -> sql::Result<Vec<Ticket>> {
    conn.prepare_cached(
        "SELECT id, channel, kind, severity, status, summary, opened_at, first_response_at
           FROM tickets WHERE customer_id = ?1 ORDER BY opened_at DESC, id DESC",
    )?
    .query_map([customer], |r| {
        Ok(Ticket {
            id: r.get(0)?,
            channel: enum_col(r, 1, Channel::parse)?,
            kind: r.get(2)?,
            severity: enum_col(r, 3, Severity::parse)?,
            status: enum_col(r, 4, TicketStatus::parse)?,
            summary: r.get(5)?,
            opened_at: time_col(r, 6)?,
            first_response_at: opt_time_col(r, 7)?,
        })
    })?
    .collect()
}
