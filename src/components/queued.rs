//! One queued edit in words: what it does and to whom, for the profile and the sync page.

use leptos::prelude::*;
use roundtrip_domain::dto::EditChange;

use crate::cache::outbox::Queued;
use crate::i18n::{format_date, format_datetime, use_i18n, Msg};

#[component]
pub fn QueuedChange(entry: Queued) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, detail) = match entry.edit.change.clone() {
        EditChange::Note { body } => (Msg::Notes, body),
        EditChange::Tags { add, remove } => (
            Msg::Tags,
            add.iter().map(|t| format!("+{t}")).chain(remove.iter().map(|t| format!("−{t}"))).collect::<Vec<_>>().join(" "),
        ),
        EditChange::FollowUp { title, due_on } => (Msg::FollowUps, format!("{title} · {}", format_date(due_on, i18n.locale()))),
        EditChange::FollowUpDone { done, .. } => (Msg::FollowUps, if done { "✓".into() } else { "○".into() }),
        EditChange::Visit { summary } => (Msg::CheckInVisit, summary),
        EditChange::Feedback { summary, .. } => (Msg::RecordFeedback, summary),
    };
    let at = entry.queued_at;
    view! {
        <span class="queued-kind">{move || i18n.t(kind)}</span>
        " "
        <span class="queued-detail">{detail}</span>
        <span class="muted">" · " {move || format_datetime(at, i18n.locale())}</span>
    }
}
