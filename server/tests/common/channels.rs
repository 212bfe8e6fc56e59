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
