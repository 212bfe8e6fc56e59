//! Reviewing a duplicate pair: merge (one transaction that re-links every row), dismiss, and
//! unmerge (restores both records and their rows). Merges and unmerges are audited.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::dto::{BulkReview, BulkReviewResult, ErrorEnvelope, MergeRequest, MergeResult};

use crate::routes::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::time::rfc3339;


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
        .write(move |conn| crate::db::merge::merge_candidate(conn, candidate, &req, by, &now))
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
        .write(move |conn| crate::db::merge::unmerge_by_id(conn, merge_id, by, &now))
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
        .write(move |conn| crate::db::merge::dismiss(conn, candidate, by))
        .await
}

/// Merges or dismisses many pending pairs at once, in one transaction; each pair is audited and
/// can be undone on its own (unmerge, or restore a dismissal).
#[utoipa::path(post, path = "/api/v1/duplicates/bulk", tag = "identity", request_body = BulkReview, security(("session_cookie" = [])),
    responses(
        (status = 200, description = "What became of each pair, in the order given", body = BulkReviewResult),
        (status = 400, description = "No ids, or more than 100", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn bulk_review(State(state): State<AppState>, user: CurrentUser, Json(req): Json<BulkReview>) -> Result<Json<BulkReviewResult>, AppError> {
    user.require_manager("managers only")?;
    let ids = req.checked_ids().map_err(|r| AppError::new(StatusCode::BAD_REQUEST, "invalid_body", "name 1 to 100 pairs").with_refusal(r))?;
    let (by, now) = (user.id(), rfc3339(state.clock.now()));
    let items = state
        .db
        .write(move |conn| crate::db::merge::bulk_review(conn, req.action, &ids, by, &now))
        .await?;
    Ok(Json(BulkReviewResult { items }))
}

/// Puts a dismissed pair back in the review queue: undoes a dismissal.
#[utoipa::path(post, path = "/api/v1/duplicates/{id}/restore", tag = "identity",
    params(("id" = i64, Path, description = "Duplicate candidate id")), security(("session_cookie" = [])),
    responses(
        (status = 204, description = "Back in the queue"),
        crate::routes::ManagerOnly,
        (status = 404, description = "No such dismissed candidate", body = ErrorEnvelope),
    ))]
pub async fn restore_pair(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>) -> Result<StatusCode, AppError> {
    user.require_manager("managers only")?;
    let candidate = parse_id(&id)?;
    let by = user.id();
    state.db.write(move |conn| crate::db::merge::restore(conn, candidate, by)).await
}
