//! Edits waiting for the server. An edit is on the device once [`enqueue`] returns: the
//! IndexedDB transaction has committed, so it survives a reload or a browser restart.

use std::cell::Cell;

use chrono::{DateTime, Utc};
use roundtrip_domain::dto::{CustomerEdits, EditChange, OfflineEdit};
use roundtrip_domain::offline::rebase;
use serde::{Deserialize, Serialize};

use super::{all_json, delete_keys, open, put_all_json, put_json, CacheError, OUTBOX};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    pub edit: OfflineEdit,
    pub customer_name: String,
    pub queued_at: DateTime<Utc>,
    pub state: QueuedState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum QueuedState {
    Waiting,
    /// The server has a newer change this edit would overwrite; the person decides.
    Conflict { server: CustomerEdits },
    /// The server refused it (for example the customer moved to another store).
    /// The server's code for why (translated when shown; older entries have none) and its words.
    Refused {
        #[serde(default)]
        code: String,
        message: String,
        /// The field and rule refused, when the server named them.
        #[serde(default)]
        refusal: Option<roundtrip_domain::refusal::Refusal>,
    },
}

impl Queued {
    /// The outbox key: the idempotency key, which sorts in the order edits were made.
    pub fn key(&self) -> &str {
        &self.edit.client_key
    }
    pub fn is_waiting(&self) -> bool {
        self.state == QueuedState::Waiting
    }
}

thread_local! {
    static SEQ: Cell<u32> = const { Cell::new(0) };
}

/// A new idempotency key: milliseconds, a counter for edits in the same millisecond, and
/// random hex so two devices never collide. Its text order is the order of making.
pub fn new_key() -> String {
    let millis = js_sys::Date::now() as u64;
    let seq = SEQ.with(|s| {
        let n = s.get().wrapping_add(1) % 10_000;
        s.set(n);
        n
    });
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
    format!("{millis:013}{seq:04}-{random:08x}")
}

/// An edit made now on this device: it carries its time, which the server dates it by.
pub fn queued(customer_id: i64, customer_name: String, base_version: i64, change: EditChange) -> Queued {
    let now = Utc::now();
    Queued {
        edit: OfflineEdit { client_key: new_key(), customer_id, base_version, change, made_at: Some(now) },
        customer_name,
        queued_at: now,
        state: QueuedState::Waiting,
    }
}

pub async fn enqueue(db_name: &str, entry: &Queued) -> Result<(), CacheError> {
    save(db_name, entry).await
}

/// Writes one entry back (a changed state or base version).
pub async fn save(db_name: &str, entry: &Queued) -> Result<(), CacheError> {
    let db = open(db_name).await?;
    let result = put_json(&db, OUTBOX, entry.key(), entry).await;
    db.close();
    result
}

/// Everything in the outbox, oldest first.
pub async fn all(db_name: &str) -> Result<Vec<Queued>, CacheError> {
    let db = open(db_name).await?;
    let result = all_json(&db, OUTBOX).await;
    db.close();
    result
}

pub async fn remove(db_name: &str, key: &str) -> Result<(), CacheError> {
    let db = open(db_name).await?;
    let result = delete_keys(&db, OUTBOX, &[key.to_string()]).await;
    db.close();
    result
}

/// Moves the customer's waiting edits made on version `from` onto `to` (see
/// [`rebase`]) and stores them, all in one transaction. Returns the outbox as it now is.
pub async fn rebase_stored(db_name: &str, customer: i64, from: i64, to: i64) -> Result<Vec<Queued>, CacheError> {
    let mut entries = all(db_name).await?;
    let mut edits: Vec<OfflineEdit> = entries.iter().filter(|e| e.is_waiting()).map(|e| e.edit.clone()).collect();
    if rebase(&mut edits, customer, from, to) == 0 {
        return Ok(entries);
    }
    let mut changed = Vec::new();
    for entry in entries.iter_mut() {
        if let Some(edit) = edits.iter().find(|e| e.client_key == entry.edit.client_key) {
            if edit.base_version != entry.edit.base_version {
                entry.edit.base_version = edit.base_version;
                changed.push((entry.key().to_string(), entry.clone()));
            }
        }
    }
    let db = open(db_name).await?;
    let result = put_all_json(&db, OUTBOX, &changed).await;
    db.close();
    result.map(|_| entries)
}

/// Gives the customer's held conflicts the server's latest state, so that "Apply mine" is
/// based on the version now on the server (the device's own later edits may have moved it
/// on since the conflict was found) and applies on the first tap.
pub async fn refresh_held(db_name: &str, customer: i64, latest: &CustomerEdits) -> Result<(), CacheError> {
    let changed: Vec<(String, Queued)> = all(db_name)
        .await?
        .into_iter()
        .filter(|e| e.edit.customer_id == customer)
        .filter_map(|mut e| match &mut e.state {
            QueuedState::Conflict { server } if server.version < latest.version => {
                *server = latest.clone();
                Some((e.key().to_string(), e))
            }
            _ => None,
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let db = open(db_name).await?;
    let result = put_all_json(&db, OUTBOX, &changed).await;
    db.close();
    result
}
