//! Customer 360: one traveller across every channel. Opens from the device cache when the
//! network is gone, and says so.

mod edit;
mod header;
mod identities;
mod insight;
mod journeys;
mod loyalty;
mod reveal;
mod service;
mod timeline;
mod trips;

use leptos::prelude::*;
use leptos_router::components::A;

use roundtrip_domain::dto::CustomerEdits;

use crate::cache::profiles::fetch_or_cached;
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{format_datetime, use_i18n, Msg};

#[component]
pub fn CustomerProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let (_, profile) = super::customer_resource(fetch_or_cached);

    view! {
        <section class="page profile">
            <A href="/customers" attr:class="back-link">"← " {move || i18n.t(Msg::BackToCustomers)}</A>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || profile.get().map(|r| r.map(|loaded| {
                        let p = loaded.profile;
                        let online = loaded.offline_copy_from.is_none();
                        let editor = edit::Editor::new(
                            p.summary.id,
                            p.summary.name.clone(),
                            CustomerEdits { version: p.version, tags: p.tags.clone(), notes: p.notes.clone(), follow_ups: p.follow_ups.clone() },
                            loaded.offline_copy_from.is_some(),
                        );
                        provide_context(editor);
                        view! {
                            <Show when=move || editor.conflict.get()>
                                <div class="banner conflict" role="alert">
                                    <p>{move || i18n.t(Msg::EditConflict)}</p>
                                    <button type="button" class="button" on:click=move |_| profile.refetch()>{move || i18n.t(Msg::ReloadProfile)}</button>
                                </div>
                            </Show>
                            {loaded.offline_copy_from.map(|at| view! {
                                <p class="banner offline" role="status">
                                    <span aria-hidden="true">"📴 "</span>
                                    {move || i18n.t(Msg::OfflineCopy)} " (" {move || i18n.t(Msg::SavedAt)} " "
                                    {move || format_datetime(at, i18n.locale())} ") "
                                    {move || i18n.t(Msg::EditsQueueOffline)}
                                </p>
                            })}
                            <header::ProfileHeader profile=p.clone()/>
                            <edit::VisitCheckIn/>
                            <edit::QueuedEdits/>
                            <div class="profile-grid">
                                <insight::BeforeArrival touchpoints=p.before_arrival.clone()/>
                                <insight::PreferencesCard preferences=p.preferences.clone()/>
                                <edit::Notes/>
                                <edit::FollowUps/>
                                <identities::Identities identities=p.identities.clone()/>
                                <service::Communities communities=p.communities.clone()/>
                                // journeys are not kept offline: the map needs the server
                                {online.then(|| view! { <journeys::JourneysCard customer=p.summary.id/> })}
                                <trips::Trips orders=p.orders.clone()/>
                                <service::Tickets customer=p.summary.id tickets=p.tickets.clone()/>
                                {online.then(|| view! { <loyalty::LoyaltyCard customer=p.summary.id/> })}
                                <timeline::Timeline touchpoints=p.touchpoints/>
                            </div>
                        }
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}
