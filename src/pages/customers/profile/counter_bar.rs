//! What staff do for the customer at the counter, in reach wherever the profile is scrolled
//! on the tablet (the bar sticks to the top): check the visit in, jump to the note or tag
//! field, record feedback, ask the NPS question; and jumps to what they look up.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Msg};

/// `online`: the parts that need the server (NPS, journeys) are on the page.
#[component]
pub fn CounterBar(customer: i64, #[prop(into)] online: Signal<bool>, #[prop(optional)] basics_only: bool) -> impl IntoView {
    let i18n = use_i18n();
    let go = |target: &'static str| move |_| bring(target);
    view! {
        <section class="counter-bar" aria-label=i18n.text(Msg::CounterActions) data-testid="counter-bar">
            <super::edit::VisitCheckIn/>
            <button type="button" class="button" on:click=go("new-note")>{i18n.text(Msg::ActionNote)}</button>
            <button type="button" class="button" on:click=go("new-tag")>{i18n.text(Msg::ActionTag)}</button>
            <a class="button" href=format!("/service/new?customer={customer}")>{i18n.text(Msg::RecordFeedback)}</a>
            <Show when=move || online.get() && !basics_only>
                <button type="button" class="button" on:click=go("nps")>{i18n.text(Msg::ActionNps)}</button>
            </Show>
            {(!basics_only).then(|| view! {
                // "before the customer arrives" opens the page right under the bar
                <span class="jumps">
                    <button type="button" class="button ghost" on:click=go("timeline-title")>{i18n.text(Msg::JumpTimeline)}</button>
                </span>
            })}
        </section>
    }
}

/// Scrolls `id` into view below the bar and puts focus there (a field to type in, or the
/// section itself, so the keyboard and a screen reader follow).
fn bring(id: &str) {
    let Some(el) = document().get_element_by_id(id) else { return };
    let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() else { return };
    if !matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT" | "FIELDSET") {
        el.set_tab_index(-1);
    }
    el.scroll_into_view();
    let target = if el.tag_name() == "FIELDSET" { el.query_selector("button, input").ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()) } else { None };
    let _ = target.unwrap_or(el).focus();
}
