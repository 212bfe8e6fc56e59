//! Staff edits on a customer: tags, notes and follow-ups. Each edit names the profile version
//! it was based on; a stale version gets 409 instead of silently overwriting someone's work.

use axum::extract::{Path, State};
use roundtrip_domain::Channel;
use roundtrip_domain::dto::{CustomerEdits, ErrorEnvelope, FollowUpChange, NewFollowUp, NewNote, TagChange};
use roundtrip_domain::edits::{apply_tag_change, check_follow_up, clean_note};

use crate::db::edits::{apply, StaffEdit};
use super::parse_id;
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::Json;
use crate::state::AppState;
use crate::time::rfc3339;

/// Applies one staff edit in a transaction of its own, after claiming the customer's next
/// version; answers with the customer's edits afterwards.
async fn edit(state: &AppState, user: &CurrentUser, id: i64, expected: i64, change: StaffEdit) -> Result<Json<CustomerEdits>, AppError> {
    let (scope, author, now) = (user.store_scope(), user.id(), rfc3339(state.clock.now()));
    Ok(Json(state.db.write(move |conn| apply(conn, id, scope, expected, author, &now, change.clone())).await?))
}

/// Adds and removes tags.
#[utoipa::path(patch, path = "/api/v1/customers/{id}/tags", tag = "customers", request_body = TagChange,
    params(("id" = i64, Path, description = "Customer id")), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Tags changed; the new version", body = CustomerEdits),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 409, description = "The profile changed since `version`", body = ErrorEnvelope),
        (status = 422, description = "A tag is empty, too long, or too many tags", body = ErrorEnvelope),
    ))]
pub async fn change_tags(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<TagChange>) -> Result<Json<CustomerEdits>, AppError> {
    let id = parse_id(&id)?;
    // validate before touching the database, so bad input never claims a version
    apply_tag_change(&[], &req.add, &[])?;
    edit(&state, &user, id, req.version, StaffEdit::Tags { add: req.add, remove: req.remove }).await
}

/// Writes a note on the customer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/notes", tag = "customers", request_body = NewNote,
    params(("id" = i64, Path, description = "Customer id")), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Note saved; the new version", body = CustomerEdits),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 409, description = "The profile changed since `version`", body = ErrorEnvelope),
        (status = 422, description = "Empty or over-long note", body = ErrorEnvelope),
    ))]
pub async fn add_note(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<NewNote>) -> Result<Json<CustomerEdits>, AppError> {
    let id = parse_id(&id)?;
    let body = clean_note(&req.body)?;
    edit(&state, &user, id, req.version, StaffEdit::Note { body }).await
}

/// Creates a follow-up task.
#[utoipa::path(post, path = "/api/v1/customers/{id}/follow-ups", tag = "customers", request_body = NewFollowUp,
    params(("id" = i64, Path, description = "Customer id")), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Follow-up created; the new version", body = CustomerEdits),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer in the caller's scope", body = ErrorEnvelope),
        (status = 409, description = "The profile changed since `version`", body = ErrorEnvelope),
        (status = 422, description = "Bad title or due date", body = ErrorEnvelope),
    ))]
pub async fn add_follow_up(State(state): State<AppState>, user: CurrentUser, Path(id): Path<String>, Json(req): Json<NewFollowUp>) -> Result<Json<CustomerEdits>, AppError> {
    let id = parse_id(&id)?;
    let title = check_follow_up(&req.title, req.due_on, state.clock.today())?;
    edit(&state, &user, id, req.version, StaffEdit::FollowUp { title, due_on: req.due_on }).await
}

/// Marks a follow-up done or not done.
#[utoipa::path(patch, path = "/api/v1/customers/{id}/follow-ups/{follow_up_id}", tag = "customers", request_body = FollowUpChange,
    params(("id" = i64, Path, description = "Customer id"), ("follow_up_id" = i64, Path, description = "Follow-up id")),
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Follow-up changed; the new version", body = CustomerEdits),
        crate::routes::SignedIn,
        (status = 404, description = "No such customer or follow-up in the caller's scope", body = ErrorEnvelope),
        (status = 409, description = "The profile changed since `version`", body = ErrorEnvelope),
    ))]
pub async fn change_follow_up(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, follow_up_id)): Path<(String, String)>,
    Json(req): Json<FollowUpChange>,
) -> Result<Json<CustomerEdits>, AppError> {
    let id = parse_id(&id)?;
    let follow_up_id = parse_id(&follow_up_id)?;
    let channel = contact_channel(&user);
    edit(&state, &user, id, req.version, StaffEdit::FollowUpDone { follow_up_id, done: req.done, channel }).await
}

/// Where staff touch a customer from: the store counter, or the call centre for managers.
pub(crate) fn contact_channel(user: &CurrentUser) -> Channel {
    if user.me.role == roundtrip_domain::Role::Staff { Channel::Store } else { Channel::CallCenter }
}
