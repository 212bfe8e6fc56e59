use leptos::prelude::*;
use roundtrip_domain::dto::{CommunityMembership, Ticket};

use crate::components::section::Section;
use crate::i18n::{format_date, format_datetime, kind_label, use_i18n, Label, Msg};

#[component]
pub fn Tickets(customer: i64, tickets: Vec<Ticket>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="tickets-block">
        <a class="button" href=format!("/service/new?customer={customer}") data-testid="record-feedback">{i18n.text(Msg::RecordFeedback)}</a>
        <Section id="tickets-title" class="tickets" title=Msg::Service empty=Msg::NoTickets is_empty=tickets.is_empty()>
            <ul class="plain-list">
                {tickets.into_iter().map(|t| view! {
                    <li>
                        <a class="row-link" href=format!("/service/{}", t.id)>{move || kind_label(&t.kind, i18n.locale())}</a>
                        " · " {move || t.status.label(i18n.locale())}
                        " · " {move || t.severity.label(i18n.locale())}
                        <p translate="no">{t.summary.clone()}</p>
                        <p class="muted">{move || t.channel.label(i18n.locale())} " · " {move || format_datetime(t.opened_at, i18n.locale())}</p>
                    </li>
                }).collect_view()}
            </ul>
        </Section>
        </div>
    }
}

#[component]
pub fn Communities(communities: Vec<CommunityMembership>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section id="communities-title" class="communities" title=Msg::Communities empty=Msg::NoCommunities is_empty=communities.is_empty()>
            <ul class="plain-list">
                {communities.into_iter().map(|c| {
                    let joined = crate::i18n::agency_day(c.joined_at);
                    view! {
                        <li>
                            <strong translate="no">{c.name.clone()}</strong>
                            <p class="muted">
                                {i18n.text(Msg::Joined)} " " {move || format_date(joined, i18n.locale())}
                                " · " {c.events_attended} " " {i18n.text(Msg::EventsAttended)}
                            </p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Section>
    }
}
