//! Service levels for managers: 24-hour SLA compliance and breaches by handling store and by
//! channel, median response and resolution times, CSAT, and what is due or breached right now.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{JourneyQuery, ServiceDashboard, SlaFigures};

use crate::api::overview::{from_query, query_string};
use crate::components::period_filters::{answered_period, PeriodFilters};
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{format_hours, percent, use_i18n, Label, Msg};
use super::topics::TopicsSection;

#[component]
pub fn ServiceDashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Signal::derive(move || query_map.with(|m| from_query(|k| m.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |q: JourneyQuery| navigate(&format!("/service/dashboard?{}", query_string(&q)), Default::default()));
    let figures = LocalResource::new(move || {
        let q = query.get();
        async move { crate::api::service::dashboard(&q).await }
    });
    let period = answered_period(figures, |d: &ServiceDashboard| (d.from, d.to));
    view! {
        <section class="page service-dashboard">
            <a href="/service" class="back-link">"← " {i18n.text(Msg::ServiceTitle)}</a>
            <h1>{i18n.text(Msg::ServiceDashboardTitle)}</h1>
            <p class="muted">{i18n.text(Msg::SlaRule)}</p>
            <PeriodFilters query go period id="service"/>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || { i18n.locale(); figures.get().map(|r| r.map(|d| view! { <Figures d/> })) }}
                </ErrorBoundary>
            </Transition>
            <TopicsSection query/>
        </section>
    }
}

#[component]
fn Figures(d: ServiceDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    let t = d.total.clone();
    let cards = [
        (roundtrip_domain::dto::KpiKey::SlaCompliance.label(locale), percent(t.compliance), format!("{} / {}", t.in_time, t.due), "sla-compliance"),
        (i18n.t(Msg::DueSoonNow), d.due_soon_now.to_string(), String::new(), "due-soon-now"),
        (i18n.t(Msg::BreachedNow), d.breached_now.to_string(), String::new(), "breached-now"),
        (i18n.t(Msg::MedianResponse), format_hours(t.median_response_hours, locale), String::new(), "median-response"),
        (i18n.t(Msg::MedianResolution), format_hours(t.median_resolution_hours, locale), String::new(), "median-resolution"),
        (roundtrip_domain::dto::KpiKey::Csat.label(locale), percent(t.csat), String::new(), "csat"),
    ];
    view! {
        <ul class="kpi-grid">
            {cards.into_iter().map(|(label, value, counts, id)| view! {
                <li class="card kpi-card">
                    <h2 class="kpi-label">{label}</h2>
                    <p class="kpi-value" data-testid=id>{value}</p>
                    <p class="muted small">{counts}</p>
                </li>
            }).collect_view()}
        </ul>
        <SlaTable title=Msg::SlaByStore rows=d.by_store.clone() id="sla-by-store" channel=false/>
        <SlaTable title=Msg::SlaByChannel rows=d.by_channel.clone() id="sla-by-channel" channel=true/>
    }
}

#[component]
fn SlaTable(title: Msg, rows: Vec<SlaFigures>, id: &'static str, channel: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.locale();
    view! {
        <section class="card" aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{i18n.t(title)}</h2>
            <div class="table-scroll" tabindex="0">
                <table class="data-table" data-testid=id>
                    <thead><tr>
                        <th scope="col">{if channel { i18n.t(Msg::ColChannels) } else { i18n.t(Msg::FilterStore) }}</th>
                        <th scope="col">{i18n.t(Msg::TicketsCount)}</th>
                        <th scope="col">{i18n.t(Msg::DueCount)}</th>
                        <th scope="col">{i18n.t(Msg::InTimeCount)}</th>
                        <th scope="col">{i18n.t(Msg::BreachedCount)}</th>
                        <th scope="col">{roundtrip_domain::dto::KpiKey::SlaCompliance.label(locale)}</th>
                        <th scope="col">{i18n.t(Msg::MedianResponse)}</th>
                        <th scope="col">{i18n.t(Msg::MedianResolution)}</th>
                        <th scope="col">{roundtrip_domain::dto::KpiKey::Csat.label(locale)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let name = split_name(channel, &r.key, &r.label, locale);
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td>{r.tickets}</td><td>{r.due}</td><td>{r.in_time}</td><td>{r.breached}</td>
                                    <td>{percent(r.compliance)}</td>
                                    <td>{format_hours(r.median_response_hours, locale)}</td>
                                    <td>{format_hours(r.median_resolution_hours, locale)}</td>
                                    <td>{percent(r.csat)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// A row of a by-store or by-channel table: the channel in words, or the store's name; a dash
/// for tickets no store holds.
pub(super) fn split_name(channel: bool, key: &str, label: &str, locale: crate::i18n::Locale) -> String {
    let name = if channel { roundtrip_domain::Channel::parse(key).map(|c| c.label(locale).to_string()).unwrap_or_else(|| key.to_owned()) } else { label.to_owned() };
    if name.is_empty() { "—".into() } else { name }
}
