//! The managers' review queue of possible duplicate members, with the identity KPIs it moves.

mod pair;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::{BulkAction, BulkReview, BulkReviewItem, DuplicateSort};
use roundtrip_domain::paging::PageRequest;

use crate::api::identity::{bulk_review, duplicates, kpis};
use crate::components::states::ErrorView;
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
    let sort = Memo::new(move |_| query.with(|q| q.get("sort").and_then(|s| DuplicateSort::parse(&s)).unwrap_or_default()));
    let queue = LocalResource::new(move || duplicates(page.get(), sort.get()));
    let link = move |n: u32| match sort.get_untracked() {
        DuplicateSort::Oldest => format!("/duplicates?sort=oldest&page={n}"),
        DuplicateSort::Confidence => format!("/duplicates?page={n}"),
    };
    let navigate = use_navigate();
    let on_sort = move |ev| {
        let oldest = DuplicateSort::parse(&event_target_value(&ev)) == Some(DuplicateSort::Oldest);
        navigate(if oldest { "/duplicates?sort=oldest" } else { "/duplicates" }, Default::default());
    };

    // bulk review: the ticked pairs of this page, merged or dismissed in one request; each
    // card then turns (and can be undone) as if reviewed on its own
    let selected = RwSignal::new(HashSet::<i64>::new());
    let on_page = RwSignal::new(Vec::<i64>::new());
    let bulk = Action::new_local(|review: &BulkReview| bulk_review(review.clone()));
    let outcomes = Memo::new(move |_| -> HashMap<i64, BulkReviewItem> {
        bulk.value().with(|v| v.as_ref().and_then(|r| r.as_ref().ok()).map(|r| r.items.iter().map(|i| (i.id, i.clone())).collect()).unwrap_or_default())
    });
    Effect::new(move |_| {
        if matches!(bulk.value().get(), Some(Ok(_))) {
            changed.update(|n| *n += 1);
        }
    });
    let run = move |action: BulkAction| {
        let ids: Vec<i64> = on_page.get_untracked().into_iter().filter(|id| selected.with_untracked(|s| s.contains(id))).collect();
        let ask = match action {
            BulkAction::Merge => Msg::BulkMergeConfirm,
            BulkAction::Dismiss => Msg::BulkDismissConfirm,
        };
        let sure = web_sys::window().and_then(|w| w.confirm_with_message(&i18n.t(ask)).ok()).unwrap_or(false);
        if sure && !ids.is_empty() {
            bulk.dispatch(BulkReview { action, ids });
        }
    };
    let count = move || selected.with(|s| s.len());
    let all_ticked = move || on_page.with(|ids| !ids.is_empty() && ids.iter().all(|id| selected.with(|s| s.contains(id))));

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
            <div class="bulk-bar" role="toolbar" aria-label=move || i18n.t(Msg::MergeSelected)>
                <label class="field-inline">
                    <span>{i18n.text(Msg::SortBy)}</span>
                    <select data-testid="duplicate-sort" on:change=on_sort prop:value=move || sort.get().as_str()>
                        <option value=DuplicateSort::Confidence.as_str()>{i18n.text(Msg::SortSurest)}</option>
                        <option value=DuplicateSort::Oldest.as_str()>{i18n.text(Msg::SortOldest)}</option>
                    </select>
                </label>
                <label class="pick" for="select-page">
                    <input type="checkbox" id="select-page" data-testid="select-page" prop:checked=all_ticked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let ids = on_page.get_untracked();
                            selected.update(|s| if on { s.extend(ids) } else { s.clear() });
                        }/>
                    <span>{i18n.text(Msg::SelectPage)}</span>
                </label>
                <span class="muted" data-testid="selected-count" aria-live="polite">{move || i18n.t(Msg::SelectedCount).replace("{n}", &count().to_string())}</span>
                <button type="button" class="button primary" data-testid="bulk-merge" disabled=move || count() == 0 || bulk.pending().get()
                    on:click=move |_| run(BulkAction::Merge)>{i18n.text(Msg::MergeSelected)}</button>
                <button type="button" class="button" data-testid="bulk-dismiss" disabled=move || count() == 0 || bulk.pending().get()
                    on:click=move |_| run(BulkAction::Dismiss)>{i18n.text(Msg::DismissSelected)}</button>
            </div>
            {move || bulk.value().get().and_then(Result::err).map(|e| view! { <ErrorView error=e/> })}
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || queue.get().map(|r| r.map(|p| {
                        if p.items.is_empty() {
                            return view! { <Empty msg=Msg::NoDuplicates/> }.into_any();
                        }
                        let pages = PageRequest { page: p.page, page_size: p.page_size }.page_count(p.total) as u32;
                        on_page.set(p.items.iter().map(|p| p.id).collect());
                        selected.set(HashSet::new());
                        view! {
                            <ul class="pairs">
                                {p.items.into_iter().map(|p| view! { <li><PairCard pair=p changed=changed.write_only() selected outcomes/></li> }).collect_view()}
                            </ul>
                            <Pager current=p.page pages link/>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
