//! Who travels on bookings, as the profile shows it: each booking's travellers, the bookings
//! others made for the customer, and the people they travel with (the relations are
//! [`roundtrip_domain::trips::travellers::companions`]).

use std::collections::HashMap;

use roundtrip_domain::dto::{BookedFor, Order};
use roundtrip_domain::insight::Companions;
use roundtrip_domain::trips::travellers::{companions, BookingPeople, BookingTraveller, Companion};

use super::history::{fill_air, order_row, ORDER_COLUMNS};
use super::columns::date_col;
use super::sql::{self, Conn};

/// Fills the travellers of `customer`'s own orders (one query for all of them).
pub fn fill(conn: &Conn, customer: i64, orders: &mut [Order]) -> sql::Result<()> {
    let mut by_order = read(conn, "o.customer_id = ?1", customer)?;
    for o in orders {
        o.travellers = by_order.remove(&o.id).unwrap_or_default();
    }
    Ok(())
}

/// The travellers of the orders `filter` picks (`?1` is `param`), by order, in seat order.
fn read(conn: &Conn, filter: &str, param: i64) -> sql::Result<HashMap<i64, Vec<BookingTraveller>>> {
    let mut by_order: HashMap<i64, Vec<BookingTraveller>> = HashMap::new();
    conn.prepare_cached(&format!(
        "SELECT t.order_id, t.customer_id, t.name, o.customer_id FROM order_travellers t JOIN orders o ON o.id = t.order_id WHERE {filter} ORDER BY t.order_id, t.seat"
    ))?
    .query_map([param], |r| {
        let (customer, booker): (i64, i64) = (r.get(1)?, r.get(3)?);
        by_order.entry(r.get(0)?).or_default().push(BookingTraveller { customer_id: customer, name: r.get(2)?, booker: customer == booker });
        Ok(())
    })?
    .collect::<sql::Result<()>>()?;
    Ok(by_order)
}

/// Bookings others made on which `customer` travels, newest first, in full.
pub fn travelling_on(conn: &Conn, customer: i64) -> sql::Result<Vec<BookedFor>> {
    let columns = ORDER_COLUMNS.split(", ").map(|c| format!("o.{c}")).collect::<Vec<_>>().join(", ");
    let width = ORDER_COLUMNS.split(", ").count();
    let mut out: Vec<BookedFor> = conn
        .prepare_cached(&format!(
            "SELECT {columns}, b.id, b.name FROM order_travellers t JOIN orders o ON o.id = t.order_id JOIN customers b ON b.id = o.customer_id
              WHERE t.customer_id = ?1 AND o.customer_id <> ?1 ORDER BY o.ordered_at DESC, o.id DESC"
        ))?
        .query_map([customer], |r| Ok(BookedFor { order: order_row(r)?, booker_id: r.get(width)?, booker_name: r.get(width + 1)? }))?
        .collect::<sql::Result<_>>()?;
    let mut travellers = read(conn, "t.order_id IN (SELECT order_id FROM order_travellers WHERE customer_id = ?1)", customer)?;
    for b in &mut out {
        fill_air(conn, &mut b.order)?;
        b.order.travellers = travellers.remove(&b.order.id).unwrap_or_default();
    }
    Ok(out)
}

/// Everyone `customer` shares a booking with that went ahead (not cancelled or refunded), and
/// who usually travels with them.
pub fn companions_of(conn: &Conn, customer: i64, name: &str) -> sql::Result<(Vec<Companion>, Option<Companions>)> {
    let mut bookings: Vec<(i64, BookingPeople)> = Vec::new();
    conn.prepare_cached(
        "SELECT o.id, o.customer_id, b.name, b.segment, o.departure, t.customer_id, c.name
           FROM orders o JOIN customers b ON b.id = o.customer_id
           LEFT JOIN order_travellers t ON t.order_id = o.id LEFT JOIN customers c ON c.id = t.customer_id
          WHERE o.id IN (SELECT id FROM orders WHERE customer_id = ?1 UNION SELECT order_id FROM order_travellers WHERE customer_id = ?1)
            AND o.status NOT IN ('cancelled', 'refunded')
          ORDER BY o.id, t.seat",
    )?
    .query_map([customer], |r| {
        let order: i64 = r.get(0)?;
        if bookings.last().map(|(id, _)| *id) != Some(order) {
            let segment: String = r.get(3)?;
            bookings.push((order, BookingPeople { booker: (r.get(1)?, r.get(2)?), business: segment == "business", departure: date_col(r, 4)?, travellers: Vec::new() }));
        }
        if let Some(traveller) = r.get::<_, Option<i64>>(5)? {
            bookings.last_mut().expect("pushed above").1.travellers.push((traveller, r.get::<_, Option<String>>(6)?.unwrap_or_default()));
        }
        Ok(())
    })?
    .collect::<sql::Result<()>>()?;
    let bookings: Vec<BookingPeople> = bookings.into_iter().map(|(_, b)| b).collect();
    Ok(companions((customer, name), &bookings))
}
