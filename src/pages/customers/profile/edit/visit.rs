use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::dto::EditChange;
use roundtrip_domain::offline::MAX_VISIT_CHARS;

use super::{use_editor, FormError, FormProblem, Saved, SavedNotice};
use crate::i18n::{use_i18n, Msg};

/// A walk-in checked in at the store: a store touchpoint on the timeline, kept on the device
/// when the store's Wi-Fi is down.
#[component]
pub fn VisitCheckIn() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let summary = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<FormError>);
    let saved = RwSignal::new(None::<Saved>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        error.set(None);
        saved.set(None);
        spawn_local(async move {
            match editor.save(EditChange::Visit { summary: summary.get_untracked() }).await {
                Ok(how) => {
                    summary.set(String::new());
                    saved.set(Some(how));
                }
                Err(e) => error.set(Some(e)),
            }
            pending.set(false);
        });
    };

    view! {
        <form class="inline-form visit-check-in" on:submit=submit>
            <label for="visit-summary">{move || i18n.t(Msg::VisitSummary)}</label>
            <input id="visit-summary" maxlength=MAX_VISIT_CHARS bind:value=summary/>
            <button type="submit" class="button" disabled=move || pending.get()>{move || i18n.t(Msg::CheckInVisit)}</button>
            {move || (saved.get() == Some(Saved::OnServer)).then(|| view! { <p class="state" role="status">{move || i18n.t(Msg::VisitRecorded)}</p> })}
            <SavedNotice saved/>
            <FormProblem error/>
        </form>
    }
}
