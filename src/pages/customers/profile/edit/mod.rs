//! Staff edits on the profile: tags, notes and follow-ups. Every edit carries the version the
//! screen was showing; a conflict is shown, never silently overwritten.

mod follow_ups;
mod notes;
mod tags;

pub use follow_ups::FollowUps;
pub use notes::Notes;
pub use tags::TagEditor;

use leptos::prelude::*;
use roundtrip_domain::dto::CustomerEdits;

use crate::api::ApiError;
use crate::components::states::ErrorView;
use crate::i18n::{use_i18n, Msg};

/// What the edit panels share: the editable part of the profile and how to replace it.
#[derive(Clone, Copy)]
pub struct Editor {
    pub customer: i64,
    pub edits: ReadSignal<CustomerEdits>,
    set_edits: WriteSignal<CustomerEdits>,
    pub conflict: RwSignal<bool>,
    /// An offline copy is shown: nothing can be saved.
    pub read_only: bool,
}

impl Editor {
    pub fn new(customer: i64, initial: CustomerEdits, read_only: bool) -> Self {
        let (edits, set_edits) = signal(initial);
        Self { customer, edits, set_edits, conflict: RwSignal::new(false), read_only }
    }

    pub fn version(&self) -> i64 {
        self.edits.with_untracked(|e| e.version)
    }

    /// Takes the server's answer to an edit: the new state, or the error for the form to show.
    pub fn settle(&self, result: Result<CustomerEdits, ApiError>) -> Result<(), ApiError> {
        match result {
            Ok(edits) => {
                self.set_edits.set(edits);
                Ok(())
            }
            Err(e) => {
                if e.is_conflict() {
                    self.conflict.set(true);
                }
                Err(e)
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
