//! The channels' own push formats. Each channel is one module implementing [`Receiver`]:
//! how a delivery is verified on its raw bytes (and the platform's address check answered),
//! and how a stored message becomes channel events. Adding Fliggy or Meituan is one more
//! module and one more [`HookChannel`].

mod douyin;
mod wechat;
mod wechat_pay;
pub mod worker;
mod wecom;
pub mod wxcrypt;

use std::collections::HashMap;

use axum::http::{HeaderMap, Method, StatusCode};
use chrono::{DateTime, FixedOffset, Utc};
use roundtrip_domain::events::{ChannelEvent, EventIdentity, EventPayload, EventType, MAX_ID_CHARS};
use roundtrip_domain::hooks::{ConnectorSecrets, HookChannel};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::AppError;

/// What a connector verifies with.
pub struct Credentials {
    /// The current secrets first, then the previous ones during a rotation.
    pub secrets: Vec<ConnectorSecrets>,
    /// Whether unencrypted WeChat deliveries are taken (their body is not signed).
    pub plain_allowed: bool,
}

/// A request to `/hooks/<channel>/<account>` as received.
pub struct Incoming<'a> {
    pub method: &'a Method,
    pub query: &'a HashMap<String, String>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

/// What a verified request is.
pub enum Verified {
    /// The platform checking the address: answer with `body`.
    Challenge { body: String, content_type: &'static str },
    Delivery(Delivery),
}

/// A verified delivery, to be stored before it is acknowledged.
pub struct Delivery {
    /// Unique per channel: the platform's message id, or a digest of what identifies it.
    pub message_id: String,
    /// The message as the channel sent it (decrypted where it encrypts).
    pub message: String,
    /// The signed timestamp and nonce, where the scheme signs them (taken once).
    pub nonce: Option<String>,
    /// The body the platform expects as acknowledgement.
    pub ack: &'static str,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HookError {
    #[error("the signature does not match this connector's secrets")]
    Signature,
    #[error("the signed timestamp is more than 5 minutes away from now")]
    Stale,
    #[error("this signed request was already taken")]
    Replay,
    #[error("{0} is missing or malformed")]
    Malformed(&'static str),
    #[error("this connector's secrets are unusable: {0}")]
    Config(&'static str),
    #[error("unencrypted deliveries are not signed; this connector takes encrypted ones only")]
    PlainRefused,
}

impl From<HookError> for AppError {
    fn from(e: HookError) -> Self {
        let message = e.to_string();
        match e {
            HookError::Signature => AppError::new(StatusCode::UNAUTHORIZED, "hook_signature", message),
            HookError::Stale => AppError::new(StatusCode::UNAUTHORIZED, "hook_stale", message),
            HookError::PlainRefused => AppError::new(StatusCode::UNAUTHORIZED, "hook_plain_refused", message),
            HookError::Replay => AppError::new(StatusCode::UNAUTHORIZED, "hook_replay", message),
            HookError::Malformed(field) => {
                AppError::new(StatusCode::BAD_REQUEST, "hook_malformed", message).with_details(serde_json::json!({ "field": field }))
            }
            HookError::Config(_) => AppError::new(StatusCode::SERVICE_UNAVAILABLE, "hook_unconfigured", message),
        }
    }
}

/// What the worker knows of a stored delivery when it normalises it.
pub struct Context<'a> {
    pub channel: HookChannel,
    pub message_id: &'a str,
    pub store_id: Option<i64>,
    pub received_at: DateTime<Utc>,
    /// The stored message this one [depends on](Receiver::depends_on), once it has arrived.
    pub earlier: Option<&'a str>,
}

impl Context<'_> {
    /// The event id of the delivery's `n`th event: channel and message id, so that however
    /// often the platform delivers it, the profile shows it once.
    pub fn event_id(&self, n: usize) -> String {
        let suffix = if n == 0 { String::new() } else { format!("/{n}") };
        let id = format!("{}:{}{suffix}", self.channel.as_str(), self.message_id);
        if id.chars().count() <= MAX_ID_CHARS {
            return id;
        }
        format!("{}:{}{suffix}", self.channel.as_str(), &digest(self.message_id.as_bytes())[..40])
    }
}

impl Context<'_> {
    /// The delivery's (first) event: `customer` is the channel's id for them, `at` when it
    /// happened if the message says, else when it was received.
    pub fn event(&self, kind: EventType, customer: &str, at: Option<DateTime<FixedOffset>>, summary: String) -> ChannelEvent {
        ChannelEvent {
            event_id: self.event_id(0),
            source: self.channel.source(),
            source_customer_id: customer.to_owned(),
            occurred_at: at.unwrap_or_else(|| self.received_at.fixed_offset()),
            kind,
            identity: EventIdentity::default(),
            store_id: self.store_id,
            payload: EventPayload { summary: Some(summary), ..Default::default() },
        }
    }
}

/// A time the platforms write as Unix seconds (WeChat's `CreateTime`), or milliseconds.
pub fn unix_time(value: i64) -> Option<DateTime<FixedOffset>> {
    let seconds = if value > 100_000_000_000 { value / 1000 } else { value };
    DateTime::from_timestamp(seconds, 0).map(|t| t.fixed_offset())
}

pub trait Receiver: Sync {
    /// Verifies `req` against each set of the connector's secrets (two during a rotation).
    fn verify(&self, credentials: &Credentials, req: &Incoming, now: DateTime<Utc>) -> Result<Verified, HookError>;
    /// The message id (same channel) a message cannot be read without: a refund needs its
    /// payment's payer. It is handed to `normalise` as `Context::earlier`.
    fn depends_on(&self, _message: &str) -> Option<String> {
        None
    }
    /// The events a stored message records; none when it changes nothing on a profile.
    fn normalise(&self, message: &str, ctx: &Context) -> Result<Vec<ChannelEvent>, String>;
}

pub fn receiver(channel: HookChannel) -> &'static dyn Receiver {
    match channel {
        HookChannel::Wecom => &wecom::Wecom,
        HookChannel::Douyin => &douyin::Douyin,
        HookChannel::Wechat => &wechat::Wechat,
        HookChannel::WechatPay => &wechat_pay::WechatPay,
    }
}

/// Whether two signatures are equal, in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// SHA-256 in hex.
pub fn digest(bytes: &[u8]) -> String {
    wxcrypt::hex(&Sha256::digest(bytes))
}
