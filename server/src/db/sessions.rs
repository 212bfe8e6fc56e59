//! Sessions as stored: by the hash of their token (the token itself is only in the cookie).

use chrono::{DateTime, Utc};
use roundtrip_domain::offline::SHIFT_HOURS;

use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params};

pub fn insert(conn: &Conn, token_hash: &str, user_id: i64, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> sql::Result<()> {
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![token_hash, user_id, rfc3339(now), rfc3339(expires_at)],
    )?;
    Ok(())
}

pub fn delete(conn: &Conn, token_hash: &str) -> sql::Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

/// The user of a live session (not expired, seen since `seen_after`, account enabled) and when
/// the session was last seen.
pub fn find(conn: &Conn, token_hash: &str, now: DateTime<Utc>, seen_after: DateTime<Utc>) -> Result<Option<(i64, String)>, AppError> {
    Ok(conn
        .query_row(
            "SELECT u.id, se.last_seen_at FROM sessions se JOIN users u ON u.id = se.user_id
              WHERE se.token_hash = ?1 AND se.expires_at > ?2 AND se.last_seen_at > ?3 AND u.disabled = 0",
            params![token_hash, rfc3339(now), rfc3339(seen_after)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn touch(conn: &Conn, token_hash: &str, now: DateTime<Utc>) -> sql::Result<()> {
    conn.execute("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2", params![rfc3339(now), token_hash])?;
    Ok(())
}

/// When the user's shift began: their first sign-in still within [`SHIFT_HOURS`] of `now`
/// (an offline tablet's session may have lapsed and been renewed since an edit was made).
/// `now` when there is none.
pub fn shift_start(conn: &Conn, user_id: i64, now: DateTime<Utc>) -> sql::Result<DateTime<Utc>> {
    let since = rfc3339(now - chrono::Duration::hours(SHIFT_HOURS));
    let first: Option<String> = conn.query_row("SELECT min(created_at) FROM sessions WHERE user_id = ?1 AND created_at > ?2", params![user_id, since], |r| r.get(0))?;
    Ok(first.as_deref().and_then(crate::time::parse).unwrap_or(now))
}
