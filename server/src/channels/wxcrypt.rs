//! The message crypto WeChat Official Accounts and WeCom share (WXBizMsgCrypt, as their
//! developer documentation describes it): a SHA-1 signature over the sorted token, timestamp,
//! nonce and ciphertext, and AES-256-CBC with the key from the 43-character EncodingAESKey,
//! the IV its first 16 bytes, PKCS#7 padding to 32 bytes, and a plaintext of 16 random bytes,
//! the message's length (4 bytes, big-endian), the message and the receiver's id.

use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
use base64::Engine;
use sha1::{Digest, Sha1};

use super::HookError;

type Decryptor = cbc::Decryptor<aes::Aes256>;

/// The signature the platform sends as `msg_signature` (or `signature` in plain mode, over
/// the first three parts only).
pub fn signature(parts: &[&str]) -> String {
    let mut sorted = parts.to_vec();
    sorted.sort_unstable();
    hex(&Sha1::digest(sorted.concat().as_bytes()))
}

/// A message as WeChat and WeCom write it: the text of each child of `<xml>`.
pub fn fields(xml: &str) -> Result<std::collections::HashMap<String, String>, HookError> {
    let doc = roxmltree::Document::parse(xml).map_err(|_| HookError::Malformed("xml"))?;
    Ok(doc.root_element().children().filter(|n| n.is_element()).map(|n| (n.tag_name().name().to_owned(), n.text().unwrap_or("").trim().to_owned())).collect())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The 32-byte key an EncodingAESKey stands for.
pub fn key(aes_key: &str) -> Result<[u8; 32], HookError> {
    // the platforms' keys end in bits a strict decoder refuses (their own libraries ignore them)
    let lenient = base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true));
    let bytes = lenient.decode(format!("{aes_key}=")).map_err(|_| HookError::Config("aes_key is not base64"))?;
    bytes.try_into().map_err(|_| HookError::Config("aes_key is not 32 bytes"))
}

/// The message inside `encrypted` (base64), and the receiver id it names.
pub fn decrypt(key: &[u8; 32], encrypted: &str) -> Result<(String, String), HookError> {
    let bad = || HookError::Malformed("Encrypt");
    let mut data = base64::engine::general_purpose::STANDARD.decode(encrypted.trim()).map_err(|_| bad())?;
    if data.is_empty() || data.len() % 16 != 0 {
        return Err(bad());
    }
    let plain = Decryptor::new(key.into(), key[..16].into()).decrypt_padded_mut::<NoPadding>(&mut data).map_err(|_| bad())?;
    // PKCS#7 to a 32-byte block: 1 to 32 bytes each holding the count
    let pad = *plain.last().ok_or_else(bad)? as usize;
    if !(1..=32).contains(&pad) || pad > plain.len() || !plain[plain.len() - pad..].iter().all(|&b| b as usize == pad) {
        return Err(bad());
    }
    let plain = &plain[..plain.len() - pad];
    if plain.len() < 20 {
        return Err(bad());
    }
    let len = u32::from_be_bytes(plain[16..20].try_into().expect("4 bytes")) as usize;
    let rest = &plain[20..];
    if len > rest.len() {
        return Err(bad());
    }
    let text = |b: &[u8]| String::from_utf8(b.to_vec()).map_err(|_| bad());
    Ok((text(&rest[..len])?, text(&rest[len..])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The URL-verification example in WeCom's callback documentation (its sample code's
    /// token, EncodingAESKey and corp id).
    #[test]
    fn the_documented_example_verifies_and_decrypts() {
        let echostr = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
        assert_eq!(signature(&["QDG6eK", "1409659589", "263014780", echostr]), "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3");
        let key = key("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C").unwrap();
        let (echo, receiver) = decrypt(&key, echostr).unwrap();
        assert_eq!(receiver, "wx5823bf96d3bd56c7");
        assert_eq!(echo, "1616140317555161061");
    }

    #[test]
    fn a_damaged_ciphertext_is_refused() {
        let key = key("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C").unwrap();
        assert!(decrypt(&key, "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqA==").is_err());
        assert!(decrypt(&key, "not base64!").is_err());
    }
}
