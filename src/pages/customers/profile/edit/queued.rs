use leptos::prelude::*;
use leptos_router::components::A;

use super::use_editor;
use crate::components::queued::QueuedChange;
use crate::i18n::{use_i18n, Msg};

/// This customer's edits still on the device, so staff see what they did while offline.
#[component]
pub fn QueuedEdits() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    move || {
        let queued = editor.queued.get();
        (!queued.is_empty()).then(|| {
            let held = queued.iter().any(|q| !q.is_waiting());
            view! {
                <section class="card queued" aria-labelledby="queued-title" data-testid="queued-edits">
                    <h2 id="queued-title">{i18n.text(Msg::WaitingToSync)} " (" {queued.len()} ")"</h2>
                    <ul class="plain-list">
                        {queued.into_iter().map(|entry| {
                            let waiting = entry.is_waiting();
                            view! {
                                <li class:held=!waiting>
                                    <QueuedChange entry/>
                                    {(!waiting).then(|| view! { <span class="badge warn">{i18n.text(Msg::NeedsDecision)}</span> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {held.then(|| view! { <A href="/sync">{i18n.text(Msg::OpenSyncPage)}</A> })}
                </section>
            }
        })
    }
}
