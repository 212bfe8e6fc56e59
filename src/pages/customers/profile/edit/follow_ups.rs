use chrono::{Duration, NaiveDate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use roundtrip_domain::dto::EditChange;
use roundtrip_domain::edits::check_follow_up;

use super::{use_editor, Form, FormError, FormProblem, SavedNotice};
use crate::i18n::{agency_today, format_date, use_i18n, Msg};

#[component]
pub fn FollowUps() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new((agency_today() + Duration::days(1)).to_string());
    let form = Form::new();
    let Form { pending, error, saved } = form;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let checked = due
            .get_untracked()
            .parse::<NaiveDate>()
            .ok()
            .and_then(|d| check_follow_up(&title.get_untracked(), d, agency_today()).ok().map(|t| (t, d)));
        let Some((text, due_on)) = checked else {
            error.set(Some(FormError::Invalid(Msg::InvalidFollowUp)));
            return;
        };
        editor.submit(EditChange::FollowUp { title: text, due_on }, form, move || title.set(String::new()));
    };
    let toggle = move |id: i64, done: bool| editor.submit(EditChange::FollowUpDone { follow_up_id: id, done }, form, || ());

    view! {
        <section class="card follow-ups" aria-labelledby="follow-ups-title">
            <h2 id="follow-ups-title">{i18n.text(Msg::FollowUps)}</h2>
            <ul class="plain-list" data-testid="follow-ups">
                {move || {
                    let items = editor.shown().follow_ups;
                    if items.is_empty() {
                        return view! { <li class="muted">{i18n.text(Msg::NoFollowUps)}</li> }.into_any();
                    }
                    items.into_iter().map(|f| {
                        let input_id = format!("follow-up-{}", f.id);
                        view! {
                            <li class="check-row" class:done=f.done>
                                <input type="checkbox" id=input_id.clone() prop:checked=f.done
                                    disabled=move || pending.get()
                                    on:change=move |ev| toggle(f.id, event_target_checked(&ev))/>
                                <label for=input_id>
                                    <span translate="no">{f.title.clone()}</span>
                                    <span class="muted">" · " {i18n.text(Msg::DueOn)} " " {move || format_date(f.due_on, i18n.locale())} " · " {f.author.clone()}</span>
                                </label>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <form class="stacked-form" on:submit=submit>
                <label for="follow-up-title">{i18n.text(Msg::FollowUpTitle)}</label>
                <input id="follow-up-title" maxlength="200" bind:value=title/>
                <label for="follow-up-due">{i18n.text(Msg::DueOn)}</label>
                <input id="follow-up-due" type="date" bind:value=due/>
                <button type="submit" class="button" disabled=move || pending.get()>{i18n.text(Msg::AddFollowUp)}</button>
                <FormProblem error/>
                <SavedNotice saved/>
            </form>
        </section>
    }
}
