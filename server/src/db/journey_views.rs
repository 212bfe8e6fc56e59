//! What the journey views read: the stage × channel matrix with promise consistency, the
//! customers behind one cell, and one customer's journeys. Each reads the precomputed
//! `journeys` rows (brought up to date by `db::journeys::refresh` first).

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{ConsistencyRow, CustomerJourneys, CustomerPage, JourneyMatrix};
use roundtrip_domain::funnel::{Funnel, FunnelRow};
use roundtrip_domain::journey::{cell_bit, customer_journeys, later_bits, stage_bits, PromiseStatus};
use roundtrip_domain::kpi::service_consistency;
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::{Channel, Stage};

use crate::db::customers::{find_visible, summary, SUMMARY_COLUMNS};
use crate::db::history;
use crate::db::period::{Period, PERIOD_SQL};
use crate::error::AppError;
use crate::db::sql::{params_from_iter, Conn, Value};
/// The stage × channel matrix of the period's journeys, with promise consistency by store
/// and by channel.
pub fn matrix(conn: &Conn, period: &Period, now: DateTime<Utc>) -> Result<JourneyMatrix, AppError> {
    let mut funnel = Funnel::default();
    let mut rows = conn.prepare_cached(&format!(
        "SELECT cells, t_pre_decision, t_booking, t_pre_trip, t_in_trip, t_post_trip, online_inquiry, offline_purchase
           FROM journeys WHERE {PERIOD_SQL}"
    ))?;
    let mut it = rows.query(params_from_iter(period.params()))?;
    while let Some(r) = it.next()? {
        let r = &r;
        funnel.add(&FunnelRow {
            cells: r.get::<_, i64>(0)? as u64,
            first_at: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            online_inquiry: r.get(6)?,
            offline_purchase: r.get(7)?,
        });
    }
    let by_store = consistency(conn, &period, "p.store_id, coalesce(s.name, '')")?;
    let by_channel = consistency(conn, &period, "NULL, p.channel")?;
    let total = |s: fn(&ConsistencyRow) -> u64| by_channel.iter().map(s).sum::<u64>();
    let (kept, broken, pending) = (total(|r| r.kept), total(|r| r.broken), total(|r| r.pending));
    Ok(JourneyMatrix {
        from: period.from,
        to: period.to,
        journeys: funnel.journeys,
        cells: funnel.cells(),
        stages: funnel.stages(),
        online_inquiries: funnel.online_inquiries,
        offline_purchases: funnel.offline_purchases,
        online_to_offline: funnel.online_to_offline(),
        promises_kept: kept,
        promises_broken: broken,
        promises_pending: pending,
        consistency: service_consistency(kept, broken),
        consistency_by_store: by_store,
        consistency_by_channel: by_channel,
        computed_at: now,
    })
}

/// Which journeys a drill-down lists.
pub enum Drill {
    /// Those that touched `stage` on `channel`.
    Cell(Stage, Channel),
    /// Those that stopped at `stage` ([`roundtrip_domain::journey::dropped_at`]; the caller
    /// refuses the last stage, which nobody drops off).
    DroppedAt(Stage),
}

impl Drill {
    /// The cells a journey must touch (any of them), and those it must not.
    fn masks(&self) -> (u64, u64) {
        match *self {
            Drill::Cell(stage, channel) => (1 << cell_bit(stage, channel), 0),
            Drill::DroppedAt(stage) => (stage_bits(stage), later_bits(stage)),
        }
    }
}

/// One page of the customers with a journey in the period that `drill` selects.
pub fn cell(conn: &Conn, period: &Period, drill: Drill, paging: PageRequest) -> Result<CustomerPage, AppError> {
    let mut args: Vec<Value> = period.params().into();
    // the masks fit in 60 bits: a positive BIGINT on both engines
    let (touched, not_after) = drill.masks();
    args.extend([Value::Integer(touched as i64), Value::Integer(not_after as i64)]);
    let inner = format!("SELECT customer_id FROM journeys WHERE {PERIOD_SQL} AND (cells & ?5) <> 0 AND (cells & ?6) = 0");
    let total: i64 = conn.query_row(&format!("SELECT count(DISTINCT customer_id) FROM ({inner}) AS touched"), params_from_iter(args.iter()), |r| r.get(0))?;
    args.push(Value::Integer(paging.page_size as i64));
    args.push(Value::Integer(paging.offset() as i64));
    let items = conn
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
              WHERE c.id IN ({inner}) ORDER BY c.last_active_at DESC, c.id DESC LIMIT ?7 OFFSET ?8"
        ))?
        .query_map(params_from_iter(args.iter()), summary)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CustomerPage { items, page: paging.page, page_size: paging.page_size, total: total as u64 })
}

/// The journeys of a customer `scope` may see; `None` when there is none.
pub fn of_customer(conn: &Conn, id: i64, scope: Option<i64>, now: DateTime<Utc>) -> Result<Option<CustomerJourneys>, AppError> {
    let name: Option<String> = find_visible(conn, id, scope, "c.name", |r| r.get(0))?;
    let Some(name) = name else { return Ok(None) };
    let (touchpoints, orders) = (history::touchpoints(conn, id)?, history::orders_in_full(conn, id)?);
    Ok(Some(CustomerJourneys { customer_id: id, name, journeys: customer_journeys(&touchpoints, &orders, now) }))
}

/// Promise outcomes grouped by `key` (two columns: store id, label), worst consistency first.
fn consistency(conn: &Conn, period: &Period, key: &str) -> Result<Vec<ConsistencyRow>, AppError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {key}, p.status, count(*) FROM journey_promises p LEFT JOIN stores s ON s.id = p.store_id
          WHERE {PERIOD_SQL} GROUP BY 1, 2, 3"
    ))?;
    let mut out: Vec<ConsistencyRow> = Vec::new();
    let mut it = stmt.query(params_from_iter(period.params()))?;
    while let Some(r) = it.next()? {
        let r = &r;
        let (store_id, label, status, n): (Option<i64>, String, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let channel = if store_id.is_none() { Channel::parse(&label) } else { None };
        let row = match out.iter_mut().position(|x| x.store_id == store_id && x.label == label) {
            Some(i) => &mut out[i],
            None => {
                out.push(ConsistencyRow { store_id, channel, label, kept: 0, broken: 0, pending: 0, consistency: None });
                out.last_mut().expect("just pushed")
            }
        };
        match PromiseStatus::parse(&status) {
            Some(PromiseStatus::Kept) => row.kept += n as u64,
            Some(PromiseStatus::Broken) => row.broken += n as u64,
            _ => row.pending += n as u64,
        }
    }
    for row in &mut out {
        row.consistency = service_consistency(row.kept, row.broken);
    }
    out.sort_by(|a, b| a.consistency.partial_cmp(&b.consistency).unwrap_or(std::cmp::Ordering::Equal).then(a.label.cmp(&b.label)));
    Ok(out)
}
