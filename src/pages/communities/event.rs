//! At the door of an event (tablets): who is expected, check people in with one tap, undo a
//! slip, record satisfaction, and find a walk-in by name or phone tail to sign up or let in.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use roundtrip_domain::dto::{Attendee, CustomerQuery, EventDetail};

use crate::api::ApiError;
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{describe_error, format_datetime, use_i18n, Msg};

#[component]
pub fn EventPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::communities::event(id).await }
    });
    // the latest answer from any action replaces what was loaded
    let current = RwSignal::new(None::<EventDetail>);
    let i18n = use_i18n();
    let status = RwSignal::new(None::<String>);
    let act = Callback::new(move |fut: std::pin::Pin<Box<dyn std::future::Future<Output = Result<EventDetail, ApiError>>>>| {
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(d) => {
                    current.set(Some(d));
                    status.set(None);
                }
                Err(e) => status.set(Some(describe_error(&e, i18n.locale()))),
            }
        });
    });
    view! {
        <section class="page event-page">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || loaded.get().map(|r| r.map(|first| {
                        let detail = Signal::derive(move || current.get().filter(|d| d.event.id == first.event.id).unwrap_or_else(|| first.clone()));
                        // a past event's list is a record: nobody is let in any more
                        view! { <Door detail act walk_in=view! { <Show when=move || detail.get().door_open><WalkIn event=id act/></Show> }.into_any()/> }
                    }))}
                </ErrorBoundary>
            </Transition>
            <p class="form-error" role="alert">{move || status.get()}</p>
        </section>
    }
}

type Act = Callback<std::pin::Pin<Box<dyn std::future::Future<Output = Result<EventDetail, ApiError>>>>>;

#[component]
fn Door(detail: Signal<EventDetail>, act: Act, walk_in: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let header = move || {
            let d = detail.get();
            let e = d.event.clone();
            let starts = e.starts_at;
            view! {
                <h1 translate="no">{e.title.clone()}</h1>
                <p class="muted"><span translate="no">{e.community_name.clone()}</span> " · " {move || format_datetime(starts, i18n.locale())} " · " {e.store.clone().map(|s| s.name).unwrap_or_default()}</p>
                {(!d.door_open).then(|| view! { <p class="banner past" data-testid="event-over">{i18n.text(Msg::EventOver)}</p> })}
                <dl class="kpis" aria-live="polite">
                    <div><dt>{i18n.text(Msg::SignedUp)}</dt><dd data-testid="signed-up">{e.signed_up}{e.capacity.map(|c| format!(" / {c}"))}</dd></div>
                    <div><dt>{i18n.text(Msg::Attended)}</dt><dd data-testid="attended">{e.attended}</dd></div>
                    <div><dt>{i18n.text(Msg::Satisfaction)}</dt><dd>{e.satisfaction.map(|s| format!("{s:.1} / 5")).unwrap_or_else(|| "—".into())}</dd></div>
                </dl>
            }
        };
    // at the door the question is who is still to come: the list narrows to them in one tap
    let shown = RwSignal::new(Arrival::Everyone);
    let choice = move |which: Arrival, label: Msg, n: usize| view! {
        <button type="button" class="button ghost" aria-pressed=move || (shown.get() == which).to_string() on:click=move |_| shown.set(which)>
            {move || format!("{} ({n})", i18n.t(label))}
        </button>
    };
    // the walk-in search sits between the figures and the list, so it stays in reach
    let list = move || {
            let d = detail.get();
            let e = d.event.clone();
            let waiting = d.attendees.iter().filter(|a| a.checked_in_at.is_none()).count();
            let arrived = d.attendees.len() - waiting;
            let waiting_label = if d.door_open { Msg::NotArrivedYet } else { Msg::NoShow };
            let rows: Vec<_> = d.attendees.into_iter().filter(|a| shown.get().admits(a.checked_in_at.is_some())).collect();
            view! {
                <h2>{i18n.text(Msg::DoorList)}</h2>
                <div class="choices" role="group" aria-label=i18n.text(Msg::DoorList)>
                    {choice(Arrival::Everyone, Msg::Everyone, arrived + waiting)}
                    {choice(Arrival::Waiting, waiting_label, waiting)}
                    {choice(Arrival::Arrived, Msg::CheckedIn, arrived)}
                </div>
                {rows.is_empty().then(|| view! { <p class="muted" data-testid="door-empty">{i18n.text(Msg::NobodyHere)}</p> })}
                <ul class="door-list" data-testid="door-list">
                    {rows.into_iter().map(|a| view! { <AttendeeRow event=e.id attendee=a act open=d.door_open/> }).collect_view()}
                </ul>
            }
        };
    view! { {header} {walk_in} {list} }
}

/// Which of the door list's people are shown.
#[derive(Clone, Copy, PartialEq)]
enum Arrival {
    Everyone,
    Waiting,
    Arrived,
}

impl Arrival {
    fn admits(self, checked_in: bool) -> bool {
        match self {
            Arrival::Everyone => true,
            Arrival::Waiting => !checked_in,
            Arrival::Arrived => checked_in,
        }
    }
}

#[component]
fn AttendeeRow(event: i64, attendee: Attendee, act: Act, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let customer = attendee.customer.id;
    let name = attendee.customer.name.clone();
    let phone = attendee.customer.phone_masked.clone().unwrap_or_default();
    let checked = attendee.checked_in_at;
    let satisfaction = attendee.satisfaction;
    let label_name = name.clone();
    view! {
        <li class=if checked.is_some() { "attendee present" } else { "attendee" } data-testid="attendee">
            <span class="who"><strong translate="no">{name}</strong> " " <span class="muted">{phone}</span></span>
            {match checked {
                None if !open => view! { <span class="state-text">{i18n.text(Msg::NoShow)}</span> }.into_any(),
                None => view! {
                    <span class="state-text">{i18n.text(Msg::Expected)}</span>
                    <button type="button" class="button primary"
                        aria-label=move || format!("{} {}", i18n.t(Msg::CheckIn), label_name)
                        on:click=move |_| act.run(Box::pin(crate::api::communities::check_in(event, customer)))>
                        {i18n.text(Msg::CheckIn)}
                    </button>
                }.into_any(),
                Some(t) => view! {
                    <span class="state-text"><span aria-hidden="true">"✓ "</span>{move || format!("{} {}", i18n.t(Msg::CheckedIn), format_datetime(t, i18n.locale()))}</span>
                    <label class="visually-hidden" for=format!("rate-{customer}")>{move || format!("{} {}", i18n.t(Msg::Satisfaction), label_name)}</label>
                    <select id=format!("rate-{customer}") on:change=move |ev| {
                        if let Ok(score) = event_target_value(&ev).parse::<u8>() {
                            act.run(Box::pin(crate::api::communities::rate(event, customer, score)));
                        }
                    }>
                        <option value="" selected=satisfaction.is_none()>{i18n.text(Msg::Satisfaction)}</option>
                        {(1..=5u8).map(|s| view! { <option value=s.to_string() selected=satisfaction == Some(s)>{format!("{s} / 5")}</option> }).collect_view()}
                    </select>
                    {open.then(|| view! {
                        <button type="button" class="button ghost"
                            on:click=move |_| act.run(Box::pin(crate::api::communities::undo_check_in(event, customer)))>
                            {i18n.text(Msg::UndoCheckIn)}
                        </button>
                    })}
                }.into_any(),
            }}
        </li>
    }
}

/// Finds a customer (name, phone tail, member id) to sign up or check in on the spot.
#[component]
fn WalkIn(event: Memo<i64>, act: Act) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let asked = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = asked.get();
        async move {
            if q.trim().is_empty() {
                return Ok(vec![]);
            }
            crate::api::customers::list(&CustomerQuery { q: Some(q), page_size: Some(8), ..Default::default() }).await.map(|p| p.items)
        }
    });
    view! {
        <form class="card form walk-in" role="search" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); asked.set(text.get_untracked()); }>
            <h2>{i18n.text(Msg::WalkIn)}</h2>
            <div class="field">
                <label for="walk-in-search">{i18n.text(Msg::FindCustomer)}</label>
                <input id="walk-in-search" type="search" bind:value=text/>
            </div>
            <button type="submit" class="button">{i18n.text(Msg::Search)}</button>
        </form>
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=error_fallback>
                {move || found.get().map(|r| r.map(|items| view! {
                    <ul class="door-list" data-testid="walk-in-results">
                        {items.into_iter().map(|c| {
                            let (id, name) = (c.id, c.name.clone());
                            let (n1, n2) = (name.clone(), name.clone());
                            view! {
                                <li class="attendee">
                                    <span class="who"><strong translate="no">{name}</strong> " " <span class="muted">{c.phone_masked.clone().unwrap_or_default()}</span></span>
                                    <button type="button" class="button" aria-label=move || format!("{} {}", i18n.t(Msg::SignUp), n1)
                                        on:click=move |_| act.run(Box::pin(crate::api::communities::sign_up(event.get_untracked(), id)))>
                                        {i18n.text(Msg::SignUp)}
                                    </button>
                                    <button type="button" class="button primary" aria-label=move || format!("{} {}", i18n.t(Msg::CheckIn), n2)
                                        on:click=move |_| act.run(Box::pin(crate::api::communities::check_in(event.get_untracked(), id)))>
                                        {i18n.text(Msg::CheckIn)}
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }))}
            </ErrorBoundary>
        </Transition>
    }
}
