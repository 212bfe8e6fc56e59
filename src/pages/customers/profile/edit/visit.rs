use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use roundtrip_domain::dto::EditChange;
use roundtrip_domain::offline::MAX_VISIT_CHARS;

use super::{use_editor, Form, FormProblem, Saved, SavedNotice};
use crate::i18n::{use_i18n, Msg};

/// A walk-in checked in at the store: a store touchpoint on the timeline, kept on the device
/// when the store's Wi-Fi is down.
#[component]
pub fn VisitCheckIn() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let summary = RwSignal::new(String::new());
    let form = Form::new();
    let Form { pending, error, saved } = form;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        editor.submit(EditChange::Visit { summary: summary.get_untracked() }, form, move || summary.set(String::new()));
    };

    view! {
        <form class="inline-form visit-check-in" on:submit=submit>
            <label for="visit-summary">{i18n.text(Msg::VisitSummary)}</label>
            <input id="visit-summary" maxlength=MAX_VISIT_CHARS bind:value=summary/>
            <button type="submit" class="button" disabled=move || pending.get()>{i18n.text(Msg::CheckInVisit)}</button>
            {move || (saved.get() == Some(Saved::OnServer)).then(|| view! { <p class="state" role="status">{i18n.text(Msg::VisitRecorded)}</p> })}
            <SavedNotice saved/>
            <FormProblem error/>
        </form>
    }
}
