//! ID and passport numbers at rest. Each number is kept three ways: a keyed hash to match
//! members on, AES-256-GCM ciphertext that only an audited reveal or a data-subject export
//! opens, and the masked form everyone else sees. One secret from configuration (never the
//! repository) gives both keys.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// Label that separates the encryption key from the hashing key; it cannot be a normalised
/// ID number (those are letters and digits only), so no hash ever equals the derived key.
const SEAL_KEY_LABEL: &[u8] = b"roundtrip:id-number-seal:v1";
/// Marks the ciphertext format, so a later key or algorithm can sit beside this one.
const SEALED_PREFIX: &str = "v1:";

pub struct IdVault {
    hash_key: Vec<u8>,
    cipher: Aes256Gcm,
}

/// A normalised ID number as stored: (hash, sealed, masked).
pub struct StoredId {
    pub hash: String,
    pub sealed: String,
    pub masked: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the ID number cannot be decrypted with this server's key")]
pub struct Unreadable;

impl IdVault {
    pub fn new(secret: &[u8]) -> Self {
        let seal_key = Self::mac(secret, SEAL_KEY_LABEL);
        Self { hash_key: secret.to_vec(), cipher: Aes256Gcm::new_from_slice(&seal_key).expect("32-byte key") }
    }

    fn mac(key: &[u8], message: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }

    /// The keyed hash that identity matching compares (hex).
    pub fn hash(&self, id_number: &str) -> String {
        Self::mac(&self.hash_key, id_number.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Hash, ciphertext and masked form of a normalised number. The ciphertext is bound to
    /// its hash, so it cannot be moved onto another row and opened there.
    pub fn store(&self, id_number: &str) -> StoredId {
        let hash = self.hash(id_number);
        let sealed = self.seal(&hash, id_number);
        StoredId { hash, sealed, masked: roundtrip_domain::mask::mask_id_number(id_number) }
    }

    /// The number behind `sealed`, checked against the row's hash.
    pub fn open(&self, sealed: &str, hash: &str) -> Result<String, Unreadable> {
        self.unseal(hash, sealed)
    }

    /// `plain` encrypted and bound to `context` (what it belongs to): only `unseal` with the
    /// same context opens it. Also seals the channels' connector secrets.
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .expect("AES-GCM encrypts any short message");
        let mut bytes = nonce.to_vec();
        bytes.extend(sealed);
        format!("{SEALED_PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes))
    }

    pub fn unseal(&self, context: &str, sealed: &str) -> Result<String, Unreadable> {
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|b| base64::engine::general_purpose::STANDARD_NO_PAD.decode(b).ok())
            .filter(|b| b.len() > 12)
            .ok_or(Unreadable)?;
        let (nonce, body) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: context.as_bytes() }).map_err(|_| Unreadable)?;
        String::from_utf8(plain).map_err(|_| Unreadable)
    }

    /// `ROUNDTRIP_ID_KEY` (at least 16 characters; `ROUNDTRIP_ID_HASH_KEY`, its name when it
    /// only hashed, still works), else a random key kept in `<db>.key` (created on first
    /// start, readable by the owner only).
    pub fn load(db_path: &std::path::Path) -> Result<Self, String> {
        if let Ok(key) = std::env::var("ROUNDTRIP_ID_KEY").or_else(|_| std::env::var("ROUNDTRIP_ID_HASH_KEY")) {
            if key.len() < 16 {
                return Err("ROUNDTRIP_ID_KEY must be at least 16 characters".into());
            }
            return Ok(Self::new(key.as_bytes()));
        }
        let path = db_path.with_extension("key");
        if let Ok(key) = std::fs::read(&path) {
            return Ok(Self::new(&key));
        }
        let mut key = vec![0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        std::fs::write(&path, &key).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
        }
        Ok(Self::new(&key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_number_opens_only_with_its_key_and_its_own_hash() {
        let vault = IdVault::new(b"a key for the tests");
        let id = vault.store("11010119900307123X");
        assert!(!id.sealed.contains("11010119900307123X"));
        assert_eq!(id.masked, "1101**********123X");
        assert_eq!(id.hash, vault.hash("11010119900307123X"));
        assert_eq!(vault.open(&id.sealed, &id.hash).as_deref(), Ok("11010119900307123X"));
        let other = vault.store("320102198001010011");
        assert_eq!(vault.open(&id.sealed, &other.hash), Err(Unreadable), "ciphertext moved to another row");
        assert_eq!(IdVault::new(b"another key entirely").open(&id.sealed, &id.hash), Err(Unreadable));
        assert_eq!(vault.open("v1:AAAA", &id.hash), Err(Unreadable));
        assert_ne!(vault.store("11010119900307123X").sealed, id.sealed, "a fresh nonce each time");
    }
}
