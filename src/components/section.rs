use leptos::prelude::*;

use crate::i18n::{use_i18n, Msg};

/// A titled card on a page; shows `empty` instead of the content when there is nothing to list.
#[component]
pub fn Section(
    /// Element id of the heading, used to label the section.
    id: &'static str,
    title: Msg,
    #[prop(optional)] class: &'static str,
    empty: Msg,
    is_empty: bool,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class=format!("card {class}") aria-labelledby=id>
            <h2 id=id>{move || i18n.t(title)}</h2>
            {if is_empty {
                view! { <p class="state empty">{move || i18n.t(empty)}</p> }.into_any()
            } else {
                children().into_any()
            }}
        </section>
    }
}
