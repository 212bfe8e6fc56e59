//! What the tablet shows about its offline state (online or not, edits waiting, edits held
//! for a decision, last sync, persistent storage), and the one place that starts a sync.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::outbox;
use super::{replay, roster, DB_NAME};
use crate::api;

const LAST_SYNC: &str = "roundtrip.last_sync";
/// The outbox counts as last read, so the top bar shows them the moment the app starts
/// (IndexedDB answers only later) instead of hiding the chip after each reload.
const COUNTS: &str = "roundtrip.outbox_counts";
const ROSTER_SIZE: &str = "roundtrip.roster_size";
pub const ROSTER_SIZES: [u32; 3] = [5_000, 10_000, 20_000];
/// How old the roster may get before an online tablet fetches it again.
const ROSTER_MAX_AGE_HOURS: i64 = 6;

#[derive(Clone, Copy)]
pub struct SyncStatus {
    pub online: RwSignal<bool>,
    /// Edits on the device that the server has not applied yet.
    pub waiting: RwSignal<usize>,
    /// Conflicts and refusals waiting for the person.
    pub held: RwSignal<usize>,
    pub last_sync: RwSignal<Option<DateTime<Utc>>>,
    /// Whether the browser promised not to evict the cache (`None` until asked).
    pub persisted: RwSignal<Option<bool>>,
    pub roster: RwSignal<Option<roster::RosterInfo>>,
    /// Bumped whenever the outbox changed, so views showing it read it again.
    pub revision: RwSignal<u32>,
    running: RwSignal<bool>,
    again: RwSignal<bool>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn roster_size() -> u32 {
    storage().and_then(|s| s.get_item(ROSTER_SIZE).ok().flatten()).and_then(|v| v.parse().ok()).filter(|n| ROSTER_SIZES.contains(n)).unwrap_or(ROSTER_SIZES[0])
}

pub fn set_roster_size(n: u32) {
    if let Some(s) = storage() {
        let _ = s.set_item(ROSTER_SIZE, &n.to_string());
    }
}

fn navigator_online() -> bool {
    web_sys::window().map(|w| w.navigator().on_line()).unwrap_or(true)
}

impl SyncStatus {
    pub fn new() -> Self {
        let (waiting, held) = storage()
            .and_then(|s| s.get_item(COUNTS).ok().flatten())
            .and_then(|v| v.split_once(' ').and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?))))
            .unwrap_or((0, 0));
        let last = storage().and_then(|s| s.get_item(LAST_SYNC).ok().flatten()).and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| t.with_timezone(&Utc));
        Self {
            online: RwSignal::new(navigator_online()),
            waiting: RwSignal::new(waiting),
            held: RwSignal::new(held),
            last_sync: RwSignal::new(last),
            persisted: RwSignal::new(None),
            roster: RwSignal::new(None),
            revision: RwSignal::new(0),
            running: RwSignal::new(false),
            again: RwSignal::new(false),
        }
    }

    /// Reads the outbox counts again (after an edit was queued or a conflict decided).
    pub async fn recount(self) {
        if let Ok(entries) = outbox::all(DB_NAME).await {
            let waiting = entries.iter().filter(|e| e.is_waiting()).count();
            self.set_counts(waiting, entries.len() - waiting);
        }
        if let Ok(info) = roster::info(DB_NAME).await {
            self.roster.set(info);
        }
        self.revision.update(|r| *r += 1);
    }

    fn set_counts(self, waiting: usize, held: usize) {
        self.waiting.set(waiting);
        self.held.set(held);
        if let Some(s) = storage() {
            let _ = s.set_item(COUNTS, &format!("{waiting} {held}"));
        }
    }

    /// Counts one edit the server answered during a replay, as it happens.
    fn answered(self, how: replay::Answered) {
        let (waiting, held) = (self.waiting.get_untracked().saturating_sub(1), self.held.get_untracked());
        self.set_counts(waiting, if how == replay::Answered::Held { held + 1 } else { held });
    }

    /// Puts an edit in the outbox (committed before this returns) and tries to send it.
    pub async fn enqueue(self, entry: &outbox::Queued) -> Result<(), super::CacheError> {
        outbox::enqueue(DB_NAME, entry).await?;
        self.recount().await;
        self.kick();
        Ok(())
    }

    /// Sends what is waiting, if the browser thinks it is online; one run at a time (a kick
    /// during a run makes it go round once more).
    pub fn kick(self) {
        self.online.set(navigator_online());
        if !self.online.get_untracked() {
            return;
        }
        if self.running.get_untracked() {
            self.again.set(true);
            return;
        }
        self.running.set(true);
        spawn_local(async move {
            loop {
                self.again.set(false);
                self.run_once().await;
                if !self.again.get_untracked() {
                    break;
                }
            }
            self.running.set(false);
        });
    }

    async fn run_once(self) {
        match replay::replay(DB_NAME, move |how| self.answered(how)).await {
            Ok(report) if report.drained => {
                let now = Utc::now();
                if let Some(s) = storage() {
                    let _ = s.set_item(LAST_SYNC, &now.to_rfc3339());
                }
                self.last_sync.set(Some(now));
                self.online.set(true);
                self.refresh_roster_if_old(false).await;
            }
            Ok(report) if report.signed_out => {}
            Ok(_) => self.online.set(false),
            Err(e) => leptos::logging::warn!("outbox not replayed: {e}"),
        }
        self.recount().await;
    }

    /// Fetches the store's customers for offline search when the copy is missing or old
    /// (or always, when `force`).
    pub async fn refresh_roster_if_old(self, force: bool) {
        let info = roster::info(DB_NAME).await.ok().flatten();
        let fresh = info.as_ref().is_some_and(|i| Utc::now() - i.saved_at < chrono::Duration::hours(ROSTER_MAX_AGE_HOURS));
        if fresh && !force {
            return;
        }
        if let Ok(rows) = api::sync::roster(roster_size()).await {
            match roster::save(DB_NAME, &rows).await {
                Ok(info) => self.roster.set(Some(info)),
                Err(e) => leptos::logging::warn!("roster not saved: {e}"),
            }
        }
    }

    /// Asks the browser to keep this site's storage, and records the answer.
    pub fn ask_persistence(self) {
        let Some(manager) = web_sys::window().map(|w| w.navigator().storage()) else { return };
        spawn_local(async move {
            let granted = match manager.persist() {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
                Err(_) => None,
            };
            self.persisted.set(granted);
        });
    }

    /// Forgets the device's sync state (signing out: the database itself is wiped).
    pub fn forget(self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(LAST_SYNC);
            let _ = s.remove_item(COUNTS);
        }
        self.last_sync.set(None);
        self.set_counts(0, 0);
        self.roster.set(None);
    }
}

pub fn use_sync() -> SyncStatus {
    expect_context::<SyncStatus>()
}
