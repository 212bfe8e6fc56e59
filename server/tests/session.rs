mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;

#[tokio::test]
async fn health_answers_without_a_session() {
    let app = app();
    let r = get(&app, "/api/v1/health", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["status"], "ok");
    assert!(r.json["customers"].as_u64().unwrap() >= 400);
}

#[tokio::test]
async fn protected_endpoints_answer_401_with_a_json_error() {
    let app = app();
    for uri in ["/api/v1/me", "/api/v1/customers", "/api/v1/customers/1"] {
        let r = get(&app, uri, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{uri}");
        assert_eq!(error_code(&r), "unauthenticated");
    }
    let forged = get(&app, "/api/v1/me", Some(&format!("rt_session={}", "ab".repeat(32)))).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn login_sets_an_httponly_strict_cookie_and_me_answers() {
    let app = app();
    let r = post_json(&app, "/api/v1/session", r#"{"username":"staff.bj01","password":"roundtrip-demo"}"#).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["role"], "staff");
    assert_eq!(r.json["store"]["name"], "北京朝阳门店");
    let cookie = r.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), "{cookie}");
    assert!(r.json.get("password_hash").is_none());

    let pair = cookie.split(';').next().unwrap();
    let me = get(&app, "/api/v1/me", Some(pair)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json["username"], "staff.bj01");
}

#[tokio::test]
async fn each_login_gets_a_new_session_token() {
    let app = app();
    let a = login(&app, "manager.sh01").await;
    let b = login(&app, "manager.sh01").await;
    assert_ne!(a, b);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_look_the_same() {
    let app = app();
    let wrong = post_json(&app, "/api/v1/session", r#"{"username":"staff.bj01","password":"nope"}"#).await;
    let unknown = post_json(&app, "/api/v1/session", r#"{"username":"nobody","password":"nope"}"#).await;
    for r in [&wrong, &unknown] {
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(error_code(r), "invalid_credentials");
        assert!(r.headers.get(header::SET_COOKIE).is_none());
    }
    assert_eq!(wrong.json, unknown.json);
}

#[tokio::test]
async fn malformed_login_bodies_get_specific_4xx_errors() {
    let app = app();
    let broken = post_json(&app, "/api/v1/session", r#"{"username":"#).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&broken), "malformed_json");

    let missing = post_json(&app, "/api/v1/session", r#"{"username":"staff.bj01"}"#).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&missing), "invalid_body");

    let empty = post_json(&app, "/api/v1/session", r#"{"username":"","password":"x"}"#).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(empty.json["error"]["details"]["field"], "username");

    let long = post_json(&app, "/api/v1/session", &format!(r#"{{"username":"{}","password":"x"}}"#, "a".repeat(65))).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);

    let req = Request::post("/api/v1/session").header(header::CONTENT_TYPE, "text/plain").body(Body::from("x")).unwrap();
    let wrong_type = send(&app, req).await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(&wrong_type), "unsupported_media_type");
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    let app = app();
    let cookie = login(&app, "staff.sh01").await;
    let req = Request::delete("/api/v1/session").header(header::COOKIE, &cookie).body(Body::empty()).unwrap();
    let out = send(&app, req).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().contains("Max-Age=0"));
    // the old cookie, replayed, no longer works
    assert_eq!(get(&app, "/api/v1/me", Some(&cookie)).await.status, StatusCode::UNAUTHORIZED);
    // and signing out again is harmless
    let again = send(&app, Request::delete("/api/v1/session").body(Body::empty()).unwrap()).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id() {
    let hashes: Vec<String> = conn().prepare_cached("SELECT password_hash FROM users").unwrap().query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
    assert!(hashes.len() >= 25);
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$")));
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_errors() {
    let app = app();
    let r = get(&app, "/api/v2/nothing", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&r), "not_found");
    let put = send(&app, Request::put("/api/v1/health").body(Body::empty()).unwrap()).await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error_code(&put), "method_not_allowed");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app();
    let r = get(&app, "/api/v1/health", None).await;
    let csp = r.headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-eval'") && csp.contains("object-src 'none'"));
    assert_eq!(r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert_eq!(r.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
}

#[tokio::test]
async fn display_preferences_follow_the_user_to_a_new_session() {
    let app = app();
    let first = login(&app, "staff.wh01").await;
    let r = json(&app, "PUT", "/api/v1/me/display", &first, serde_json::json!({ "large_type": true, "dark_theme": false })).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.json);
    assert_eq!(r.json["display"]["large_type"], true);
    // another device: a new session sees the same preferences
    let second = login(&app, "staff.wh01").await;
    let me = get(&app, "/api/v1/me", Some(&second)).await;
    assert_eq!((me.json["display"]["large_type"].as_bool(), me.json["display"]["dark_theme"].as_bool()), (Some(true), Some(false)));
    // other users keep theirs
    let other = login(&app, "staff.xa01").await;
    assert_eq!(get(&app, "/api/v1/me", Some(&other)).await.json["display"]["large_type"], false);
    let bad = json(&app, "PUT", "/api/v1/me/display", &first, serde_json::json!({ "large_type": "yes" })).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let anon = send(&app, axum::http::Request::put("/api/v1/me/display").header("content-type", "application/json")
        .body(axum::body::Body::from(r#"{"large_type":true,"dark_theme":true}"#)).unwrap()).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}
