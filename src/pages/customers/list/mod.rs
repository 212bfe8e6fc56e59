//! The customer list: search box, filters and paged results. The URL holds the whole view, so
//! a link or a reload reproduces it.

pub(crate) mod filters;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use roundtrip_domain::dto::CustomerQuery;
use roundtrip_domain::paging::PageRequest;

use crate::api::customers::{from_query, list, query_string};
use crate::api::ApiError;
use crate::perf;
use crate::cache::{roster, DB_NAME};
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{group_thousands, use_i18n, Msg};
use filters::Filters;
use crate::components::customer_table::{CustomerTable, Pager};

#[component]
pub fn CustomerListPage() -> impl IntoView {
    let i18n = use_i18n();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| from_query(|k| m.get(k))));
    let navigate = use_navigate();
    // Changing the view means changing the URL; the list follows the URL.
    let go = Callback::new(move |q: CustomerQuery| navigate(&format!("/customers?{}", query_string(&q)), Default::default()));

    let text = RwSignal::new(query.get_untracked().q.unwrap_or_default());
    Effect::new(move |_| text.set(query.get().q.unwrap_or_default()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        go.run(CustomerQuery { q: Some(text.get_untracked()), page: None, ..query.get_untracked() });
    };
    let clear = move |_| go.run(CustomerQuery { q: None, page: None, ..query.get_untracked() });

    // without a network, the customers kept on this device answer the search
    let results = LocalResource::new(move || {
        let q = query.get();
        perf::mark(perf::LIST_QUERY);
        async move {
            match list(&q).await {
                Err(ApiError::Network) => roster::search_offline(DB_NAME, q.q.as_deref().unwrap_or_default()).await.map(|p| (p, true)).map_err(|_| ApiError::Network),
                other => other.map(|p| (p, false)),
            }
        }
    });

    let page_link = move |page: u32| format!("/customers?{}", query_string(&CustomerQuery { page: Some(page), ..query.get() }));

    view! {
        <section class="page customers">
            <h1>{i18n.text(Msg::CustomersTitle)}</h1>
            <form class="search" role="search" on:submit=submit>
                <label for="customer-search" class="visually-hidden">{i18n.text(Msg::SearchLabel)}</label>
                <input id="customer-search" type="search" inputmode="search" autocomplete="off"
                    placeholder=i18n.text(Msg::SearchPlaceholder) bind:value=text/>
                <button type="submit" class="button primary">{i18n.text(Msg::Search)}</button>
                <Show when=move || query.get().q.is_some()>
                    <button type="button" class="button ghost" on:click=clear>{i18n.text(Msg::ClearSearch)}</button>
                </Show>
            </form>
            <Filters query=query go=go/>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || results.get().map(|r| r.map(|(page, offline)| {
                        perf::mark_drawn(perf::LIST_DRAWN);
                        let pages = PageRequest { page: page.page, page_size: page.page_size }.page_count(page.total) as u32;
                        let current = page.page;
                        let total = page.total;
                        if page.items.is_empty() {
                            return view! { <Empty msg=Msg::NoCustomers/> }.into_any();
                        }
                        view! {
                            {offline.then(|| view! { <p class="banner offline" role="status">{i18n.text(Msg::OfflineResults)}</p> })}
                            <p class="result-count" role="status">
                                <strong data-testid="result-total">{group_thousands(total as i64)}</strong>
                                " " {i18n.text(Msg::ResultsCount)}
                            </p>
                            <CustomerTable items=page.items/>
                            <Pager current pages link=page_link/>
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
