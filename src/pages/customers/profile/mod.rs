//! Customer 360: one traveller across every channel. Opens from the device cache when the
//! network is gone, and says so.

mod companions;
mod consent;
mod counter_bar;
mod documents;
mod correct;
mod edit;
mod erase;
mod header;
mod identities;
mod insight;
mod journeys;
mod loyalty;
mod reveal;
mod service;
mod timeline;
mod trips;
mod walk_in;

use leptos::prelude::*;
use leptos_router::components::A;

use roundtrip_domain::dto::CustomerEdits;

use chrono::{DateTime, Utc};

use crate::api::ApiError;
use crate::cache::profiles::{self, fetch_or_cached};
use crate::cache::roster;
use crate::cache::DB_NAME;
use crate::perf;
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{format_datetime, use_i18n, Msg};

/// Where the profile on screen came from.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Source {
    Server,
    /// The device's copy, shown at once while the server is asked.
    Refreshing,
    /// The device's copy from this time: the server cannot be reached.
    Device(DateTime<Utc>),
}

#[component]
pub fn CustomerProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let (id, network) = super::customer_resource(fetch_or_cached);
    let cached = LocalResource::new(move || {
        let id = id.get();
        perf::mark(perf::PROFILE_OPEN);
        async move {
            match id {
                Some(id) => profiles::load(DB_NAME, id).await.ok().flatten(),
                None => None,
            }
        }
    });
    // a walk-in never opened here, with the network down: the roster's basics instead of an error
    let basics = LocalResource::new(move || {
        let lost = matches!(network.get(), Some(Err(ApiError::Network)));
        let id = id.get();
        async move {
            match (lost, id) {
                (true, Some(id)) => roster::find(DB_NAME, id).await.ok().flatten(),
                _ => None,
            }
        }
    });
    let walk_in = Memo::new(move |_| basics.get().flatten());
    // The device's copy opens at once; the server's answer replaces it only if it differs, so
    // an unchanged profile is not drawn twice (and nothing typed meanwhile is lost).
    let profile = Memo::new(move |_| match network.get() {
        // not an error until the roster has been asked for the walk-in
        Some(Err(ApiError::Network)) if basics.get().is_none() => None,
        Some(r) => Some(r.map(|loaded| loaded.profile)),
        None => cached.get().flatten().map(|c| Ok(c.profile)),
    });
    let source = Memo::new(move |_| match network.get() {
        Some(Ok(loaded)) => loaded.offline_copy_from.map(Source::Device).unwrap_or(Source::Server),
        Some(Err(_)) => Source::Server,
        None => if cached.get().flatten().is_some() { Source::Refreshing } else { Source::Server },
    });
    let online = Signal::derive(move || source.get() == Source::Server);

    view! {
        <section class="page profile">
            <A href="/customers" attr:class="back-link">"← " {i18n.text(Msg::BackToCustomers)}</A>
            {move || match source.get() {
                Source::Device(at) => Some(view! {
                    <p class="banner offline" role="status">
                        <span aria-hidden="true">"📴 "</span>
                        {i18n.text(Msg::OfflineCopy)} " (" {i18n.text(Msg::SavedAt)} " "
                        {move || format_datetime(at, i18n.locale())} ") "
                        {i18n.text(Msg::EditsQueueOffline)}
                    </p>
                }.into_any()),
                Source::Refreshing => Some(view! { <p class="muted refreshing" role="status">{i18n.text(Msg::Refreshing)}</p> }.into_any()),
                Source::Server => None,
            }}
            {move || walk_in.get().map(|summary| view! { <walk_in::WalkIn summary/> })}
            <Show when=move || walk_in.with(Option::is_none)>
            <ErrorBoundary fallback=error_fallback>
                {move || match profile.get() {
                    None => Ok(view! { <Loading/> }.into_any()),
                    Some(r) => r.map(|p| {
                        perf::mark_drawn(if source.get_untracked() == Source::Server { perf::PROFILE_FROM_SERVER } else { perf::PROFILE_FROM_CACHE });
                        let editor = edit::Editor::new(
                            p.summary.id,
                            p.summary.name.clone(),
                            CustomerEdits { version: p.version, tags: p.tags.clone(), notes: p.notes.clone(), follow_ups: p.follow_ups.clone() },
                            Signal::derive(move || matches!(source.get(), Source::Device(_))),
                        );
                        provide_context(editor);
                        let customer = p.summary.id;
                        view! {
                            <Show when=move || editor.conflict.get()>
                                <div class="banner conflict" role="alert">
                                    <p>{i18n.text(Msg::EditConflict)}</p>
                                    <button type="button" class="button" on:click=move |_| network.refetch()>{i18n.text(Msg::ReloadProfile)}</button>
                                </div>
                            </Show>
                            <header::ProfileHeader profile=p.clone() on_corrected=Callback::new(move |_| network.refetch())/>
                            <counter_bar::CounterBar customer online/>
                            <edit::QueuedEdits/>
                            <div class="profile-grid">
                                <insight::BeforeArrival touchpoints=p.before_arrival.clone()/>
                                <insight::PreferencesCard preferences=p.preferences.clone()/>
                                <edit::Notes/>
                                <edit::FollowUps/>
                                <identities::Identities identities=p.identities.clone()/>
                                <service::Communities communities=p.communities.clone()/>
                                <consent::ConsentCard customer consents=p.consents.clone() online/>
                                // journeys and points are not kept offline: they need the server
                                <Show when=move || online.get()>
                                    <journeys::JourneysCard customer/>
                                </Show>
                                <trips::Trips customer orders=p.orders.clone() booked_for=p.travelling_on.clone()/>
                                <companions::Companions companions=p.companions.clone()/>
                                <documents::DocumentsCard customer documents=p.documents.clone() checks=p.trip_checks.clone() online
                                    on_recorded=Callback::new(move |_| network.refetch())/>
                                <service::Tickets customer tickets=p.tickets.clone()/>
                                <Show when=move || online.get()>
                                    <loyalty::LoyaltyCard customer/>
                                </Show>
                                <timeline::Timeline touchpoints=p.touchpoints/>
                            </div>
                        }.into_any()
                    }),
                }}
            </ErrorBoundary>
            </Show>
        </section>
    }
}
