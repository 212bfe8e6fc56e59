use leptos::prelude::*;
use roundtrip_domain::dto::CustomerProfile;
use roundtrip_domain::Role;

use super::edit::TagEditor;
use crate::components::churn::ChurnBadge;
use crate::i18n::{format_date, format_money, group_thousands, use_i18n, Label, Msg};

#[component]
pub fn ProfileHeader(profile: CustomerProfile, on_corrected: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = crate::globals::use_session();
    let customer_id = profile.summary.id;
    let p = profile;
    let s = p.summary.clone();
    let (segment, lifecycle, presence, tier) = (s.segment, s.lifecycle, s.presence, s.tier);
    let (rfm, last_nps, ltv) = (p.rfm, p.last_nps, p.lifetime_value_fen);
    let since = crate::i18n::agency_day(p.first_seen_at);
    let has_ids = !p.id_numbers_masked.is_empty();
    let reasons = p.churn.reasons.clone();
    view! {
        <header class="profile-header card">
            <div class="identity-line">
                <h1 data-testid="profile-name">{s.name.clone()}</h1>
                <span class=format!("tier tier-{}", s.tier.as_str())>{move || tier.label(i18n.locale())}</span>
                <span class="muted">{group_thousands(s.points)} " " {i18n.text(Msg::Points)}</span>
            </div>
            <p class="contact mono">
                {s.phone_masked.clone().unwrap_or_else(|| "—".into())}
                {p.email_masked.clone().map(|e| view! { " · " {e} })}
                " · " {p.city.clone()}
                // one line for every way to reach and identify the person: the header stays short
                {has_ids.then(|| {
                    let ids = p.id_numbers_masked.join(" · ");
                    view! { " · " <span data-testid="id-numbers">{i18n.text(Msg::IdNumbers)} ": " {ids}</span> }
                })}
            </p>
            // the record's own actions share one row; an opened form takes the row's width
            <div class="record-actions">
                <Show when=move || session.0.get().is_some_and(|u| u.role != Role::Staff)>
                    <super::reveal::Reveal customer=customer_id has_id_numbers=has_ids/>
                    <a class="button ghost" href=format!("/api/v1/customers/{customer_id}/export") download data-testid="export-person"
                        title=i18n.text(Msg::ExportPersonHint)>{i18n.text(Msg::ExportPerson)}</a>
                    <super::correct::CorrectDetails customer=customer_id version=p.version on_corrected/>
                </Show>
                <Show when=move || session.0.get().is_some_and(|u| u.role == Role::Admin)>
                    <super::erase::Erase customer=customer_id name=s.name.clone()/>
                </Show>
            </div>
            <dl class="facts">
                <div><dt>{i18n.text(Msg::ColSegment)}</dt><dd>{move || segment.label(i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::ColLifecycle)}</dt><dd>{move || lifecycle.label(i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::ColChannels)}</dt><dd>{move || presence.label(i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::LifetimeValue)}</dt><dd>{move || format_money(ltv, i18n.locale())}</dd></div>
                <div>
                    <dt>{i18n.text(Msg::Rfm)}</dt>
                    <dd title=move || format!("{} {} · {} {} · {} {}", i18n.t(Msg::Recency), rfm.recency, i18n.t(Msg::Frequency), rfm.frequency, i18n.t(Msg::Monetary), rfm.monetary)>
                        {format!("R{} F{} M{}", rfm.recency, rfm.frequency, rfm.monetary)}
                    </dd>
                </div>
                <div>
                    <dt>{i18n.text(Msg::Nps)}</dt>
                    <dd>{move || last_nps.map(|n| n.to_string()).unwrap_or_else(|| i18n.t(Msg::NotAnswered).to_string())}</dd>
                </div>
                <div><dt>{i18n.text(Msg::Since)}</dt><dd>{move || format_date(since, i18n.locale())}</dd></div>
                <div><dt>{i18n.text(Msg::Referrals)}</dt><dd>{p.referrals}</dd></div>
                <div><dt>{i18n.text(Msg::ChurnRisk)}</dt><dd><ChurnBadge score=p.churn.score/></dd></div>
            </dl>
            // no reasons, no line: the churn badge already says "low"
            {(!reasons.is_empty()).then(|| view! {
                <ul class="churn-reasons" aria-label=i18n.text(Msg::ChurnRisk)>
                    {reasons.into_iter().map(|r| view! { <li>"⚠ " {move || r.label(i18n.locale())}</li> }).collect_view()}
                </ul>
            })}
            <TagEditor/>
        </header>
    }
}
