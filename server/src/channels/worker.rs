//! Turns the inbox's pending deliveries into channel events through the same pipeline as
//! `POST /api/v1/events`. A delivery whose events are refused, or that cannot be read, is
//! tried again with backoff and after its last attempt waits among the dead letters. Each
//! server runs one worker; several share the inbox by claiming rows for a lease.

use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use roundtrip_domain::events::{drop_unusable, validate, ChannelEvent, IngestReport};
use roundtrip_domain::hooks::{Failure, HookChannel, MAX_ATTEMPTS};
use tokio::sync::Notify;

use super::{receiver, Context};
use crate::db::deliveries::{self, Claimed, Settled};
use crate::db::with_stable_plans;
use crate::error::AppError;
use crate::state::AppState;

/// Deliveries claimed at once (one event batch).
const BATCH: u32 = 200;
/// How long a claim holds: a worker that dies (a server killed) leaves its rows due again
/// after this. A batch takes well under a second; should one outlast its lease, another
/// worker applying it again records nothing twice (event ids).
const LEASE: chrono::Duration = chrono::Duration::seconds(15);
/// How often an idle worker looks, besides being woken by a receiver.
const IDLE: Duration = Duration::from_millis(500);

fn bell() -> &'static Notify {
    static BELL: OnceLock<Notify> = OnceLock::new();
    BELL.get_or_init(Notify::new)
}

/// Called by a receiver once a delivery is stored: the worker takes it at once.
pub fn wake() {
    bell().notify_one();
}

/// Runs the worker until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        loop {
            match run_once(&state, state.clock.wall(), MAX_ATTEMPTS).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                // the rows stay pending and are claimed again when the lease ends
                Err(e) => tracing::warn!(code = e.code, error = %e.message, "channel deliveries not processed"),
            }
            let _ = tokio::time::timeout(IDLE, bell().notified()).await;
        }
    });
}

/// Processes the deliveries due at `now`; how many it claimed. Tests call it with a later
/// `now` to make retries due without waiting.
pub async fn run_once(state: &AppState, now: DateTime<Utc>, max_attempts: u32) -> Result<usize, AppError> {
    let claimed = state.db.write(move |conn| Ok(deliveries::claim(conn, now, now + LEASE, BATCH)?)).await?;
    if claimed.is_empty() {
        return Ok(0);
    }
    // what each message needs read first, found once (it parses the message)
    let needs: Vec<Option<(HookChannel, String)>> = claimed.iter().map(|c| receiver(c.channel).depends_on(&c.message).map(|id| (c.channel, id))).collect();
    let wanted: Vec<(HookChannel, String)> = needs.iter().flatten().cloned().collect();
    let earlier = if wanted.is_empty() { Default::default() } else { state.db.call(move |conn| Ok(deliveries::messages(conn, &wanted)?)).await? };
    let mut outcomes: Vec<Option<Settled>> = claimed.iter().map(|_| None).collect();
    // (delivery index, event): each pusher's events go as one batch, signed by it
    let mut batches: std::collections::BTreeMap<i64, Vec<(usize, ChannelEvent)>> = Default::default();
    for (i, c) in claimed.iter().enumerate() {
        let earlier = needs[i].as_ref().and_then(|key| earlier.get(key)).map(String::as_str);
        let ctx = Context { channel: c.channel, message_id: &c.message_id, store_id: c.store_id, received_at: c.received_at, earlier };
        let events = receiver(c.channel).normalise(&c.message, &ctx).map_err(|why| (Failure::Unreadable, why)).and_then(admit);
        match events {
            Ok(events) if events.is_empty() => outcomes[i] = Some(Settled::Ignored),
            Ok(events) => batches.entry(c.by).or_default().extend(events.into_iter().map(|e| (i, e))),
            Err((failure, why)) => outcomes[i] = Some(Settled::Failed(failure, why)),
        }
    }
    for (by, events) in batches {
        let indices: Vec<usize> = events.iter().map(|(i, _)| *i).collect();
        let vault = state.id_vault.clone();
        let received = crate::db::events::Received { at: now, today: state.clock.today(), by };
        let applied = state
            .db
            .write(move |conn| with_stable_plans(conn, |conn| crate::db::events::apply_batch(conn, &events, IngestReport::default(), &vault, received)))
            .await;
        match applied {
            Ok(report) => {
                for i in &indices {
                    outcomes[*i] = Some(Settled::Done);
                }
                for r in report.rejected {
                    outcomes[r.index] = Some(Settled::Failed(Failure::Refused, format!("{}: {}", r.code, r.message)));
                }
            }
            Err(e) => {
                for i in indices {
                    outcomes[i] = Some(Settled::Failed(Failure::Storage, format!("{}: {}", e.code, e.message)));
                }
            }
        }
    }
    let settled: Vec<(Claimed, Settled)> = claimed.into_iter().zip(outcomes).map(|(c, o)| (c, o.expect("every delivery has an outcome"))).collect();
    let n = settled.len();
    state
        .db
        .write(move |conn| Ok(deliveries::settle(conn, &settled, now, max_attempts)?))
        .await?;
    Ok(n)
}

/// A normalised event held to the same rules as a pushed one: unusable optional values left
/// out, the rest checked.
fn admit(events: Vec<ChannelEvent>) -> Result<Vec<ChannelEvent>, (Failure, String)> {
    events
        .into_iter()
        .map(|mut e| {
            drop_unusable(&mut e);
            validate(&e).map(|()| e).map_err(|err| (Failure::InvalidEvent, err.to_string()))
        })
        .collect()
}
