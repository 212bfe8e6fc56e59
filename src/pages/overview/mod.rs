//! The manager overview: the brief's KPIs for a period, store and segment, each with its
//! trend, the counts behind it and its formula. The URL holds the filters.

mod card;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{JourneyQuery, Overview};

use crate::api::overview::{from_query, overview, query_string};
use crate::components::period_filters::{answered_period, PeriodFilters};
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{format_date, use_i18n, Msg};
use card::{kpi_value, KpiCard};

#[component]
pub fn OverviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Signal::derive(move || query_map.with(|m| from_query(|k| m.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |q: JourneyQuery| navigate(&format!("/overview?{}", query_string(&q)), Default::default()));
    let figures = LocalResource::new(move || {
        let q = query.get();
        async move { overview(&q).await }
    });
    let period = answered_period(figures, |o| (o.from, o.to));
    view! {
        <section class="page overview-page">
            <h1>{i18n.text(Msg::OverviewTitle)}</h1>
            <p class="muted">{i18n.text(Msg::OverviewIntro)}</p>
            <PeriodFilters query go period id="overview"/>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || figures.get().map(|r| r.map(|o| view! {
                        <ul class="kpi-grid" data-testid="overview-kpis">
                            {o.kpis.iter().cloned().map(|k| view! { <KpiCard kpi=k/> }).collect_view()}
                        </ul>
                        <TrendTable overview=o.clone()/>
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

/// Every KPI's trend as a table: the text alternative of the sparklines.
#[component]
fn TrendTable(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let spans = overview.kpis.first().map(|k| k.trend.iter().map(|t| (t.from, t.to)).collect::<Vec<_>>()).unwrap_or_default();
    view! {
        <details class="data-table">
            <summary>{i18n.text(Msg::ShowAsTable)}</summary>
            <div class="table-scroll" tabindex="0">
                <table>
                    <caption>{i18n.text(Msg::OverviewTrendCaption)}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.text(Msg::Kpi)}</th>
                        {spans.iter().map(|(from, to)| {
                            let (from, to) = (*from, *to);
                            view! { <th scope="col">{move || format!("{} – {}", format_date(from, i18n.locale()), format_date(to, i18n.locale()))}</th> }
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {overview.kpis.into_iter().map(|k| {
                            let key = k.key;
                            view! {
                                <tr>
                                    <th scope="row">{move || crate::i18n::kpi_label(key, i18n.locale())}</th>
                                    {k.trend.iter().map(|t| view! { <td>{kpi_value(key, t.value)}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}
