//! The channel platforms' side, written from their published specifications and separately
//! from the server's code: WeCom signs and encrypts as its callback documentation describes,
//! Douyin signs the body with its client secret.

use aes::cipher::{block_padding::NoPadding, BlockEncryptMut, KeyIvInit};
use base64::Engine;
use sha1::{Digest, Sha1};

fn sha1_hex(data: &[u8]) -> String {
    Sha1::digest(data).iter().map(|b| format!("{b:02x}")).collect()
}

/// A WeCom corp's callback settings.
pub struct Wecom {
    pub token: String,
    pub aes_key: String,
    pub corp_id: String,
}

/// A signed request as WeCom sends it: the query string and the body.
pub struct Signed {
    pub query: String,
    pub body: String,
}

impl Wecom {
    pub fn new(token: &str, aes_key: &str, corp_id: &str) -> Self {
        Self { token: token.into(), aes_key: aes_key.into(), corp_id: corp_id.into() }
    }

    fn key(&self) -> Vec<u8> {
        let lenient = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
        lenient.decode(format!("{}=", self.aes_key)).unwrap()
    }

    /// random(16) | length (4, big-endian) | message | corp id, padded PKCS#7 to 32 bytes,
    /// AES-256-CBC with the key's first 16 bytes as IV, base64.
    pub fn encrypt(&self, message: &str) -> String {
        let mut plain: Vec<u8> = (0..16).map(|_| rand::random::<u8>()).collect();
        plain.extend((message.len() as u32).to_be_bytes());
        plain.extend(message.as_bytes());
        plain.extend(self.corp_id.as_bytes());
        let pad = 32 - plain.len() % 32;
        plain.extend(std::iter::repeat_n(pad as u8, pad));
        let key = self.key();
        let len = plain.len();
        let enc = cbc::Encryptor::<aes::Aes256>::new(key[..].into(), key[..16].into()).encrypt_padded_mut::<NoPadding>(&mut plain, len).unwrap().to_vec();
        base64::engine::general_purpose::STANDARD.encode(enc)
    }

    pub fn signature(&self, timestamp: &str, nonce: &str, encrypted: &str) -> String {
        let mut parts = [self.token.as_str(), timestamp, nonce, encrypted];
        parts.sort();
        sha1_hex(parts.concat().as_bytes())
    }

    /// A callback POST carrying `message` (XML), signed at `timestamp` with `nonce`.
    pub fn post(&self, message: &str, timestamp: i64, nonce: &str) -> Signed {
        let encrypted = self.encrypt(message);
        let signature = self.signature(&timestamp.to_string(), nonce, &encrypted);
        Signed {
            query: format!("msg_signature={signature}&timestamp={timestamp}&nonce={nonce}"),
            body: format!("<xml><ToUserName><![CDATA[{}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>", self.corp_id),
        }
    }

    /// The address check: a GET whose `echostr` is `echo` encrypted.
    pub fn check(&self, echo: &str, timestamp: i64, nonce: &str) -> String {
        let encrypted = self.encrypt(echo);
        let signature = self.signature(&timestamp.to_string(), nonce, &encrypted);
        let echostr: String = url_escape(&encrypted);
        format!("msg_signature={signature}&timestamp={timestamp}&nonce={nonce}&echostr={echostr}")
    }
}

/// A WeChat Official Account's side: the same crypto as WeCom's with the app id inside, and in
/// plain mode a signature over the token, timestamp and nonce alone.
impl Wecom {
    /// An encrypted (safe mode) POST: `encrypt_type=aes` and `msg_signature` in the query.
    pub fn post_safe(&self, message: &str, timestamp: i64, nonce: &str) -> Signed {
        let encrypted = self.encrypt(message);
        let msg_signature = self.signature(&timestamp.to_string(), nonce, &encrypted);
        let signature = self.plain_signature(timestamp, nonce);
        Signed {
            query: format!("signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=o-sim&encrypt_type=aes&msg_signature={msg_signature}"),
            body: format!("<xml><ToUserName><![CDATA[gh_roundtrip]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"),
        }
    }

    pub fn plain_signature(&self, timestamp: i64, nonce: &str) -> String {
        let ts = timestamp.to_string();
        let mut parts = [self.token.as_str(), ts.as_str(), nonce];
        parts.sort();
        sha1_hex(parts.concat().as_bytes())
    }

    /// A plain-mode POST: the body as it is, the query signed without it.
    pub fn post_plain(&self, message: &str, timestamp: i64, nonce: &str) -> Signed {
        let signature = self.plain_signature(timestamp, nonce);
        Signed { query: format!("signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=o-sim"), body: message.to_owned() }
    }
}

/// A follower's event or text message as the Official Account documentation shows them.
pub fn oa_event(follower: &str, event: &str, key: &str, at: i64) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_roundtrip]]></ToUserName><FromUserName><![CDATA[{follower}]]></FromUserName><CreateTime>{at}</CreateTime>\
         <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event><EventKey><![CDATA[{key}]]></EventKey></xml>"
    )
}

pub fn oa_text(follower: &str, text: &str, msg_id: u64, at: i64) -> String {
    format!(
        "<xml><ToUserName><![CDATA[gh_roundtrip]]></ToUserName><FromUserName><![CDATA[{follower}]]></FromUserName><CreateTime>{at}</CreateTime>\
         <MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )
}

fn url_escape(s: &str) -> String {
    s.chars().map(|c| match c { '+' => "%2B".into(), '/' => "%2F".into(), '=' => "%3D".into(), c => c.to_string() }).collect()
}

/// A change_external_contact event as WeCom's customer-contact documentation shows it.
pub fn contact_event(corp: &str, change: &str, user: &str, contact: &str, at: i64) -> String {
    format!(
        "<xml><ToUserName><![CDATA[{corp}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>{at}</CreateTime>\
         <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[{change}]]></ChangeType>\
         <UserID><![CDATA[{user}]]></UserID><ExternalUserID><![CDATA[{contact}]]></ExternalUserID><State><![CDATA[store-qr]]></State>\
         <WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode></xml>"
    )
}

/// Douyin's `X-Douyin-Signature`: SHA-1 of the client secret followed by the body.
pub fn douyin_signature(client_secret: &str, body: &str) -> String {
    sha1_hex(format!("{client_secret}{body}").as_bytes())
}

/// A private message to the agency's Douyin account (`im_receive_msg`), content as a string.
pub fn douyin_message(client_key: &str, from: &str, text: &str, at: i64) -> String {
    let content = serde_json::json!({ "message_type": "text", "text": text, "create_time": at, "conversation_short_id": "7291" }).to_string();
    serde_json::json!({ "event": "im_receive_msg", "from_user_id": from, "to_user_id": "agency-account", "client_key": client_key, "content": content, "log_id": "2026120119" }).to_string()
}

/// WeChat Pay's side, for tests only: a key pair made for this repository (never a real
/// merchant's), the signature over `timestamp\nnonce\nbody\n` and the AEAD_AES_256_GCM resource.
pub mod wechat_pay {
    use aes_gcm::aead::{Aead, KeyInit, Payload};
    use base64::Engine;
    use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
    use rsa::signature::{SignatureEncoding, Signer};

    pub const MCH_ID: &str = "1900009191";
    pub const API_V3_KEY: &str = "rt-test-apiv3-key-0123456789abcd";
    const PRIVATE_KEY: &str = include_str!("wxpay_test_key.pem");

    fn key() -> rsa::RsaPrivateKey {
        rsa::RsaPrivateKey::from_pkcs8_pem(PRIVATE_KEY).unwrap()
    }

    /// WeChat Pay's public key as the merchant platform hands it out (PEM).
    pub fn public_key() -> String {
        key().to_public_key().to_public_key_pem(rsa::pkcs8::LineEnding::LF).unwrap()
    }

    /// A notification of `event_type` carrying `resource`, and its signature headers.
    pub fn notify(id: &str, event_type: &str, resource: &serde_json::Value, timestamp: i64, nonce: &str) -> (String, Vec<(String, String)>) {
        let aead_nonce = &format!("{:0>12}", &id[id.len().saturating_sub(12)..])[..12];
        let cipher = aes_gcm::Aes256Gcm::new_from_slice(API_V3_KEY.as_bytes()).unwrap();
        let sealed = cipher
            .encrypt(aes_gcm::Nonce::from_slice(aead_nonce.as_bytes()), Payload { msg: resource.to_string().as_bytes(), aad: b"transaction" })
            .unwrap();
        let body = serde_json::json!({
            "id": id, "create_time": "2026-12-01T10:00:00+08:00", "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
            "resource": { "original_type": "transaction", "algorithm": "AEAD_AES_256_GCM", "associated_data": "transaction", "nonce": aead_nonce,
                "ciphertext": base64::engine::general_purpose::STANDARD.encode(sealed) },
        })
        .to_string();
        let signature = sign(&format!("{timestamp}\n{nonce}\n{body}\n"));
        let headers = vec![
            ("Wechatpay-Timestamp".into(), timestamp.to_string()),
            ("Wechatpay-Nonce".into(), nonce.into()),
            ("Wechatpay-Signature".into(), signature),
            ("Wechatpay-Serial".into(), "PUB_KEY_ID_0119000091912026".into()),
            ("Content-Type".into(), "application/json".into()),
        ];
        (body, headers)
    }

    pub fn sign(message: &str) -> String {
        let signer = rsa::pkcs1v15::SigningKey::<sha2::Sha256>::new(key());
        base64::engine::general_purpose::STANDARD.encode(signer.sign(message.as_bytes()).to_bytes())
    }

    pub fn payment(transaction: &str, openid: &str, fen: i64) -> serde_json::Value {
        serde_json::json!({ "mchid": MCH_ID, "appid": "wx-roundtrip-app", "out_trade_no": format!("RT{transaction}"), "transaction_id": transaction,
            "trade_type": "JSAPI", "trade_state": "SUCCESS", "success_time": "2026-11-30T15:20:00+08:00", "payer": { "openid": openid },
            "amount": { "total": fen, "payer_total": fen, "currency": "CNY", "payer_currency": "CNY" } })
    }

    pub fn refund(transaction: &str, refund: &str, fen: i64) -> serde_json::Value {
        serde_json::json!({ "mchid": MCH_ID, "out_trade_no": format!("RT{transaction}"), "transaction_id": transaction, "out_refund_no": format!("RF{refund}"),
            "refund_id": refund, "refund_status": "SUCCESS", "success_time": "2026-12-01T09:00:00+08:00", "user_received_account": "招商银行信用卡0403",
            "amount": { "total": 99_900, "refund": fen, "payer_total": 99_900, "payer_refund": fen } })
    }
}
