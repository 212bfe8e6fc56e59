use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::cache::status::{roster_size, set_roster_size, use_sync, ROSTER_SIZES};
use crate::i18n::{format_datetime, group_thousands, use_i18n, Msg};

/// Whether the browser keeps this device's data, and the customers kept for offline search.
#[component]
pub fn DeviceStorage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let size = RwSignal::new(roster_size());
    let busy = RwSignal::new(false);
    let refresh = move || {
        busy.set(true);
        spawn_local(async move {
            sync.refresh_roster_if_old(true).await;
            busy.set(false);
        });
    };
    view! {
        <section class="card" aria-labelledby="storage-title">
            <h2 id="storage-title">{i18n.text(Msg::StorageTitle)}</h2>
            <p data-testid="storage-state">{move || i18n.t(match sync.persisted.get() {
                Some(true) => Msg::StoragePersisted,
                Some(false) => Msg::StorageMayBeCleared,
                None => Msg::StorageUnknown,
            })}</p>
            <h3>{i18n.text(Msg::OfflineRosterTitle)}</h3>
            <p data-testid="roster-state">{move || match sync.roster.get() {
                Some(info) => format!("{} {} {}", group_thousands(info.customers as i64), i18n.t(Msg::RosterSaved), format_datetime(info.saved_at, i18n.locale())),
                None => i18n.t(Msg::RosterNone).to_string(),
            }}</p>
            <label for="roster-size">{i18n.text(Msg::RosterSize)}</label>
            <select id="roster-size" on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                    set_roster_size(n);
                    size.set(n);
                    refresh();
                }
            }>
                {ROSTER_SIZES.iter().map(|n| view! { <option value=n.to_string() selected=move || size.get() == *n>{group_thousands(*n as i64)}</option> }).collect_view()}
            </select>
            <button type="button" class="button" disabled=move || busy.get() on:click=move |_| refresh()>{i18n.text(Msg::RefreshRoster)}</button>
        </section>
    }
}
