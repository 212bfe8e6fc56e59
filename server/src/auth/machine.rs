//! Channel systems authenticate with an API token (`Authorization: Bearer rt_…`), people with
//! their session cookie. Whoever pushes events is one of the two.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use roundtrip_domain::tokens::{retry_after, Grant, PREFIX};

use super::session::{random_secret, token_hash};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// A new secret: its text (shown once), the hash stored, and a hint to recognise it by.
pub struct Secret {
    pub text: String,
    pub hash: String,
    pub hint: String,
}

pub fn new_secret() -> Secret {
    let text = format!("{PREFIX}{}", random_secret());
    Secret { hash: token_hash(&text), hint: text.chars().take(PREFIX.len() + 4).collect(), text }
}

/// A channel system, by the token it presented.
pub struct Machine {
    pub grant: Grant,
    pub issued_by: i64,
}

/// Who pushes channel events.
pub enum Pusher {
    Person(CurrentUser),
    Machine(Machine),
}

fn bad_token() -> AppError {
    AppError::new(StatusCode::UNAUTHORIZED, "invalid_token", "the API token is unknown, revoked or expired")
}

impl FromRequestParts<AppState> for Pusher {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Ok(Pusher::Person(CurrentUser::from_request_parts(parts, state).await?));
        };
        let secret = header.to_str().ok().and_then(|h| h.strip_prefix("Bearer ")).map(str::trim).filter(|s| s.starts_with(PREFIX)).ok_or_else(bad_token)?;
        let (hash, now) = (token_hash(secret), state.clock.wall());
        let presented = state.db.write(move |conn| Ok(crate::db::tokens::present(conn, &hash, now)?)).await?.ok_or_else(bad_token)?;
        if presented.used > presented.per_minute {
            return Err(AppError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", format!("this token may make {} requests a minute", presented.per_minute))
                .with_details(serde_json::json!({ "per_minute": presented.per_minute }))
                .with_retry_after(retry_after(now)));
        }
        Ok(Pusher::Machine(Machine { grant: presented.grant, issued_by: presented.issued_by }))
    }
}
