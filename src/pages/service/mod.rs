//! The service desk: inboxes (mine, my store, due soon, breached, everything) with the
//! response clock on every ticket; one ticket with its actions; recording feedback; and the
//! SLA dashboard for managers.

pub mod care;
mod case;
pub mod clock;
pub mod dashboard;
pub mod departures;
pub mod disruptions;
mod topics;
pub mod new_ticket;
pub mod ticket;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{InboxCounts, InboxQuery, TicketRow};
use roundtrip_domain::service::Inbox;
use roundtrip_domain::Role;

use self::clock::ClockBadge;
use crate::components::period_filters::StoreOptions;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::globals::use_session;
use crate::i18n::{format_datetime, kind_label, use_i18n, Label, Msg};

fn from_query(get: impl Fn(&str) -> Option<String>) -> InboxQuery {
    InboxQuery {
        inbox: get("inbox").and_then(|v| Inbox::parse(&v)),
        store_id: get("store_id").and_then(|v| v.parse().ok()),
        page: get("page").and_then(|v| v.parse().ok()),
        page_size: None,
    }
}

fn href(inbox: Inbox, store: Option<i64>) -> String {
    match store {
        Some(s) => format!("/service?inbox={}&store_id={s}", inbox.as_str()),
        None => format!("/service?inbox={}", inbox.as_str()),
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manager = move || session.0.get().is_some_and(|u| u.role != Role::Staff);
    let query_map = use_query_map();
    let query = Signal::derive(move || query_map.with(|m| from_query(|k| m.get(k))));
    let inbox = LocalResource::new(move || {
        let q = query.get();
        async move { crate::api::service::inbox(&q).await }
    });
    let navigate = use_navigate();
    view! {
        <section class="page service-page">
            <div class="page-head">
                <h1>{i18n.text(Msg::ServiceTitle)}</h1>
                <div class="actions">
                    <A href="/service/departures" attr:class="button">{i18n.text(Msg::DeparturesTitle)}</A>
                    <A href="/service/disruptions" attr:class="button">{i18n.text(Msg::DisruptionsTitle)}</A>
                    <Show when=manager>
                        <A href="/service/dashboard" attr:class="button">{i18n.text(Msg::ServiceDashboardLink)}</A>
                    </Show>
                </div>
            </div>
            <p class="muted">{i18n.text(Msg::ServiceIntro)}</p>
            <Show when=manager>
                <div class="filters">
                    <div class="filter">
                        <label for="service-store">{i18n.text(Msg::FilterStore)}</label>
                        <select id="service-store" on:change={
                            let navigate = navigate.clone();
                            move |ev| {
                                let q = query.get_untracked();
                                navigate(&href(q.inbox.unwrap_or(Inbox::Store), event_target_value(&ev).parse().ok()), Default::default());
                            }
                        }>
                            <StoreOptions selected=Signal::derive(move || query.get().store_id)/>
                        </select>
                    </div>
                </div>
            </Show>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || inbox.get().map(|r| r.map(|page| {
                        let q = query.get();
                        view! {
                            <Tabs counts=page.counts.clone() current=q.inbox.unwrap_or(Inbox::Store) store=q.store_id manager=manager()/>
                            {if page.items.is_empty() {
                                view! { <Empty msg=Msg::InboxEmpty/> }.into_any()
                            } else {
                                view! {
                                    <ul class="ticket-list" data-testid="ticket-list">
                                        {page.items.into_iter().map(|t| view! { <TicketItem t/> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }}
                        }
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Tabs(counts: InboxCounts, current: Inbox, store: Option<i64>, manager: bool) -> impl IntoView {
    let i18n = use_i18n();
    let store_label = if manager { Msg::InboxAllOpen } else { Msg::InboxStore };
    let tabs = [
        (Inbox::Mine, Msg::InboxMine, Some(counts.mine)),
        (Inbox::Store, store_label, Some(counts.store)),
        (Inbox::DueSoon, Msg::InboxDueSoon, Some(counts.due_soon)),
        (Inbox::Breached, Msg::InboxBreached, Some(counts.breached)),
        (Inbox::All, Msg::InboxAll, None),
    ];
    view! {
        <nav class="tabs" aria-label=i18n.text(Msg::InboxesLabel)>
            {tabs.into_iter().map(|(inbox, msg, count)| view! {
                <a href=href(inbox, store) class="tab" aria-current=(inbox == current).then_some("page") data-testid=format!("inbox-{}", inbox.as_str())>
                    {move || i18n.t(msg)}
                    {count.map(|n| view! { " " <span class="count">{n}</span> })}
                </a>
            }).collect_view()}
        </nav>
    }
}

/// Who, what kind, how serious, where the customer spoke and which store has it.
#[component]
pub fn TicketFacts(t: TicketRow) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="row-link" href=format!("/customers/{}", t.customer_id)>{t.customer_name.clone()}</a>
        " · " {move || kind_label(&t.kind, i18n.locale())}
        " · " {move || t.severity.label(i18n.locale())}
        " · " {move || t.channel.label(i18n.locale())}
        // a ticket no store holds yet shows no empty place
        {t.store.clone().map(|s| view! { " · " {s.name} })}
    }
}

#[component]
fn TicketItem(t: TicketRow) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/service/{}", t.id);
    let spoke = t.spoke_at;
    view! {
        <li class="ticket-item" data-testid="ticket">
            <ClockBadge clock=t.clock/>
            <a class="row-link ticket-summary" href=href translate="no">{t.summary.clone()}</a>
            <p class="muted"><TicketFacts t=t.clone()/> " · " {move || t.status.label(i18n.locale())}</p>
            <p class="muted small">
                {i18n.text(Msg::SpokeAtShort)} " " {move || format_datetime(spoke, i18n.locale())}
                " · " {i18n.text(Msg::Assignee)} ": "
                {let a = t.assignee.clone(); move || a.clone().map(|a| a.name).unwrap_or_else(|| i18n.t(Msg::Unassigned).into())}
            </p>
        </li>
    }
}
