use leptos::prelude::*;
use leptos_router::components::A;
use roundtrip_domain::dto::CustomerSummary;

use crate::components::churn::ChurnBadge;
use crate::i18n::{format_date, use_i18n, Label};

#[component]
pub fn CustomerRow(customer: CustomerSummary) -> impl IntoView {
    let i18n = use_i18n();
    let c = customer;
    let href = format!("/customers/{}", c.id);
    let store = c.home_store.map(|s| s.name).unwrap_or_else(|| "—".into());
    let last_active = c.last_active_at.date_naive();
    view! {
        <tr>
            <td><A href=href attr:class="row-link">{c.name}</A></td>
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
