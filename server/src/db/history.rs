//! A customer's touchpoints and orders as the API returns them; the profile, the journey map
//! and the derived journey rows all read them here.

use roundtrip_domain::dto::{Order, Touchpoint};
use roundtrip_domain::{Channel, OrderStatus, ProductKind, Stage};

use super::columns::{date_col, enum_col, time_col};
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
