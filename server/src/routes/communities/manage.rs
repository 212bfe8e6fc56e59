//! Listing communities and, for managers, creating communities and their events.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::community::{check_event, clean_description, clean_interest, clean_name};
use roundtrip_domain::dto::{Community, CommunityDetail, CommunityEvent, ErrorEnvelope, Moderator, NewCommunity, NewEvent};
use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::invalid;
use crate::db;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;
use crate::time::rfc3339;

/// Every community with its members, members active in 30 days and upcoming events.
#[utoipa::path(get, path = "/api/v1/communities", tag = "communities", security(("session_cookie" = [])),
    responses((status = 200, description = "All communities, by name", body = [Community]), crate::routes::SignedIn))]
pub async fn list_communities(State(state): State<AppState>, _user: CurrentUser) -> Result<Json<Vec<Community>>, AppError> {
    let now = state.clock.now();
    Ok(Json(state.db.call(move |conn| db::communities::communities(conn, None, now)).await?))
}

/// One community and its events, newest first.
#[utoipa::path(get, path = "/api/v1/communities/{id}", tag = "communities", params(("id" = i64, Path)),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The community and its events", body = CommunityDetail),
        (status = 404, description = "No such community", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn community_detail(State(state): State<AppState>, _user: CurrentUser, Path(id): Path<String>) -> Result<Json<CommunityDetail>, AppError> {
    let (id, now) = (parse_id(&id)?, state.clock.now());
    let detail = state
        .db
        .call(move |conn| {
            let community = db::communities::communities(conn, Some(id), now)?.pop().ok_or_else(|| AppError::not_found("community"))?;
            let events = db::communities::events(conn, "e.community_id = ?1", "e.starts_at DESC", [id])?;
            Ok(CommunityDetail { community, events })
        })
        .await?;
    Ok(Json(detail))
}

/// Staff and managers who can moderate a community (managers choose when creating one).
#[utoipa::path(get, path = "/api/v1/moderators", tag = "communities", security(("session_cookie" = [])),
    responses((status = 200, description = "Active staff and managers, by store", body = [Moderator]), crate::routes::ManagerOnly))]
pub async fn list_moderators(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<Moderator>>, AppError> {
    user.require_manager("managers choose moderators")?;
    let people = state
        .db
        .call(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT u.id, u.display_name, s.name FROM users u LEFT JOIN stores s ON s.id = u.store_id
                  WHERE u.disabled = 0 AND u.role IN ('staff', 'manager') ORDER BY u.store_id, u.role DESC, u.id",
            )?;
            let rows = stmt.query_map([], db::communities::moderator)?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await?;
    Ok(Json(people))
}

/// Creates a community (managers). Moderators must be active staff or managers.
#[utoipa::path(post, path = "/api/v1/communities", tag = "communities", request_body = NewCommunity,
    security(("session_cookie" = [])),
    responses(
        (status = 201, description = "Created", body = Community),
        (status = 409, description = "A community with this name exists", body = ErrorEnvelope),
        (status = 422, description = "Invalid name, interest, description or moderator", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn create_community(State(state): State<AppState>, user: CurrentUser, Json(body): Json<NewCommunity>) -> Result<(StatusCode, Json<Community>), AppError> {
    user.require_manager("managers create communities")?;
    let name = clean_name(&body.name).map_err(invalid)?;
    let interest = clean_interest(&body.interest).map_err(invalid)?;
    let description = clean_description(&body.description).map_err(invalid)?;
    let (author, now) = (user.id(), state.clock.now());
    let created = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let taken: Option<i64> = tx.query_row("SELECT id FROM communities WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
            if let Some(existing) = taken {
                return Err(AppError::new(StatusCode::CONFLICT, "duplicate_name", "a community with this name already exists")
                    .with_details(json!({ "community_id": existing })));
            }
            tx.execute(
                "INSERT INTO communities (name, interest, description, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, interest, description, rfc3339(now), author],
            )?;
            let id = tx.last_insert_rowid();
            for moderator in &body.moderator_ids {
                let ok: Option<i64> = tx
                    .query_row("SELECT id FROM users WHERE id = ?1 AND disabled = 0 AND role IN ('staff', 'manager')", [moderator], |r| r.get(0))
                    .optional()?;
                if ok.is_none() {
                    return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "moderators must be active staff or managers")
                        .with_details(json!({ "moderator_id": moderator })));
                }
                tx.execute("INSERT OR IGNORE INTO community_moderators (community_id, user_id) VALUES (?1, ?2)", params![id, moderator])?;
            }
            tx.commit()?;
            db::communities::communities(conn, Some(id), now)?.pop().ok_or_else(|| AppError::internal("created community vanished"))
        })
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Plans a member event (managers): in the future, at a store (where staff check people in).
#[utoipa::path(post, path = "/api/v1/communities/{id}/events", tag = "communities", params(("id" = i64, Path)),
    request_body = NewEvent, security(("session_cookie" = [])),
    responses(
        (status = 201, description = "Created", body = CommunityEvent),
        (status = 404, description = "No such community", body = ErrorEnvelope),
        (status = 422, description = "Invalid title, start, capacity or store", body = ErrorEnvelope),
        crate::routes::ManagerOnly,
    ))]
pub async fn create_event(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(body): Json<NewEvent>) -> Result<(StatusCode, Json<CommunityEvent>), AppError> {
    user.require_manager("managers plan events")?;
    let id = parse_id(&id)?;
    let title = clean_name(&body.title).map_err(invalid)?;
    let now = state.clock.now();
    check_event(body.starts_at, body.capacity, now).map_err(invalid)?;
    let created = state
        .db
        .write(move |conn| {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let known: Option<i64> = tx.query_row("SELECT id FROM communities WHERE id = ?1", [id], |r| r.get(0)).optional()?;
            known.ok_or_else(|| AppError::not_found("community"))?;
            if let Some(store) = body.store_id {
                let ok: Option<i64> = tx.query_row("SELECT id FROM stores WHERE id = ?1", [store], |r| r.get(0)).optional()?;
                if ok.is_none() {
                    return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("store_id {store} does not exist")));
                }
            }
            tx.execute(
                "INSERT INTO community_events (community_id, title, starts_at, store_id, capacity, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, title, rfc3339(body.starts_at), body.store_id, body.capacity, rfc3339(now)],
            )?;
            let event = tx.last_insert_rowid();
            tx.commit()?;
            db::communities::event(conn, event)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}
