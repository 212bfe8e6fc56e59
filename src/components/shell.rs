//! The signed-in frame: top bar, navigation (a sidebar on desktop, a bar on tablets) and the
//! page outlet. It loads the user once and sends anyone without a session to sign in.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::use_navigate;

use roundtrip_domain::Role;

use crate::api::{self, ApiError};
use crate::cache::status::use_sync;
use crate::cache::{self, profiles};
use crate::components::sync_state::SyncState;
use crate::components::display::DisplaySwitches;
use crate::components::lang_switch::LangSwitch;
use crate::components::states::{ErrorView, Loading};
use crate::globals::use_session;
use crate::i18n::{use_i18n, Label, Msg};

#[component]
pub fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let sync = use_sync();
    // Offline after a reload, the user saved at the last sign-in stands in for the server's.
    let me = LocalResource::new(move || async move {
        match session.0.get_untracked() {
            Some(user) => Ok(user),
            None => match api::session::me().await {
                Ok(user) => {
                    let _ = profiles::save_me(&user).await;
                    Ok(user)
                }
                Err(ApiError::Network) => profiles::load_me().await.ok().flatten().ok_or(ApiError::Network),
                Err(e) => Err(e),
            },
        }
    });
    Effect::new(move |_| {
        sync.ask_persistence();
        register_service_worker();
        spawn_local(async move {
            sync.recount().await;
            sync.kick();
        });
    });
    let _online = window_event_listener(leptos::ev::online, move |_| sync.kick());
    let _offline = window_event_listener(leptos::ev::offline, move |_| sync.online.set(false));
    // store Wi-Fi can come back without an `online` event: retry now and then
    if let Ok(handle) = set_interval_with_handle(move || if sync.waiting.get_untracked() > 0 { sync.kick() }, std::time::Duration::from_secs(15)) {
        on_cleanup(move || handle.clear());
    }
    Effect::new(move |_| {
        if let Some(Ok(user)) = me.get() {
            if session.0.get_untracked().as_ref() != Some(&user) {
                session.begin(user);
            }
        }
    });

    let navigate = use_navigate();
    let sign_out = move |_| {
        let unsent = sync.waiting.get_untracked() + sync.held.get_untracked();
        if unsent > 0 && !confirm(i18n.t(Msg::SignOutPending)) {
            return;
        }
        let navigate = navigate.clone();
        spawn_local(async move {
            // The server session ends even if wiping the device cache fails, and vice versa.
            let _ = api::session::logout().await;
            let _ = cache::wipe(cache::DB_NAME).await;
            sync.forget();
            session.0.set(None);
            navigate("/login", Default::default());
        });
    };

    let user_line = move || {
        session.0.get().map(|user| {
            let locale = i18n.locale();
            let store = user.store.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| i18n.t(Msg::AllStores).to_string());
            view! {
                <span class="user-name">{user.display_name.clone()}</span>
                <span class="user-role">{user.role.label(locale)} " · " {store}</span>
            }
        })
    };

    view! {
        <a class="skip-link" href="#main">{i18n.text(Msg::SkipToContent)}</a>
        <div class="shell">
            <header class="topbar">
                <span class="brand">{i18n.text(Msg::AppName)}</span>
                <div class="user" data-testid="current-user">{user_line}</div>
                <SyncState/>
                <DisplaySwitches/>
                <LangSwitch/>
                <button type="button" class="button ghost" on:click=sign_out>{i18n.text(Msg::SignOut)}</button>
            </header>
            <nav class="sidebar" aria-label=i18n.text(Msg::MainNav)>
                <A href="/customers">
                    <span class="nav-icon" aria-hidden="true">"👥"</span>
                    <span>{i18n.text(Msg::NavCustomers)}</span>
                </A>
                <A href="/service">
                    <span class="nav-icon" aria-hidden="true">"🛎"</span>
                    <span>{i18n.text(Msg::NavService)}</span>
                </A>
                <A href="/care">
                    <span class="nav-icon" aria-hidden="true">"🎂"</span>
                    <span>{i18n.text(Msg::NavCare)}</span>
                </A>
                <A href="/communities">
                    <span class="nav-icon" aria-hidden="true">"🏕"</span>
                    <span>{i18n.text(Msg::NavCommunities)}</span>
                </A>
                <Show when=move || session.0.get().is_some_and(|u| u.role != Role::Staff)>
                    <A href="/overview">
                        <span class="nav-icon" aria-hidden="true">"📊"</span>
                        <span>{i18n.text(Msg::NavOverview)}</span>
                    </A>
                    <A href="/journeys">
                        <span class="nav-icon" aria-hidden="true">"🧭"</span>
                        <span>{i18n.text(Msg::NavJourneys)}</span>
                    </A>
                    <A href="/duplicates">
                        <span class="nav-icon" aria-hidden="true">"🔗"</span>
                        <span>{i18n.text(Msg::NavDuplicates)}</span>
                    </A>
                    <A href="/audience">
                        <span class="nav-icon" aria-hidden="true">"📣"</span>
                        <span>{i18n.text(Msg::NavAudience)}</span>
                    </A>
                    <A href="/import">
                        <span class="nav-icon" aria-hidden="true">"⬆"</span>
                        <span>{i18n.text(Msg::NavImport)}</span>
                    </A>
                </Show>
                <Show when=move || session.0.get().is_some_and(|u| u.role == Role::Admin)>
                    <A href="/audit">
                        <span class="nav-icon" aria-hidden="true">"📜"</span>
                        <span>{i18n.text(Msg::NavAudit)}</span>
                    </A>
                    <A href="/tokens">
                        <span class="nav-icon" aria-hidden="true">"🔑"</span>
                        <span>{i18n.text(Msg::NavTokens)}</span>
                    </A>
                    <A href="/connectors">
                        <span class="nav-icon" aria-hidden="true">"🔌"</span>
                        <span>{i18n.text(Msg::NavConnectors)}</span>
                    </A>
                </Show>
            </nav>
            <main id="main" tabindex="-1">
                {move || match me.get() {
                    None => view! { <Loading/> }.into_any(),
                    Some(Err(error)) => view! { <ErrorView error retry=move || me.refetch()/> }.into_any(),
                    Some(Ok(_)) => view! { <Outlet/> }.into_any(),
                }}
            </main>
        </div>
    }
}

fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(true)
}

/// The service worker keeps the app shell for offline starts (see public/sw.js).
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let container = window.navigator().service_worker();
        let _ = container.register("/sw.js");
    }
}
