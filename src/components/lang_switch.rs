use leptos::prelude::*;

use crate::i18n::{use_i18n, Locale, Msg};

/// Toggles between 中文 and English. The button's name is the language it switches to, in
/// that language (visible text and accessible name agree, WCAG 2.5.3).
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |_| {
        i18n.0.update(|l| {
            *l = match l {
                Locale::En => Locale::Zh,
                Locale::Zh => Locale::En,
            }
        })
    };
    view! {
        <button type="button" class="button ghost lang-switch" on:click=toggle
            lang=move || match i18n.locale() { Locale::En => "zh-CN", Locale::Zh => "en" }
            title=i18n.text(Msg::SwitchLanguageLabel)>
            {i18n.text(Msg::SwitchLanguage)}
        </button>
    }
}
