use leptos::prelude::*;
use roundtrip_domain::dto::JourneyCellQuery;
use roundtrip_domain::paging::PageRequest;

use crate::api::journeys::{cell, query_string};
use crate::components::customer_table::{CustomerTable, Pager};
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{group_thousands, use_i18n, Label, Msg};

/// The customers behind the selected cell, paged.
#[component]
pub fn CellCustomers(query: Memo<JourneyCellQuery>, go: Callback<JourneyCellQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let page = LocalResource::new(move || {
        let q = query.get();
        async move {
            match (q.stage, q.channel, q.dropped) {
                (Some(_), Some(_), _) | (Some(_), None, Some(true)) => cell(&q).await.map(Some),
                _ => Ok(None),
            }
        }
    });
    // a chosen cell's customers appear far below the matrix: bring them into view and move
    // focus there, so the choice visibly did something (and a screen reader follows)
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(Ok(Some(_))) = page.get() {
            request_animation_frame(move || {
                if let Some(h) = heading.get_untracked() {
                    h.scroll_into_view();
                    let _ = h.focus();
                }
            });
        }
    });
    let close = move |_| go.run(JourneyCellQuery { stage: None, channel: None, dropped: None, page: None, ..query.get_untracked() });
    let link = move |p: u32| format!("/journeys?{}", query_string(&JourneyCellQuery { page: Some(p), ..query.get_untracked() }));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=error_fallback>
                {move || page.get().map(|r| r.map(|found| found.map(|p| {
                    let q = query.get_untracked();
                    let (stage, channel) = (q.stage, q.channel);
                    let pages = PageRequest { page: p.page, page_size: p.page_size }.page_count(p.total) as u32;
                    view! {
                        <section class="card drill" aria-labelledby="drill-title" data-testid="cell-customers">
                            <h2 id="drill-title" tabindex="-1" node_ref=heading>
                                {match channel {
                                    Some(_) => i18n.text(Msg::CellCustomers),
                                    None => i18n.text(Msg::DroppedOffAt),
                                }} " "
                                {move || stage.map(|s| s.label(i18n.locale())).unwrap_or_default()}
                                {move || channel.map(|c| format!(" · {}", c.label(i18n.locale())))}
                                " (" <span data-testid="cell-total">{group_thousands(p.total as i64)}</span> ")"
                            </h2>
                            <button type="button" class="button ghost" on:click=close>{i18n.text(Msg::CloseCell)}</button>
                            {if p.items.is_empty() {
                                view! { <Empty msg=Msg::NoCustomers/> }.into_any()
                            } else {
                                view! { <CustomerTable items=p.items/> <Pager current=p.page pages link/> }.into_any()
                            }}
                        </section>
                    }
                })))}
            </ErrorBoundary>
        </Transition>
    }
}
