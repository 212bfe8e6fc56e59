//! Douyin (抖音) webhooks: JSON signed with `X-Douyin-Signature`, the SHA-1 of the app's
//! client secret followed by the body. No timestamp is signed: a retry is byte-identical,
//! and the `Msg-Id` header is what makes it the same delivery. The address check is a
//! `verify_webhook` event whose challenge is echoed.

use chrono::{DateTime, Utc};
use roundtrip_domain::events::{ChannelEvent, EventType, MAX_TEXT_CHARS};
use serde_json::Value;
use sha1::{Digest, Sha1};

use super::{digest, same, unix_time, wxcrypt::hex, Context, Credentials, Delivery, HookError, Incoming, Receiver, Verified};

pub struct Douyin;

/// `content` is a JSON object, or (as most events send it) JSON inside a string.
fn content(body: &Value) -> Value {
    match &body["content"] {
        Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        other => other.clone(),
    }
}

impl Receiver for Douyin {
    fn verify(&self, credentials: &Credentials, req: &Incoming, _now: DateTime<Utc>) -> Result<Verified, HookError> {
        let signed = req.headers.get("x-douyin-signature").and_then(|v| v.to_str().ok()).ok_or(HookError::Malformed("X-Douyin-Signature"))?;
        let valid = credentials.secrets.iter().any(|s| {
            let mut sha = Sha1::new();
            sha.update(s.client_secret.as_deref().unwrap_or("").as_bytes());
            sha.update(req.body);
            same(&hex(&sha.finalize()), &signed.to_ascii_lowercase())
        });
        if !valid {
            return Err(HookError::Signature);
        }
        let body: Value = serde_json::from_slice(req.body).map_err(|_| HookError::Malformed("body"))?;
        if body["event"] == "verify_webhook" {
            let challenge = content(&body)["challenge"].clone();
            return Ok(Verified::Challenge { body: serde_json::json!({ "challenge": challenge }).to_string(), content_type: "application/json" });
        }
        let message = String::from_utf8(req.body.to_vec()).map_err(|_| HookError::Malformed("body"))?;
        let message_id = match req.headers.get("msg-id").and_then(|v| v.to_str().ok()).map(str::trim) {
            Some(id) if !id.is_empty() && id.len() <= 128 => id.to_owned(),
            _ => format!("b{}", &digest(req.body)[..32]),
        };
        Ok(Verified::Delivery(Delivery { message_id, message, nonce: None, ack: "" }))
    }

    fn normalise(&self, message: &str, ctx: &Context) -> Result<Vec<ChannelEvent>, String> {
        let body: Value = serde_json::from_str(message).map_err(|e| format!("body: {e}"))?;
        let kind = match body["event"].as_str().unwrap_or("") {
            // a private message to the agency's account, or the user opening the chat
            "im_receive_msg" => EventType::Inquiry,
            "im_enter_direct_msg" => EventType::Browse,
            // authorisations, the agency's own messages, orders without a customer: not a profile's
            _ => return Ok(vec![]),
        };
        let user = body["from_user_id"].as_str().unwrap_or("").trim();
        if user.is_empty() {
            return Err("from_user_id is missing".into());
        }
        let content = content(&body);
        let text = content["text"].as_str().or_else(|| content["content"].as_str()).unwrap_or("").trim();
        let summary = match (kind, text) {
            (EventType::Browse, _) => "打开抖音私信".to_owned(),
            (_, "") => "抖音私信".to_owned(),
            (_, t) => format!("抖音私信：{}", t.chars().take(MAX_TEXT_CHARS - 8).collect::<String>()),
        };
        // create_time is in seconds, or milliseconds on newer events
        let mut event = ctx.event(kind, user, content["create_time"].as_i64().and_then(unix_time), summary);
        event.identity.douyin_open_id = Some(user.to_owned());
        Ok(vec![event])
    }
}
