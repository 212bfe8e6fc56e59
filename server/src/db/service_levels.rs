//! Service levels counted from the tickets: compliance, breaches, response and resolution
//! times and CSAT per handling store and channel (the clock rules are the domain's).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{ServiceDashboard, SlaFigures};
use roundtrip_domain::service::{Inbox, SlaFact, SlaTally};
use roundtrip_domain::Channel;

use crate::db::columns::{enum_col, opt_time_col};
use crate::db::period::Period;
use crate::error::AppError;
use crate::db::sql::{params_from_iter, Conn};

fn figures(key: String, label: String, mut t: SlaTally) -> SlaFigures {
    SlaFigures {
        key,
        label,
        tickets: t.tickets,
        due: t.due(),
        in_time: t.in_time,
        breached: t.breached,
        compliance: t.compliance(),
        median_response_hours: t.median_response_hours(),
        median_resolution_hours: t.median_resolution_hours(),
        csat: t.csat(),
    }
}

/// SLA figures of the tickets opened in the period, by handling store and by channel, with
/// what is due soon or breached right now.
pub fn dashboard(conn: &Conn, period: &Period, me: i64, now: DateTime<Utc>) -> Result<ServiceDashboard, AppError> {
    // ?1..?4: period bounds, handling store, segment (same order as Period::params)
    let mut stmt = conn.prepare_cached(
        "SELECT t.store_id, s.name, t.channel, t.opened_at, t.due_at, t.paused_since, t.first_response_at, t.resolved_at, t.csat
           FROM tickets t JOIN customers c ON c.id = t.customer_id LEFT JOIN stores s ON s.id = t.store_id
          WHERE t.opened_at >= ?1 AND t.opened_at < ?2 AND (CAST(?3 AS BIGINT) IS NULL OR t.store_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR c.segment = ?4)",
    )?;
    let (mut total, mut stores, mut channels) = (SlaTally::default(), BTreeMap::new(), BTreeMap::new());
    let mut rows = stmt.query(params_from_iter(period.params()))?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let clock = crate::db::tickets::clock_at(r, [3, 4, 5, 6])?;
        let fact = SlaFact { clock, resolved_at: opt_time_col(r, 7)?, csat: r.get(8)? };
        total.add(&fact, now);
        let store: (Option<i64>, Option<String>) = (r.get(0)?, r.get(1)?);
        stores.entry(store).or_insert_with(SlaTally::default).add(&fact, now);
        channels.entry(enum_col(r, 2, Channel::parse)?).or_insert_with(SlaTally::default).add(&fact, now);
    }
    let mut by_store: Vec<SlaFigures> = stores
        .into_iter()
        .map(|((id, name), t)| figures(id.map_or("none".into(), |i| i.to_string()), name.unwrap_or_default(), t))
        .collect();
    by_store.sort_by(|a, b| b.breached.cmp(&a.breached).then(a.label.cmp(&b.label)));
    Ok(ServiceDashboard {
        from: period.from,
        to: period.to,
        total: figures("all".into(), String::new(), total),
        by_store,
        by_channel: channels.into_iter().map(|(c, t)| figures(c.as_str().into(), c.as_str().into(), t)).collect(),
        // the inboxes' own counts for the chosen store (managers see every store)
        due_soon_now: super::inbox::count(conn, Inbox::DueSoon, None, period.store(), me, now)?,
        breached_now: super::inbox::count(conn, Inbox::Breached, None, period.store(), me, now)?,
    })
}
