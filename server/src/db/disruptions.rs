//! Schedule changes (航变) and their cases: receiving a change opens, in a handful of
//! set-wide statements, one case per booking flying the flight that day and tells every
//! booker's and traveller's timeline; staff record that the customer was told and what they
//! chose. The clock and the figures are [`roundtrip_domain::trips::disruptions`].

use std::collections::{BTreeSet, HashMap};

use axum::http::StatusCode;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use roundtrip_domain::mask::mask_phone;
use roundtrip_domain::trips::disruptions::{
    contact_state, figures, outcomes, CaseFacts, CasePerson, Disruption, DisruptionCase, DisruptionDetail, DisruptionList, DisruptionStep, Outcome, ScheduleChange,
    ScheduleChangeReceipt, INFORM_WITHIN_HOURS,
};

use super::columns::{date_col, opt_time_col, time_col};
use super::period::Period;
use super::sql::{self, params, Conn, OptionalExt};
use crate::error::AppError;
use crate::time::rfc3339;

const LOCAL: &str = "%Y-%m-%dT%H:%M";

/// Receives a checked change: a retry of one received before is a no-op, another change sent
/// under its id is refused (409 `change_conflict`).
pub fn receive(conn: &Conn, change: &ScheduleChange, now: DateTime<Utc>) -> Result<ScheduleChangeReceipt, AppError> {
    let tx = conn.begin()?;
    let receipt = receive_in(&tx, change, now)?;
    tx.commit()?;
    Ok(receipt)
}

/// [`receive`] inside the caller's transaction (the demo data's).
pub fn receive_in(tx: &Conn, change: &ScheduleChange, now: DateTime<Utc>) -> Result<ScheduleChangeReceipt, AppError> {
    let print = change.fingerprint();
    let before: Option<(i64, String)> =
        tx.query_row("SELECT id, fingerprint FROM disruptions WHERE change_id = ?1", [&change.change_id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    if let Some((id, was)) = before {
        if was != print {
            return Err(AppError::new(StatusCode::CONFLICT, "change_conflict", format!("change_id {} was received before with other content", change.change_id)));
        }
        let cases: u32 = tx.query_row("SELECT count(*) FROM disruption_cases WHERE disruption_id = ?1", [id], |r| r.get(0))?;
        return Ok(ScheduleChangeReceipt { disruption_id: id, cases_opened: cases, customers_told: 0, repeated: true });
    }
    let id = tx.reserve_ids("disruptions", 1)?[0];
    let local = |t: Option<NaiveDateTime>| t.map(|t| t.format(LOCAL).to_string());
    tx.execute(
        "INSERT INTO disruptions (id, change_id, flight, flies_on, cancelled, new_departure, new_arrival, note, announced_at, fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![id, change.change_id, change.flight, change.date.to_string(), change.cancelled, local(change.new_departure), local(change.new_arrival), change.note, rfc3339(now), print],
    )?;
    let at = rfc3339(now);
    let opened = tx.execute(
        "INSERT INTO disruption_cases (disruption_id, order_id, customer_id, store_id, opened_at)
         SELECT DISTINCT CAST(?1 AS BIGINT), o.id, o.customer_id, coalesce(o.store_id, c.home_store_id), CAST(?2 AS TEXT)
           FROM booking_segments s JOIN orders o ON o.id = s.order_id JOIN customers c ON c.id = o.customer_id
          WHERE s.flight = ?3 AND s.flies_on = ?4 AND o.status IN ('booked', 'paid')",
        params![id, at, change.flight, change.date.to_string()],
    )?;
    // every booker and traveller once, on the timeline of the booking's channel and store
    let people = "SELECT who, min(channel) AS channel, min(store_id) AS store_id FROM (
                      SELECT o.customer_id AS who, o.channel, dc.store_id FROM disruption_cases dc JOIN orders o ON o.id = dc.order_id WHERE dc.disruption_id = ?1
                      UNION ALL
                      SELECT t.customer_id, o.channel, dc.store_id FROM disruption_cases dc JOIN orders o ON o.id = dc.order_id
                        JOIN order_travellers t ON t.order_id = dc.order_id WHERE dc.disruption_id = ?1) AS p
                  GROUP BY who";
    let told = tx.execute(
        &format!("INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, store_id) SELECT who, channel, 'pre_trip', 'schedule_change', ?2, ?3, store_id FROM ({people}) AS q"),
        params![id, at, change.notice()],
    )?;
    tx.execute(&format!("INSERT INTO journeys_stale (customer_id) SELECT who FROM ({people}) AS q WHERE true ON CONFLICT DO NOTHING"), params![id])?;
    Ok(ScheduleChangeReceipt { disruption_id: id, cases_opened: opened as u32, customers_told: told as u32, repeated: false })
}

/// The disruptions announced in the period, each with the figures of the cases `scope` sees
/// (a store's staff: their store's; the period's store filter narrows further).
pub fn list(conn: &Conn, period: &Period, scope: Option<i64>) -> Result<DisruptionList, AppError> {
    let (from, to) = period.bounds();
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM disruptions WHERE announced_at >= ?1 AND announced_at < ?2 ORDER BY announced_at DESC, id DESC LIMIT 200")?
        .query_map(params![rfc3339(from), rfc3339(to)], |r| r.get(0))?
        .collect::<sql::Result<_>>()?;
    let store = scope.or(period.store());
    let (mut disruptions, mut all_cases, mut all_people) = (Vec::new(), Vec::new(), BTreeSet::new());
    for id in ids {
        let (d, cases, people) = read(conn, id, store)?;
        // staff see the disruptions that reach their store
        if scope.is_some() && cases.is_empty() {
            continue;
        }
        all_cases.extend(cases);
        all_people.extend(people);
        disruptions.push(d);
    }
    Ok(DisruptionList { from: period.from, to: period.to, disruptions, totals: figures(&all_cases, all_people.len() as u32) })
}

/// A disruption with its figures, the facts of its cases `store` sees, and the people on them.
fn read(conn: &Conn, id: i64, store: Option<i64>) -> Result<(Disruption, Vec<CaseFacts>, BTreeSet<i64>), AppError> {
    let local = |r: &sql::Row, i: usize| -> sql::Result<Option<NaiveDateTime>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|t| NaiveDateTime::parse_from_str(&t, LOCAL).ok()))
    };
    let mut d = conn
        .prepare_cached("SELECT id, change_id, flight, flies_on, cancelled, new_departure, new_arrival, note, announced_at FROM disruptions WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(Disruption {
                id: r.get(0)?,
                change_id: r.get(1)?,
                flight: r.get(2)?,
                date: date_col(r, 3)?.ok_or_else(|| sql::SqlError::Invalid("a disruption without a date".into()))?,
                cancelled: r.get::<_, i64>(4)? == 1,
                new_departure: local(r, 5)?,
                new_arrival: local(r, 6)?,
                note: r.get(7)?,
                announced_at: time_col(r, 8)?,
                figures: Default::default(),
            })
        })
        .optional()?
        .ok_or_else(|| AppError::not_found("disruption"))?;
    let in_store = "(CAST(?2 AS BIGINT) IS NULL OR dc.store_id = ?2)";
    let cases: Vec<CaseFacts> = conn
        .prepare_cached(&format!("SELECT dc.customer_id, dc.opened_at, dc.informed_at, dc.outcome FROM disruption_cases dc WHERE dc.disruption_id = ?1 AND {in_store}"))?
        .query_map(params![id, store], |r| Ok(CaseFacts { customer: r.get(0)?, opened: time_col(r, 1)?, informed: opt_time_col(r, 2)?, outcome: r.get::<_, Option<String>>(3)?.and_then(|o| Outcome::parse(&o)) }))?
        .collect::<sql::Result<_>>()?;
    let mut people: BTreeSet<i64> = cases.iter().map(|c| c.customer).collect();
    people.extend(
        conn.prepare_cached(&format!("SELECT t.customer_id FROM disruption_cases dc JOIN order_travellers t ON t.order_id = dc.order_id WHERE dc.disruption_id = ?1 AND {in_store}"))?
            .query_map(params![id, store], |r| r.get::<_, i64>(0))?
            .collect::<sql::Result<Vec<_>>>()?,
    );
    d.figures = figures(&cases, people.len() as u32);
    Ok((d, cases, people))
}

/// A disruption and the cases `scope` sees: those still to be told first, oldest clock first.
pub fn detail(conn: &Conn, id: i64, scope: Option<i64>, now: DateTime<Utc>) -> Result<DisruptionDetail, AppError> {
    let (disruption, _, _) = read(conn, id, scope)?;
    let mut cases = cases(conn, "dc.disruption_id = ?1 AND (CAST(?2 AS BIGINT) IS NULL OR dc.store_id = ?2)", params![id, scope], now)?;
    if scope.is_some() && cases.is_empty() {
        return Err(AppError::not_found("disruption"));
    }
    cases.sort_by_key(|c| (c.outcome.is_some(), c.informed_at.is_some(), c.opened_at, c.id));
    Ok(DisruptionDetail { disruption, cases })
}

fn cases(conn: &Conn, filter: &str, params: impl sql::Params + Clone, now: DateTime<Utc>) -> Result<Vec<DisruptionCase>, AppError> {
    let mut out: Vec<DisruptionCase> = conn
        .prepare_cached(&format!(
            "SELECT dc.id, dc.order_id, o.title, c.id, c.name, c.phone_e164, dc.store_id, dc.opened_at, dc.informed_at, dc.outcome
               FROM disruption_cases dc JOIN orders o ON o.id = dc.order_id JOIN customers c ON c.id = dc.customer_id WHERE {filter} ORDER BY dc.id"
        ))?
        .query_map(params.clone(), |r| {
            let (opened, informed) = (time_col(r, 7)?, opt_time_col(r, 8)?);
            Ok(DisruptionCase {
                id: r.get(0)?,
                order_id: r.get(1)?,
                title: r.get(2)?,
                booker: CasePerson { customer_id: r.get(3)?, name: r.get(4)? },
                phone_masked: r.get::<_, Option<String>>(5)?.map(|p| mask_phone(&p)),
                travellers: Vec::new(),
                store_id: r.get(6)?,
                opened_at: opened,
                due_at: opened + Duration::hours(INFORM_WITHIN_HOURS),
                informed_at: informed,
                contact: contact_state(opened, informed, now),
                outcome: r.get::<_, Option<String>>(9)?.and_then(|o| Outcome::parse(&o)),
            })
        })?
        .collect::<sql::Result<_>>()?;
    // the travellers of every case at once (a flight's change reaches thousands of bookings)
    let mut travellers: HashMap<i64, Vec<CasePerson>> = HashMap::new();
    conn.prepare_cached(&format!("SELECT t.order_id, t.customer_id, t.name FROM disruption_cases dc JOIN order_travellers t ON t.order_id = dc.order_id WHERE {filter} ORDER BY t.order_id, t.seat"))?
        .query_map(params, |r| {
            travellers.entry(r.get(0)?).or_default().push(CasePerson { customer_id: r.get(1)?, name: r.get(2)? });
            Ok(())
        })?
        .collect::<sql::Result<()>>()?;
    for c in &mut out {
        c.travellers = travellers.remove(&c.order_id).unwrap_or_default();
    }
    Ok(out)
}

/// Records a step on a case `scope` may see: told, or closed with the customer's choice
/// (which implies they were told). A closed case takes no step (409 `case_state`).
pub fn step(conn: &Conn, disruption: i64, case: i64, step: &DisruptionStep, scope: Option<i64>, me: i64, now: DateTime<Utc>) -> Result<DisruptionCase, AppError> {
    let tx = conn.begin()?;
    let found: Option<(bool, bool)> = tx
        .query_row(
            "SELECT CASE WHEN dc.closed_at IS NULL THEN 0 ELSE 1 END, d.cancelled FROM disruption_cases dc JOIN disruptions d ON d.id = dc.disruption_id
              WHERE dc.id = ?1 AND dc.disruption_id = ?2 AND (CAST(?3 AS BIGINT) IS NULL OR dc.store_id = ?3)",
            params![case, disruption, scope],
            |r| Ok((r.get::<_, i64>(0)? == 1, r.get::<_, i64>(1)? == 1)),
        )
        .optional()?;
    let cancelled = match found {
        None => return Err(AppError::not_found("case")),
        Some((true, _)) => return Err(AppError::new(StatusCode::CONFLICT, "case_state", "the case is closed: the customer's choice is recorded")),
        Some((false, cancelled)) => cancelled,
    };
    if let DisruptionStep::Close { outcome } = step {
        if !outcomes(cancelled).contains(outcome) {
            let refusal = roundtrip_domain::refusal::Refusal::only("outcome", roundtrip_domain::refusal::Rule::OneOf);
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "outcome: a cancelled flight is rebooked or refunded").with_refusal(refusal));
        }
    }
    let at = rfc3339(now);
    match step {
        DisruptionStep::Informed => tx.execute("UPDATE disruption_cases SET informed_at = coalesce(informed_at, ?2), informed_by = coalesce(informed_by, ?3) WHERE id = ?1", params![case, at, me])?,
        DisruptionStep::Close { outcome } => tx.execute(
            "UPDATE disruption_cases SET informed_at = coalesce(informed_at, ?2), informed_by = coalesce(informed_by, ?3), outcome = ?4, closed_at = ?2, closed_by = ?3 WHERE id = ?1",
            params![case, at, me, outcome.as_str()],
        )?,
    };
    let mut one = cases(&tx, "dc.id = ?1", [case], now)?;
    tx.commit()?;
    Ok(one.pop().expect("the case was found above"))
}
