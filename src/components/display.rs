//! Display preferences of the signed-in person: large type (staff serving older customers
//! hold the tablet out to them) and a dark theme. Saved on the server with the user, so they
//! follow the person to any shared tablet, and applied as classes on `<html>`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::dto::DisplayPreferences;

use crate::api::session::change_display;
use crate::globals::use_session;
use crate::i18n::{use_i18n, Msg};

/// Sets the classes the stylesheet keys on; the default look has neither.
fn apply(d: DisplayPreferences) {
    let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
    let classes = html.class_list();
    let _ = classes.toggle_with_force("large-type", d.large_type);
    let _ = classes.toggle_with_force("theme-dark", d.dark_theme);
}

/// Two toggle buttons in the top bar. A change shows at once and is saved; if saving fails
/// it is undone and the reason shown.
#[component]
pub fn DisplaySwitches() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = move || session.0.with(|u| u.as_ref().map(|u| u.display)).unwrap_or_default();
    let failed = RwSignal::new(false);
    Effect::new(move |_| apply(current()));
    on_cleanup(|| apply(DisplayPreferences::default()));
    let change = move |edit: fn(&mut DisplayPreferences)| {
        let before = current();
        let mut next = before;
        edit(&mut next);
        let set = move |d: DisplayPreferences| session.0.update(|u| if let Some(u) = u { u.display = d });
        set(next);
        failed.set(false);
        spawn_local(async move {
            if change_display(next).await.is_err() {
                set(before);
                failed.set(true);
            }
        });
    };
    view! {
        <button type="button" class="button ghost" aria-pressed=move || current().large_type.to_string()
            on:click=move |_| change(|d| d.large_type = !d.large_type)>
            <span aria-hidden="true">"A+ "</span>{i18n.text(Msg::LargeType)}
        </button>
        <button type="button" class="button ghost" aria-pressed=move || current().dark_theme.to_string()
            on:click=move |_| change(|d| d.dark_theme = !d.dark_theme)>
            <span aria-hidden="true">"◐ "</span>{i18n.text(Msg::DarkTheme)}
        </button>
        <Show when=move || failed.get()>
            <span class="topbar-error" role="alert">{i18n.text(Msg::DisplayNotSaved)}</span>
        </Show>
    }
}
