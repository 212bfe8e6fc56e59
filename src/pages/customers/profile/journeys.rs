//! The customer's journeys on the profile: one map at a time, chosen from a list, with a link
//! to the page that shows them all.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::journeys::of_customer;
use crate::components::journey_map::JourneyMap;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{format_date, use_i18n, Msg};

#[component]
pub fn JourneysCard(customer: i64) -> impl IntoView {
    let i18n = use_i18n();
    let journeys = LocalResource::new(move || of_customer(customer));
    let chosen = RwSignal::new(0usize);
    view! {
        <section class="card journeys wide" aria-labelledby="journeys-title">
            <h2 id="journeys-title">{i18n.text(Msg::Journeys)}</h2>
            <A href=format!("/customers/{customer}/journeys") attr:class="card-link">{i18n.text(Msg::AllJourneys)} " →"</A>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || journeys.get().map(|r| r.map(|all| {
                        if all.journeys.is_empty() {
                            return view! { <Empty msg=Msg::NoJourneys/> }.into_any();
                        }
                        let options: Vec<(usize, String)> = all.journeys.iter().enumerate().map(|(i, j)| {
                            let when = j.order.as_ref().and_then(|o| o.departure);
                            (i, match (&j.order, when) {
                                (Some(o), Some(d)) => format!("{} · {}", o.title, format_date(d, i18n.locale())),
                                (Some(o), None) => o.title.clone(),
                                (None, _) => i18n.t(Msg::Unbooked).to_string(),
                            })
                        }).collect();
                        let list = StoredValue::new(all.journeys);
                        view! {
                            <div class="filter">
                                <label for="journey-choice">{i18n.text(Msg::ChooseJourney)}</label>
                                <select id="journey-choice" on:change=move |ev| chosen.set(event_target_value(&ev).parse().unwrap_or(0))>
                                    {options.into_iter().map(|(i, text)| view! { <option value=i.to_string() selected=move || chosen.get() == i>{text}</option> }).collect_view()}
                                </select>
                            </div>
                            {move || list.with_value(|l| l.get(chosen.get()).cloned()).map(|j| view! { <JourneyMap journey=j/> })}
                        }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
