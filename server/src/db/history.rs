//! A customer's touchpoints, orders and tickets as the API returns them; the profile, the
//! journey map, the derived journey rows and the stored churn risk all read them here.

use roundtrip_domain::dto::{Order, Ticket, Touchpoint};
use roundtrip_domain::trips::air::{AirBooking, Cabin, FlightSegment};
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

/// The columns [`order_row`] reads, for `FROM orders`.
pub const ORDER_COLUMNS: &str = "id, product, title, destination, channel, status, amount_fen, ordered_at, departure, return_date, pnr";

/// Newest first; a flight's air part holds only its PNR (see [`orders_in_full`]).
pub fn orders(conn: &Conn, customer: i64) -> sql::Result<Vec<Order>> {
    conn.prepare_cached(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE customer_id = ?1 ORDER BY ordered_at DESC, id DESC"))?
        .query_map([customer], order_row)?
        .collect()
}

/// [`orders`] with each flight's tickets and segments and each booking's travellers, for what
/// shows them (the profile, the journey map); churn scoring and journey building read the
/// orders without them.
pub fn orders_in_full(conn: &Conn, customer: i64) -> sql::Result<Vec<Order>> {
    let mut orders = orders(conn, customer)?;
    for o in &mut orders {
        fill_air(conn, o)?;
    }
    crate::db::travellers::fill(conn, customer, &mut orders)?;
    Ok(orders)
}

/// Reads the tickets and segments of an order [`order_row`] found a PNR on (a flight's few
/// rows, read per order: a customer has a handful of flights).
pub fn fill_air(conn: &Conn, order: &mut Order) -> sql::Result<()> {
    let Some(air) = order.air.as_mut() else { return Ok(()) };
    air.ticket_numbers = conn.prepare_cached("SELECT number FROM air_tickets WHERE order_id = ?1 ORDER BY number")?.query_map([order.id], |r| r.get(0))?.collect::<sql::Result<_>>()?;
    air.segments = conn
        .prepare_cached("SELECT flight, flies_on, origin, destination, cabin, fare_class FROM booking_segments WHERE order_id = ?1 ORDER BY leg")?
        .query_map([order.id], |r| {
            Ok(FlightSegment {
                flight: r.get(0)?,
                date: date_col(r, 1)?.ok_or_else(|| sql::SqlError::Invalid("a segment without a date".into()))?,
                from: r.get(2)?,
                to: r.get(3)?,
                cabin: enum_col(r, 4, Cabin::parse)?,
                fare_class: r.get(5)?,
            })
        })?
        .collect::<sql::Result<_>>()?;
    Ok(())
}

/// An order from the columns of [`ORDER_COLUMNS`].
pub fn order_row(r: &sql::Row) -> sql::Result<Order> {
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
        // filled by [`fill_air`]
        air: r.get::<_, Option<String>>(10)?.map(|pnr| AirBooking { pnr, ticket_numbers: Vec::new(), segments: Vec::new() }),
        // filled by [`fill_travellers`]
        travellers: Vec::new(),
    })
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
