//! `/hooks/<channel>/<account>`: where a channel platform pushes in its own format. The
//! request is verified on its raw bytes with the connector's secrets, stored in the inbox and
//! only then acknowledged; the worker turns it into events afterwards.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use roundtrip_domain::dto::ErrorEnvelope;
use roundtrip_domain::hooks::HookChannel;

use crate::channels::{receiver, worker, Incoming, Verified};
use crate::error::AppError;
use crate::extract::Query;
use crate::state::AppState;

/// The platform checking the address (WeCom's GET with `echostr`).
#[utoipa::path(get, path = "/hooks/{channel}/{account}", tag = "events",
    params(("channel" = HookChannel, Path), ("account" = String, Path)),
    responses(
        (status = 200, description = "The `echostr` (decrypted, for WeCom), as the platform expects", body = String),
        (status = 400, description = "A signed parameter missing or malformed (`hook_malformed`)", body = ErrorEnvelope),
        (status = 401, description = "Signature wrong (`hook_signature`) or timestamp stale (`hook_stale`)", body = ErrorEnvelope),
        (status = 404, description = "No such connector", body = ErrorEnvelope),
        (status = 503, description = "Busy, or the connector's secrets cannot be opened", body = ErrorEnvelope),
    ))]
pub async fn check_hook(state: State<AppState>, path: Path<(String, String)>, query: Query<HashMap<String, String>>, headers: HeaderMap) -> Result<Response, AppError> {
    receive(state, Method::GET, path, query, headers, Bytes::new()).await
}

/// A delivery: verified, stored once per channel and message id, then acknowledged in the
/// platform's way (a repeat is acknowledged without a second event).
#[utoipa::path(post, path = "/hooks/{channel}/{account}", tag = "events",
    params(("channel" = HookChannel, Path), ("account" = String, Path)),
    request_body(content = String, description = "The platform's own format: WeCom's encrypted XML, Douyin's signed JSON"),
    responses(
        (status = 200, description = "Stored (or stored before); the body is the platform's acknowledgement, or its address check answered", body = String),
        (status = 400, description = "Not the platform's format (`hook_malformed`, `details.field` names what)", body = ErrorEnvelope),
        (status = 401, description = "Signature wrong (`hook_signature`), timestamp stale (`hook_stale`) or a signed request sent again (`hook_replay`)", body = ErrorEnvelope),
        (status = 404, description = "No such connector", body = ErrorEnvelope),
        (status = 503, description = "Busy, or the connector's secrets cannot be opened: the platform retries", body = ErrorEnvelope),
    ))]
pub async fn deliver(state: State<AppState>, path: Path<(String, String)>, query: Query<HashMap<String, String>>, headers: HeaderMap, body: Bytes) -> Result<Response, AppError> {
    receive(state, Method::POST, path, query, headers, body).await
}

/// How long a receiver may take: the platforms give up after 5 s and retry, and WeCom counts
/// slow answers against the account. A delivery not stored by then is answered 503 (busy), so
/// the platform sends it again; if it was stored after all, the repeat is taken as a repeat.
const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_millis(900);

async fn receive(
    state: State<AppState>,
    method: Method,
    path: Path<(String, String)>,
    query: Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    tokio::time::timeout(ANSWER_WITHIN, verify_and_store(state, method, path, query, headers, body)).await.unwrap_or_else(|_| Err(AppError::busy()))
}

async fn verify_and_store(
    State(state): State<AppState>,
    method: Method,
    Path((channel, account)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let channel = HookChannel::parse(&channel).ok_or_else(|| AppError::not_found("connector"))?;
    let vault = state.id_vault.clone();
    let keys = {
        let account = account.clone();
        state.db.call(move |conn| crate::db::connectors::keys(conn, &vault, channel, &account)).await?
    }
    .ok_or_else(|| AppError::not_found("connector"))?;
    let now = state.clock.wall();
    let incoming = Incoming { method: &method, query: &query, headers: &headers, body: &body };
    match receiver(channel).verify(&keys.credentials, &incoming, now)? {
        Verified::Challenge { body, content_type } => Ok(([(header::CONTENT_TYPE, content_type)], body).into_response()),
        Verified::Delivery(delivery) => {
            let ack = delivery.ack;
            let new = state.db.write(move |conn| crate::db::deliveries::receive(conn, keys.id, channel, &delivery, now)).await?;
            if new {
                worker::wake();
            }
            Ok((StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], ack).into_response())
        }
    }
}
