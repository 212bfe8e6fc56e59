//! Channel connectors: a channel account (a WeCom corp, a Douyin app) that pushes in its own
//! format to `/hooks/<channel>/<account>`, the secrets it signs with, and the rules for the
//! deliveries it leaves in the inbox (how often a failing one is retried before an admin sees
//! it among the dead letters).

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::{Refusal, Rule};

string_enum! {
    /// The push formats Roundtrip reads. Fliggy or Meituan would be one more.
    pub enum HookChannel { Wecom = "wecom", Wechat = "wechat", WechatPay = "wechat_pay", Douyin = "douyin" }
}

impl HookChannel {
    /// The customer channel a delivery's events are recorded under.
    pub fn source(self) -> crate::model::Channel {
        match self {
            // an external contact of the agency's WeCom is a WeChat user
            // a WeChat Pay payer is known by the openid the agency's WeChat apps see
            HookChannel::Wecom | HookChannel::Wechat | HookChannel::WechatPay => crate::model::Channel::Wechat,
            HookChannel::Douyin => crate::model::Channel::Douyin,
        }
    }
}

string_enum! {
    /// Where a delivery stands in the inbox.
    pub enum DeliveryStatus {
        /// Stored and acknowledged; the worker has yet to turn it into events (or retries).
        Pending = "pending",
        /// Its events are on the profiles.
        Done = "done",
        /// Nothing a profile records (a contact's remark edited, an app authorised).
        Ignored = "ignored",
        /// Failed every attempt; waits for an admin to replay it.
        Dead = "dead",
    }
}

string_enum! {
    /// Why a delivery's last attempt failed, for the console to word (the detail is kept in
    /// English beside it, for whoever fixes the cause).
    pub enum Failure {
        /// The message is not what the channel's format says (a field missing or malformed).
        Unreadable = "unreadable",
        /// The event it makes breaks an ingestion rule.
        InvalidEvent = "invalid_event",
        /// The event pipeline refused the event (a conflict, an unknown store, a database refusal).
        Refused = "refused",
        /// The database was busy, full or unreachable.
        Storage = "storage",
    }
}

/// A connector's secrets as an admin types them from the channel's console. Which ones a
/// channel needs: WeCom `token`, `aes_key` (the 43-character EncodingAESKey) and `receive_id`
/// (the corp id); a WeChat Official Account the same with its app id as `receive_id` (only
/// `token` when it pushes in plain mode); WeChat Pay the merchant id as `receive_id`, the APIv3
/// key (32 characters) as `api_v3_key` and WeChat Pay's public key (PEM) as `public_key`;
/// Douyin `client_secret`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConnectorSecrets {
    pub token: Option<String>,
    pub aes_key: Option<String>,
    pub receive_id: Option<String>,
    pub client_secret: Option<String>,
    pub api_v3_key: Option<String>,
    pub public_key: Option<String>,
}

/// A connector as the console lists it (never its secrets).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Connector {
    pub id: i64,
    pub channel: HookChannel,
    pub account: String,
    /// Where the channel pushes: `/hooks/<channel>/<account>`.
    pub path: String,
    pub store: Option<crate::dto::StoreRef>,
    /// Whether a second set of secrets is still accepted (a rotation under way).
    pub rotating: bool,
    /// A WeChat Official Account whose unencrypted (unsigned) deliveries are taken.
    pub plain_allowed: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub rotated_at: Option<DateTime<Utc>>,
    pub pending: u64,
    pub dead: u64,
    pub done: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewConnector {
    pub channel: HookChannel,
    /// The account's name in the push address: letters, digits, `-` and `_`.
    pub account: String,
    /// The store its walk-ins and contacts belong to, if any.
    pub store_id: Option<i64>,
    pub secrets: ConnectorSecrets,
    /// WeChat Official Accounts only: take deliveries in plain mode, whose body WeChat does
    /// not sign (off unless an admin accepts that).
    #[serde(default)]
    pub plain_allowed: bool,
}

/// A delivery that failed every attempt, as the dead-letter list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeadLetter {
    pub id: i64,
    pub channel: HookChannel,
    pub account: String,
    pub message_id: String,
    pub received_at: DateTime<Utc>,
    pub attempts: u32,
    pub failure: Option<Failure>,
    /// The last attempt's error in the worker's words (English, technical).
    pub error: String,
    pub status: DeliveryStatus,
}

pub const MAX_ACCOUNT_CHARS: usize = 40;
/// Attempts before a delivery is dead-lettered.
pub const MAX_ATTEMPTS: u32 = 6;
/// How long a signed timestamp stays fresh (WeChat and WeCom retry within seconds).
pub const FRESH_SECONDS: i64 = 300;

/// When to try a delivery again after its `attempts`th failure, or `None` when it is dead:
/// 2 s, 4 s, 8 s … (about a minute in all), so a database restart is waited out.
pub fn retry_at(attempts: u32, now: DateTime<Utc>, max_attempts: u32) -> Option<DateTime<Utc>> {
    (attempts < max_attempts).then(|| now + Duration::seconds(1 << attempts.clamp(1, 10)))
}

/// Whether a signed timestamp (seconds) is close enough to `now` to be taken.
pub fn is_fresh(timestamp: i64, now: DateTime<Utc>) -> bool {
    (now.timestamp() - timestamp).abs() <= FRESH_SECONDS
}

/// A new connector checked: its account name and the secrets its channel needs.
pub fn check_new(new: &NewConnector) -> Result<(), Refusal> {
    let account = new.account.as_str();
    if account.is_empty() || account.chars().count() > MAX_ACCOUNT_CHARS {
        return Err(Refusal::length("account", 1, MAX_ACCOUNT_CHARS));
    }
    if !account.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        return Err(Refusal::only("account", Rule::Format));
    }
    if new.plain_allowed && new.channel != HookChannel::Wechat {
        return Err(Refusal::only("plain_allowed", Rule::OneOf));
    }
    check_secrets(new.channel, &new.secrets, new.plain_allowed)
}

/// The secrets `channel` needs, each present and well formed.
pub fn check_secrets(channel: HookChannel, s: &ConnectorSecrets, plain_allowed: bool) -> Result<(), Refusal> {
    let need = |field: &str, value: &Option<String>, ok: fn(&str) -> bool| match value.as_deref().map(str::trim) {
        Some(v) if ok(v) => Ok(()),
        Some("") | None => Err(Refusal::length(&format!("secrets.{field}"), 1, 128)),
        Some(_) => Err(Refusal::only(&format!("secrets.{field}"), Rule::Format)),
    };
    let printable = |v: &str| v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic());
    // 43 base64 characters: a 32-byte AES key without its padding
    let aes_key = |v: &str| v.len() == 43 && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    match channel {
        HookChannel::Wecom => {
            need("token", &s.token, printable)?;
            need("aes_key", &s.aes_key, aes_key)?;
            need("receive_id", &s.receive_id, printable)
        }
        HookChannel::Wechat if plain_allowed && s.aes_key.is_none() => need("token", &s.token, printable),
        HookChannel::Wechat => {
            need("token", &s.token, printable)?;
            need("aes_key", &s.aes_key, aes_key)?;
            need("receive_id", &s.receive_id, printable)
        }
        HookChannel::WechatPay => {
            need("receive_id", &s.receive_id, printable)?;
            need("api_v3_key", &s.api_v3_key, |v| v.len() == 32 && v.chars().all(|c| c.is_ascii_graphic()))?;
            need("public_key", &s.public_key, |v| v.len() <= 4096 && v.contains("-----BEGIN PUBLIC KEY-----"))
        }
        HookChannel::Douyin => need("client_secret", &s.client_secret, printable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wecom() -> NewConnector {
        let secrets = ConnectorSecrets {
            token: Some("QDG6eK".into()),
            aes_key: Some("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C".into()),
            receive_id: Some("wx5823bf96d3bd56c7".into()),
            client_secret: None,
            ..Default::default()
        };
        NewConnector { channel: HookChannel::Wecom, account: "hq".into(), store_id: None, secrets, plain_allowed: false }
    }

    #[test]
    fn a_connector_needs_its_channels_secrets() {
        assert_eq!(check_new(&wecom()), Ok(()));
        let mut short = wecom();
        short.secrets.aes_key = Some("tooshort".into());
        assert_eq!(check_new(&short).unwrap_err().field, "secrets.aes_key");
        let mut douyin = wecom();
        douyin.channel = HookChannel::Douyin;
        assert_eq!(check_new(&douyin).unwrap_err().field, "secrets.client_secret");
        let mut spaced = wecom();
        spaced.account = "head office".into();
        assert_eq!(check_new(&spaced).unwrap_err().rule, Rule::Format);
        // plain mode is a WeChat Official Account's, and then its token suffices
        let mut plain = wecom();
        plain.plain_allowed = true;
        assert_eq!(check_new(&plain).unwrap_err().field, "plain_allowed");
        plain.channel = HookChannel::Wechat;
        plain.secrets = ConnectorSecrets { token: Some("tok".into()), ..Default::default() };
        assert_eq!(check_new(&plain), Ok(()));
        plain.plain_allowed = false;
        assert_eq!(check_new(&plain).unwrap_err().field, "secrets.aes_key");
    }

    #[test]
    fn retries_back_off_then_stop() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert_eq!(retry_at(1, now, 3), Some(now + Duration::seconds(2)));
        assert_eq!(retry_at(2, now, 3), Some(now + Duration::seconds(4)));
        assert_eq!(retry_at(3, now, 3), None);
        assert!(is_fresh(now.timestamp() - 299, now) && !is_fresh(now.timestamp() - 301, now));
    }
}
