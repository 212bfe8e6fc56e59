//! Every journey of one customer, each drawn as a map: what they planned online, what was
//! promised, and what happened in the store and on the trip.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::journeys::of_customer;
use crate::components::journey_map::JourneyMap;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{use_i18n, Msg};

#[component]
pub fn CustomerJourneysPage() -> impl IntoView {
    let i18n = use_i18n();
    let (id, journeys) = super::customer_resource(of_customer);
    view! {
        <section class="page customer-journeys">
            <A href=move || id.get().map(|i| format!("/customers/{i}")).unwrap_or_else(|| "/customers".into()) attr:class="back-link">
                "← " {i18n.text(Msg::OpenProfile)}
            </A>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || journeys.get().map(|r| r.map(|all| view! {
                        <h1>{i18n.text(Msg::JourneysOf)} " " {all.name.clone()}</h1>
                        {if all.journeys.is_empty() {
                            view! { <Empty msg=Msg::NoJourneys/> }.into_any()
                        } else {
                            all.journeys.into_iter().map(|j| view! { <section class="card">{view! { <JourneyMap journey=j/> }}</section> }).collect_view().into_any()
                        }}
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
