//! Loading, empty and error states, the same on every page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::ApiError;
use crate::i18n::{describe_error, error_heading, use_i18n, Msg};

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="state loading" role="status" aria-live="polite">{i18n.text(Msg::Loading)}</p> }
}

#[component]
pub fn Empty(msg: Msg) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="state empty">{move || i18n.t(msg)}</p> }
}

/// Explains an API failure. An ended session sends the user to sign in and back here after.
#[component]
pub fn ErrorView(error: ApiError, #[prop(optional, into)] retry: Option<Callback<()>>) -> impl IntoView {
    if error == ApiError::Unauthenticated {
        let location = use_location();
        let search = location.search.get_untracked().trim_start_matches('?').to_string();
        let next = if search.is_empty() { location.pathname.get_untracked() } else { format!("{}?{search}", location.pathname.get_untracked()) };
        let navigate = use_navigate();
        request_animation_frame(move || navigate(&format!("/login?next={}", js_sys::encode_uri_component(&next)), Default::default()));
    }
    let i18n = use_i18n();
    // a refused request says why, in the interface's language
    let detail = matches!(error, ApiError::Rejected { .. }).then(|| describe_error(&error, i18n.locale()));
    let msg = error_heading(&error);
    view! { <Failure msg detail retry/> }
}

/// What every error state shows: the failure in words, the server's detail where there is one,
/// and a retry where trying again can help.
#[component]
pub fn Failure(msg: Msg, detail: Option<String>, retry: Option<Callback<()>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="state error" role="alert">
            <p>{move || i18n.t(msg)} {detail.map(|d| view! { " " <span class="detail">{d}</span> })}</p>
            {retry.map(|r| view! {
                <button type="button" class="button" on:click=move |_| r.run(())>{i18n.text(Msg::Retry)}</button>
            })}
        </div>
    }
}

/// Fallback for `<ErrorBoundary>`: shows the first error, as an [`ApiError`] where it is one.
pub fn error_fallback(errors: ArcRwSignal<Errors>) -> impl IntoView {
    move || {
        let first = errors.with(|list| list.iter().next().map(|(_, e)| e.downcast_ref::<ApiError>().cloned().unwrap_or(ApiError::Decode)));
        first.map(|error| view! { <ErrorView error/> })
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main id="main" class="not-found">
            <h1>{i18n.text(Msg::PageNotFound)}</h1>
            <A href="/customers">{i18n.text(Msg::BackToCustomers)}</A>
        </main>
    }
}
