//! The top bar's sync state: online or offline, edits waiting, the last sync. It links to
//! the sync page, where conflicts are decided.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::cache::status::use_sync;
use crate::i18n::{format_time, use_i18n, Msg};

#[component]
pub fn SyncState() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    view! {
        <A href="/sync" attr:class="sync-state" attr:data-testid="sync-state" attr:aria-live="polite">
            <span class=move || if sync.online.get() { "dot online" } else { "dot offline" } aria-hidden="true"></span>
            <span data-testid="connection">{move || i18n.t(if sync.online.get() { Msg::Online } else { Msg::Offline })}</span>
            // the same two counts the sync page lists: edits still to send, and edits held for a decision
            <Show when=move || sync.waiting.get() != 0>
                <span class="badge" data-testid="waiting-count">{move || sync.waiting.get()} " " {i18n.text(Msg::EditsWaiting)}</span>
            </Show>
            <Show when=move || sync.held.get() != 0>
                <span class="badge attention" data-testid="held-count">{move || sync.held.get()} " " {i18n.text(Msg::EditsToDecide)}</span>
            </Show>
            <span class="muted last-sync">
                {i18n.text(Msg::LastSync)} " "
                {move || sync.last_sync.get().map(|t| format_time(t, i18n.locale())).unwrap_or_else(|| i18n.t(Msg::NeverSynced).to_string())}
            </span>
        </A>
    }
}
