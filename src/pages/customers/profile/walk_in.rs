//! A walk-in whose profile was never opened on this tablet, while the network is down: the
//! basics the offline roster holds, and every counter action, each kept in the outbox.

use leptos::prelude::*;
use roundtrip_domain::dto::{CustomerEdits, CustomerSummary};

use super::edit::{self, TagEditor};
use crate::i18n::{group_thousands, use_i18n, Label, Msg};

#[component]
pub fn WalkIn(summary: CustomerSummary) -> impl IntoView {
    let i18n = use_i18n();
    let s = summary;
    let editor = edit::Editor::new(s.id, s.name.clone(), CustomerEdits { version: s.version, tags: vec![], notes: vec![], follow_ups: vec![] }, Signal::derive(|| true));
    provide_context(editor);
    let tier = s.tier;
    let store = s.home_store.as_ref().map(|h| h.name.clone());
    view! {
        <p class="banner offline" role="status" data-testid="basics-only">
            <span aria-hidden="true">"📴 "</span>{i18n.text(Msg::BasicsOnly)}
        </p>
        <header class="profile-header card">
            <div class="identity-line">
                <h1 data-testid="profile-name">{s.name.clone()}</h1>
                <span class=format!("tier tier-{}", tier.as_str())>{move || tier.label(i18n.locale())}</span>
                <span class="muted">{group_thousands(s.points)} " " {i18n.text(Msg::Points)}</span>
            </div>
            <p class="contact mono">{s.phone_masked.clone().unwrap_or_else(|| "—".into())} {store.map(|n| view! { " · " {n} })}</p>
            <TagEditor/>
        </header>
        <super::counter_bar::CounterBar customer=s.id online=false basics_only=true/>
        <edit::QueuedEdits/>
        // Record feedback is on the counter bar
        <div class="profile-grid">
            <edit::Notes/>
        </div>
    }
}
