//! Listing communities and, for managers, creating communities and their events.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use roundtrip_domain::community::{check_event, clean_description, clean_interest, clean_name};
use roundtrip_domain::dto::{Community, CommunityDetail, CommunityEvent, ErrorEnvelope, Moderator, NewCommunity, NewEvent};

use super::invalid;
use crate::db;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::routes::parse_id;
use crate::state::AppState;

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
        .call(|conn| db::communities::moderators(conn))
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
        .write(move |conn| db::communities::create(conn, &name, &interest, &description, &body.moderator_ids, author, now))
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
        .write(move |conn| db::communities::create_event(conn, id, &title, &body, now))
        .await?;
    Ok((StatusCode::CREATED, Json(created)))
}
