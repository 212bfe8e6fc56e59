//! The managers' review queue of possible duplicate members, with the identity KPIs it moves.

mod pair;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use roundtrip_domain::paging::PageRequest;

use crate::api::identity::{duplicates, kpis};
use crate::components::customer_table::Pager;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{group_thousands, percent, use_i18n, Msg};
use pair::PairCard;

#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let i18n = use_i18n();
    // bumped after every merge, undo or dismissal so the figures follow; the queue itself is
    // not reloaded, so a merged pair keeps its Undo button in place
    let changed = RwSignal::new(0u32);
    let figures = LocalResource::new(move || {
        changed.track();
        kpis()
    });
    // surest first, a page at a time; the page lives in the URL
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1)));
    let queue = LocalResource::new(move || duplicates(page.get()));

    view! {
        <section class="page duplicates">
            <h1>{i18n.text(Msg::DuplicatesTitle)}</h1>
            <p class="muted">{i18n.text(Msg::DuplicatesIntro)}</p>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || figures.get().map(|r| r.map(|k| view! {
                        <dl class="kpis" data-testid="identity-kpis">
                            <div><dt>{i18n.text(Msg::Members)}</dt><dd>{group_thousands(k.members as i64)}</dd></div>
                            <div><dt>{i18n.text(Msg::OverlapRate)}</dt><dd data-testid="overlap">{percent(k.overlap_rate)}</dd></div>
                            <div><dt>{i18n.text(Msg::DuplicatesPending)}</dt><dd data-testid="pending">{group_thousands(k.duplicates_pending as i64)}</dd></div>
                            <div><dt>{i18n.text(Msg::DuplicateShare)}</dt><dd>{percent(k.duplicate_marketing_share)}</dd></div>
                        </dl>
                    }))}
                </ErrorBoundary>
            </Transition>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || queue.get().map(|r| r.map(|p| {
                        if p.items.is_empty() {
                            return view! { <Empty msg=Msg::NoDuplicates/> }.into_any();
                        }
                        let pages = PageRequest { page: p.page, page_size: p.page_size }.page_count(p.total) as u32;
                        view! {
                            <ul class="pairs">
                                {p.items.into_iter().map(|p| view! { <li><PairCard pair=p changed=changed.write_only()/></li> }).collect_view()}
                            </ul>
                            <Pager current=p.page pages link=|n| format!("/duplicates?page={n}")/>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
