//! What staff should know before serving the customer: recent online interest and promises,
//! and inferred preferences.

use leptos::prelude::*;
use roundtrip_domain::dto::Touchpoint;
use roundtrip_domain::insight::Preferences;

use crate::components::section::Section;
use crate::i18n::{format_date, kind_label, use_i18n, Label, Msg};

#[component]
pub fn BeforeArrival(touchpoints: Vec<Touchpoint>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section id="before-arrival-title" class="before-arrival" title=Msg::BeforeArrival empty=Msg::NoBeforeArrival
            is_empty=touchpoints.is_empty()>
            <ul class="plain-list" data-testid="before-arrival">
                {touchpoints.into_iter().map(|t| {
                    let day = crate::i18n::agency_day(t.occurred_at);
                    view! {
                        <li>
                            <strong>{move || kind_label(&t.kind, i18n.locale())}</strong>
                            " · " {move || t.channel.label(i18n.locale())}
                            " · " <span class="muted">{move || format_date(day, i18n.locale())}</span>
                            <p>{t.summary.clone()}</p>
                            {t.promise.clone().map(|p| view! { <p class="promise">{i18n.text(Msg::Promise)} ": " {p.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Section>
    }
}

#[component]
pub fn PreferencesCard(preferences: Preferences) -> impl IntoView {
    let i18n = use_i18n();
    let p = preferences;
    let destinations = if p.destinations.is_empty() { None } else { Some(p.destinations.join("、")) };
    let (budget, companions) = (p.budget, p.companions);
    view! {
        <section class="card preferences" aria-labelledby="preferences-title">
            <h2 id="preferences-title">{i18n.text(Msg::Preferences)}</h2>
            <dl class="facts">
                <div>
                    <dt>{i18n.text(Msg::Destinations)}</dt>
                    <dd>{move || destinations.clone().unwrap_or_else(|| i18n.t(Msg::NoneYet).to_string())}</dd>
                </div>
                <div>
                    <dt>{i18n.text(Msg::Budget)}</dt>
                    <dd>{move || budget.map(|b| b.label(i18n.locale())).unwrap_or(i18n.t(Msg::NoneYet))}</dd>
                </div>
                <div><dt>{i18n.text(Msg::Companions)}</dt><dd>{move || companions.label(i18n.locale())}</dd></div>
            </dl>
        </section>
    }
}
