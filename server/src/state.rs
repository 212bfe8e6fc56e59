use crate::db::Db;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Adds `Secure` to cookies; on when served behind HTTPS.
    pub secure_cookies: bool,
    /// Hashes, seals and opens ID and passport numbers.
    pub id_vault: std::sync::Arc<crate::vault::IdVault>,
    /// What the service desk takes as now (fixed in tests).
    pub clock: crate::clock::Clock,
}
