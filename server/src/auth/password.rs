use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// argon2id with the crate's defaults (19 MiB, 2 passes), as OWASP recommends.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashing").to_string()
}

/// Verifies against a stored PHC string. Without a stored hash a dummy one is checked anyway,
/// so an unknown username costs the same time as a wrong password.
pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let known = stored.is_some();
    let phc = stored.unwrap_or_else(|| DUMMY.get_or_init(|| hash_password("not a real password")));
    let ok = PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false);
    known && ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("s3cret");
        let b = hash_password("s3cret");
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b);
        assert!(verify_password("s3cret", Some(&a)));
        assert!(!verify_password("wrong", Some(&a)));
        assert!(!verify_password("s3cret", None));
    }
}
