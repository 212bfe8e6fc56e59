//! Outbound webhooks as stored: subscriptions (their signing secret sealed), and the outbox a
//! change writes in its own transaction; the sender claims due messages and settles them.

use chrono::{DateTime, Duration, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::hooks::retry_at;
use roundtrip_domain::webhooks::{NewWebhook, Webhook, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent, MAX_ATTEMPTS};
use serde_json::json;

use crate::db::columns::{enum_col, opt_time_col, time_col};
use crate::db::sql::{self, params, Conn, OptionalExt, Row};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::vault::IdVault;

/// What binds a sealed signing secret (it cannot be opened under another label).
const SEAL: &str = "webhook-signing-secret";

const COLUMNS: &str = "w.id, w.url, w.events, w.description, u.display_name AS created_by, w.created_at, w.disabled_at,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'delivered') AS delivered,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending,
    (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed') AS failed
    FROM webhooks w JOIN users u ON u.id = w.created_by";

fn webhook(r: &Row) -> sql::Result<Webhook> {
    let events: String = r.get("events")?;
    Ok(Webhook {
        id: r.get("id")?,
        url: r.get("url")?,
        events: events.split(',').filter_map(WebhookEvent::parse).collect(),
        description: r.get("description")?,
        created_by: r.get("created_by")?,
        created_at: time_col(r, "created_at")?,
        disabled_at: opt_time_col(r, "disabled_at")?,
        delivered: r.get::<_, i64>("delivered")? as u64,
        pending: r.get::<_, i64>("pending")? as u64,
        failed: r.get::<_, i64>("failed")? as u64,
    })
}

pub fn list(conn: &Conn) -> sql::Result<Vec<Webhook>> {
    conn.query_map(&format!("SELECT {COLUMNS} ORDER BY w.id DESC"), [], webhook)
}

fn get(conn: &Conn, id: i64) -> sql::Result<Option<Webhook>> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE w.id = ?1"), [id], webhook).optional()
}

/// Registers `new` (checked) with `secret` (the `whsec_…` text), sealed; audited.
pub fn register(conn: &mut Conn, vault: &IdVault, new: &NewWebhook, secret: &str, by: i64, now: DateTime<Utc>) -> Result<Webhook, AppError> {
    let tx = conn.begin()?;
    let events: Vec<&str> = new.events.iter().map(|e| e.as_str()).collect();
    let id = tx.insert_returning_id(
        "INSERT INTO webhooks (url, events, description, secret, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![new.url.trim(), events.join(","), new.description.trim(), vault.seal(SEAL, secret), by, rfc3339(now)],
    )?;
    crate::db::audit::record(&tx, by, &format!("webhook:{id}"), &AuditDetail::WebhookAdded { url: new.url.trim().to_owned() })?;
    let added = get(&tx, id)?.ok_or_else(|| AppError::not_found("webhook"))?;
    tx.commit()?;
    Ok(added)
}

/// Stops a webhook: nothing new is written for it, and what waits is not sent. Audited.
pub fn disable(conn: &mut Conn, id: i64, by: i64, now: DateTime<Utc>) -> Result<Webhook, AppError> {
    let tx = conn.begin()?;
    let before = get(&tx, id)?.ok_or_else(|| AppError::not_found("webhook"))?;
    if before.disabled_at.is_none() {
        tx.execute("UPDATE webhooks SET disabled_at = ?2 WHERE id = ?1", params![id, rfc3339(now)])?;
        tx.execute("UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook disabled' WHERE webhook_id = ?1 AND status = 'pending'", [id])?;
        crate::db::audit::record(&tx, by, &format!("webhook:{id}"), &AuditDetail::WebhookDisabled { url: before.url.clone() })?;
    }
    let after = get(&tx, id)?.ok_or_else(|| AppError::not_found("webhook"))?;
    tx.commit()?;
    Ok(after)
}

/// Writes `event` about `subject` (`ticket:42`) to every enabled webhook subscribed to it, in
/// the caller's transaction. The message id follows from the event, the subject and the
/// webhook, so telling of one thing twice (a sweep run again) writes nothing new.
/// Messages carry ids and codes only, never a name or a number: the receiver asks the API for
/// what it may see.
pub fn emit(tx: &Conn, event: WebhookEvent, subject: &str, data: serde_json::Value, now: &str) -> sql::Result<()> {
    let key = &crate::channels::digest(format!("{}|{subject}", event.as_str()).as_bytes())[..24];
    let payload = json!({ "type": event.as_str(), "timestamp": now, "data": data }).to_string();
    tx.prepare_cached(
        "INSERT INTO webhook_deliveries (webhook_id, message_id, event, payload, status, next_at, created_at)
         SELECT w.id, 'msg_' || ?1 || '_' || CAST(w.id AS TEXT), ?2, ?3, 'pending', ?4, ?4 FROM webhooks w
          WHERE w.disabled_at IS NULL AND (',' || w.events || ',') LIKE ?5
         ON CONFLICT (message_id) DO NOTHING",
    )?
    .execute(params![key, event.as_str(), payload, now, format!("%,{},%", event.as_str())])?;
    Ok(())
}

/// Tickets whose first-response clock ran out in the last week, told once each.
pub fn sweep_breaches(conn: &mut Conn, now: DateTime<Utc>) -> sql::Result<()> {
    let tx = conn.begin()?;
    let breached: Vec<(i64, i64, String)> = tx.query_map(
        "SELECT id, customer_id, due_at FROM tickets
          WHERE first_response_at IS NULL AND status <> 'resolved' AND paused_since IS NULL AND due_at < ?1 AND due_at >= ?2
            AND EXISTS (SELECT 1 FROM webhooks w WHERE w.disabled_at IS NULL AND (',' || w.events || ',') LIKE '%,ticket.breached,%')",
        params![rfc3339(now), rfc3339(now - Duration::days(7))],
        |r| Ok((r.get("id")?, r.get("customer_id")?, r.get("due_at")?)),
    )?;
    for (ticket, customer, due_at) in breached {
        emit(&tx, WebhookEvent::TicketBreached, &format!("ticket:{ticket}"), json!({ "ticket_id": ticket, "customer_id": customer, "due_at": due_at }), &rfc3339(now))?;
    }
    tx.commit()
}

/// A message the sender has claimed, with its webhook's address and sealed secret.
pub struct Outbound {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub message_id: String,
    pub payload: String,
    pub attempts: u32,
}

/// Claims up to `limit` due messages until `lease`.
pub fn claim(conn: &mut Conn, vault: &IdVault, now: DateTime<Utc>, lease: DateTime<Utc>, limit: u32) -> Result<Vec<Outbound>, AppError> {
    let tx = conn.begin()?;
    let due: Vec<i64> = tx.query_map(
        &format!("SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_at <= ?1 ORDER BY next_at, id LIMIT {limit}"),
        [rfc3339(now)],
        |r| r.get("id"),
    )?;
    let mut claimed = Vec::with_capacity(due.len());
    for id in due {
        let taken = tx.execute("UPDATE webhook_deliveries SET next_at = ?3 WHERE id = ?1 AND status = 'pending' AND next_at <= ?2", params![id, rfc3339(now), rfc3339(lease)])?;
        if taken == 0 {
            continue;
        }
        let (url, sealed, message_id, payload, attempts) = tx.query_row(
            "SELECT w.url, w.secret, d.message_id, d.payload, d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, i64>(4)? as u32)),
        )?;
        let secret = vault.unseal(SEAL, &sealed).map_err(|_| AppError::internal("a webhook secret cannot be opened with this server's key"))?;
        claimed.push(Outbound { id, url, secret, message_id, payload, attempts });
    }
    tx.commit()?;
    Ok(claimed)
}

/// Records one attempt: delivered on a 2xx, else tried again later or given up on.
pub fn settle(conn: &mut Conn, m: &Outbound, status: Option<u16>, error: Option<&str>, now: DateTime<Utc>) -> sql::Result<()> {
    let attempts = m.attempts + 1;
    let delivered = status.is_some_and(|s| (200..300).contains(&s));
    let (state, next) = match (delivered, retry_at(attempts, now, MAX_ATTEMPTS)) {
        (true, _) => (WebhookDeliveryStatus::Delivered, now),
        (false, Some(at)) => (WebhookDeliveryStatus::Pending, at),
        (false, None) => (WebhookDeliveryStatus::Failed, now),
    };
    conn.execute(
        "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, next_at = ?4, last_status = ?5, last_error = ?6, delivered_at = ?7 WHERE id = ?1",
        params![m.id, state.as_str(), attempts as i64, rfc3339(next), status.map(i64::from), error, delivered.then(|| rfc3339(now))],
    )?;
    Ok(())
}

/// The latest 200 messages to webhook `id`, newest first.
pub fn log(conn: &Conn, id: i64) -> Result<Vec<WebhookDelivery>, AppError> {
    get(conn, id)?.ok_or_else(|| AppError::not_found("webhook"))?;
    Ok(conn.query_map(
        "SELECT id, message_id, event, status, attempts, last_status, last_error, created_at, delivered_at FROM webhook_deliveries
          WHERE webhook_id = ?1 ORDER BY id DESC LIMIT 200",
        [id],
        |r| {
            Ok(WebhookDelivery {
                id: r.get("id")?,
                message_id: r.get("message_id")?,
                event: enum_col(r, "event", WebhookEvent::parse)?,
                status: enum_col(r, "status", WebhookDeliveryStatus::parse)?,
                attempts: r.get::<_, i64>("attempts")? as u32,
                last_status: r.get::<_, Option<i64>>("last_status")?.map(|s| s as u16),
                last_error: r.get("last_error")?,
                created_at: time_col(r, "created_at")?,
                delivered_at: opt_time_col(r, "delivered_at")?,
            })
        },
    )?)
}
