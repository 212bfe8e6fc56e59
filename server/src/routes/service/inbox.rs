//! The inboxes: mine, my store, due soon, breached, all.

use axum::extract::State;
use roundtrip_domain::dto::{ErrorEnvelope, InboxPage, InboxQuery};
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::service::Inbox;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

/// One inbox page with the count of every inbox. Staff see their own store's tickets;
/// managers see every store, or one with `store_id`.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "service", params(InboxQuery), security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One page of the inbox, soonest deadline first", body = InboxPage),
        (status = 400, description = "Bad query parameter", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn inbox(State(state): State<AppState>, user: CurrentUser, Query(q): Query<InboxQuery>) -> Result<Json<InboxPage>, AppError> {
    let paging = PageRequest::new(q.page, q.page_size)
        .map_err(|e| AppError::invalid_query(if q.page == Some(0) { "page" } else { "page_size" }, e.to_string()))?;
    let inbox = q.inbox.unwrap_or(Inbox::Store);
    let scope = user.store_scope();
    let chosen = q.store_id;
    let me = user.id();
    let now = state.clock.now();
    let page = state
        .db
        .call(move |conn| crate::db::inbox::page(conn, inbox, scope, chosen, me, now, paging))
        .await?;
    Ok(Json(page))
}
