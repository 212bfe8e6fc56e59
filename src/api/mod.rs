//! The HTTP client: typed calls to the JSON API. Requests started by a view are aborted when
//! that view goes away (navigating off a page cancels its fetches).

pub mod communities;
pub mod connectors;
pub mod consent;
pub mod customers;
pub mod events;
pub mod identity;
pub mod journeys;
pub mod overview;
pub mod service;
pub mod session;
pub mod stores;
pub mod sync;
pub mod tokens;
pub mod webhooks;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::on_cleanup;
use roundtrip_domain::dto::ErrorEnvelope;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;

/// What can go wrong talking to the API, in terms the console can explain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("the server cannot be reached")]
    Network,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not found")]
    NotFound,
    /// The server refused the input; `message` is its explanation.
    #[error("{message}")]
    Rejected { status: u16, code: String, message: String, refusal: Option<roundtrip_domain::refusal::Refusal> },
    #[error("server error {0}")]
    Server(u16),
    #[error("unexpected response from the server")]
    Decode,
}

impl ApiError {
    /// Someone else changed the record since it was loaded.
    pub fn is_conflict(&self) -> bool {
        matches!(self, ApiError::Rejected { status: 409, .. })
    }
}

/// `k=v&…` with every value URI-encoded.
pub fn encode_query(pairs: &[(&str, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", js_sys::encode_uri_component(v))).collect::<Vec<_>>().join("&")
}

/// Sends a request whose lifetime is tied to the current reactive owner.
async fn send(builder: RequestBuilder, body: Option<String>) -> Result<Response, ApiError> {
    let controller = SendWrapper::new(web_sys::AbortController::new().ok());
    let signal = controller.as_ref().map(|c| c.signal());
    on_cleanup(move || {
        if let Some(c) = controller.take() {
            c.abort();
        }
    });
    let builder = builder.abort_signal(signal.as_ref());
    let request = match body {
        Some(json) => builder.header("content-type", "application/json").body(json),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Decode)?;
    let response = request.send().await.map_err(|_| ApiError::Network)?;
    check(response).await
}

async fn check(response: Response) -> Result<Response, ApiError> {
    let status = response.status();
    if response.ok() {
        return Ok(response);
    }
    Err(match status {
        401 => ApiError::Unauthenticated,
        404 => ApiError::NotFound,
        // nothing was wrong with the request itself: kept as a server state, so an offline
        // edit stays in the outbox and is sent again
        408 => ApiError::Server(status),
        400..=499 => match response.json::<ErrorEnvelope>().await {
            Ok(env) => {
                // the field and the rule, when the server named them (else the code alone)
                let refusal = serde_json::from_value(env.error.details).ok();
                ApiError::Rejected { status, code: env.error.code, message: env.error.message, refusal }
            }
            Err(_) => ApiError::Server(status),
        },
        _ => ApiError::Server(status),
    })
}

pub(crate) async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = send(Request::get(url), None).await?;
    response.json::<T>().await.map_err(|_| ApiError::Decode)
}

async fn json_body<B: serde::Serialize, T: DeserializeOwned>(builder: RequestBuilder, body: &B) -> Result<T, ApiError> {
    let json = serde_json::to_string(body).map_err(|_| ApiError::Decode)?;
    let response = send(builder, Some(json)).await?;
    response.json::<T>().await.map_err(|_| ApiError::Decode)
}

pub(crate) async fn post_json<B: serde::Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json_body(Request::post(url), body).await
}

pub(crate) async fn patch_json<B: serde::Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json_body(Request::patch(url), body).await
}

pub(crate) async fn put_json<B: serde::Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, ApiError> {
    json_body(Request::put(url), body).await
}

/// A POST with a JSON body whose answer is 204 No Content.
pub(crate) async fn post_body_no_content(url: &str, json: String) -> Result<(), ApiError> {
    send(Request::post(url), Some(json)).await.map(|_| ())
}

pub(crate) async fn post_no_content(url: &str) -> Result<(), ApiError> {
    send(Request::post(url), None).await.map(|_| ())
}

pub(crate) async fn delete(url: &str) -> Result<(), ApiError> {
    send(Request::delete(url), None).await.map(|_| ())
}

/// A DELETE whose answer is the resource after the change.
pub(crate) async fn delete_json<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    let response = send(Request::delete(url), None).await?;
    response.json::<T>().await.map_err(|_| ApiError::Decode)
}
