//! The outbox replay: tablets queue staff edits while store Wi-Fi is down and send them here,
//! one at a time and in order, when it is back. Each edit is applied at most once (by its
//! key); an edit that would overwrite a change the tablet never saw is not applied but
//! answered as a conflict with the server's state, for the person to decide.

use axum::extract::State;
use axum::http::StatusCode;
use roundtrip_domain::dto::{CustomerSummary, EditChange, ErrorEnvelope, OfflineEdit, SyncOutcome, SyncResult};
use roundtrip_domain::offline::valid_client_key;
use roundtrip_domain::{Channel, Role, Stage};
use rusqlite::{params, OptionalExtension, TransactionBehavior};
use serde::Deserialize;
use serde_json::json;

use crate::db::edits::{snapshot, write_follow_up, write_follow_up_done, write_note, write_tags};
use crate::db::customers::{SUMMARY_COLUMNS, VISIBLE};
use crate::db::tickets::{record_feedback, Opening};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::time::rfc3339;

/// Replays one queued edit.
#[utoipa::path(post, path = "/api/v1/sync/edits", tag = "customers", request_body = OfflineEdit, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Applied, already applied earlier, or a conflict (nothing written); with the server's state", body = SyncResult),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer (or follow-up) in the caller's scope", body = ErrorEnvelope),
        (status = 422, description = "Bad key or an invalid edit", body = ErrorEnvelope),
    ))]
pub async fn replay_edit(State(state): State<AppState>, user: CurrentUser, Json(edit): Json<OfflineEdit>) -> Result<Json<SyncResult>, AppError> {
    if !valid_client_key(&edit.client_key) {
        return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "client_key must be 8 to 64 letters, digits, '-' or '_'")
            .with_details(json!({ "field": "client_key" })));
    }
    let now = state.clock.now();
    let change = edit.change.cleaned(now)?;
    let (scope, author, store) = (user.store_scope(), user.id(), user.me.store.as_ref().map(|s| s.id));
    let staff = user.me.role == Role::Staff;
    let channel = super::customers::contact_channel(&user);
    let result = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = edit.customer_id;
            let current: Option<(i64, Option<i64>)> = tx
                .query_row(&format!("SELECT c.version, c.home_store_id FROM customers c WHERE c.id = ?1 AND {VISIBLE}"), params![id, scope], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?;
            let Some((version, home_store)) = current else { return Err(AppError::not_found("customer")) };
            let earlier: Option<i64> = tx
                .query_row("SELECT version_before FROM offline_edits WHERE user_id = ?1 AND client_key = ?2", params![author, edit.client_key], |r| r.get(0))
                .optional()?;
            let answer = |tx: &rusqlite::Transaction, outcome, version_before| -> Result<SyncResult, AppError> {
                Ok(SyncResult { client_key: edit.client_key.clone(), outcome, version_before, edits: snapshot(tx, id)? })
            };
            if let Some(version_before) = earlier {
                return answer(&tx, SyncOutcome::AlreadyApplied, version_before);
            }
            if version != edit.base_version && change.overwrites() {
                return answer(&tx, SyncOutcome::Conflict, version);
            }
            tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [id])?;
            let at = rfc3339(now);
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
                    tx.execute("UPDATE customers SET offline = 1, last_active_at = max(last_active_at, ?2) WHERE id = ?1", params![id, at])?;
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
        })
        .await?;
    Ok(Json(result))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RosterQuery {
    /// How many customers to keep on the device: 100 to 20,000 (default 5,000).
    pub limit: Option<u32>,
}

pub const ROSTER_DEFAULT: u32 = 5_000;
pub const ROSTER_MAX: u32 = 20_000;

/// The customers a tablet keeps for offline search: the caller's store's own customers (all
/// stores for managers), most recently active first, with masked phones only.
#[utoipa::path(get, path = "/api/v1/sync/roster", tag = "customers", params(RosterQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Customer summaries, masked", body = [CustomerSummary]),
        crate::routes::SignedIn,
        (status = 400, description = "limit out of range", body = ErrorEnvelope),
    ))]
pub async fn roster(State(state): State<AppState>, user: CurrentUser, Query(q): Query<RosterQuery>) -> Result<Json<Vec<CustomerSummary>>, AppError> {
    let limit = q.limit.unwrap_or(ROSTER_DEFAULT);
    if !(100..=ROSTER_MAX).contains(&limit) {
        return Err(AppError::invalid_query("limit", format!("limit must be 100 to {ROSTER_MAX}")));
    }
    let scope = user.store_scope();
    let rows = state
        .db
        .call(move |conn| {
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id
                 WHERE c.merged_into IS NULL AND c.erased_at IS NULL AND (?1 IS NULL OR c.home_store_id = ?1)
                 ORDER BY c.last_active_at DESC LIMIT ?2"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map(params![scope, limit], crate::db::customers::summary)?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, AppError>(rows)
        })
        .await?;
    Ok(Json(rows))
}
