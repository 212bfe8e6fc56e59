//! Who the customer travels with, read from the travellers their bookings list.

use leptos::prelude::*;
use roundtrip_domain::trips::travellers::Companion;

use crate::components::section::Section;
use crate::i18n::{format_date, trips_together, use_i18n, Label, Msg};

#[component]
pub fn Companions(companions: Vec<Companion>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Section id="companions-title" class="companions" title=Msg::TravelsWith empty=Msg::NoCompanions is_empty=companions.is_empty()>
            <ul class="plain-list" data-testid="companions">
                {companions.into_iter().map(|c| view! {
                    <li>
                        <a href=format!("/customers/{}", c.customer_id) translate="no">{c.name.clone()}</a>
                        " · " {move || c.relation.label(i18n.locale())}
                        <span class="muted">
                            " · " {move || trips_together(c.trips, i18n.locale())}
                            {c.last_departure.map(|d| view! { " · " {i18n.text(Msg::LastTogether)} " " {move || format_date(d, i18n.locale())} })}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
        </Section>
    }
}
