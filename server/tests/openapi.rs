//! The committed `openapi.json` is what clients build against: it must equal the document the
//! handlers generate. Regenerate with `UPDATE_OPENAPI=1 cargo test -p roundtrip-server --test openapi`.

mod common;

use axum::http::StatusCode;

const COMMITTED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

#[test]
fn committed_document_matches_the_handlers() {
    let generated = roundtrip_server::openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(COMMITTED, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(COMMITTED).unwrap_or_default();
    assert!(committed == generated, "server/openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p roundtrip-server --test openapi");
}

#[test]
fn every_route_is_documented() {
    let doc = roundtrip_server::openapi();
    let paths: Vec<&String> = doc.paths.paths.keys().collect();
    for p in ["/api/v1/health", "/api/v1/session", "/api/v1/me", "/api/v1/customers", "/api/v1/customers/{id}"] {
        assert!(paths.iter().any(|k| *k == p), "{p} missing from OpenAPI");
    }
}

#[tokio::test]
async fn the_document_is_served() {
    let app = common::app();
    let r = common::get(&app, "/api/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["info"]["title"], "Roundtrip API");
    assert!(r.json["components"]["securitySchemes"]["session_cookie"].is_object());
}
