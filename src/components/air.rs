//! A flight booking's PNR and segments on one line, as the counter reads them off a ticket:
//! `PNR HX7K2P · MU515 PVG→KIX Dec 27 Economy Y · MU516 KIX→PVG Dec 31`. Codes are not
//! translated (`translate="no"`): they are the airline's, in both languages.

use leptos::prelude::*;
use roundtrip_domain::trips::air::AirBooking;

use crate::i18n::{format_date, use_i18n, Label, Msg};

#[component]
pub fn AirLine(air: AirBooking) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="air muted" data-testid="air">
            {i18n.text(Msg::Pnr)} " " <span translate="no">{air.pnr.clone()}</span>
            {air.segments.into_iter().map(|s| view! {
                " · " <span translate="no">{format!("{} {}→{}", s.flight, s.from, s.to)}</span>
                " " {move || format_date(s.date, i18n.locale())} " " {move || s.cabin.label(i18n.locale())}
                " " <span translate="no">{s.fare_class.clone()}</span>
            }).collect_view()}
        </span>
    }
}
