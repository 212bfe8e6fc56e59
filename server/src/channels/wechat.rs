//! WeChat Official Account (公众号) messages and events: follows, unfollows, scans and what
//! followers write. The address check signs `token`, `timestamp` and `nonce` only and echoes
//! `echostr`. In the encrypted (safe) mode a delivery carries `msg_signature` over the
//! ciphertext as well, encrypted as WeCom's; in plain mode nothing signs the body, so plain
//! deliveries are refused unless an admin allowed them for the account.

use chrono::{DateTime, Utc};
use roundtrip_domain::events::{ChannelEvent, EventType, MAX_TEXT_CHARS};
use roundtrip_domain::hooks::{is_fresh, ConnectorSecrets};

use super::wxcrypt::fields;
use super::{digest, same, unix_time, wxcrypt, Context, Credentials, Delivery, HookError, Incoming, Receiver, Verified};

pub struct Wechat;

/// The secret set whose token signed `parts` as `signed`.
fn signer<'a>(secrets: &'a [ConnectorSecrets], extra: Option<&str>, timestamp: &str, nonce: &str, signed: &str) -> Option<&'a ConnectorSecrets> {
    secrets.iter().find(|s| {
        let token = s.token.as_deref().unwrap_or("");
        let mut parts = vec![token, timestamp, nonce];
        parts.extend(extra);
        same(&wxcrypt::signature(&parts), signed)
    })
}

impl Receiver for Wechat {
    fn verify(&self, credentials: &Credentials, req: &Incoming, now: DateTime<Utc>) -> Result<Verified, HookError> {
        let q = |name: &'static str| req.query.get(name).map(String::as_str).filter(|v| !v.is_empty()).ok_or(HookError::Malformed(name));
        let (timestamp, nonce) = (q("timestamp")?, q("nonce")?);
        let at: i64 = timestamp.parse().map_err(|_| HookError::Malformed("timestamp"))?;
        let fresh = || if is_fresh(at, now) { Ok(()) } else { Err(HookError::Stale) };
        if req.method == axum::http::Method::GET {
            signer(&credentials.secrets, None, timestamp, nonce, q("signature")?).ok_or(HookError::Signature)?;
            fresh()?;
            return Ok(Verified::Challenge { body: q("echostr")?.to_owned(), content_type: "text/plain; charset=utf-8" });
        }
        let body = std::str::from_utf8(req.body).map_err(|_| HookError::Malformed("xml"))?;
        let message = if req.query.get("encrypt_type").is_some_and(|t| t == "aes") {
            let encrypted = fields(body)?.remove("Encrypt").filter(|e| !e.is_empty()).ok_or(HookError::Malformed("Encrypt"))?;
            let set = signer(&credentials.secrets, Some(&encrypted), timestamp, nonce, q("msg_signature")?).ok_or(HookError::Signature)?;
            fresh()?;
            let key = wxcrypt::key(set.aes_key.as_deref().ok_or(HookError::Config("no aes_key for the encrypted mode"))?)?;
            let (message, app_id) = wxcrypt::decrypt(&key, &encrypted)?;
            if Some(app_id.as_str()) != set.receive_id.as_deref() {
                return Err(HookError::Signature);
            }
            message
        } else {
            // the signature covers the timestamp and nonce, never the body: anyone could
            // replay a signature with a body of their own
            if !credentials.plain_allowed {
                return Err(HookError::PlainRefused);
            }
            signer(&credentials.secrets, None, timestamp, nonce, q("signature")?).ok_or(HookError::Signature)?;
            fresh()?;
            body.to_owned()
        };
        let f = fields(&message)?;
        let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
        // messages have their MsgId; for events WeChat says to take the sender and the time
        let message_id = match get("MsgId") {
            "" => format!("e{}", &digest(["ToUserName", "FromUserName", "CreateTime", "Event", "EventKey"].map(get).join("\u{1f}").as_bytes())[..32]),
            id => id.to_owned(),
        };
        Ok(Verified::Delivery(Delivery { message_id, message, nonce: Some(format!("{timestamp}:{nonce}")), ack: "success" }))
    }

    fn normalise(&self, message: &str, ctx: &Context) -> Result<Vec<ChannelEvent>, String> {
        let f = fields(message).map_err(|e| e.to_string())?;
        let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("").trim();
        let scene = get("EventKey").trim_start_matches("qrscene_");
        let (kind, summary, sentiment) = match (get("MsgType"), get("Event")) {
            ("event", "subscribe") if scene.is_empty() => (EventType::Browse, "关注公众号".to_owned(), None),
            ("event", "subscribe") => (EventType::Browse, format!("扫码关注公众号（场景 {scene}）"), None),
            ("event", "SCAN") => (EventType::Browse, format!("扫码进入公众号（场景 {scene}）"), None),
            ("event", "unsubscribe") => (EventType::Browse, "取消关注公众号".to_owned(), Some(-0.5)),
            // menu clicks, location reports, template receipts: not a profile's
            ("event", _) => return Ok(vec![]),
            ("text", _) => (EventType::Inquiry, format!("公众号消息：{}", get("Content").chars().take(MAX_TEXT_CHARS - 8).collect::<String>()), None),
            (kind, _) => {
                let what = match kind {
                    "image" => "图片",
                    "voice" => "语音",
                    "video" | "shortvideo" => "视频",
                    "location" => "位置",
                    "link" => "链接",
                    _ => "消息",
                };
                (EventType::Inquiry, format!("公众号消息（{what}）"), None)
            }
        };
        let follower = get("FromUserName");
        if follower.is_empty() {
            return Err("FromUserName is missing".into());
        }
        let mut event = ctx.event(kind, follower, get("CreateTime").parse().ok().and_then(unix_time), summary);
        event.payload.sentiment = sentiment;
        Ok(vec![event])
    }
}
