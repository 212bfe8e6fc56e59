//! What a trip abroad lacks, worded for the counter: "Passport expires 1 Mar 2027, must be valid
//! until 8 Aug 2027". Shared by the profile's documents card and the Departures desk.

use leptos::prelude::*;
use roundtrip_domain::trips::documents::DocumentGap;

use crate::i18n::{format_date, use_i18n, Label, Locale};

pub fn gap_text(gap: &DocumentGap, locale: Locale) -> String {
    let (kind, need) = (gap.kind.label(locale), format_date(gap.needed_until, locale));
    match (gap.expires_on, locale) {
        (None, Locale::Zh) => format!("缺少{kind}（需有效至{need}）"),
        (None, Locale::En) => format!("no {} on file (needed until {need})", kind.to_lowercase()),
        (Some(e), Locale::Zh) => format!("{kind}{}到期，需有效至{need}", format_date(e, locale)),
        (Some(e), Locale::En) => format!("{kind} expires {}, must be valid until {need}", format_date(e, locale)),
    }
}

/// The gaps as a list, each marked as a broken promise is.
#[component]
pub fn Gaps(gaps: Vec<DocumentGap>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="plain-list gaps" data-testid="gaps">
            {gaps.into_iter().map(|g| view! { <li class="bad">{move || gap_text(&g, i18n.locale())}</li> }).collect_view()}
        </ul>
    }
}
