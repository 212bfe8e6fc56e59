//! One community: what it is, who moderates it, its events, and (managers) planning the next.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use roundtrip_domain::community::{check_event, clean_name};
use roundtrip_domain::dto::NewEvent;
use roundtrip_domain::Role;

use super::EventTable;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::globals::use_session;
use crate::i18n::{describe_error, group_thousands, use_i18n, Msg};

#[component]
pub fn CommunityPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::communities::detail(id).await }
    });
    view! {
        <section class="page community-page">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || detail.get().map(|r| r.map(|d| {
                        let c = d.community.clone();
                        view! {
                            <h1 translate="no">{c.name.clone()}</h1>
                            <p class="muted">{c.description.clone()}</p>
                            <dl class="kpis">
                                <div><dt>{i18n.text(Msg::CommunityMembers)}</dt><dd data-testid="community-members">{group_thousands(c.members as i64)}</dd></div>
                                <div><dt>{i18n.text(Msg::Active30d)}</dt><dd>{group_thousands(c.active_30d as i64)}</dd></div>
                                <div><dt>{i18n.text(Msg::Moderators)}</dt>
                                    <dd>{c.moderators.iter().map(|m| m.display_name.clone()).collect::<Vec<_>>().join("、")}</dd></div>
                            </dl>
                            <h2>{i18n.text(Msg::EventsHeading)}</h2>
                            {if d.events.is_empty() {
                                view! { <Empty msg=Msg::NoEvents/> }.into_any()
                            } else {
                                view! { <EventTable events=d.events.clone() caption=Msg::EventsHeading/> }.into_any()
                            }}
                        }
                    }))}
                </ErrorBoundary>
            </Transition>
            <Show when=move || session.0.get().is_some_and(|u| u.role != Role::Staff)>
                <NewEventForm community=id on_created=Callback::new(move |_| detail.refetch())/>
            </Show>
        </section>
    }
}

#[component]
fn NewEventForm(community: Memo<i64>, on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let stores = LocalResource::new(crate::api::stores::list);
    let (title, starts, store, capacity) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let locale = i18n.locale();
        let title_ok = match clean_name(&title.get_untracked()) {
            Ok(t) => t,
            Err(e) => return error.set(Some(crate::i18n::community_error(&e, locale).into())),
        };
        // the input is the browser's local time
        let Some(starts_at) = crate::i18n::from_local_input(&starts.get_untracked()) else {
            return error.set(Some(i18n.t(Msg::EventStartsRequired).into()));
        };
        let capacity_ok = match capacity.get_untracked().trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(c) => Some(c),
                Err(_) => return error.set(Some(crate::i18n::community_error(&roundtrip_domain::community::CommunityError::BadCapacity, locale).into())),
            },
        };
        if let Err(e) = check_event(starts_at, capacity_ok, chrono::Utc::now()) {
            return error.set(Some(crate::i18n::community_error(&e, locale).into()));
        }
        let body = NewEvent { title: title_ok, starts_at, store_id: store.get_untracked().parse().ok(), capacity: capacity_ok };
        busy.set(true);
        error.set(None);
        let id = community.get_untracked();
        leptos::task::spawn_local(async move {
            match crate::api::communities::create_event(id, body).await {
                Ok(_) => {
                    title.set(String::new());
                    on_created.run(());
                }
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="card form" on:submit=submit aria-labelledby="new-event-heading">
            <h2 id="new-event-heading">{i18n.text(Msg::NewEvent)}</h2>
            <div class="field">
                <label for="event-title">{i18n.text(Msg::EventTitle)}</label>
                <input id="event-title" required bind:value=title/>
            </div>
            <div class="field">
                <label for="event-starts">{i18n.text(Msg::EventStarts)}</label>
                <input id="event-starts" type="datetime-local" required bind:value=starts/>
            </div>
            <div class="field">
                <label for="event-store">{i18n.text(Msg::EventStore)}</label>
                <select id="event-store" on:change=move |ev| store.set(event_target_value(&ev))>
                    <option value="">{i18n.text(Msg::NoStore)}</option>
                    {move || stores.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|s| view! {
                        <option value=s.id.to_string()>{s.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="event-capacity">{i18n.text(Msg::EventCapacity)}</label>
                <input id="event-capacity" type="number" min="1" inputmode="numeric" bind:value=capacity/>
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <button type="submit" class="button primary" disabled=move || busy.get()>{i18n.text(Msg::CreateEvent)}</button>
        </form>
    }
}
