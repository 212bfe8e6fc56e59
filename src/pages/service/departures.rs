//! The Departures desk: a store's bookings leaving in the next 14 days, each traveller's
//! documents, payment and open promises, and whether the departure is ready. The counter works
//! down "only those not ready"; a manager picks a store or looks at them all.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::trips::departures::{Departure, Departures};
use roundtrip_domain::Role;

use crate::components::documents::Gaps;
use crate::components::period_filters::StoreOptions;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::globals::use_session;
use crate::i18n::{format_date, use_i18n, Label, Locale, Msg};

#[component]
pub fn DeparturesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manager = move || session.0.get().is_some_and(|u| u.role != Role::Staff);
    let query = use_query_map();
    let store = Signal::derive(move || query.with(|q| q.get("store_id").and_then(|s| s.parse::<i64>().ok())));
    let list = LocalResource::new(move || {
        let store = store.get();
        async move { crate::api::service::departures(store).await }
    });
    let only_not_ready = RwSignal::new(true);
    let navigate = use_navigate();
    let pick_store = move |ev| {
        let chosen = event_target_value(&ev);
        let href = if chosen.is_empty() { "/service/departures".to_owned() } else { format!("/service/departures?store_id={chosen}") };
        navigate(&href, Default::default());
    };
    view! {
        <section class="page departures-page">
            <a class="back-link" href="/service">{i18n.text(Msg::ServiceTitle)}</a>
            <div class="page-head"><h1>{i18n.text(Msg::DeparturesTitle)}</h1></div>
            <p class="muted">{i18n.text(Msg::DeparturesIntro)}</p>
            <div class="filters">
                <Show when=manager>
                    <div class="filter">
                        <label for="departures-store">{i18n.text(Msg::FilterStore)}</label>
                        <select id="departures-store" on:change=pick_store.clone()>
                            <StoreOptions selected=store/>
                        </select>
                    </div>
                </Show>
                <div class="filter check">
                    <input type="checkbox" id="departures-not-ready" prop:checked=move || only_not_ready.get()
                        on:change=move |ev| only_not_ready.set(event_target_checked(&ev))/>
                    <label for="departures-not-ready">{i18n.text(Msg::OnlyNotReady)}</label>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || list.get().map(|r| r.map(|d| view! { <DepartureList d only_not_ready=only_not_ready.into()/> }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

fn ready_count(ready: usize, total: usize, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!("{total}单中{ready}单已就绪"),
        Locale::En => format!("{ready} of {total} ready"),
    }
}

#[component]
fn DepartureList(d: Departures, only_not_ready: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let (ready, total, more) = (d.ready, d.items.len(), d.more);
    let items = StoredValue::new(d.items);
    let shown = move || items.with_value(|all| all.iter().filter(|x| !only_not_ready.get() || !x.not_ready.is_empty()).cloned().collect::<Vec<_>>());
    view! {
        <p class="figure-line" data-testid="ready-count">
            {move || ready_count(ready, total, i18n.locale())}
            " · " {move || format_date(d.from, i18n.locale())} "–" {move || format_date(d.until, i18n.locale())}
        </p>
        {more.then(|| view! { <p class="banner" role="status">{i18n.text(Msg::MoreDepartures)}</p> })}
        {move || {
            let rows = shown();
            if rows.is_empty() {
                let msg = if total == 0 { Msg::NoDepartures } else { Msg::AllDeparturesReady };
                return view! { <Empty msg/> }.into_any();
            }
            view! {
                <table class="data-table departures" data-testid="departures">
                    <thead><tr>
                        <th scope="col">{i18n.text(Msg::DepartsOn)}</th>
                        <th scope="col">{i18n.text(Msg::Trips)}</th>
                        <th scope="col">{i18n.text(Msg::DocumentsTitle)}</th>
                        <th scope="col">{i18n.text(Msg::Readiness)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|x| view! { <DepartureRow d=x/> }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}

#[component]
fn DepartureRow(d: Departure) -> impl IntoView {
    let i18n = use_i18n();
    let (departs, abroad) = (d.departs_on, d.country.is_some());
    view! {
        <tr data-testid="departure">
            <td>{move || format_date(departs, i18n.locale())}</td>
            <td>
                <span translate="no">{d.title.clone()}</span>
                <br/><span class="muted">{i18n.text(Msg::BookedBy)}
                    <a href=format!("/customers/{}", d.booker_id) translate="no">{d.booker_name.clone()}</a></span>
                {d.store_name.clone().map(|s| view! { <br/><span class="muted" translate="no">{s}</span> })}
            </td>
            <td>
                {if abroad {
                    view! {
                        <ul class="plain-list" data-testid="travellers">
                            {d.travellers.into_iter().map(|t| view! {
                                <li>
                                    <a href=format!("/customers/{}", t.customer_id) translate="no">{t.name.clone()}</a>
                                    {if t.gaps.is_empty() {
                                        view! { " " <span class="badge kept">{i18n.text(Msg::DocumentsReady)}</span> }.into_any()
                                    } else {
                                        view! { <Gaps gaps=t.gaps/> }.into_any()
                                    }}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                } else {
                    view! { <span class="muted">{i18n.text(Msg::DomesticTrip)}</span> }.into_any()
                }}
            </td>
            <td data-testid="readiness">
                {if d.not_ready.is_empty() {
                    view! { <span class="badge kept">{i18n.text(Msg::ReadyBadge)}</span> }.into_any()
                } else {
                    d.not_ready.into_iter().map(|n| view! { <span class="badge broken">{move || n.label(i18n.locale())}</span> " " }).collect_view().into_any()
                }}
            </td>
        </tr>
    }
}
