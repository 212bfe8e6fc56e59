//! The Departures desk: bookings leaving from `today` for [`DAYS_AHEAD`] days, each with its
//! travellers' document gaps, payment and open promises (the readiness rule is
//! [`roundtrip_domain::trips::departures::not_ready`]).

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use roundtrip_domain::model::OrderStatus;
use roundtrip_domain::trips::departures::{not_ready, Departure, DepartureTraveller, Departures, DAYS_AHEAD};
use roundtrip_domain::trips::documents::{outbound, ValidityRules};

use super::columns::{date_col, enum_col};
use super::sql::{self, params, row, Col, Conn};

/// At most this many departures on one page (a fortnight of the busiest store is far fewer).
const LIMIT: i64 = 1000;

/// Departures of store `store` (every store when `None`) from `today` on.
pub fn list(conn: &Conn, today: NaiveDate, store: Option<i64>) -> sql::Result<Departures> {
    let until = today + Duration::days(DAYS_AHEAD - 1);
    let mut items: Vec<(Departure, Option<NaiveDate>)> = conn
        .prepare_cached(
            "SELECT o.id, o.title, o.destination, o.departure, o.return_date, o.status, coalesce(o.store_id, c.home_store_id) AS store_id, s.name AS store_name,
                    c.id AS booker_id, c.name AS booker_name,
                    (SELECT count(*) FROM journey_promises p WHERE p.customer_id = c.id AND p.status = 'pending') AS open_promises
               FROM orders o
               JOIN customers c ON c.id = o.customer_id
               LEFT JOIN stores s ON s.id = coalesce(o.store_id, c.home_store_id)
              WHERE o.departure >= ?1 AND o.departure <= ?2 AND o.status NOT IN ('cancelled', 'refunded')
                AND c.merged_into IS NULL AND c.erased_at IS NULL
                AND (CAST(?3 AS BIGINT) IS NULL OR coalesce(o.store_id, c.home_store_id) = ?3)
              ORDER BY o.departure, o.id LIMIT ?4",
        )?
        .query_map(params![today.to_string(), until.to_string(), store, LIMIT + 1], |r| {
            let destination: String = r.get("destination")?;
            Ok((
                Departure {
                    order_id: r.get("id")?,
                    title: r.get("title")?,
                    country: outbound(&destination).map(str::to_owned),
                    destination,
                    departs_on: date_col(r, "departure")?.unwrap_or(today),
                    store_id: r.get("store_id")?,
                    store_name: r.get("store_name")?,
                    booker_id: r.get("booker_id")?,
                    booker_name: r.get("booker_name")?,
                    status: enum_col(r, "status", OrderStatus::parse)?,
                    open_promises: r.get("open_promises")?,
                    travellers: Vec::new(),
                    not_ready: Vec::new(),
                },
                date_col(r, "return_date")?,
            ))
        })?
        .collect::<sql::Result<_>>()?;

    let more = items.len() > LIMIT as usize;
    items.truncate(LIMIT as usize);
    let orders: Vec<i64> = items.iter().map(|(d, _)| d.order_id).collect();
    let mut listed = travellers(conn, &orders)?;
    let mut people: Vec<i64> = items.iter().map(|(d, _)| d.booker_id).collect();
    people.extend(listed.values().flatten().map(|(id, _)| *id));
    people.sort_unstable();
    people.dedup();
    let held = super::documents::held_by(conn, &people)?;
    let rules = ValidityRules::default();
    for (d, returns) in &mut items {
        // a booking that listed nobody: the booker travels
        let names = listed.remove(&d.order_id).unwrap_or_else(|| vec![(d.booker_id, d.booker_name.clone())]);
        d.travellers = names
            .into_iter()
            .map(|(customer_id, name)| {
                let documents = held.get(&customer_id).map_or(&[][..], Vec::as_slice);
                let gaps = rules.gaps(&d.destination, d.departs_on, *returns, documents).map(|(_, g)| g).unwrap_or_default();
                DepartureTraveller { customer_id, name, gaps }
            })
            .collect();
        d.not_ready = not_ready(d.status, d.open_promises, &d.travellers);
    }
    let items: Vec<Departure> = items.into_iter().map(|(d, _)| d).collect();
    let ready = items.iter().filter(|d| d.not_ready.is_empty()).count();
    Ok(Departures { from: today, until, items, ready, more })
}

/// The travellers of `orders`, by order, in seat order.
fn travellers(conn: &Conn, orders: &[i64]) -> sql::Result<HashMap<i64, Vec<(i64, String)>>> {
    let mut by_order: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    let rows: Vec<_> = orders.iter().map(|id| row![id]).collect();
    conn.query_rows(
        "SELECT t.order_id, t.customer_id, t.name FROM {rows} AS v JOIN order_travellers t ON t.order_id = v.id ORDER BY t.order_id, t.seat",
        &[("id", Col::Int)],
        &rows,
        |r| {
            by_order.entry(r.get("order_id")?).or_default().push((r.get("customer_id")?, r.get("name")?));
            Ok(())
        },
    )?;
    Ok(by_order)
}
