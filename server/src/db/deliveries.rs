//! The inbox of channel deliveries: stored once per channel and message id before the
//! platform is answered, claimed by a worker, settled as done, ignored, retried or dead.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::hooks::{retry_at, DeadLetter, DeliveryStatus, Failure, HookChannel, FRESH_SECONDS};

use crate::channels::{Delivery, HookError};
use crate::db::columns::{enum_col, time_col};
use crate::db::sql::{self, params, Conn, OptionalExt, Row};
use crate::error::AppError;
use crate::time::rfc3339;

/// Stores a verified delivery; `false` when the channel had delivered it before (its retry).
/// A signed nonce is taken once: a second request with it is a replay.
pub fn receive(conn: &mut Conn, connector: i64, channel: HookChannel, d: &Delivery, now: DateTime<Utc>) -> Result<bool, AppError> {
    let tx = conn.begin()?;
    if let Some(nonce) = &d.nonce {
        let taken = tx.execute("INSERT INTO hook_nonces (connector_id, nonce, at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", params![connector, nonce, rfc3339(now)])?;
        if taken == 0 {
            return Err(HookError::Replay.into());
        }
        // a nonce older than the freshness window can only come with a stale timestamp
        tx.prepare_cached("DELETE FROM hook_nonces WHERE connector_id = ?1 AND at < ?2")?
            .execute(params![connector, rfc3339(now - Duration::seconds(2 * FRESH_SECONDS))])?;
    }
    let new = tx.execute(
        "INSERT INTO deliveries (connector_id, channel, message_id, received_at, message, status, next_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?4)
         ON CONFLICT (channel, message_id) DO NOTHING",
        params![connector, channel.as_str(), d.message_id, rfc3339(now), d.message],
    )?;
    tx.commit()?;
    Ok(new == 1)
}

/// The stored messages with these (channel, message id)s, by them.
pub fn messages(conn: &Conn, ids: &[(HookChannel, String)]) -> sql::Result<std::collections::HashMap<(HookChannel, String), String>> {
    let mut found = std::collections::HashMap::new();
    for (channel, id) in ids {
        let message = conn
            .query_row("SELECT message FROM deliveries WHERE channel = ?1 AND message_id = ?2", params![channel.as_str(), id], |r| r.get::<_, String>("message"))
            .optional()?;
        if let Some(m) = message {
            found.insert((*channel, id.clone()), m);
        }
    }
    Ok(found)
}

/// A delivery a worker has claimed.
pub struct Claimed {
    pub id: i64,
    pub channel: HookChannel,
    pub message_id: String,
    pub message: String,
    pub received_at: DateTime<Utc>,
    pub attempts: u32,
    pub store_id: Option<i64>,
    /// Who the connector's events are recorded as pushed by (its creator).
    pub by: i64,
}

/// Claims up to `limit` due deliveries until `lease` (another worker skips them meanwhile; a
/// worker that dies leaves them due again when the lease ends).
pub fn claim(conn: &mut Conn, now: DateTime<Utc>, lease: DateTime<Utc>, limit: u32) -> sql::Result<Vec<Claimed>> {
    let tx = conn.begin()?;
    let ids: Vec<i64> = tx.query_map(
        &format!("SELECT id FROM deliveries WHERE status = 'pending' AND next_at <= ?1 ORDER BY next_at, id LIMIT {limit}"),
        [rfc3339(now)],
        |r| r.get("id"),
    )?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        // taken only if no other worker took it meanwhile
        let row = tx
            .query_row(
                "UPDATE deliveries SET next_at = ?3 WHERE id = ?1 AND status = 'pending' AND next_at <= ?2
                 RETURNING id, channel, message_id, message, received_at, attempts, connector_id",
                params![id, rfc3339(now), rfc3339(lease)],
                |r: &Row| {
                    Ok((
                        r.get::<_, i64>("id")?,
                        enum_col(r, "channel", HookChannel::parse)?,
                        r.get::<_, String>("message_id")?,
                        r.get::<_, String>("message")?,
                        time_col(r, "received_at")?,
                        r.get::<_, i64>("attempts")? as u32,
                        r.get::<_, i64>("connector_id")?,
                    ))
                },
            )
            .optional()?;
        let Some((id, channel, message_id, message, received_at, attempts, connector)) = row else { continue };
        let (store_id, by) = tx.query_row("SELECT store_id, created_by FROM connectors WHERE id = ?1", [connector], |r| Ok((r.get("store_id")?, r.get("created_by")?)))?;
        claimed.push(Claimed { id, channel, message_id, message, received_at, attempts, store_id, by });
    }
    tx.commit()?;
    Ok(claimed)
}

/// How one claimed delivery went.
pub enum Settled {
    Done,
    Ignored,
    Failed(Failure, String),
}

/// Records each claimed delivery's outcome: a failure is tried again later, or after its
/// last attempt waits among the dead letters.
pub fn settle(conn: &mut Conn, outcomes: &[(Claimed, Settled)], now: DateTime<Utc>, max_attempts: u32) -> sql::Result<()> {
    let tx = conn.begin()?;
    for (c, outcome) in outcomes {
        match outcome {
            Settled::Done | Settled::Ignored => {
                let status = if matches!(outcome, Settled::Done) { DeliveryStatus::Done } else { DeliveryStatus::Ignored };
                tx.execute("UPDATE deliveries SET status = ?2, failure = NULL, error = NULL, done_at = ?3 WHERE id = ?1", params![c.id, status.as_str(), rfc3339(now)])?;
            }
            Settled::Failed(failure, why) => {
                let attempts = c.attempts + 1;
                let (status, next) = match retry_at(attempts, now, max_attempts) {
                    Some(at) => (DeliveryStatus::Pending, at),
                    None => (DeliveryStatus::Dead, now),
                };
                tx.execute(
                    "UPDATE deliveries SET status = ?2, attempts = ?3, next_at = ?4, failure = ?5, error = ?6 WHERE id = ?1",
                    params![c.id, status.as_str(), attempts as i64, rfc3339(next), failure.as_str(), why],
                )?;
            }
        }
    }
    tx.commit()
}

const DEAD: &str = "SELECT d.id, d.channel, c.account, d.message_id, d.received_at, d.attempts, d.failure, coalesce(d.error, '') AS error, d.status
    FROM deliveries d JOIN connectors c ON c.id = d.connector_id";

fn dead_letter(r: &Row) -> sql::Result<DeadLetter> {
    Ok(DeadLetter {
        id: r.get("id")?,
        channel: enum_col(r, "channel", HookChannel::parse)?,
        account: r.get("account")?,
        message_id: r.get("message_id")?,
        received_at: time_col(r, "received_at")?,
        attempts: r.get::<_, i64>("attempts")? as u32,
        failure: r.get::<_, Option<String>>("failure")?.and_then(|f| Failure::parse(&f)),
        error: r.get("error")?,
        status: enum_col(r, "status", DeliveryStatus::parse)?,
    })
}

/// The dead letters, newest first (the most recent 500).
pub fn dead(conn: &Conn) -> sql::Result<Vec<DeadLetter>> {
    conn.query_map(&format!("{DEAD} WHERE d.status = 'dead' ORDER BY d.id DESC LIMIT 500"), [], dead_letter)
}

/// Sends dead letter `id` through the worker again, as new (audited). Only a dead letter can
/// be replayed: a second replay while the first is pending is refused, so one click twice
/// is one replay.
pub fn replay(conn: &mut Conn, id: i64, by: i64, now: DateTime<Utc>) -> Result<DeadLetter, AppError> {
    let tx = conn.begin()?;
    let before = tx.query_row(&format!("{DEAD} WHERE d.id = ?1"), [id], dead_letter).optional()?.ok_or_else(|| AppError::not_found("delivery"))?;
    if before.status != DeliveryStatus::Dead {
        return Err(AppError::new(StatusCode::CONFLICT, "not_dead", format!("delivery {id} is {}, not a dead letter", before.status.as_str()))
            .with_details(serde_json::json!({ "status": before.status.as_str() })));
    }
    tx.execute("UPDATE deliveries SET status = 'pending', attempts = 0, next_at = ?2 WHERE id = ?1", params![id, rfc3339(now)])?;
    crate::db::audit::record(&tx, by, &format!("delivery:{id}"), &AuditDetail::DeliveryReplayed { channel: before.channel, message_id: before.message_id.clone() })?;
    let after = tx.query_row(&format!("{DEAD} WHERE d.id = ?1"), [id], dead_letter)?;
    tx.commit()?;
    Ok(after)
}
