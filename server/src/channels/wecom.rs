//! WeCom (企业微信) callbacks: external-contact changes (客户联系 change_external_contact)
//! pushed encrypted, with `msg_signature`, `timestamp` and `nonce` in the query. The address
//! check is a GET whose `echostr` is decrypted and echoed.

use chrono::{DateTime, Utc};
use roundtrip_domain::events::{ChannelEvent, EventType};
use roundtrip_domain::hooks::is_fresh;

use super::wxcrypt::fields;
use super::{digest, same, unix_time, wxcrypt, Context, Credentials, Delivery, HookError, Incoming, Receiver, Verified};

pub struct Wecom;

impl Receiver for Wecom {
    fn verify(&self, credentials: &Credentials, req: &Incoming, now: DateTime<Utc>) -> Result<Verified, HookError> {
        let secrets = &credentials.secrets;
        let q = |name: &'static str| req.query.get(name).map(String::as_str).filter(|v| !v.is_empty()).ok_or(HookError::Malformed(name));
        let (signed, timestamp, nonce) = (q("msg_signature")?, q("timestamp")?, q("nonce")?);
        let at: i64 = timestamp.parse().map_err(|_| HookError::Malformed("timestamp"))?;
        let (encrypted, check) = if req.method == axum::http::Method::GET {
            (q("echostr")?.to_owned(), true)
        } else {
            let body = std::str::from_utf8(req.body).map_err(|_| HookError::Malformed("xml"))?;
            (fields(body)?.remove("Encrypt").filter(|e| !e.is_empty()).ok_or(HookError::Malformed("Encrypt"))?, false)
        };
        // signature first: an unsigned request learns nothing, not even that it is late
        let set = secrets
            .iter()
            .find(|s| same(&wxcrypt::signature(&[s.token.as_deref().unwrap_or(""), timestamp, nonce, &encrypted]), signed))
            .ok_or(HookError::Signature)?;
        if !is_fresh(at, now) {
            return Err(HookError::Stale);
        }
        let key = wxcrypt::key(set.aes_key.as_deref().unwrap_or(""))?;
        let (message, receiver) = wxcrypt::decrypt(&key, &encrypted)?;
        if Some(receiver.as_str()) != set.receive_id.as_deref() {
            return Err(HookError::Signature);
        }
        if check {
            return Ok(Verified::Challenge { body: message, content_type: "text/plain; charset=utf-8" });
        }
        let f = fields(&message)?;
        let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
        // events carry no id of their own; what they say identifies them (a retry says it again)
        let message_id = match get("MsgId") {
            "" => format!("e{}", &digest(["ToUserName", "CreateTime", "Event", "ChangeType", "UserID", "ExternalUserID"].map(get).join("\u{1f}").as_bytes())[..32]),
            id => id.to_owned(),
        };
        Ok(Verified::Delivery(Delivery { message_id, message, nonce: Some(format!("{timestamp}:{nonce}")), ack: "success" }))
    }

    fn normalise(&self, message: &str, ctx: &Context) -> Result<Vec<ChannelEvent>, String> {
        let f = fields(message).map_err(|e| e.to_string())?;
        let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
        if get("Event") != "change_external_contact" {
            return Ok(vec![]);
        }
        let (summary, sentiment) = match get("ChangeType") {
            "add_external_contact" | "add_half_external_contact" => (format!("添加企业微信联系人（顾问 {}）", get("UserID")), None),
            "del_follow_user" => (format!("客户删除了企业微信顾问 {}", get("UserID")), Some(-0.5)),
            // remarks edited, transfers, the adviser removing the contact: nothing on a profile
            _ => return Ok(vec![]),
        };
        let contact = get("ExternalUserID");
        if contact.is_empty() {
            return Err("ExternalUserID is missing".into());
        }
        let mut event = ctx.event(EventType::Inquiry, contact, get("CreateTime").parse().ok().and_then(unix_time), summary);
        event.payload.sentiment = sentiment;
        Ok(vec![event])
    }
}
