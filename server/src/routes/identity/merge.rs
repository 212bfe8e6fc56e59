//! Reviewing a duplicate pair: merge (one transaction that re-links every row), dismiss, and
//! unmerge (restores both records and their rows). Merges and unmerges are audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{ErrorEnvelope, MergeRequest, MergeResult};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use crate::routes::parse_id;
use crate::auth::CurrentUser;
use crate::db::merge::{merge, unmerge, FieldChoice, Undo};
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::time::rfc3339;

fn audit(conn: &rusqlite::Connection, user: i64, action: &str, subject: String, detail: String) -> rusqlite::Result<()> {
    crate::db::audit::record(conn, user, action, &subject, &detail)
}

/// Merges the pair of a pending candidate.
#[utoipa::path(post, path = "/api/v1/duplicates/{id}/merge", tag = "identity", request_body = MergeRequest,
    params(("id" = i64, Path, description = "Duplicate candidate id")), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Merged; the merge can be undone by its id", body = MergeResult),
        crate::routes::ManagerOnly,
        (status = 404, description = "No such pending candidate", body = ErrorEnvelope),
        (status = 422, description = "survivor or kept fields name a record outside the pair", body = ErrorEnvelope),
    ))]
pub async fn merge_pair(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<MergeRequest>) -> Result<Json<MergeResult>, AppError> {
    user.require_manager("managers only")?;
    let candidate = parse_id(&id)?;
    let (by, now) = (user.id(), rfc3339(state.clock.now()));
    let result = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let pair: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT d.customer_id, d.other_id FROM duplicate_candidates d
                       JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
                      WHERE d.id = ?1 AND d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL",
                    [candidate],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((a, b)) = pair else { return Err(AppError::not_found("pending duplicate")) };
            let k = &req.keep;
            if ![req.survivor_id, k.name, k.phone, k.email, k.segment].iter().all(|id| *id == a || *id == b) {
                return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "survivor_id and every kept field must name one of the two records"));
            }
            let merged = if req.survivor_id == a { b } else { a };
            let undo = merge(&tx, req.survivor_id, merged, &FieldChoice { name: k.name, phone: k.phone, email: k.email, segment: k.segment })?;
            tx.execute(
                "INSERT INTO merges (candidate_id, survivor_id, merged_id, merged_by, merged_at, undo) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![candidate, req.survivor_id, merged, by, now, serde_json::to_string(&undo).map_err(AppError::internal)?],
            )?;
            let merge_id = tx.last_insert_rowid();
            tx.execute("UPDATE duplicate_candidates SET status = 'merged' WHERE id = ?1", [candidate])?;
            audit(&tx, by, "merge", format!("customer:{}", req.survivor_id), format!("merged customer:{merged} (merge {merge_id})"))?;
            tx.commit()?;
            Ok(MergeResult { merge_id, survivor_id: req.survivor_id, merged_id: merged })
        })
        .await?;
    Ok(Json(result))
}

/// Undoes a merge: both records and all their rows come back as they were.
#[utoipa::path(post, path = "/api/v1/merges/{id}/unmerge", tag = "identity",
    params(("id" = i64, Path, description = "Merge id")), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Unmerged", body = MergeResult),
        crate::routes::ManagerOnly,
        (status = 404, description = "No such merge", body = ErrorEnvelope),
        (status = 409, description = "Already unmerged, or closed by an erasure", body = ErrorEnvelope),
    ))]
pub async fn unmerge_pair(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<Json<MergeResult>, AppError> {
    user.require_manager("managers only")?;
    let merge_id = parse_id(&id)?;
    let (by, now) = (user.id(), rfc3339(state.clock.now()));
    let result = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let row: Option<(i64, i64, Option<i64>, String, Option<String>, Option<String>)> = tx
                .query_row("SELECT survivor_id, merged_id, candidate_id, undo, unmerged_at, closed_reason FROM merges WHERE id = ?1", [merge_id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
                })
                .optional()?;
            let Some((survivor, merged, candidate, undo, unmerged_at, closed)) = row else { return Err(AppError::not_found("merge")) };
            if unmerged_at.is_some() {
                return Err(AppError::new(StatusCode::CONFLICT, "already_unmerged", "this merge was already undone"));
            }
            if closed.is_some() {
                return Err(AppError::new(StatusCode::CONFLICT, "merge_closed", "the person's data was erased on their request; this merge can no longer be undone"));
            }
            let undo: Undo = serde_json::from_str(&undo).map_err(AppError::internal)?;
            unmerge(&tx, survivor, merged, &undo)?;
            tx.execute("UPDATE merges SET unmerged_at = ?1, unmerged_by = ?2 WHERE id = ?3", params![now, by, merge_id])?;
            if let Some(c) = candidate {
                tx.execute("UPDATE duplicate_candidates SET status = 'pending' WHERE id = ?1", [c])?;
            }
            audit(&tx, by, "unmerge", format!("customer:{survivor}"), format!("restored customer:{merged} (merge {merge_id})"))?;
            tx.commit()?;
            Ok(MergeResult { merge_id, survivor_id: survivor, merged_id: merged })
        })
        .await?;
    Ok(Json(result))
}

/// Marks a pair as not the same person.
#[utoipa::path(post, path = "/api/v1/duplicates/{id}/dismiss", tag = "identity",
    params(("id" = i64, Path, description = "Duplicate candidate id")), security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Dismissed"),
        crate::routes::ManagerOnly,
        (status = 404, description = "No such pending candidate", body = ErrorEnvelope),
    ))]
pub async fn dismiss_pair(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    user.require_manager("managers only")?;
    let candidate = parse_id(&id)?;
    let by = user.id();
    state
        .db
        .write(move |conn| {
            let changed = conn.execute("UPDATE duplicate_candidates SET status = 'dismissed' WHERE id = ?1 AND status = 'pending'", [candidate])?;
            if changed == 0 {
                return Err(AppError::not_found("pending duplicate"));
            }
            audit(conn, by, "dismiss_duplicate", format!("duplicate:{candidate}"), String::new())?;
            Ok(StatusCode::NO_CONTENT)
        })
        .await
}
