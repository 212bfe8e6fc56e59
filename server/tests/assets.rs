//! The built console is served precompressed when the browser accepts it.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use roundtrip_server::db::Db;
use roundtrip_server::state::AppState;
use tower::ServiceExt;

#[tokio::test]
async fn assets_come_brotli_compressed_to_browsers_that_accept_it() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>Roundtrip</title>").unwrap();
    std::fs::write(dist.path().join("app-1a2b.wasm"), b"\0asm raw bytes").unwrap();
    std::fs::write(dist.path().join("app-1a2b.wasm.br"), b"brotli bytes").unwrap();
    let db = Db::open(&common::target()).unwrap();
    let app = roundtrip_server::app(AppState { db, secure_cookies: false, id_vault: std::sync::Arc::new(roundtrip_server::vault::IdVault::new(b"test key")), clock: Default::default() }, Some(dist.path()));
    let fetch = |encoding: &'static str| {
        let app = app.clone();
        async move {
            let res = app.oneshot(Request::get("/app-1a2b.wasm").header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).unwrap()).await.unwrap();
            let enc = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
            let cache = res.headers().get(header::CACHE_CONTROL).map(|v| v.to_str().unwrap().to_string());
            (res.status(), enc, cache, res.into_body().collect().await.unwrap().to_bytes())
        }
    };
    let (status, enc, cache, body) = fetch("gzip, deflate, br").await;
    assert_eq!((status, enc.as_deref(), &body[..]), (StatusCode::OK, Some("br"), &b"brotli bytes"[..]));
    assert_eq!(cache.as_deref(), Some("public, max-age=31536000, immutable"));
    let (_, enc, _, body) = fetch("identity").await;
    assert_eq!((enc, &body[..]), (None, &b"\0asm raw bytes"[..]));
}

/// Opening the customer list asks the browser to fetch the list's first page at once (a preload
/// the console's own request then uses); other pages and the API do not.
#[tokio::test]
async fn the_list_page_preloads_its_first_page_of_customers() {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), "<!doctype html><title>Roundtrip</title>").unwrap();
    let db = Db::open(&common::target()).unwrap();
    let app = roundtrip_server::app(AppState { db, secure_cookies: false, id_vault: std::sync::Arc::new(roundtrip_server::vault::IdVault::new(b"test key")), clock: Default::default() }, Some(dist.path()));
    let link = |path: &'static str| {
        let app = app.clone();
        async move {
            let res = app.oneshot(Request::get(path).body(Body::empty()).unwrap()).await.unwrap();
            res.headers().get(header::LINK).map(|v| v.to_str().unwrap().to_string())
        }
    };
    for path in ["/customers", "/"] {
        assert_eq!(link(path).await.as_deref(), Some("</api/v1/customers>; rel=preload; as=fetch; crossorigin=anonymous"), "{path}");
    }
    // a filtered list asks for another page; other pages and the API itself preload nothing
    for path in ["/customers?q=5678", "/customers/12", "/journeys", "/api/v1/health"] {
        assert_eq!(link(path).await, None, "{path}");
    }
}
