use leptos::prelude::*;
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;

use crate::i18n::{use_i18n, Msg};

/// Churn risk as score, icon and word, so colour is never the only signal.
#[component]
pub fn ChurnBadge(score: u8) -> impl IntoView {
    let i18n = use_i18n();
    let at_risk = score >= CHURN_RISK_THRESHOLD;
    view! {
        <span class="churn" class:at-risk=at_risk>
            <span aria-hidden="true">{if at_risk { "⚠ " } else { "✓ " }}</span>
            {move || i18n.t(if at_risk { Msg::ChurnHigh } else { Msg::ChurnLow })}
            " (" {score} ")"
        </span>
    }
}
