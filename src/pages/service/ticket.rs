//! One ticket: the clock, who has it, its history, and what can be done next (answer, wait
//! for the customer or resume, hand off, take it, resolve, record satisfaction).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use roundtrip_domain::dto::{TicketDetail, TicketEntry};
use roundtrip_domain::service::{next_status, TicketAction, TicketError, MAX_TEXT};
use roundtrip_domain::topics::Topic;
use roundtrip_domain::TicketStatus;

use roundtrip_domain::trips::cases::CaseStep;

use super::case::{CasePanel, StepCase};
use super::clock::ClockBadge;
use super::TicketFacts;
use crate::components::states::{error_fallback, Loading};
use crate::globals::use_session;
use crate::i18n::{describe_error, format_datetime, ticket_action_label, use_i18n, Label, Msg};

/// Sends an action; the ticket as the server answers replaces the one shown.
type Act = Callback<TicketAction>;

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::service::ticket(id).await }
    });
    let current = RwSignal::new(None::<TicketDetail>);
    let i18n = use_i18n();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let step: StepCase = Action::new_local(move |s: &CaseStep| {
        let s = s.clone();
        let id = id.get_untracked();
        async move { crate::api::service::step_case(id, s).await }
    });
    Effect::new(move |_| match step.value().get() {
        Some(Ok(d)) => {
            current.set(Some(d));
            status.set(None);
        }
        Some(Err(e)) => {
            status.set(Some(describe_error(&e, i18n.locale())));
            // a stale tab (a colleague took the step first): show the case as it now stands
            if e.is_conflict() {
                leptos::task::spawn_local(async move {
                    if let Ok(d) = crate::api::service::ticket(id.get_untracked()).await {
                        current.set(Some(d));
                    }
                });
            }
        }
        None => {}
    });
    let act = Callback::new(move |action: TicketAction| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match crate::api::service::act(id.get_untracked(), action).await {
                Ok(d) => {
                    current.set(Some(d));
                    status.set(None);
                }
                Err(e) => status.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    });
    view! {
        <section class="page ticket-page">
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || loaded.get().map(|r| r.map(|first| {
                        let detail = Signal::derive(move || current.get().filter(|d| d.ticket.id == first.ticket.id).unwrap_or_else(|| first.clone()));
                        view! { <Ticket detail act busy step/> }
                    }))}
                </ErrorBoundary>
            </Transition>
            <p class="form-error" role="alert">{move || status.get()}</p>
        </section>
    }
}

#[component]
fn Ticket(detail: Signal<TicketDetail>, act: Act, busy: RwSignal<bool>, step: StepCase) -> impl IntoView {
    let i18n = use_i18n();
    let head = move || {
        let d = detail.get();
        let t = d.ticket.clone();
        let (spoke, due) = (t.spoke_at, t.clock.due_at);
        view! {
            <a href="/service" class="back-link">"← " {i18n.text(Msg::ServiceTitle)}</a>
            <h1 translate="no">{t.summary.clone()}</h1>
            <p class="muted"><TicketFacts t=t.clone()/></p>
            <dl class="kpis" aria-live="polite">
                <div><dt>{i18n.text(Msg::ResponseClock)}</dt><dd><ClockBadge clock=t.clock/></dd></div>
                <div><dt>{i18n.text(Msg::Status)}</dt><dd data-testid="ticket-status">{move || t.status.label(i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::SpokeAtShort)}</dt><dd>{move || format_datetime(spoke, i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::DueAt)}</dt><dd>{move || format_datetime(due, i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::Assignee)}</dt><dd>{
                    let a = t.assignee.clone();
                    move || a.clone().map(|a| a.name).unwrap_or_else(|| i18n.t(Msg::Unassigned).into())
                }</dd></div>
            </dl>
            {(t.kind == "complaint").then(|| view! { <TopicChoice topic=t.topic act busy/> })}
        }
    };
    let case = move || detail.get().case.map(|case| view! { <CasePanel case step/> });
    let actions = move || {
        let d = detail.get();
        if d.ticket.status == TicketStatus::Resolved {
            view! { <Csat score=d.csat act busy/> }.into_any()
        } else {
            view! { <Actions detail=d act busy/> }.into_any()
        }
    };
    let history = move || {
        let entries = detail.get().history;
        view! {
            <section class="card" aria-labelledby="history-title">
                <h2 id="history-title">{i18n.text(Msg::TicketHistory)}</h2>
                <ol class="plain-list history" data-testid="ticket-history">
                    {entries.into_iter().map(|e| view! { <Entry e/> }).collect_view()}
                </ol>
            </section>
        }
    };
    view! { {head} {case} {actions} {history} }
}

#[component]
fn Entry(e: TicketEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = e.at;
    let action = e.action.clone();
    let moved = match (e.from_store.clone(), e.to_store.clone()) {
        (Some(f), Some(t)) => Some(format!("{} → {}", f.name, t.name)),
        _ => None,
    };
    view! {
        <li>
            <strong>{move || ticket_action_label(&action, i18n.locale())}</strong>
            " · " {move || format_datetime(at, i18n.locale())}
            {e.actor.map(|a| view! { " · " {a.name} })}
            {moved.map(|m| view! { " · " {m} })}
            {e.assignee.map(|a| view! { " → " {a.name} })}
            {e.score.map(|s| view! { " · " {format!("{s} / 5")} })}
            {match (e.action.as_str(), e.text) {
                // a corrected topic is stored as its code: say it in words
                ("topic", Some(code)) => Topic::parse(&code).map(|t| view! { <p>{move || t.label(i18n.locale())}</p> }.into_any()),
                // what people wrote is data, in whatever language they wrote it
                (_, text) => text.map(|t| view! { <p translate="no">{t}</p> }.into_any()),
            }}
        </li>
    }
}

#[component]
fn Actions(detail: TicketDetail, act: Act, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let stores = LocalResource::new(crate::api::stores::list);
    let (answer, note, resolution, store) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<&'static str>);
    let status = detail.ticket.status;
    // the desk's own rules check the text before anything is sent
    let send = move |action: TicketAction| match next_status(status, &action) {
        Err(TicketError::Invalid { .. }) if action.text().is_some_and(|t| t.chars().count() > MAX_TEXT) => error.set(Some(i18n.t(Msg::TextTooLong))),
        Err(TicketError::Invalid { .. }) => error.set(Some(i18n.t(Msg::TextRequired))),
        _ => {
            error.set(None);
            act.run(action);
        }
    };
    let text = |field: RwSignal<String>| field.get_untracked().trim().to_string();
    let waiting = detail.ticket.status == TicketStatus::WaitingCustomer;
    let here = detail.ticket.store.as_ref().map(|s| s.id);
    let mine = detail.ticket.assignee.as_ref().map(|a| a.id) == session.0.get_untracked().map(|u| u.id);
    // a change or refund closes by its own steps, not by hand
    let closes_by_hand = detail.case.as_ref().is_none_or(|c| !c.stage.is_open());
    view! {
        <form class="card form" aria-labelledby="answer-title" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(TicketAction::Answer { message: text(answer) });
        }>
            <h2 id="answer-title">{i18n.text(Msg::AnswerLabel)}</h2>
            <textarea id="answer-text" rows="3" aria-labelledby="answer-title" bind:value=answer></textarea>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>{i18n.text(Msg::SendAnswer)}</button>
                {if waiting {
                    view! { <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act.run(TicketAction::Resume { note: None })>{i18n.text(Msg::ResumeClock)}</button> }.into_any()
                } else {
                    view! { <button type="button" class="button" disabled=move || busy.get() on:click=move |_| act.run(TicketAction::WaitForCustomer { note: None })>{i18n.text(Msg::WaitForCustomer)}</button> }.into_any()
                }}
                {(!mine).then(|| view! {
                    <button type="button" class="button ghost" disabled=move || busy.get() on:click=move |_| {
                        if let Some(me) = session.0.get_untracked() {
                            act.run(TicketAction::Assign { assignee_id: me.id });
                        }
                    }>{i18n.text(Msg::TakeTicket)}</button>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </form>
        <Show when=move || closes_by_hand>
        <form class="card form" aria-labelledby="resolve-title" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send(TicketAction::Resolve { resolution: text(resolution) });
        }>
            <h2 id="resolve-title">{i18n.text(Msg::ResolveTitle)}</h2>
            <div class="field">
                <label for="resolution-text">{i18n.text(Msg::ResolutionLabel)}</label>
                <textarea id="resolution-text" rows="2" bind:value=resolution></textarea>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{i18n.text(Msg::ResolveButton)}</button>
        </form>
        </Show>
        <form class="card form" aria-labelledby="handoff-title" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Ok(store_id) = store.get_untracked().parse::<i64>() else {
                return error.set(Some(i18n.t(Msg::ChooseStore)));
            };
            send(TicketAction::Handoff { store_id, assignee_id: None, note: text(note) });
        }>
            <h2 id="handoff-title">{i18n.text(Msg::HandoffTitle)}</h2>
            <div class="field">
                <label for="handoff-store">{i18n.text(Msg::FilterStore)}</label>
                <select id="handoff-store" on:change=move |ev| store.set(event_target_value(&ev))>
                    <option value="">{i18n.text(Msg::ChooseStore)}</option>
                    {move || stores.get().and_then(Result::ok).unwrap_or_default().into_iter().filter(|s| Some(s.id) != here).map(|s| view! {
                        <option value=s.id.to_string()>{s.name}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="handoff-note">{i18n.text(Msg::HandoffNote)}</label>
                <input id="handoff-note" bind:value=note/>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{i18n.text(Msg::HandoffButton)}</button>
        </form>
    }
}

#[component]
fn Csat(score: Option<u8>, act: Act, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="card form csat">
            <legend>{i18n.text(Msg::CsatAsk)}</legend>
            <div class="actions">
                {(1..=5u8).map(|s| view! {
                    <button type="button" class=if score == Some(s) { "button primary" } else { "button" }
                        aria-pressed=if score == Some(s) { "true" } else { "false" }
                        disabled=move || busy.get()
                        on:click=move |_| act.run(TicketAction::Csat { score: s })>{s}</button>
                }).collect_view()}
            </div>
        </fieldset>
    }
}

/// What the complaint is about, as read from it; staff correct it in place.
#[component]
fn TopicChoice(topic: Topic, act: Act, busy: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field-inline topic-choice">
            <span>{i18n.text(Msg::TicketTopic)}</span>
            <select data-testid="ticket-topic" aria-describedby="topic-hint" disabled=move || busy.get()
                on:change=move |ev| {
                    if let Some(t) = Topic::parse(&event_target_value(&ev)) {
                        act.run(TicketAction::Topic { topic: t });
                    }
                }>
                {Topic::ALL.iter().map(|t| {
                    let t = *t;
                    view! { <option value=t.as_str() selected=t == topic>{move || t.label(i18n.locale())}</option> }
                }).collect_view()}
            </select>
            <span id="topic-hint" class="muted small">{i18n.text(Msg::CorrectTopic)}</span>
        </label>
    }
}
