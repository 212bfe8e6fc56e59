use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use roundtrip_domain::dto::EditChange;
use roundtrip_domain::edits::clean_note;

use super::{use_editor, Form, FormError, FormProblem, SavedNotice};
use crate::i18n::{format_datetime, use_i18n, Msg};

#[component]
pub fn Notes() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let body = RwSignal::new(String::new());
    let form = Form::new();
    let Form { pending, error, saved } = form;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Ok(text) = clean_note(&body.get_untracked()) else {
            error.set(Some(FormError::Invalid(Msg::InvalidNote)));
            return;
        };
        editor.submit(EditChange::Note { body: text }, form, move || body.set(String::new()));
    };

    view! {
        <section class="card notes" aria-labelledby="notes-title">
            <h2 id="notes-title">{i18n.text(Msg::Notes)}</h2>
            <form class="stacked-form" on:submit=submit>
                <label for="new-note">{i18n.text(Msg::NewNote)}</label>
                <textarea id="new-note" rows="3" maxlength="2000" bind:value=body></textarea>
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || i18n.t(if pending.get() { Msg::Saving } else { Msg::SaveNote })}
                </button>
                <FormProblem error/>
                <SavedNotice saved/>
            </form>
            {move || {
                let notes = editor.edits.get().notes;
                if notes.is_empty() {
                    return view! { <p class="muted">{i18n.text(Msg::NoNotes)}</p> }.into_any();
                }
                view! {
                    <ul class="plain-list" data-testid="notes">
                        {notes.into_iter().map(|n| view! {
                            <li>
                                <p class="note-body" translate="no">{n.body.clone()}</p>
                                <p class="muted">{i18n.text(Msg::By)} " " {n.author.clone()} " · " {move || format_datetime(n.created_at, i18n.locale())}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
