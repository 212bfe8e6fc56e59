//! Staff edits on the profile: tags, notes and follow-ups. Every edit carries the version the
//! screen was showing; a conflict is shown, never silently overwritten.

mod follow_ups;
mod notes;
mod queued;
mod tags;
mod visit;

pub use follow_ups::FollowUps;
pub use notes::Notes;
pub use queued::QueuedEdits;
pub use visit::VisitCheckIn;
pub use tags::TagEditor;

use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::dto::{CustomerEdits, EditChange, OfflineEdit};
use roundtrip_domain::offline::with_queued;

use crate::api::{self, customers, ApiError};
use crate::cache::outbox::{self, Queued};
use crate::cache::status::{use_sync, SyncStatus};
use crate::cache::{profiles, DB_NAME};
use crate::components::states::ErrorView;
use crate::i18n::{use_i18n, Msg};

/// What the edit panels share: the editable part of the profile and how to change it.
#[derive(Clone, Copy)]
pub struct Editor {
    pub customer: i64,
    customer_name: StoredValue<String>,
    /// The server's state; what is shown adds the device's queued edits ([`Editor::shown`]).
    pub edits: ReadSignal<CustomerEdits>,
    set_edits: WriteSignal<CustomerEdits>,
    /// This customer's edits waiting in the outbox.
    pub queued: RwSignal<Vec<Queued>>,
    pub conflict: RwSignal<bool>,
    /// An offline copy is shown: edits go straight to the outbox.
    pub offline: Signal<bool>,
    sync: SyncStatus,
}

/// One edit form's state: busy, its problem, and where its last edit was kept.
#[derive(Clone, Copy)]
pub struct Form {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<FormError>>,
    pub saved: RwSignal<Option<Saved>>,
}

impl Form {
    pub fn new() -> Self {
        Self { pending: RwSignal::new(false), error: RwSignal::new(None), saved: RwSignal::new(None) }
    }
}

/// How an edit was kept.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Saved {
    OnServer,
    /// On this device, to be sent when the network is back.
    OnDevice,
}

impl Editor {
    pub fn new(customer: i64, customer_name: String, initial: CustomerEdits, offline: Signal<bool>) -> Self {
        let (edits, set_edits) = signal(initial);
        let sync = use_sync();
        let editor = Self { customer, customer_name: StoredValue::new(customer_name), edits, set_edits, queued: RwSignal::new(vec![]), conflict: RwSignal::new(false), offline, sync };
        // re-read this customer's queue whenever the outbox changed (a sync drained it)
        Effect::new(move |_| {
            sync.revision.track();
            spawn_local(async move {
                if let Ok(all) = outbox::all(DB_NAME).await {
                    editor.queued.set(all.into_iter().filter(|q| q.edit.customer_id == customer).collect());
                }
            });
        });
        editor
    }

    pub fn version(&self) -> i64 {
        self.edits.with_untracked(|e| e.version)
    }

    /// Tags and follow-ups as they will be once the queued edits reach the server.
    pub fn shown(&self) -> CustomerEdits {
        let waiting: Vec<EditChange> = self.queued.with(|q| q.iter().filter(|e| e.is_waiting()).map(|e| e.edit.change.clone()).collect());
        self.edits.with(|e| with_queued(e, &waiting))
    }

    /// Saves an edit on the server, or, when there is no network, in the device's outbox
    /// (durably, before saying so). A conflict is shown, never overwritten.
    pub async fn save(&self, change: EditChange) -> Result<Saved, FormError> {
        if !self.offline.get_untracked() {
            match self.send(&change).await {
                Err(ApiError::Network) => {}
                Ok(edits) => {
                    // cached before shown: what the clerk saw saved is there after an offline reload
                    let _ = profiles::update_edits(DB_NAME, self.customer, &edits).await;
                    self.set_edits.set(edits);
                    return Ok(Saved::OnServer);
                }
                Err(e) => {
                    if e.is_conflict() {
                        self.conflict.set(true);
                    }
                    return Err(FormError::Api(e));
                }
            }
        }
        let entry = outbox::queued(self.customer, self.customer_name.get_value(), self.version(), change);
        self.sync.enqueue(&entry).await.map_err(|_| FormError::Invalid(Msg::NotSavedOffline))?;
        self.queued.update(|q| q.push(entry));
        Ok(Saved::OnDevice)
    }

    /// Saves `change` on behalf of a form: busy while it runs, then where it was kept or why
    /// not; `done` (clearing the inputs) runs once it is kept.
    pub fn submit(self, change: EditChange, form: Form, done: impl FnOnce() + 'static) {
        form.pending.set(true);
        form.error.set(None);
        form.saved.set(None);
        spawn_local(async move {
            match self.save(change).await {
                Ok(how) => {
                    done();
                    form.saved.set(Some(how));
                }
                Err(e) => form.error.set(Some(e)),
            }
            form.pending.set(false);
        });
    }

    async fn send(&self, change: &EditChange) -> Result<CustomerEdits, ApiError> {
        let (id, version) = (self.customer, self.version());
        match change.clone() {
            EditChange::Note { body } => customers::add_note(id, version, body).await,
            EditChange::Tags { add, remove } => customers::change_tags(id, version, add, remove).await,
            EditChange::FollowUp { title, due_on } => customers::add_follow_up(id, version, title, due_on).await,
            EditChange::FollowUpDone { follow_up_id, done } => customers::change_follow_up(id, follow_up_id, version, done).await,
            // a visit has no edit endpoint of its own: it is replayed like a queued edit
            other @ (EditChange::Visit { .. } | EditChange::Feedback { .. }) => {
                let edit = OfflineEdit { client_key: outbox::new_key(), customer_id: id, base_version: version, change: other, made_at: None };
                api::sync::replay(&edit).await.map(|r| r.edits)
            }
        }
    }
}

pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// What went wrong with one form: a local validation message or the server's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum FormError {
    Invalid(Msg),
    Api(ApiError),
}

#[component]
pub fn FormProblem(error: RwSignal<Option<FormError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| match e {
            FormError::Invalid(msg) => view! { <p class="state error" role="alert">{move || i18n.t(msg)}</p> }.into_any(),
            // conflicts are explained once, at the top of the profile
            FormError::Api(e) if e.is_conflict() => ().into_any(),
            FormError::Api(e) => view! { <ErrorView error=e/> }.into_any(),
        })
    }
}

/// Says where an edit was kept when that was the device rather than the server.
#[component]
pub fn SavedNotice(saved: RwSignal<Option<Saved>>) -> impl IntoView {
    let i18n = use_i18n();
    move || (saved.get() == Some(Saved::OnDevice)).then(|| view! { <p class="state saved-offline" role="status">{i18n.text(Msg::SavedOnDevice)}</p> })
}
