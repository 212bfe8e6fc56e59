//! Customers as a table with a pager: the customer list and the journey drill-down show them
//! the same way.

use leptos::prelude::*;
use leptos_router::components::A;
use roundtrip_domain::dto::CustomerSummary;

use crate::components::churn::ChurnBadge;
use crate::i18n::{format_date, use_i18n, Label, Msg};

#[component]
fn CustomerRow(customer: CustomerSummary) -> impl IntoView {
    let i18n = use_i18n();
    let c = customer;
    let href = format!("/customers/{}", c.id);
    let city = c.home_store.as_ref().map(|s| s.city.clone());
    let store = c.home_store.map(|s| s.name).unwrap_or_else(|| "—".into());
    let last_active = crate::i18n::agency_day(c.last_active_at);
    view! {
        <tr>
            <td>
                <A href=href attr:class="row-link" attr:translate="no">{c.name}</A>
                // on the tablet the store and last-active columns are hidden: what tells two
                // people of the same name apart stays under the name
                <span class="row-detail narrow-only">
                    {city.map(|c| view! { {c} " · " })}
                    {i18n.text(Msg::ColLastActive)} " " {move || format_date(last_active, i18n.locale())}
                </span>
            </td>
            <td class="mono">{c.phone_masked.unwrap_or_else(|| "—".into())}</td>
            <td>{move || c.segment.label(i18n.locale())}</td>
            <td><span class=format!("tier tier-{}", c.tier.as_str())>{move || c.tier.label(i18n.locale())}</span></td>
            <td class="wide-only">{move || c.lifecycle.label(i18n.locale())}</td>
            <td>{move || c.presence.label(i18n.locale())}</td>
            <td class="wide-only">{store}</td>
            <td><ChurnBadge score=c.churn_risk/></td>
            <td class="wide-only">{move || format_date(last_active, i18n.locale())}</td>
        </tr>
    }
}

#[component]
pub fn CustomerTable(items: Vec<CustomerSummary>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="customer-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Msg::ColName)}</th>
                        <th scope="col">{i18n.text(Msg::ColPhone)}</th>
                        <th scope="col">{i18n.text(Msg::ColSegment)}</th>
                        <th scope="col">{i18n.text(Msg::ColTier)}</th>
                        <th scope="col" class="wide-only">{i18n.text(Msg::ColLifecycle)}</th>
                        <th scope="col">{i18n.text(Msg::ColChannels)}</th>
                        <th scope="col" class="wide-only">{i18n.text(Msg::ColStore)}</th>
                        <th scope="col">{i18n.text(Msg::ColChurn)}</th>
                        <th scope="col" class="wide-only">{i18n.text(Msg::ColLastActive)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|c| view! { <CustomerRow customer=c/> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Previous / next links; `link` makes the URL of a page.
#[component]
pub fn Pager(current: u32, pages: u32, link: impl Fn(u32) -> String + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pager" aria-label=i18n.text(Msg::PageOf)>
            {(current > 1).then(|| view! { <A href=link(current - 1)>{i18n.text(Msg::PrevPage)}</A> })}
            <span>{i18n.text(Msg::PageOf)} " " {current} " " {i18n.text(Msg::Of)} " " {pages}</span>
            {(current < pages).then(|| view! { <A href=link(current + 1)>{i18n.text(Msg::NextPage)}</A> })}
        </nav>
    }
}
