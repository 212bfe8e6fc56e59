//! Managers' journey view: where customers enter, where they stop, and whether promises are
//! kept, by stage and channel. The URL holds the filters and the selected cell.

mod consistency;
mod drill;
mod flow;
mod matrix;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{JourneyCellQuery, JourneyQuery};

use crate::api::journeys::{from_query, matrix, query_string};
use crate::components::period_filters::{answered_period, PeriodFilters};
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{group_thousands, percent, use_i18n, Msg};

#[component]
pub fn JourneysPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| from_query(|k| m.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |q: JourneyCellQuery| navigate(&format!("/journeys?{}", query_string(&q)), Default::default()));
    // the matrix follows the filters only; choosing a cell or a page does not reload it
    let filters = Memo::new(move |_| {
        let q = query.get();
        JourneyCellQuery { from: q.from, to: q.to, store_id: q.store_id, segment: q.segment, ..Default::default() }
    });
    let figures = LocalResource::new(move || {
        let f = filters.get();
        async move { matrix(&f).await }
    });
    // the filters as the shared component sees them; a change keeps the selected cell
    let filter_query = Signal::derive(move || {
        let q = query.get();
        JourneyQuery { from: q.from, to: q.to, store_id: q.store_id, segment: q.segment }
    });
    let filter_go = Callback::new(move |f: JourneyQuery| {
        let q = query.get_untracked();
        go.run(JourneyCellQuery { from: f.from, to: f.to, store_id: f.store_id, segment: f.segment, page: None, ..q });
    });
    // the period the server used, for the date inputs when the URL leaves it to the default
    let period = answered_period(figures, |m| (m.from, m.to));

    view! {
        <section class="page journeys-page">
            <h1>{i18n.text(Msg::JourneysTitle)}</h1>
            <p class="muted">{i18n.text(Msg::JourneysIntro)}</p>
            <PeriodFilters query=filter_query go=filter_go period id="journey"/>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || figures.get().map(|r| r.map(|m| {
                        view! {
                            <dl class="kpis" data-testid="journey-kpis">
                                <div><dt>{i18n.text(Msg::JourneyCount)}</dt><dd data-testid="journey-total">{group_thousands(m.journeys as i64)}</dd></div>
                                <div title=i18n.text(Msg::OnlineToOfflineFormula)>
                                    <dt>{i18n.text(Msg::OnlineToOffline)}</dt>
                                    <dd>{percent(m.online_to_offline)}</dd>
                                    <dd class="formula">{i18n.text(Msg::OnlineToOfflineFormula)}</dd>
                                </div>
                                <div title=i18n.text(Msg::ConsistencyFormula)>
                                    <dt>{i18n.text(Msg::ServiceConsistency)}</dt>
                                    <dd data-testid="consistency">{percent(m.consistency)}</dd>
                                    <dd class="formula">{i18n.text(Msg::ConsistencyFormula)}</dd>
                                </div>
                                <div><dt>{i18n.text(Msg::BrokenPromisesTitle)}</dt><dd>{group_thousands(m.promises_broken as i64)}</dd></div>
                            </dl>
                            <matrix::MatrixTable cells=m.cells.clone() query go/>
                            <flow::StageFlowTable stages=m.stages.clone() query go/>
                            <consistency::ConsistencyTables by_store=m.consistency_by_store.clone() by_channel=m.consistency_by_channel.clone()/>
                        }
                    }))}
                </ErrorBoundary>
            </Transition>
            <drill::CellCustomers query go/>
        </section>
    }
}
