use crate::db::Db;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Adds `Secure` to cookies; on when served behind HTTPS.
    pub secure_cookies: bool,
}
