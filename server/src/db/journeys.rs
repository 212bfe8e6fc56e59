//! The derived journey rows behind the aggregate views. Writers of touchpoints and orders mark
//! the customer stale (cheap, inside their own transaction); readers of the aggregates bring
//! stale customers up to date first, so a figure never lags an accepted event.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{Order, Touchpoint};
use roundtrip_domain::journey::stored_journeys;

use super::history;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params};

pub fn mark_stale(conn: &Conn, customer: i64) -> sql::Result<()> {
    conn.prepare_cached("INSERT INTO journeys_stale (customer_id) VALUES (?1) ON CONFLICT DO NOTHING")?.execute([customer])?;
    Ok(())
}

/// Replaces the customer's journey rows with those derived from `touchpoints` and `orders`.
pub fn write(
    conn: &Conn,
    customer: i64,
    segment: &str,
    store: Option<i64>,
    touchpoints: &[Touchpoint],
    orders: &[Order],
    now: DateTime<Utc>,
) -> sql::Result<()> {
    clear(conn, customer)?;
    let mut journey = conn.prepare_cached(
        "INSERT INTO journeys (customer_id, order_id, started_at, segment, store_id, cells,
             t_pre_decision, t_booking, t_pre_trip, t_in_trip, t_post_trip, online_inquiry, offline_purchase)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    let mut promise = conn.prepare_cached(
        "INSERT INTO journey_promises (customer_id, started_at, touchpoint_id, channel, segment, store_id, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for j in stored_journeys(touchpoints, orders, now) {
        let f = &j.facts;
        let started = rfc3339(f.started_at);
        let t = |i: usize| f.first_at[i].map(|x| x.timestamp());
        journey.execute(params![
            customer, j.order_id, started, segment, store, f.cells as i64,
            t(0), t(1), t(2), t(3), t(4), f.online_inquiry, f.offline_purchase
        ])?;
        for p in &j.promises {
            promise.execute(params![customer, started, p.touchpoint_id, p.channel.as_str(), segment, store, p.status.as_str()])?;
        }
    }
    Ok(())
}

fn clear(conn: &Conn, customer: i64) -> sql::Result<()> {
    conn.prepare_cached("DELETE FROM journeys WHERE customer_id = ?1")?.execute([customer])?;
    conn.prepare_cached("DELETE FROM journey_promises WHERE customer_id = ?1")?.execute([customer])?;
    Ok(())
}

/// Brings the journeys up to date before an aggregate reads them: a write only when some
/// customer is stale, so dashboards do not queue behind writers for nothing.
pub async fn refresh(db: &super::Db, now: DateTime<Utc>) -> Result<(), crate::error::AppError> {
    let stale = db.call(|conn| Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM journeys_stale)", [], |r| r.get::<_, bool>(0))?)).await?;
    if stale {
        db.write(move |conn| Ok(refresh_stale(conn, now)?)).await?;
    }
    Ok(())
}

/// Re-derives every stale customer's journeys in one transaction; returns how many.
pub fn refresh_stale(conn: &mut Conn, now: DateTime<Utc>) -> sql::Result<usize> {
    let any: Option<i64> = conn.query_row("SELECT customer_id FROM journeys_stale LIMIT 1", [], |r| r.get(0)).optional()?;
    if any.is_none() {
        return Ok(0);
    }
    let tx = conn.begin()?;
    let stale: Vec<i64> = tx.prepare_cached("SELECT customer_id FROM journeys_stale")?.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    for &id in &stale {
        let head: Option<(String, Option<i64>, Option<i64>)> = tx
            .query_row("SELECT segment, home_store_id, merged_into FROM customers WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match head {
            Some((segment, store, None)) => {
                let (tps, orders) = (history::touchpoints(&tx, id)?, history::orders(&tx, id)?);
                write(&tx, id, &segment, store, &tps, &orders, now)?;
            }
            // merged away (or gone): its rows now count under the survivor
            _ => clear(&tx, id)?,
        }
    }
    tx.execute("DELETE FROM journeys_stale", [])?;
    tx.commit()?;
    Ok(stale.len())
}
