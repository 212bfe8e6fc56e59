use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use roundtrip_domain::dto::EditChange;
use roundtrip_domain::edits::{apply_tag_change, clean_tag};

use super::{use_editor, Form, FormError, FormProblem, SavedNotice};
use crate::i18n::{use_i18n, Msg};

#[component]
pub fn TagEditor() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let text = RwSignal::new(String::new());
    let form = Form::new();
    let Form { pending, error, saved } = form;

    let send = move |add: Vec<String>, remove: Vec<String>| editor.submit(EditChange::Tags { add, remove }, form, move || text.set(String::new()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let current = editor.shown().tags;
        match clean_tag(&text.get_untracked()).and_then(|tag| apply_tag_change(&current, &[tag.clone()], &[]).map(|_| tag)) {
            Ok(tag) => send(vec![tag], vec![]),
            Err(_) => error.set(Some(FormError::Invalid(Msg::InvalidTag))),
        }
    };

    view! {
        <div class="tag-editor">
            <ul class="tags" aria-label=i18n.text(Msg::Tags) data-testid="tags">
                {move || editor.shown().tags.into_iter().map(|tag| {
                    let label = tag.clone();
                    view! {
                        <li class="tag">
                            <span>{tag.clone()}</span>
                            <button type="button" class="tag-remove" disabled=move || pending.get()
                                aria-label=format!("{} {}", i18n.t(Msg::RemoveTag), label)
                                on:click={ let tag = tag.clone(); move |_| send(vec![], vec![tag.clone()]) }>
                                "×"
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=submit>
                <label for="new-tag" class="visually-hidden">{i18n.text(Msg::NewTag)}</label>
                <input id="new-tag" maxlength="20" placeholder=i18n.text(Msg::NewTag) bind:value=text/>
                <button type="submit" class="button" disabled=move || pending.get()>{i18n.text(Msg::AddTag)}</button>
            </form>
            <FormProblem error/>
            <SavedNotice saved/>
        </div>
    }
}
