//! Simplified Chinese and English. Every user-facing string is a [`Msg`]; the locale comes from
//! the browser on first visit and is then remembered.

mod errors;
mod format;
mod labels;
mod messages;
mod zone;

pub use errors::{describe_error, describe_refusal, describe_rule, error_heading, money_refusal};
pub use format::*;
pub use labels::*;
pub use messages::Msg;
pub use zone::{agency_day, agency_time, agency_today, set_agency_zone};

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    Zh,
}

const STORAGE_KEY: &str = "roundtrip.locale";

impl Locale {
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Zh => "zh-CN",
        }
    }

    fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("zh") {
            Some(Locale::Zh)
        } else if tag.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }

    /// The remembered choice, else the browser's preferred languages, else Chinese (the market).
    pub fn detect() -> Self {
        let window = web_sys::window().expect("window");
        let saved = window.local_storage().ok().flatten().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        if let Some(locale) = saved.as_deref().and_then(Locale::from_tag) {
            return locale;
        }
        let navigator = window.navigator();
        navigator
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .chain(navigator.language())
            .find_map(|tag| Locale::from_tag(&tag))
            .unwrap_or(Locale::Zh)
    }

    /// Remembers the choice and keeps `<html lang>` in step for screen readers.
    pub fn apply(self) {
        let window = web_sys::window().expect("window");
        if let Some(storage) = window.local_storage().ok().flatten() {
            let _ = storage.set_item(STORAGE_KEY, self.tag());
        }
        if let Some(html) = window.document().and_then(|d| d.document_element()) {
            let _ = html.set_attribute("lang", self.tag());
        }
    }
}

/// The current locale, provided at the root.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Locale>);

impl I18n {
    pub fn locale(&self) -> Locale {
        self.0.get()
    }

    /// Reactive translation: re-renders when the locale changes.
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.0.get())
    }

    /// The translation as a view or attribute value that follows the locale. Every call
    /// returns the same closure type, so the renderer is compiled once for all messages
    /// instead of once per `move || i18n.t(..)` written in a view (a wasm size budget).
    pub fn text(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || msg.text(self.0.get())
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
