//! API tokens for channel systems: what an admin may issue, and what an issued token lets its
//! system push. A token writes events only, optionally for one source and one store; a
//! person's password is never handed to a machine.

use chrono::{DateTime, Duration, DurationRound, Utc};
use serde::{Deserialize, Serialize};

use crate::events::ChannelEvent;
use crate::model::Channel;
use crate::refusal::{Refusal, Rule};

pub const MAX_NAME_CHARS: usize = 60;
/// Longest life an admin may give a token: rotating once a year at least.
pub const MAX_DAYS: u32 = 730;
/// Requests per minute a token may make unless its admin says otherwise (each carries up to
/// 1,000 events).
pub const DEFAULT_PER_MINUTE: u32 = 600;
pub const MAX_PER_MINUTE: u32 = 6_000;
/// How a token announces itself, so a leaked one is recognisable in a scanner or a log.
pub const PREFIX: &str = "rt_";

string_enum! {
    /// What a token may do.
    pub enum Scope { EventsWrite = "events:write" }
}

/// A token as the console lists it. The secret itself is shown once, when it is issued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    /// The secret's first characters (`rt_3f9a`), to recognise it.
    pub hint: String,
    pub scope: Scope,
    pub source: Option<Channel>,
    pub store: Option<crate::dto::StoreRef>,
    pub per_minute: u32,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A token just issued, with its secret: the only time the secret leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssuedToken {
    pub token: ApiToken,
    /// Sent as `Authorization: Bearer <secret>`; stored only as a hash.
    pub secret: String,
}

/// A token as an admin asks for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// Which system holds it, e.g. "携程会员同步".
    pub name: String,
    /// Only events from this source.
    pub source: Option<Channel>,
    /// Only events at this store.
    pub store_id: Option<i64>,
    /// Days until it stops working, 1 to 730; none never expires.
    pub expires_in_days: Option<u32>,
    /// Requests per minute, 1 to 6,000 (default 600).
    pub per_minute: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("name must be 1 to {MAX_NAME_CHARS} characters")]
    Name,
    #[error("expires_in_days must be 1 to {MAX_DAYS}")]
    Expiry,
    #[error("per_minute must be 1 to {MAX_PER_MINUTE}")]
    Rate,
}

impl TokenError {
    pub fn refusal(&self) -> Refusal {
        match self {
            TokenError::Name => Refusal::length("name", 1, MAX_NAME_CHARS),
            TokenError::Expiry => Refusal::range("expires_in_days", 1, MAX_DAYS.into()),
            TokenError::Rate => Refusal::range("per_minute", 1, MAX_PER_MINUTE.into()),
        }
    }
}

/// What a checked request becomes: the trimmed name, when it expires, its rate.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenTerms {
    pub name: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub per_minute: u32,
}

pub fn check_new(req: &NewToken, now: DateTime<Utc>) -> Result<TokenTerms, TokenError> {
    let name = req.name.trim();
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(TokenError::Name);
    }
    let expires_at = match req.expires_in_days {
        Some(d) if d == 0 || d > MAX_DAYS => return Err(TokenError::Expiry),
        Some(d) => Some(now + Duration::days(d.into())),
        None => None,
    };
    let per_minute = req.per_minute.unwrap_or(DEFAULT_PER_MINUTE);
    if per_minute == 0 || per_minute > MAX_PER_MINUTE {
        return Err(TokenError::Rate);
    }
    Ok(TokenTerms { name: name.to_owned(), expires_at, per_minute })
}

/// Whom an accepted token speaks for: the channel and store it is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub source: Option<Channel>,
    pub store_id: Option<i64>,
}

impl Grant {
    /// Whether the token speaks for the whole agency (no channel or store limit): only such a
    /// token may send what reaches every store, as a schedule change does.
    pub fn unlimited(&self) -> bool {
        self.source.is_none() && self.store_id.is_none()
    }

    /// Whether the token may push `event`; the refusal names the field it may not set.
    pub fn permits(&self, event: &ChannelEvent) -> Result<(), Refusal> {
        if self.source.is_some_and(|s| s != event.source) {
            return Err(Refusal::only("source", Rule::OneOf));
        }
        if self.store_id.is_some_and(|s| event.store_id != Some(s)) {
            return Err(Refusal::only("store_id", Rule::OneOf));
        }
        Ok(())
    }
}

/// The minute a request counts in: a token's use is counted per minute, in the database, so
/// every server sharing it counts the same requests.
pub fn rate_window(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(Duration::minutes(1)).unwrap_or(now)
}

/// Seconds until the window after `now`'s opens (for `Retry-After`).
pub fn retry_after(now: DateTime<Utc>) -> u64 {
    let next = rate_window(now) + Duration::minutes(1);
    (next - now).num_seconds().max(1) as u64
}

/// A token is usable until it is revoked or expires.
pub fn usable(expires_at: Option<DateTime<Utc>>, revoked: bool, now: DateTime<Utc>) -> bool {
    !revoked && expires_at.is_none_or(|e| now < e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn req(name: &str, days: Option<u32>, per_minute: Option<u32>) -> NewToken {
        NewToken { name: name.into(), source: None, store_id: None, expires_in_days: days, per_minute }
    }

    #[test]
    fn an_admin_names_the_token_and_bounds_its_life_and_rate() {
        let now = at("2026-12-01T08:00:00Z");
        let t = check_new(&req("  携程会员同步 ", Some(90), None), now).unwrap();
        assert_eq!((t.name.as_str(), t.expires_at, t.per_minute), ("携程会员同步", Some(at("2027-03-01T08:00:00Z")), DEFAULT_PER_MINUTE));
        assert_eq!(check_new(&req(" ", None, None), now), Err(TokenError::Name));
        assert_eq!(check_new(&req("a\u{0}b", None, None), now), Err(TokenError::Name));
        assert_eq!(check_new(&req("x", Some(0), None), now), Err(TokenError::Expiry));
        assert_eq!(check_new(&req("x", Some(MAX_DAYS + 1), None), now), Err(TokenError::Expiry));
        assert_eq!(check_new(&req("x", None, Some(0)), now), Err(TokenError::Rate));
        assert_eq!(TokenError::Expiry.refusal().field, "expires_in_days");
    }

    #[test]
    fn a_scoped_token_pushes_only_its_source_and_store() {
        let event = |source: &str, store: Option<i64>| -> ChannelEvent {
            serde_json::from_value(serde_json::json!({
                "event_id": "e1", "source": source, "source_customer_id": "C1", "occurred_at": "2026-11-23T14:05:00+08:00",
                "type": "visit", "store_id": store
            }))
            .unwrap()
        };
        let any = Grant { source: None, store_id: None };
        assert!(any.permits(&event("ctrip", None)).is_ok());
        let store = Grant { source: Some(Channel::Store), store_id: Some(1) };
        assert!(store.permits(&event("store", Some(1))).is_ok());
        assert_eq!(store.permits(&event("store", Some(2))).unwrap_err().field, "store_id");
        assert_eq!(store.permits(&event("store", None)).unwrap_err().field, "store_id");
        assert_eq!(store.permits(&event("ctrip", Some(1))).unwrap_err().field, "source");
    }

    #[test]
    fn use_is_counted_per_minute_and_tokens_end() {
        let now = at("2026-12-01T08:00:42.5Z");
        assert_eq!(rate_window(now), at("2026-12-01T08:00:00Z"));
        assert_eq!(retry_after(now), 17);
        assert!(usable(None, false, now));
        assert!(usable(Some(at("2026-12-01T08:01:00Z")), false, now));
        assert!(!usable(Some(now), false, now), "expired at that instant");
        assert!(!usable(None, true, now));
    }
}
