use leptos::prelude::*;
use roundtrip_domain::community::{clean_description, clean_interest, clean_name};
use roundtrip_domain::dto::{Community, NewCommunity};

use crate::i18n::{describe_error, use_i18n, Msg};

/// Managers start a community; the shared rules check the fields before anything is sent.
#[component]
pub fn NewCommunityForm(on_created: Callback<Community>) -> impl IntoView {
    let i18n = use_i18n();
    let (name, interest, description) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let people = LocalResource::new(crate::api::communities::moderators);
    let chosen = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = clean_name(&name.get_untracked())
            .and_then(|n| Ok((n, clean_interest(&interest.get_untracked())?, clean_description(&description.get_untracked())?)));
        let (n, i, d) = match checked {
            Ok(v) => v,
            Err(e) => return error.set(Some(crate::i18n::community_error(&e, i18n.locale()).into())),
        };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match crate::api::communities::create(NewCommunity { name: n, interest: i, description: d, moderator_ids: chosen.get_untracked() }).await {
                Ok(c) => {
                    name.set(String::new());
                    interest.set(String::new());
                    description.set(String::new());
                    chosen.set(vec![]);
                    on_created.run(c);
                }
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-community-heading">
            <h2 id="new-community-heading">{i18n.text(Msg::NewCommunity)}</h2>
            <div class="field">
                <label for="community-name">{i18n.text(Msg::CommunityName)}</label>
                <input id="community-name" required bind:value=name/>
            </div>
            <div class="field">
                <label for="community-interest">{i18n.text(Msg::CommunityInterest)}</label>
                <input id="community-interest" required placeholder="photography" bind:value=interest aria-describedby="community-interest-hint"/>
                <p id="community-interest-hint" class="muted small">{i18n.text(Msg::CommunityInterestHint)} " " <code>"photography"</code> " · " <code>"road_trip"</code></p>
            </div>
            <div class="field">
                <label for="community-description">{i18n.text(Msg::CommunityDescription)}</label>
                <textarea id="community-description" rows="2" bind:value=description></textarea>
            </div>
            <fieldset class="field moderators">
                <legend>{i18n.text(Msg::Moderators)}</legend>
                {move || people.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|m| {
                    let id = m.user_id;
                    let label = format!("{}{}", m.display_name, m.store.map(|s| format!(" · {s}")).unwrap_or_default());
                    view! {
                        <label class="check-row">
                            <input type="checkbox" prop:checked=move || chosen.get().contains(&id)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                }/>
                            {label}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=move || busy.get()>{i18n.text(Msg::CreateCommunity)}</button>
        </form>
    }
}
