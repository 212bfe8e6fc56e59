//! The device's sync page: what is waiting, conflicts to decide, storage and the offline
//! customer roster. Nothing here is ever overwritten without the person choosing.

mod conflicts;
mod device;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::cache::outbox;
use crate::cache::status::{use_sync, SyncStatus};
use crate::cache::DB_NAME;
use crate::components::queued::QueuedChange;
use crate::i18n::{format_datetime, use_i18n, Msg};

#[component]
pub fn SyncPage() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let entries = LocalResource::new(move || {
        sync.revision.track();
        async move { outbox::all(DB_NAME).await.unwrap_or_default() }
    });

    view! {
        <section class="page sync">
            <h1>{i18n.text(Msg::SyncTitle)}</h1>
            <p class="sync-summary" role="status">
                {move || i18n.t(if sync.online.get() { Msg::Online } else { Msg::Offline })} " · "
                {i18n.text(Msg::LastSync)} " "
                {move || sync.last_sync.get().map(|t| format_datetime(t, i18n.locale())).unwrap_or_else(|| i18n.t(Msg::NeverSynced).to_string())}
            </p>
            <button type="button" class="button primary" on:click=move |_| sync.kick()>{i18n.text(Msg::SyncNow)}</button>
            {move || entries.get().map(|all| {
                let waiting: Vec<_> = all.iter().filter(|e| e.is_waiting()).cloned().collect();
                let held: Vec<_> = all.into_iter().filter(|e| !e.is_waiting()).collect();
                view! {
                    <section class="card" aria-labelledby="waiting-title">
                        <h2 id="waiting-title">{i18n.text(Msg::WaitingToSync)} " (" {waiting.len()} ")"</h2>
                        {if waiting.is_empty() {
                            view! { <p class="muted" data-testid="nothing-waiting">{i18n.text(Msg::NothingWaiting)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="plain-list" data-testid="waiting-list">
                                    {waiting.into_iter().map(|entry| view! {
                                        <li><strong>{entry.customer_name.clone()}</strong> " · " <QueuedChange entry/></li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    </section>
                    <conflicts::Held held/>
                }
            })}
            <device::DeviceStorage/>
        </section>
    }
}

/// Removes an entry after the person decided, then lets everything else know. `sync` comes
/// from the component: an event handler runs outside the reactive owner, so no context lookup.
fn forget(sync: SyncStatus, key: String) {
    spawn_local(async move {
        let _ = outbox::remove(DB_NAME, &key).await;
        sync.recount().await;
    });
}
