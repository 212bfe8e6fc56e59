//! The IndexedDB cache that keeps a tablet useful on weak store Wi-Fi. Values are JSON text
//! keyed by string; everything stored came from the API already masked.

pub mod outbox;
pub mod profiles;
pub mod replay;
pub mod roster;
pub mod status;

use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

pub const DB_NAME: &str = "roundtrip";
pub const PROFILES: &str = "profiles";
/// Edits waiting for the server, keyed so that key order is the order they were made.
pub const OUTBOX: &str = "outbox";
/// The store's customers for offline search, in chunks.
pub const ROSTER: &str = "roster";
/// Small facts: the signed-in user, the last sync.
pub const META: &str = "meta";
const VERSION: u32 = 2;

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
    Ok(Rexie::builder(name)
        .version(VERSION)
        .add_object_store(ObjectStore::new(PROFILES))
        .add_object_store(ObjectStore::new(OUTBOX))
        .add_object_store(ObjectStore::new(ROSTER))
        .add_object_store(ObjectStore::new(META))
        .build()
        .await?)
}

/// Writes `value` under `key` and waits until the transaction is durably committed.
pub async fn put_json<T: Serialize>(db: &Rexie, store: &str, key: &str, value: &T) -> Result<(), CacheError> {
    put_all_json(db, store, &[(key.to_string(), value)]).await
}

/// Writes every pair in one transaction: all of them are committed, or none.
pub async fn put_all_json<T: Serialize>(db: &Rexie, store: &str, items: &[(String, T)]) -> Result<(), CacheError> {
    write_all(db, store, items, false).await
}

/// Replaces everything in `store` with `items`, in one transaction: a failed write leaves the
/// old contents, never an empty store.
pub async fn replace_all_json<T: Serialize>(db: &Rexie, store: &str, items: &[(String, T)]) -> Result<(), CacheError> {
    write_all(db, store, items, true).await
}

async fn write_all<T: Serialize>(db: &Rexie, store: &str, items: &[(String, T)], clear: bool) -> Result<(), CacheError> {
    let texts: Vec<(String, String)> = items.iter().map(|(k, v)| Ok((k.clone(), serde_json::to_string(v)?))).collect::<Result<_, CacheError>>()?;
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    let s = tx.store(store)?;
    if clear {
        s.clear().await?;
    }
    for (key, text) in &texts {
        s.put(&JsValue::from_str(text), Some(&JsValue::from_str(key))).await?;
    }
    if tx.done().await?.is_committed() {
        Ok(())
    } else {
        Err(CacheError::NotCommitted)
    }
}

/// Every value of `store`, in key order.
pub async fn all_json<T: DeserializeOwned>(db: &Rexie, store: &str) -> Result<Vec<T>, CacheError> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly)?;
    let values = tx.store(store)?.get_all(None, None).await?;
    values.into_iter().filter_map(|v| v.as_string()).map(|text| Ok(serde_json::from_str(&text)?)).collect()
}

/// Deletes `keys` from `store` in one transaction.
pub async fn delete_keys(db: &Rexie, store: &str, keys: &[String]) -> Result<(), CacheError> {
    let tx = db.transaction(&[store], TransactionMode::ReadWrite)?;
    let s = tx.store(store)?;
    for key in keys {
        s.delete(JsValue::from_str(key)).await?;
    }
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
