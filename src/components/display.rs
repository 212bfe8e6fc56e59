//! Display preferences for the person at the screen: large type (staff serving older
//! customers hold the tablet out to them) and a dark theme. Kept per user on the device
//! (`localStorage["roundtrip.display.<username>"]`) and applied as classes on `<html>`.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::globals::use_session;
use crate::i18n::{use_i18n, Msg};

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Display {
    pub large_type: bool,
    pub dark: bool,
}

fn key(username: &str) -> String {
    format!("roundtrip.display.{username}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

impl Display {
    pub fn load(username: &str) -> Self {
        storage()
            .and_then(|s| s.get_item(&key(username)).ok().flatten())
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    fn save(self, username: &str) {
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&self)) {
            let _ = s.set_item(&key(username), &json);
        }
    }

    /// Sets the classes the stylesheet keys on; the default look has neither.
    pub fn apply(self) {
        let Some(html) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else { return };
        let classes = html.class_list();
        let _ = classes.toggle_with_force("large-type", self.large_type);
        let _ = classes.toggle_with_force("theme-dark", self.dark);
    }
}

/// Two toggle buttons in the top bar. Each user's choice follows them on this device.
#[component]
pub fn DisplaySwitches() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let display = RwSignal::new(Display::default());
    Effect::new(move |_| {
        let loaded = session.0.with(|u| u.as_ref().map(|u| Display::load(&u.username))).unwrap_or_default();
        display.set(loaded);
    });
    Effect::new(move |_| display.get().apply());
    on_cleanup(|| Display::default().apply());
    let change = move |edit: fn(&mut Display)| {
        display.update(edit);
        if let Some(user) = session.0.get_untracked() {
            display.get_untracked().save(&user.username);
        }
    };
    view! {
        <button type="button" class="button ghost" aria-pressed=move || display.get().large_type.to_string()
            on:click=move |_| change(|d| d.large_type = !d.large_type)>
            <span aria-hidden="true">"A+ "</span>{move || i18n.t(Msg::LargeType)}
        </button>
        <button type="button" class="button ghost" aria-pressed=move || display.get().dark.to_string()
            on:click=move |_| change(|d| d.dark = !d.dark)>
            <span aria-hidden="true">"◐ "</span>{move || i18n.t(Msg::DarkTheme)}
        </button>
    }
}
