//! WeChat Pay v3 notifications (支付通知, 退款通知): JSON whose `resource` is encrypted with
//! AEAD_AES_256_GCM under the merchant's APIv3 key, signed by WeChat Pay with RSA-SHA256 over
//! `timestamp\nnonce\nbody\n` (headers `Wechatpay-Timestamp`, `-Nonce`, `-Signature`), verified
//! with WeChat Pay's public key. A payment is recorded for the payer's openid; a refund names
//! only the transaction, so it is recorded once its payment has been (it waits, retried, when it
//! arrives first).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use chrono::{DateTime, Utc};
use roundtrip_domain::events::{ChannelEvent, EventType};
use roundtrip_domain::hooks::{is_fresh, ConnectorSecrets};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use serde_json::{json, Value};

use super::{Context, Credentials, Delivery, HookError, Incoming, Receiver, Verified};

pub struct WechatPay;

fn verified_by(set: &ConnectorSecrets, signed: &[u8], signature: &[u8]) -> bool {
    let Some(key) = set.public_key.as_deref().and_then(|pem| rsa::RsaPublicKey::from_public_key_pem(pem.trim()).ok()) else { return false };
    let Ok(signature) = Signature::try_from(signature) else { return false };
    VerifyingKey::<sha2::Sha256>::new(key).verify(signed, &signature).is_ok()
}

/// The resource inside a notification, decrypted with the APIv3 key.
fn decrypt(set: &ConnectorSecrets, resource: &Value) -> Result<Value, HookError> {
    let text = |k: &'static str| resource[k].as_str().ok_or(HookError::Malformed(k));
    let key = set.api_v3_key.as_deref().map(str::trim).filter(|k| k.len() == 32).ok_or(HookError::Config("api_v3_key is not 32 bytes"))?;
    let nonce = text("nonce")?;
    if nonce.len() != 12 {
        return Err(HookError::Malformed("nonce"));
    }
    let sealed = base64::engine::general_purpose::STANDARD.decode(text("ciphertext")?).map_err(|_| HookError::Malformed("ciphertext"))?;
    let aad = resource["associated_data"].as_str().unwrap_or("");
    let cipher = Aes256Gcm::new_from_slice(key.as_bytes()).expect("32-byte key");
    let plain = cipher.decrypt(Nonce::from_slice(nonce.as_bytes()), Payload { msg: &sealed, aad: aad.as_bytes() }).map_err(|_| HookError::Malformed("ciphertext"))?;
    serde_json::from_slice(&plain).map_err(|_| HookError::Malformed("ciphertext"))
}

fn yuan(fen: i64) -> String {
    format!("¥{}.{:02}", fen / 100, fen % 100)
}

impl Receiver for WechatPay {
    fn verify(&self, credentials: &Credentials, req: &Incoming, now: DateTime<Utc>) -> Result<Verified, HookError> {
        let header = |name: &'static str| req.headers.get(name).and_then(|v| v.to_str().ok()).filter(|v| !v.is_empty()).ok_or(HookError::Malformed(name));
        let (timestamp, nonce) = (header("wechatpay-timestamp")?, header("wechatpay-nonce")?);
        let signature = base64::engine::general_purpose::STANDARD.decode(header("wechatpay-signature")?).map_err(|_| HookError::Signature)?;
        let mut signed = format!("{timestamp}\n{nonce}\n").into_bytes();
        signed.extend_from_slice(req.body);
        signed.push(b'\n');
        let set = credentials.secrets.iter().find(|s| verified_by(s, &signed, &signature)).ok_or(HookError::Signature)?;
        if !is_fresh(timestamp.parse().map_err(|_| HookError::Malformed("wechatpay-timestamp"))?, now) {
            return Err(HookError::Stale);
        }
        let body: Value = serde_json::from_slice(req.body).map_err(|_| HookError::Malformed("body"))?;
        let resource = decrypt(set, &body["resource"])?;
        if resource["mchid"].as_str() != set.receive_id.as_deref() {
            return Err(HookError::Malformed("mchid"));
        }
        let event_type = body["event_type"].as_str().unwrap_or("").to_owned();
        // a payment or refund happens once, whatever number of notifications tells of it
        let id = |k: &str| resource[k].as_str().filter(|v| !v.is_empty()).map(str::to_owned);
        let message_id = match event_type.split('.').next() {
            Some("TRANSACTION") => id("transaction_id").map(|t| format!("txn:{t}")),
            Some("REFUND") => id("refund_id").map(|r| format!("refund:{r}")),
            _ => None,
        }
        .or_else(|| body["id"].as_str().map(|i| format!("ev:{i}")))
        .ok_or(HookError::Malformed("id"))?;
        let message = json!({ "id": body["id"], "event_type": event_type, "resource": resource }).to_string();
        Ok(Verified::Delivery(Delivery { message_id, message, nonce: Some(format!("{timestamp}:{nonce}")), ack: "" }))
    }

    fn depends_on(&self, message: &str) -> Option<String> {
        let m: Value = serde_json::from_str(message).ok()?;
        m["event_type"].as_str()?.starts_with("REFUND.").then(|| format!("txn:{}", m["resource"]["transaction_id"].as_str().unwrap_or("")))
    }

    fn normalise(&self, message: &str, ctx: &Context) -> Result<Vec<ChannelEvent>, String> {
        let m: Value = serde_json::from_str(message).map_err(|e| format!("message: {e}"))?;
        let r = &m["resource"];
        let (kind, payer, summary, at) = match m["event_type"].as_str().unwrap_or("") {
            "TRANSACTION.SUCCESS" if r["trade_state"] == "SUCCESS" => {
                let payer = r["payer"]["openid"].as_str().ok_or("payer.openid is missing")?.to_owned();
                let summary = format!("微信支付 {}（订单 {}）", yuan(r["amount"]["total"].as_i64().unwrap_or(0)), r["out_trade_no"].as_str().unwrap_or(""));
                (EventType::Payment, payer, summary, &r["success_time"])
            }
            "REFUND.SUCCESS" => {
                let payment = ctx.earlier.ok_or_else(|| format!("the payment of transaction {} has not arrived yet", r["transaction_id"].as_str().unwrap_or("?")))?;
                let payment: Value = serde_json::from_str(payment).map_err(|e| format!("payment: {e}"))?;
                let payer = payment["resource"]["payer"]["openid"].as_str().ok_or("the payment names no payer")?.to_owned();
                let summary = format!("微信支付退款 {}（订单 {}）", yuan(r["amount"]["refund"].as_i64().unwrap_or(0)), r["out_trade_no"].as_str().unwrap_or(""));
                (EventType::Cancellation, payer, summary, &r["success_time"])
            }
            // closed or abnormal refunds, unpaid transactions: nothing happened to the customer
            _ => return Ok(vec![]),
        };
        Ok(vec![ctx.event(kind, &payer, at.as_str().and_then(|t| DateTime::parse_from_rfc3339(t).ok()), summary)])
    }
}
