//! API tokens as stored: by the hash of their secret (the secret is shown once, when issued).
//! Issuing and revoking are audited in the same transaction.

use chrono::{DateTime, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::tokens::{rate_window, ApiToken, Grant, Scope, TokenTerms};
use roundtrip_domain::Channel;

use crate::db::columns::{enum_col, opt_time_col, time_col};
use crate::db::sql::{self, params, Conn, OptionalExt, Row};
use crate::error::AppError;
use crate::time::rfc3339;

const COLUMNS: &str = "t.id, t.name, t.hint, t.scope, t.source, t.store_id, s.name AS store_name, s.city AS store_city, t.per_minute,
    u.display_name AS created_by, t.created_at, t.expires_at, t.last_used_at, t.revoked_at
    FROM api_tokens t JOIN users u ON u.id = t.created_by LEFT JOIN stores s ON s.id = t.store_id";

fn token(r: &Row) -> sql::Result<ApiToken> {
    let store = match r.get::<_, Option<i64>>("store_id")? {
        Some(id) => Some(roundtrip_domain::dto::StoreRef { id, name: r.get("store_name")?, city: r.get("store_city")? }),
        None => None,
    };
    Ok(ApiToken {
        id: r.get("id")?,
        name: r.get("name")?,
        hint: r.get("hint")?,
        scope: enum_col(r, "scope", Scope::parse)?,
        source: r.get::<_, Option<String>>("source")?.and_then(|s| Channel::parse(&s)),
        store,
        per_minute: r.get::<_, i64>("per_minute")? as u32,
        created_by: r.get("created_by")?,
        created_at: time_col(r, "created_at")?,
        expires_at: opt_time_col(r, "expires_at")?,
        last_used_at: opt_time_col(r, "last_used_at")?,
        revoked_at: opt_time_col(r, "revoked_at")?,
    })
}

/// Every token, newest first (revoked and expired ones too: they explain past pushes).
pub fn list(conn: &Conn) -> sql::Result<Vec<ApiToken>> {
    conn.query_map(&format!("SELECT {COLUMNS} ORDER BY t.id DESC"), [], token)
}

fn get(conn: &Conn, id: i64) -> sql::Result<Option<ApiToken>> {
    conn.query_row(&format!("SELECT {COLUMNS} WHERE t.id = ?1"), [id], token).optional()
}

/// What a new token is: its terms, what it may push, and the hash and hint of its secret.
pub struct Issue<'a> {
    pub terms: &'a TokenTerms,
    pub grant: Grant,
    pub hash: &'a str,
    pub hint: &'a str,
}

/// Stores a new token issued by `by`; audited.
pub fn issue(conn: &mut Conn, new: &Issue, by: i64, now: DateTime<Utc>) -> Result<ApiToken, AppError> {
    let tx = conn.begin()?;
    if let Some(store) = new.grant.store_id {
        if !crate::db::stores::exists(&tx, store)? {
            return Err(AppError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "unknown_store", format!("store_id {store} does not exist"))
                .with_refusal(roundtrip_domain::refusal::Refusal::only("store_id", roundtrip_domain::refusal::Rule::OneOf)));
        }
    }
    let id = tx.insert_returning_id(
        "INSERT INTO api_tokens (name, token_hash, hint, scope, source, store_id, per_minute, created_by, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        params![
            new.terms.name, new.hash, new.hint, Scope::EventsWrite.as_str(), new.grant.source.map(Channel::as_str), new.grant.store_id,
            new.terms.per_minute as i64, by, rfc3339(now), new.terms.expires_at.map(rfc3339)
        ],
    )?;
    crate::db::audit::record(&tx, by, &format!("token:{id}"), &AuditDetail::TokenIssued { name: new.terms.name.clone() })?;
    let issued = get(&tx, id)?.ok_or_else(|| AppError::not_found("token"))?;
    tx.commit()?;
    Ok(issued)
}

/// Revokes token `id` at once (every server refuses it with its next request); audited.
/// Revoking a revoked token changes nothing.
pub fn revoke(conn: &mut Conn, id: i64, by: i64, now: DateTime<Utc>) -> Result<ApiToken, AppError> {
    let tx = conn.begin()?;
    let before = get(&tx, id)?.ok_or_else(|| AppError::not_found("token"))?;
    if before.revoked_at.is_none() {
        tx.execute("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1", params![id, rfc3339(now)])?;
        crate::db::audit::record(&tx, by, &format!("token:{id}"), &AuditDetail::TokenRevoked { name: before.name.clone() })?;
    }
    let after = get(&tx, id)?.ok_or_else(|| AppError::not_found("token"))?;
    tx.commit()?;
    Ok(after)
}

/// A presented token that is usable, with its use counted.
pub struct Presented {
    pub id: i64,
    pub grant: Grant,
    /// Who issued it: what it pushes is on their authority (notes carried by events are
    /// signed by them).
    pub issued_by: i64,
    /// Requests in this minute, this one included.
    pub used: u32,
    pub per_minute: u32,
}

/// The usable token with secret hash `hash`, its use in this minute counted. One write is
/// both the count and the last use, so every server sharing the database counts the same.
pub fn present(conn: &Conn, hash: &str, now: DateTime<Utc>) -> sql::Result<Option<Presented>> {
    conn.query_row(
        "UPDATE api_tokens SET window_count = CASE WHEN window_start = ?2 THEN window_count + 1 ELSE 1 END, window_start = ?2, last_used_at = ?3
          WHERE token_hash = ?1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?3)
          RETURNING id, source, store_id, created_by, window_count, per_minute",
        params![hash, rfc3339(rate_window(now)), rfc3339(now)],
        |r| {
            Ok(Presented {
                id: r.get("id")?,
                grant: Grant { source: r.get::<_, Option<String>>("source")?.and_then(|s| Channel::parse(&s)), store_id: r.get("store_id")? },
                issued_by: r.get("created_by")?,
                used: r.get::<_, i64>("window_count")? as u32,
                per_minute: r.get::<_, i64>("per_minute")? as u32,
            })
        },
    )
    .optional()
}
