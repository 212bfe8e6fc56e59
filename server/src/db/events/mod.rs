//! Applies validated channel events a whole batch at a time: what the store holds for the
//! batch's identifiers is read with one query per kind, the events are matched in memory
//! ([`roundtrip_domain::resolve`]), and each table is written with one statement.

mod stored;
mod travellers;
mod write;

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::events::{customer_facts, fingerprint, ChannelEvent, CustomerFacts, IngestReport, RejectedEvent};
use roundtrip_domain::resolve::{resolve, Keys};

use crate::db::sql::{Conn, Failure, SqlError};
use crate::error::AppError;
use crate::vault::IdVault;

/// When the batch is applied (the instant it was received and the agency's day then) and
/// who pushed it: the notes it carries are signed by that account.
#[derive(Clone, Copy)]
pub struct Received {
    pub at: DateTime<Utc>,
    pub today: NaiveDate,
    pub by: i64,
}

enum Outcome {
    Duplicate,
    Applied { created: bool },
    Refused(&'static str, String),
}

/// Applies a batch in one transaction. Every reason to refuse an event is found before
/// anything is written, so the batch normally runs as one set. Only a database failure can
/// stop it part-way; then the batch is redone one event at a time, each in its own
/// savepoint, so that event alone is refused. A concurrent writer's conflict (PostgreSQL),
/// a full disk or failed storage is not an event's fault: it fails the whole batch.
/// Batches take turns across servers: two at once nearly always touch the same customers,
/// and one of them was rolled back and redone (through two servers, most batches answered
/// 503 busy after their retries).
pub fn apply_batch(conn: &mut Conn, events: &[(usize, ChannelEvent)], report: IngestReport, vault: &IdVault, now: Received) -> Result<IngestReport, AppError> {
    conn.one_at_a_time("channel event batches", |conn| apply_in_turn(conn, events, report, vault, now))
}

fn apply_in_turn(conn: &Conn, events: &[(usize, ChannelEvent)], report: IngestReport, vault: &IdVault, now: Received) -> Result<IngestReport, AppError> {
    let tx = conn.begin()?;
    match apply_set(&tx, events, vault, now) {
        Ok((outcomes, candidates)) => {
            tx.commit()?;
            return Ok(tally(report, events, outcomes, candidates));
        }
        Err(e) if !events_fault(&e) => return Err(e.into()),
        Err(e) => tracing::warn!(error = %e, "batch not applied as one set; applying its events one by one"),
    }
    drop(tx);
    let tx = conn.begin()?;
    let (mut outcomes, mut candidates) = (Vec::with_capacity(events.len()), 0);
    for event in events {
        tx.execute_batch("SAVEPOINT event")?;
        match apply_set(&tx, std::slice::from_ref(event), vault, now) {
            Ok((mut one, c)) => {
                tx.execute_batch("RELEASE event")?;
                outcomes.append(&mut one);
                candidates += c;
            }
            Err(e) if !events_fault(&e) => return Err(e.into()),
            Err(e) => {
                tracing::error!(error = %e, "event not applied");
                tx.execute_batch("ROLLBACK TO event; RELEASE event")?;
                outcomes.push(Outcome::Refused("internal", "the event could not be stored".into()));
            }
        }
    }
    tx.commit()?;
    Ok(tally(report, events, outcomes, candidates))
}

/// Whether a failure may lie in an event's own data (a constraint it breaks, a value the
/// database refuses) rather than in the database's state (busy, full, failed storage).
fn events_fault(e: &SqlError) -> bool {
    matches!(e.failure(), Failure::Unique | Failure::Other)
}

fn tally(mut report: IngestReport, events: &[(usize, ChannelEvent)], outcomes: Vec<Outcome>, candidates: usize) -> IngestReport {
    for ((index, event), outcome) in events.iter().zip(outcomes) {
        match outcome {
            Outcome::Duplicate => report.duplicates += 1,
            Outcome::Applied { created } => {
                report.accepted += 1;
                if created {
                    report.customers_created += 1;
                } else {
                    report.customers_matched += 1;
                }
            }
            Outcome::Refused(code, message) => {
                let field = match code {
                    "unknown_store" => Some("store_id".to_owned()),
                    "event_conflict" => Some("event_id".to_owned()),
                    _ => None,
                };
                report.rejected.push(RejectedEvent { index: *index, event_id: Some(event.event_id.clone()), code: code.into(), message, field })
            }
        }
    }
    report.review_candidates += candidates;
    report.rejected.sort_by_key(|r| r.index);
    report
}

/// Applies `events` as one set: each event's outcome, and how many duplicate candidates
/// were suggested.
fn apply_set(tx: &Conn, events: &[(usize, ChannelEvent)], vault: &IdVault, now: Received) -> Result<(Vec<Outcome>, usize), SqlError> {
    // what refuses an event or makes it a repeat, found before anything is written
    let stores = stored::store_ids(tx)?;
    let mut seen = stored::seen(tx, events.iter().map(|(_, e)| e.event_id.trim()))?;
    let mut outcomes = Vec::with_capacity(events.len());
    let (mut admitted, mut prints) = (Vec::with_capacity(events.len()), Vec::with_capacity(events.len()));
    for (_, e) in events {
        let (id, print) = (e.event_id.trim(), fingerprint(e));
        outcomes.push(match (seen.get(id), e.store_id) {
            (Some(Some(before)), _) if *before != print => {
                Outcome::Refused("event_conflict", format!("event_id {id} was received before with other content; a new event needs a new event_id"))
            }
            (Some(_), _) => Outcome::Duplicate,
            (None, Some(store)) if !stores.contains(&store) => Outcome::Refused("unknown_store", format!("store_id {store} does not exist")),
            (None, _) => {
                seen.insert(id.to_owned(), Some(print.clone()));
                admitted.push(e);
                prints.push(print);
                Outcome::Applied { created: false }
            }
        });
    }
    let facts: Vec<CustomerFacts> = admitted.iter().map(|e| customer_facts(e)).collect();
    let keys: Vec<Keys> = admitted.iter().zip(&facts).map(|(e, f)| Keys::of(e, f, |id| vault.hash(id))).collect();
    let resolutions = resolve(&keys, stored::lookup(tx, &keys)?);
    let candidates = write::apply(tx, &admitted, &prints, &facts, &keys, &resolutions, vault, now)?;
    let mut created = resolutions.iter().map(|r| r.created);
    for outcome in &mut outcomes {
        if let Outcome::Applied { created: c } = outcome {
            *c = created.next().expect("one resolution per admitted event");
        }
    }
    Ok((outcomes, candidates))
}
