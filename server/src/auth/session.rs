use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use roundtrip_domain::dto::Me;
use roundtrip_domain::Role;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;
use crate::db::sessions;
use crate::db::sql::{self, Conn};

pub const SESSION_COOKIE: &str = "rt_session";
/// A session ends this long after sign-in, however active.
const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// …or after this long without a request.
const IDLE_TIMEOUT: Duration = Duration::minutes(60);
/// `last_seen_at` is written at most this often, so reads stay reads.
const TOUCH_EVERY: Duration = Duration::minutes(1);

pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// 256 random bits from the operating system, as hex: a secret nobody can guess.
pub(crate) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a fresh session for `user_id` and returns the token for the cookie.
pub fn create_session(conn: &Conn, user_id: i64, now: DateTime<Utc>) -> sql::Result<String> {
    let token = random_secret();
    sessions::insert(conn, &token_hash(&token), user_id, now, now + ABSOLUTE_TIMEOUT)?;
    Ok(token)
}

pub fn delete_session(conn: &Conn, token: &str) -> sql::Result<()> {
    sessions::delete(conn, &token_hash(token))
}

/// `Set-Cookie` value for a new session: HttpOnly so scripts never see it, SameSite=Strict so
/// other sites cannot ride on it.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={}{secure}", ABSOLUTE_TIMEOUT.num_seconds())
}

pub fn clear_cookie(secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0{secure}")
}

/// The session token from the request's cookies, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The signed-in user behind a request; rejects with 401 when there is none.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub me: Me,
    pub token: String,
}

impl CurrentUser {
    pub fn id(&self) -> i64 {
        self.me.id
    }

    /// The store whose customers this user is limited to; `None` means every store.
    pub fn store_scope(&self) -> Option<i64> {
        match self.me.role {
            Role::Staff => Some(self.me.store.as_ref().map(|s| s.id).unwrap_or(-1)),
            Role::Manager | Role::Admin => None,
        }
    }
}

impl CurrentUser {
    /// Refuses everyone but admins with 403 `forbidden` and `message`.
    pub fn require_admin(&self, message: &'static str) -> Result<(), AppError> {
        match self.me.role {
            Role::Admin => Ok(()),
            Role::Manager | Role::Staff => Err(AppError::new(axum::http::StatusCode::FORBIDDEN, "forbidden", message)),
        }
    }

    /// Refuses store staff with 403 `forbidden` and `message`; managers and admins pass.
    pub fn require_manager(&self, message: &'static str) -> Result<(), AppError> {
        match self.me.role {
            Role::Admin | Role::Manager => Ok(()),
            Role::Staff => Err(AppError::new(axum::http::StatusCode::FORBIDDEN, "forbidden", message)),
        }
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = token_from(&parts.headers).ok_or_else(AppError::unauthenticated)?;
        let (now, zone) = (state.clock.wall(), state.clock.zone());
        let (user, touch) = state.db.call(move |conn| load_session(conn, token, now, zone)).await?.ok_or_else(AppError::unauthenticated)?;
        if touch {
            // best effort: a request never waits behind writers only to note when it was made
            let hash = token_hash(&user.token);
            state.db.try_write(move |conn| Ok(sessions::touch(conn, &hash, now)?)).await?;
        }
        Ok(user)
    }
}

/// The session's user, and whether its last-seen time is due to be written.
fn load_session(conn: &Conn, token: String, now: DateTime<Utc>, zone: chrono_tz::Tz) -> Result<Option<(CurrentUser, bool)>, AppError> {
    let Some((user_id, last_seen)) = sessions::find(conn, &token_hash(&token), now, now - IDLE_TIMEOUT)? else { return Ok(None) };
    let touch = crate::time::parse(&last_seen).is_none_or(|seen| now - seen > TOUCH_EVERY);
    Ok(Some((CurrentUser { me: crate::db::users::me(conn, user_id, zone)?, token }, touch)))
}
