use leptos::prelude::*;
use roundtrip_domain::dto::{Kpi, KpiKey, KpiUnit};

use crate::components::charts::Sparkline;
use crate::i18n::{group_thousands, kpi_formula, kpi_label, percent, use_i18n, Msg};

/// A KPI's value as its unit reads: `45.0%`, `+32` (NPS) or `1,204`; `—` for no value.
pub fn kpi_value(key: KpiKey, value: Option<f64>) -> String {
    match (key.unit(), value) {
        (_, None) => "—".into(),
        (KpiUnit::Rate, v) => percent(v),
        (KpiUnit::Score, Some(v)) => format!("{v:+.0}"),
        (KpiUnit::Count, Some(v)) => group_thousands(v.round() as i64),
    }
}

/// Direction over the period (first to last point of the trend), in words and an arrow, and
/// whether that is good news: colour is never the only sign.
fn direction(kpi: &Kpi) -> Option<(bool, bool)> {
    let values: Vec<f64> = kpi.trend.iter().filter_map(|t| t.value).collect();
    let (first, last) = (*values.first()?, *values.last()?);
    if (last - first).abs() < 1e-9 {
        return None;
    }
    let up = last > first;
    Some((up, up == kpi.key.higher_is_better()))
}

#[component]
pub fn KpiCard(kpi: Kpi) -> impl IntoView {
    let i18n = use_i18n();
    let key = kpi.key;
    let formula_id = format!("formula-{}", key.as_str());
    let counts = match kpi.unit {
        KpiUnit::Count => None,
        _ => Some(format!("{} / {}", group_thousands(kpi.numerator as i64), group_thousands(kpi.denominator as i64))),
    };
    let trend: Vec<Option<f64>> = kpi.trend.iter().map(|t| t.value).collect();
    let dir = direction(&kpi);
    view! {
        <li class="kpi-card" data-testid=format!("kpi-{}", key.as_str()) title=move || kpi_formula(key, i18n.locale())>
            <h2>{move || kpi_label(key, i18n.locale())}</h2>
            <p class="kpi-value" aria-describedby=formula_id.clone()>{kpi_value(key, kpi.value)}</p>
            {counts.map(|c| view! { <p class="kpi-counts muted">{c}</p> })}
            {dir.map(|(up, good)| view! {
                <p class=if good { "trend good" } else { "trend bad" }>
                    <span aria-hidden="true">{if up { "▲ " } else { "▼ " }}</span>
                    {move || i18n.t(if up { Msg::TrendUp } else { Msg::TrendDown })}
                </p>
            })}
            <Sparkline values=trend label=Signal::derive(move || format!("{} · {}", kpi_label(key, i18n.locale()), i18n.t(Msg::Trend)))/>
            <p class="formula" id=formula_id>{move || kpi_formula(key, i18n.locale())}</p>
        </li>
    }
}
