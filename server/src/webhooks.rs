//! Sends the outbox to the agency's systems, signed the Standard Webhooks way: headers
//! `webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature`
//! (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the `whsec_` secret). A
//! non-2xx answer or no answer is retried with backoff; internal addresses are refused unless
//! `ROUNDTRIP_WEBHOOK_ALLOW` lists them, checked on every connection (a name that resolves
//! somewhere else later is refused then).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rand::RngCore;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use roundtrip_domain::webhooks::may_reach;
use sha2::Sha256;

use crate::db::webhooks::{self as store, Outbound};
use crate::error::AppError;
use crate::state::AppState;

const BATCH: u32 = 50;
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// A receiver that takes longer is counted as not answering (and tried again).
const TIMEOUT: Duration = Duration::from_secs(10);
const IDLE: Duration = Duration::from_secs(1);
/// How often the sender looks for tickets newly past their 24 hours (a write transaction).
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// A new signing secret: `whsec_` and 32 random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!("whsec_{}", base64::engine::general_purpose::STANDARD.encode(key))
}

/// The `webhook-signature` of `body` sent as message `id` at `timestamp`.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let key = base64::engine::general_purpose::STANDARD.decode(secret.trim_start_matches("whsec_")).unwrap_or_default();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!("v1,{}", base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes()))
}

/// The internal addresses configuration lets webhooks reach (`ROUNDTRIP_WEBHOOK_ALLOW`,
/// comma-separated; tests allow 127.0.0.1).
pub fn allowed() -> &'static [IpAddr] {
    static ALLOWED: OnceLock<Vec<IpAddr>> = OnceLock::new();
    ALLOWED.get_or_init(|| std::env::var("ROUNDTRIP_WEBHOOK_ALLOW").unwrap_or_default().split(',').filter_map(|a| a.trim().parse().ok()).collect())
}

/// Resolves names as the system does, keeping only addresses a webhook may reach.
struct Guarded;

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let reachable: Vec<SocketAddr> = found.into_iter().filter(|a| may_reach(a.ip(), allowed())).collect();
            if reachable.is_empty() {
                return Err(format!("{} resolves only to internal addresses", name.as_str()).into());
            }
            Ok(Box::new(reachable.into_iter()) as Addrs)
        })
    }
}

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            // a redirect could lead anywhere, past the address check
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(Guarded))
            .user_agent("Roundtrip-Webhooks/1")
            .build()
            .expect("the HTTP client builds")
    })
}

/// Why `url` may not be sent to, if its host is an address (names are checked when resolved).
pub fn refused(url: &str) -> Option<String> {
    let host = reqwest::Url::parse(url).ok()?.host()?.to_owned();
    let ip = match host {
        url::Host::Ipv4(v4) => IpAddr::V4(v4),
        url::Host::Ipv6(v6) => IpAddr::V6(v6),
        url::Host::Domain(_) => return None,
    };
    (!may_reach(ip, allowed())).then(|| format!("{ip} is an internal address"))
}

/// One message sent: the receiver's status, or why there was none.
async fn send(m: &Outbound, now: DateTime<Utc>) -> (Option<u16>, Option<String>) {
    if let Some(why) = refused(&m.url) {
        return (None, Some(why));
    }
    let timestamp = now.timestamp();
    let sent = client()
        .post(&m.url)
        .header("content-type", "application/json")
        .header("webhook-id", &m.message_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", sign(&m.secret, &m.message_id, timestamp, &m.payload))
        .body(m.payload.clone())
        .send()
        .await;
    match sent {
        Ok(res) if res.status().is_success() => (Some(res.status().as_u16()), None),
        Ok(res) => (Some(res.status().as_u16()), Some(format!("answered {}", res.status()))),
        // the innermost cause says why (connection refused, an internal address, a timeout, TLS)
        Err(e) => {
            let mut cause: &dyn std::error::Error = &e;
            while let Some(inner) = cause.source() {
                cause = inner;
            }
            let why = if e.is_timeout() { format!("no answer within {} s", TIMEOUT.as_secs()) } else { cause.to_string() };
            (None, Some(why))
        }
    }
}

/// Tells of breached tickets, then sends what is due at `now`; how many were sent.
pub async fn run_once(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    sweep(state, now).await?;
    send_due(state, now).await
}

async fn sweep(state: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
    state.db.write(move |conn| Ok(store::sweep_breaches(conn, now)?)).await
}

/// Sends what is due at `now`; how many were sent.
async fn send_due(state: &AppState, now: DateTime<Utc>) -> Result<usize, AppError> {
    let vault = state.id_vault.clone();
    let due = state.db.write(move |conn| store::claim(conn, &vault, now, now + LEASE, BATCH)).await?;
    let n = due.len();
    for m in due {
        let (status, error) = send(&m, now).await;
        state.db.write(move |conn| Ok(store::settle(conn, &m, status, error.as_deref(), now)?)).await?;
    }
    Ok(n)
}

/// Runs the sender until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        // breaches are looked for once a minute, not on every idle second
        let mut swept: Option<std::time::Instant> = None;
        loop {
            if swept.is_none_or(|at| at.elapsed() >= SWEEP_EVERY) {
                swept = Some(std::time::Instant::now());
                if let Err(e) = sweep(&state, state.clock.wall()).await {
                    tracing::warn!(code = e.code, error = %e.message, "breached tickets not looked for");
                }
            }
            match send_due(&state, state.clock.wall()).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(code = e.code, error = %e.message, "webhooks not sent"),
            }
            tokio::time::sleep(IDLE).await;
        }
    });
}
