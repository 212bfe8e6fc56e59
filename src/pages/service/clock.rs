//! The response clock as a badge: its state in words (never colour alone) and the time left.

use leptos::prelude::*;
use roundtrip_domain::service::{ClockState, ClockView};

use crate::i18n::{format_remaining, use_i18n, Label};

#[component]
pub fn ClockBadge(clock: ClockView) -> impl IntoView {
    let i18n = use_i18n();
    let class = match clock.state {
        ClockState::Running | ClockState::AnsweredInTime => "clock ok",
        ClockState::DueSoon => "clock warn",
        ClockState::Breached | ClockState::AnsweredLate => "clock bad",
        ClockState::Paused => "clock paused",
    };
    let running = matches!(clock.state, ClockState::Running | ClockState::DueSoon | ClockState::Breached);
    view! {
        <span class=class data-testid="clock" data-state=move || format!("{:?}", clock.state)>
            <strong>{move || clock.state.label(i18n.locale())}</strong>
            {running.then(|| view! { " · " {move || format_remaining(clock.remaining_secs, i18n.locale())} })}
        </span>
    }
}
