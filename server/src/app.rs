//! Assembles the whole product: the API, its OpenAPI document, the built console with SPA
//! fallback for deep links, and the security headers on every response.

use std::path::Path;

use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LINK, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::header::{HOST, ORIGIN};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::error::AppError;
use crate::state::AppState;

/// The OpenAPI document as served, generated from the handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    crate::routes::api_parts().1
}

/// The router without a socket, so tests drive it with `oneshot`.
pub fn app(state: AppState, dist: Option<&Path>) -> Router {
    let (api, doc) = crate::routes::api_parts();
    let doc_json = doc.to_pretty_json().expect("OpenAPI serialises");
    let mut router = api
        .route("/api/openapi.json", get(move || async move { ([("content-type", "application/json")], doc_json) }))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    let mut csp_scripts = String::new();
    if let Some(dist) = dist {
        let index = dist.join("index.html");
        csp_scripts = crate::csp::inline_script_hashes(&std::fs::read_to_string(&index).unwrap_or_default());
        // assets are served precompressed (.br / .gz written by scripts/build-console.sh)
        router = router.fallback_service(ServeDir::new(dist).precompressed_br().precompressed_gzip().fallback(ServeFile::new(index)));
    }
    let csp = HeaderValue::from_str(&crate::csp::policy(&csp_scripts)).expect("CSP is ASCII");
    router
        .layer(axum::middleware::from_fn(same_origin_writes))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(move |req: Request, next: Next| {
            let csp = csp.clone();
            async move { with_security_headers(req, next, csp).await }
        }))
}

/// Request bodies above this are refused (413) before they are read: a full batch of 1,000
/// events is ~0.5 MB.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// CSRF: a state-changing request a browser sends from another site is refused. The session
/// cookie is already `SameSite=Strict`; this also covers browsers and proxies that ignore it.
/// Channel systems calling server to server send no `Origin` and pass.
async fn same_origin_writes(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE) {
        let h = req.headers();
        let text = |name| h.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
        let cross_site = text(SEC_FETCH_SITE).is_some_and(|v| v == "cross-site");
        let foreign_origin = match (text(ORIGIN.as_str()), text(HOST.as_str())) {
            (Some(origin), Some(host)) => origin.split_once("://").map(|(_, authority)| authority) != Some(host),
            (Some(_), None) => true,
            (None, _) => false,
        };
        if cross_site || foreign_origin {
            return AppError::new(StatusCode::FORBIDDEN, "cross_origin", "requests that change data must come from the console itself").into_response();
        }
    }
    next.run(req).await
}

const SEC_FETCH_SITE: &str = "sec-fetch-site";

async fn api_not_found() -> AppError {
    AppError::new(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}

async fn method_not_allowed() -> AppError {
    AppError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "this endpoint does not accept that method")
}

async fn with_security_headers(req: Request, next: Next, csp: HeaderValue) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let is_asset = !is_api && req.uri().path().rsplit('/').next().is_some_and(|f| f.contains('-') && f.contains('.'));
    let opens_the_list = matches!(req.uri().path(), "/" | "/customers") && req.uri().query().is_none();
    let mut res = next.run(req).await.into_response();
    let h = res.headers_mut();
    // the customer list's first page is asked for while the wasm still downloads: on weak store
    // Wi-Fi its round trip no longer follows the download (the console's request matches it)
    if opens_the_list && h.get(CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html")) {
        h.insert(LINK, HeaderValue::from_static("</api/v1/customers>; rel=preload; as=fetch; crossorigin=anonymous"));
    }
    h.insert(CONTENT_SECURITY_POLICY, csp);
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Personal data must not linger in caches; Trunk's hashed assets never change.
    let cache = if is_asset { "public, max-age=31536000, immutable" } else { "no-store" };
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}
