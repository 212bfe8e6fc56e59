use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse};
use roundtrip_domain::dto::{DisplayPreferences, ErrorEnvelope, LoginRequest, Me};
use roundtrip_domain::throttle;
use serde_json::json;

use crate::auth::{clear_cookie, create_session, delete_session, session_cookie, verify_password, CurrentUser};
use crate::db::login_failures;
use crate::error::AppError;
use crate::extract::{ClientAddr, Json};
use crate::state::AppState;

const MAX_USERNAME: usize = 64;
const MAX_PASSWORD: usize = 256;

/// Checks the password off the database's threads (argon2 takes tens of milliseconds), then
/// opens the session as a short write.
async fn sign_in(state: &AppState, username: String, password: String, now: chrono::DateTime<chrono::Utc>) -> Result<(String, Me), AppError> {
    let found = state.db.call(move |conn| crate::db::users::credentials(conn, &username)).await?;
    let user_id = found.as_ref().map(|(id, _)| *id);
    let verified = tokio::task::spawn_blocking(move || verify_password(&password, found.as_ref().map(|(_, h)| h.as_str())))
        .await
        .map_err(AppError::internal)?;
    let Some(user_id) = user_id.filter(|_| verified) else {
        return Err(AppError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "wrong username or password"));
    };
    let zone = state.clock.zone();
    state.db.write(move |conn| Ok((create_session(conn, user_id, now)?, crate::db::users::me(conn, user_id, zone)?))).await
}

/// Signs in with username and password; sets the HttpOnly session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = Me),
        (status = 401, description = "Wrong username or password", body = ErrorEnvelope),
        (status = 422, description = "Missing or over-long fields", body = ErrorEnvelope),
        (status = 429, description = "Too many failed sign-ins for this username from this address; `Retry-After` says when to try again", body = ErrorEnvelope),
    ))]
pub async fn login(State(state): State<AppState>, ClientAddr(ip): ClientAddr, Json(req): Json<LoginRequest>) -> Result<impl IntoResponse, AppError> {
    let username = req.username.trim().to_string();
    for (field, value, max) in [("username", &username, MAX_USERNAME), ("password", &req.password, MAX_PASSWORD)] {
        if value.is_empty() || value.chars().count() > max {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("{field} must be 1 to {max} characters"))
                .with_details(json!({ "field": field })));
        }
    }
    // throttling is a security limit: it follows the wall clock, as sessions do
    let now = state.clock.wall();
    let failures = state.db.call(move |conn| Ok(login_failures::recent(conn, ip, now)?)).await?;
    if let Some(wait) = throttle::wait_before_retry(&failures, &username, now) {
        let seconds = (wait.num_seconds() as u64).max(1);
        return Err(AppError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", "too many failed sign-ins; wait before trying again")
            .with_details(json!({ "retry_after_seconds": seconds }))
            .with_retry_after(seconds));
    }
    let secure = state.secure_cookies;
    let name = username.clone();
    let outcome = sign_in(&state, username, req.password, now).await;
    let (token, me) = match outcome {
        Ok(ok) => {
            if failures.iter().any(|f| f.username == throttle::username_key(&name)) {
                state.db.write(move |conn| Ok(login_failures::forget(conn, ip, &name)?)).await?;
            }
            ok
        }
        Err(e) => {
            if e.status == StatusCode::UNAUTHORIZED {
                state.db.write(move |conn| Ok(login_failures::record(conn, ip, &name, now)?)).await?;
            }
            return Err(e);
        }
    };
    Ok((AppendHeaders([(SET_COOKIE, session_cookie(&token, secure))]), Json(me)))
}

/// Signs out: ends the session on the server and clears the cookie. Safe to repeat.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Signed out (or was not signed in)")))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<impl IntoResponse, AppError> {
    if let Some(token) = crate::auth::token_from(&headers) {
        state.db.write(move |conn| Ok(delete_session(conn, &token)?)).await?;
    }
    Ok((StatusCode::NO_CONTENT, AppendHeaders([(SET_COOKIE, clear_cookie(state.secure_cookies))])))
}

/// The signed-in user, their role and store.
#[utoipa::path(get, path = "/api/v1/me", tag = "session", security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        crate::routes::SignedIn,
    ))]
pub async fn me(user: CurrentUser) -> Json<Me> {
    Json(user.me)
}

/// Saves the signed-in user's display preferences (large text, dark theme) and answers with
/// the updated user, so every device they sign in on looks the same.
#[utoipa::path(put, path = "/api/v1/me/display", tag = "session", security(("session_cookie" = [])),
    request_body = DisplayPreferences,
    responses(
        (status = 200, description = "The signed-in user with the new preferences", body = Me),
        (status = 422, description = "Body is not `{ \"large_type\": bool, \"dark_theme\": bool }`", body = ErrorEnvelope),
        crate::routes::SignedIn,
    ))]
pub async fn change_display(State(state): State<AppState>, user: CurrentUser, Json(prefs): Json<DisplayPreferences>) -> Result<Json<Me>, AppError> {
    let (id, zone) = (user.id(), state.clock.zone());
    let me = state
        .db
        .write(move |conn| {
            crate::db::users::set_display(conn, id, &prefs)?;
            crate::db::users::me(conn, id, zone)
        })
        .await?;
    Ok(Json(me))
}
