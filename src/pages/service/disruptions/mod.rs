//! Schedule changes (航变): the disruptions of a period grouped by flight with their figures;
//! each opens on the bookings it reached ([`detail`]).

pub mod detail;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::JourneyQuery;
use roundtrip_domain::trips::disruptions::{Disruption, DisruptionFigures};
use roundtrip_domain::Role;

use crate::api::overview::{from_query, query_string};
use crate::components::period_filters::{answered_period, PeriodFilters};
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{format_date, format_datetime, use_i18n, Msg};
use crate::globals::use_session;

#[component]
pub fn DisruptionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manager = move || session.0.get().is_some_and(|u| u.role != Role::Staff);
    let query_map = use_query_map();
    let query = Signal::derive(move || query_map.with(|m| from_query(|k| m.get(k))));
    let list = LocalResource::new(move || {
        let q = query.get();
        async move { crate::api::service::disruptions(&q).await }
    });
    let period = answered_period(list, |l| (l.from, l.to));
    let navigate = use_navigate();
    let go = Callback::new(move |q: JourneyQuery| navigate(&format!("/service/disruptions?{}", query_string(&q)), Default::default()));
    view! {
        <section class="page disruptions-page">
            <div class="page-head"><h1>{i18n.text(Msg::DisruptionsTitle)}</h1></div>
            <p class="muted">{i18n.text(Msg::DisruptionsIntro)}</p>
            <Show when=manager>
                <PeriodFilters query go period id="disruptions" no_segment=true/>
            </Show>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || list.get().map(|r| r.map(|l| view! {
                        <section class="card" aria-labelledby="disruption-totals">
                            <h2 id="disruption-totals">{i18n.text(Msg::DisruptionTotals)}</h2>
                            <Figures figures=l.totals.clone() id="totals"/>
                        </section>
                        {if l.disruptions.is_empty() {
                            view! { <Empty msg=Msg::NoDisruptions/> }.into_any()
                        } else {
                            view! {
                                <ul class="ticket-list disruption-list" data-testid="disruptions">
                                    {l.disruptions.into_iter().map(|d| view! { <DisruptionItem d/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn DisruptionItem(d: Disruption) -> impl IntoView {
    let i18n = use_i18n();
    let (date, announced) = (d.date, d.announced_at);
    view! {
        <li class="ticket-item">
            <a class="row-link" href=format!("/service/disruptions/{}", d.id)>
                <span translate="no">{d.flight.clone()}</span> "\u{a0}· " {move || format_date(date, i18n.locale())}
            </a>
            <p><Change d=d.clone()/> <span class="muted">" · " {i18n.text(Msg::Announced)} " " {move || format_datetime(announced, i18n.locale())}</span></p>
            <Figures figures=d.figures id="item"/>
        </li>
    }
}

/// What changed: cancelled, or the new departure.
#[component]
pub fn Change(d: Disruption) -> impl IntoView {
    let i18n = use_i18n();
    match (d.cancelled, d.new_departure) {
        (true, _) | (false, None) => view! { <strong class="badge broken">{i18n.text(Msg::FlightCancelled)}</strong> }.into_any(),
        (false, Some(t)) => view! {
            <strong>{i18n.text(Msg::NewDeparture)} " " {move || format!("{} {}", format_date(t.date(), i18n.locale()), t.format("%H:%M"))}</strong>
        }.into_any(),
    }
}

/// The figures managers judge a disruption by.
#[component]
pub fn Figures(figures: DisruptionFigures, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let f = figures;
    let rows = [
        (Msg::FigBookings, f.bookings),
        (Msg::FigAffected, f.affected_customers),
        (Msg::FigInformed2h, f.informed_within_2h),
        (Msg::FigInformed24h, f.informed_within_24h),
        (Msg::FigRebooked, f.rebooked),
        (Msg::FigRefunded, f.refunded),
        (Msg::FigOpen, f.open),
    ];
    view! {
        <dl class="facts disruption-figures" data-testid=format!("figures-{id}")>
            {rows.into_iter().map(|(label, n)| view! { <div><dt>{i18n.text(label)}</dt><dd>{n}</dd></div> }).collect_view()}
        </dl>
    }
}
