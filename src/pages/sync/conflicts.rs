use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::cache::outbox::{self, Queued, QueuedState};
use crate::cache::status::use_sync;
use crate::cache::DB_NAME;
use crate::components::queued::QueuedChange;
use crate::i18n::{describe_refusal, use_i18n, Msg};

/// Edits the server did not apply: conflicts (mine or theirs) and refusals (discard).
#[component]
pub fn Held(held: Vec<Queued>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let count = held.len();
    (!held.is_empty()).then(|| {
        view! {
            <section class="card conflicts" aria-labelledby="held-title" data-testid="conflicts">
                <h2 id="held-title">{i18n.text(Msg::ConflictsTitle)} " (" {count} ")"</h2>
                <p class="muted">{i18n.text(Msg::ConflictExplained)}</p>
                <ul class="plain-list">
                    {held.into_iter().map(|entry| {
                        let key = entry.key().to_string();
                        let name = entry.customer_name.clone();
                        match entry.state.clone() {
                            QueuedState::Conflict { server } => {
                                // "mine": the same key again, now on the version the person has seen
                                let mine = {
                                    let mut again = entry.clone();
                                    again.edit.base_version = server.version;
                                    again.state = QueuedState::Waiting;
                                    again
                                };
                                let keep_mine = move |_| {
                                    let again = mine.clone();
                                    spawn_local(async move {
                                        let _ = outbox::save(DB_NAME, &again).await;
                                        sync.recount().await;
                                        sync.kick();
                                    });
                                };
                                let key = key.clone();
                                view! {
                                    <li class="conflict-row">
                                        <p><strong>{name}</strong> " · " <QueuedChange entry=entry.clone()/></p>
                                        <p class="muted">{i18n.text(Msg::ServerHas)} ": " {server.tags.join(" · ")}</p>
                                        <div class="actions">
                                            <button type="button" class="button primary" on:click=keep_mine>{i18n.text(Msg::KeepMine)}</button>
                                            <button type="button" class="button" on:click=move |_| super::forget(sync, key.clone())>{i18n.text(Msg::KeepTheirs)}</button>
                                        </div>
                                    </li>
                                }.into_any()
                            }
                            QueuedState::Refused { code, message, refusal } => view! {
                                <li class="conflict-row">
                                    <p><strong>{name}</strong> " · " <QueuedChange entry=entry.clone()/></p>
                                    <p class="state error">{i18n.text(Msg::RefusedTitle)} {move || format!(": {}", describe_refusal(&code, &message, refusal.as_ref(), i18n.locale()))}</p>
                                    <button type="button" class="button" on:click=move |_| super::forget(sync, key.clone())>{i18n.text(Msg::Discard)}</button>
                                </li>
                            }.into_any(),
                            QueuedState::Waiting => ().into_any(),
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
