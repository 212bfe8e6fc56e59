//! Outbound webhooks: the agency's other systems subscribe to what happens in Roundtrip and
//! receive it signed the Standard Webhooks way. What may be subscribed to, what an admin
//! registers, and which addresses a webhook may reach.

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::{Refusal, Rule};

string_enum! {
    /// What a subscriber is told of.
    pub enum WebhookEvent {
        CustomerMerged = "customer.merged",
        TicketOpened = "ticket.opened",
        /// A ticket's 24-hour first-response clock ran out.
        TicketBreached = "ticket.breached",
        ConsentWithdrawn = "consent.withdrawn",
    }
}

string_enum! {
    pub enum WebhookDeliveryStatus { Pending = "pending", Delivered = "delivered", Failed = "failed" }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewWebhook {
    /// Where to POST: `https://…` (or `http://…`).
    pub url: String,
    pub events: Vec<WebhookEvent>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub events: Vec<WebhookEvent>,
    pub description: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
    pub delivered: u64,
    pub pending: u64,
    pub failed: u64,
}

/// A webhook just registered, with the secret that verifies its signatures (shown once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisteredWebhook {
    pub webhook: Webhook,
    /// `whsec_` and the base64 key, as the Standard Webhooks libraries take it.
    pub secret: String,
}

/// One message to one webhook, as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    /// The `webhook-id` header: the same on every retry, for the receiver to deduplicate.
    pub message_id: String,
    pub event: WebhookEvent,
    pub status: WebhookDeliveryStatus,
    pub attempts: u32,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<u16>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

pub const MAX_URL_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 100;
/// Attempts before a message is given up on (about 8.5 minutes of backoff in all).
pub const MAX_ATTEMPTS: u32 = 9;

/// A registration checked: an http(s) URL with a host, at least one event, a short description.
pub fn check_new(new: &NewWebhook) -> Result<(), Refusal> {
    let url = new.url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
    if url.chars().count() > MAX_URL_CHARS || !host.is_some_and(|h| !h.is_empty() && !h.contains('@')) || url.chars().any(char::is_whitespace) {
        return Err(Refusal::only("url", Rule::Format));
    }
    if new.events.is_empty() {
        return Err(Refusal::length("events", 1, WebhookEvent::ALL.len()));
    }
    if new.description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(Refusal::length("description", 0, MAX_DESCRIPTION_CHARS));
    }
    Ok(())
}

/// Whether a webhook may reach `ip`: public addresses always, private, loopback, link-local
/// and other internal ones only when configuration lists them (a webhook must not become a
/// way into the agency's own network).
pub fn may_reach(ip: IpAddr, allowed: &[IpAddr]) -> bool {
    if allowed.contains(&ip) {
        return true;
    }
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast()
                // carrier-grade NAT, benchmarking, documentation and reserved ranges
                || (a == 100 && (64..128).contains(&b)) || (a == 198 && (b == 18 || b == 19)) || a == 0 || a >= 240)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            match v6.to_ipv4_mapped() {
                Some(v4) => may_reach(IpAddr::V4(v4), allowed),
                None => !(v6.is_loopback() || v6.is_unspecified() || v6.is_multicast() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_needs_a_url_and_an_event() {
        let ok = NewWebhook { url: "https://erp.example.com/roundtrip".into(), events: vec![WebhookEvent::TicketOpened], description: String::new() };
        assert_eq!(check_new(&ok), Ok(()));
        for url in ["ftp://x", "https://", "https://user@evil.example", "erp.example.com", "https://a b"] {
            assert_eq!(check_new(&NewWebhook { url: url.into(), ..ok.clone() }).unwrap_err().field, "url", "{url}");
        }
        assert_eq!(check_new(&NewWebhook { events: vec![], ..ok }).unwrap_err().field, "events");
    }

    #[test]
    fn internal_addresses_only_when_allowed() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        for internal in ["127.0.0.1", "10.1.2.3", "192.168.1.10", "172.16.0.1", "169.254.169.254", "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "0.0.0.0"] {
            assert!(!may_reach(ip(internal), &[]), "{internal}");
        }
        assert!(may_reach(ip("203.0.114.10"), &[]) && may_reach(ip("2400:da00::6666"), &[]));
        assert!(may_reach(ip("127.0.0.1"), &[ip("127.0.0.1")]));
    }
}
