//! The IndexedDB cache that keeps a tablet useful on weak store Wi-Fi. Values are JSON text
//! keyed by string; everything stored came from the API already masked.

pub mod profiles;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "roundtrip";
pub const PROFILES: &str = "profiles";
const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("IndexedDB: {0}")]
    Idb(String),
    #[error("stored value is not valid: {0}")]
    Json(#[from] serde_json::Error),
    #[error("the write was not committed")]
    NotCommitted,
}

impl From<rexie::Error> for CacheError {
    fn from(e: rexie::Error) -> Self {
        CacheError::Idb(e.to_string())
    }
}

/// Opens (creating or upgrading) the cache database called `name`. Close it after use:
/// an open connection blocks [`wipe`].
pub async fn open(name: &str) -> Result<Rexie, CacheError> {
    Ok(Rexie::builder(name).version(VERSION).add_object_store(ObjectStore::new(PROFILES)).build().await?)
}

/// Writes `value` under `key` and waits until the transaction is durably committed.
pub async fn put_json<T: Serialize>(db: &Rexie, store: &str, key: &str, value: &T) -> Result<(), CacheError> {
    let text = serde_json::to_string(value)?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    tx.store(store)?.put(&JsValue::from_str(&text), Some(&JsValue::from_str(key))).await?;
    if tx.done().await?.is_committed() {
        Ok(())
    } else {
        Err(CacheError::NotCommitted)
    }
}

pub async fn get_json<T: DeserializeOwned>(db: &Rexie, store: &str, key: &str) -> Result<Option<T>, CacheError> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let value = tx.store(store)?.get(JsValue::from_str(key)).await?;
    match value.and_then(|v| v.as_string()) {
        Some(text) => Ok(Some(serde_json::from_str(&text)?)),
        None => Ok(None),
    }
}

/// Removes the whole cache database (signing out must leave nothing personal behind).
/// Connections must be closed first, or the browser blocks the deletion.
pub async fn wipe(name: &str) -> Result<(), CacheError> {
    Ok(Rexie::delete(name).await?)
}
