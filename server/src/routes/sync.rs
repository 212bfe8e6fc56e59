//! The outbox replay: tablets queue staff edits while store Wi-Fi is down and send them here,
//! one at a time and in order, when it is back. Each edit is applied at most once (by its
//! key); an edit that would overwrite a change the tablet never saw is not applied but
//! answered as a conflict with the server's state, for the person to decide.

use axum::extract::State;
use axum::http::StatusCode;
use roundtrip_domain::dto::{CustomerSummary, ErrorEnvelope, OfflineEdit, SyncResult};
use roundtrip_domain::offline::valid_client_key;
use roundtrip_domain::Role;
use serde::Deserialize;
use serde_json::json;

use crate::db::sync::{self, Replayer};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::extract::{Json, Query};
use crate::state::AppState;

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
    let who = Replayer { scope, author, store, staff, channel };
    let result = state.db.write(move |conn| sync::replay(conn, &edit, &change, &who, now)).await?;
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
        .call(move |conn| sync::roster(conn, scope, limit))
        .await?;
    Ok(Json(rows))
}
