use leptos::prelude::*;
use roundtrip_domain::scoring::{churn_level, ChurnLevel};

use crate::i18n::{use_i18n, Msg};

/// Churn risk as score, icon and word, so colour is never the only signal.
#[component]
pub fn ChurnBadge(score: u8) -> impl IntoView {
    let i18n = use_i18n();
    let level = churn_level(score);
    let (icon, word) = match level {
        ChurnLevel::AtRisk => ("⚠ ", Msg::ChurnHigh),
        ChurnLevel::Watch => ("! ", Msg::ChurnWatch),
        ChurnLevel::Low => ("✓ ", Msg::ChurnLow),
    };
    view! {
        <span class="churn" class:at-risk=level == ChurnLevel::AtRisk class:watch=level == ChurnLevel::Watch>
            <span aria-hidden="true">{icon}</span>
            {move || i18n.t(word)}
            " (" {score} ")"
        </span>
    }
}
