use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiError};
use crate::components::lang_switch::LangSwitch;
use crate::components::states::ErrorView;
use crate::globals::use_session;
use crate::i18n::{use_i18n, Msg};

/// Where to go after signing in: the page that sent us here, if it is one of ours.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/login")).unwrap_or_else(|| "/customers".into())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = safe_next(query.get_untracked().get("next"));
        spawn_local(async move {
            match api::session::login(username.get_untracked(), password.get_untracked()).await {
                Ok(me) => {
                    session.begin(me);
                    navigate(&next, Default::default());
                }
                Err(e) => {
                    password.set(String::new());
                    error.set(Some(e));
                }
            }
            pending.set(false);
        });
    };

    view! {
        <main id="main" class="login">
            <div class="login-card">
                <div class="login-head">
                    <h1>{i18n.text(Msg::SignInTitle)}</h1>
                    <LangSwitch/>
                </div>
                <p class="muted">{i18n.text(Msg::SignInIntro)}</p>
                <form on:submit=submit novalidate>
                    <label for="username">{i18n.text(Msg::Username)}</label>
                    <input id="username" name="username" autocomplete="username" required
                        autocapitalize="none" spellcheck="false" bind:value=username/>
                    <label for="password">{i18n.text(Msg::Password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required
                        bind:value=password/>
                    <div aria-live="assertive">
                        {move || error.get().map(|e| match e {
                            ApiError::Unauthenticated => view! {
                                <p class="state error" role="alert">{i18n.text(Msg::WrongCredentials)}</p>
                            }.into_any(),
                            ApiError::Rejected { status: 422, .. } => view! {
                                <p class="state error" role="alert">{i18n.text(Msg::FieldRequired)}</p>
                            }.into_any(),
                            ApiError::Rejected { status: 429, .. } => view! {
                                <p class="state error" role="alert">{i18n.text(Msg::TooManyAttempts)}</p>
                            }.into_any(),
                            other => view! { <ErrorView error=other/> }.into_any(),
                        })}
                    </div>
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || i18n.t(if pending.get() { Msg::SigningIn } else { Msg::SignIn })}
                    </button>
                </form>
            </div>
        </main>
    }
}
