//! The outbox replay as stored: each offline edit applied at most once per (user, key), in
//! one transaction with the customer's new version.

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{CustomerSummary, EditChange, OfflineEdit, SyncOutcome, SyncResult};
use roundtrip_domain::offline::edit_time;
use roundtrip_domain::{Channel, Stage};

use crate::db::customers::{read_visible, SUMMARY_COLUMNS};
use crate::db::sessions;
use crate::db::edits::{snapshot, write_follow_up, write_follow_up_done, write_note, write_tags};
use crate::db::tickets::{record_feedback, Opening};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params};

/// Who replays an edit: their store scope and id, their own store, whether they are store
/// staff, and the channel their contact counts as.
pub struct Replayer {
    pub scope: Option<i64>,
    pub author: i64,
    pub store: Option<i64>,
    pub staff: bool,
    pub channel: Channel,
}

/// Applies `change` (the edit, cleaned) unless it was applied before or would overwrite a
/// change the device never saw.
pub fn replay(conn: &mut Conn, edit: &OfflineEdit, change: &EditChange, who: &Replayer, now: DateTime<Utc>) -> Result<SyncResult, AppError> {
    let Replayer { scope, author, store, staff, channel } = *who;
    let tx = conn.begin()?;
    let id = edit.customer_id;
    let (version, home_store): (i64, Option<i64>) = read_visible(&tx, id, scope, "c.version, c.home_store_id", |r| Ok((r.get(0)?, r.get(1)?)))?;
    let earlier: Option<i64> = tx
        .query_row("SELECT version_before FROM offline_edits WHERE user_id = ?1 AND client_key = ?2", params![author, edit.client_key], |r| r.get(0))
        .optional()?;
    let answer = |tx: &Conn, outcome, version_before| -> Result<SyncResult, AppError> {
        Ok(SyncResult { client_key: edit.client_key.clone(), outcome, version_before, edits: snapshot(tx, id)? })
    };
    if let Some(version_before) = earlier {
        return answer(&tx, SyncOutcome::AlreadyApplied, version_before);
    }
    if version != edit.base_version && change.overwrites() {
        return answer(&tx, SyncOutcome::Conflict, version);
    }
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [id])?;
    // dated when it happened on the device, not when the network came back
    let at = rfc3339(edit_time(edit.made_at, sessions::shift_start(&tx, author, now)?, now));
    let kind = match &change {
        EditChange::Note { body } => {
            write_note(&tx, id, author, body, &at)?;
            "note"
        }
        EditChange::Tags { add, remove } => {
            write_tags(&tx, id, add, remove)?;
            "tags"
        }
        EditChange::FollowUp { title, due_on } => {
            write_follow_up(&tx, id, author, title, *due_on, &at)?;
            "follow_up"
        }
        EditChange::FollowUpDone { follow_up_id, done } => {
            write_follow_up_done(&tx, id, *follow_up_id, *done, channel, &at)?;
            "follow_up_done"
        }
        EditChange::Visit { summary } => {
            tx.execute(
                "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, store_id) VALUES (?1, ?2, ?3, 'visit', ?4, ?5, ?6)",
                params![id, Channel::Store.as_str(), Stage::PreDecision.as_str(), at, summary, store.or(home_store)],
            )?;
            tx.execute("UPDATE customers SET offline = 1, last_active_at = CASE WHEN last_active_at >= ?2 THEN last_active_at ELSE ?2 END WHERE id = ?1", params![id, at])?;
            crate::db::journeys::mark_stale(&tx, id)?;
            "visit"
        }
        EditChange::Feedback { ticket_kind, severity, channel, summary, spoke_at } => {
            let opening = Opening {
                customer: id, channel: *channel, kind: ticket_kind, severity: *severity, summary, spoke_at: *spoke_at,
                store: scope.or(home_store), assignee: staff.then_some(author), actor: Some(author), client_key: None,
            };
            record_feedback(&tx, &opening, now)?;
            "feedback"
        }
    };
    tx.execute(
        "INSERT INTO offline_edits (user_id, client_key, customer_id, kind, version_before, applied_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![author, edit.client_key, id, kind, version, rfc3339(now)],
    )?;
    let result = answer(&tx, SyncOutcome::Applied, version)?;
    tx.commit()?;
    Ok(result)
}

/// The customers a device keeps for offline search, most recently active first.
pub fn roster(conn: &Conn, scope: Option<i64>, limit: u32) -> Result<Vec<CustomerSummary>, AppError> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
         WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND (CAST(?1 AS BIGINT) IS NULL OR c.home_store_id = ?1)
         ORDER BY c.last_active_at DESC, c.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![scope, limit], crate::db::customers::summary)?.collect::<sql::Result<Vec<_>>>()?;
    Ok(rows)
}
