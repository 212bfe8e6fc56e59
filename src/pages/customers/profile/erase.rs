//! Erasure on the person's request (administrators). It cannot be undone, so the form asks
//! for the request's reference and the customer's name typed again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use roundtrip_domain::dto::ErasureRequest;

use crate::api::{customers, ApiError};
use crate::cache::{profiles, DB_NAME};
use crate::components::states::ErrorView;
use crate::i18n::{use_i18n, Msg};

#[component]
pub fn Erase(customer: i64, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let matches = {
        let name = name.clone();
        move || typed.get().trim() == name && reason.get().trim().chars().count() >= 4
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ErasureRequest { reason: reason.get_untracked(), confirm_name: typed.get_untracked() };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            match customers::erase(customer, &body).await {
                Ok(erased) => {
                    for id in erased.customer_ids {
                        let _ = profiles::remove(DB_NAME, id).await;
                    }
                    navigate("/customers", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="erase">
            <summary class="button ghost danger">{i18n.text(Msg::ErasePerson)}</summary>
            <form class="stacked-form" on:submit=submit>
                <p>{i18n.text(Msg::EraseExplained)}</p>
                <label for="erase-reason">{i18n.text(Msg::EraseReason)}</label>
                <input id="erase-reason" maxlength="500" bind:value=reason/>
                <label for="erase-confirm">{i18n.text(Msg::EraseTypeName)} " (" {name.clone()} ")"</label>
                <input id="erase-confirm" autocomplete="off" bind:value=typed/>
                <button type="submit" class="button danger" disabled=move || busy.get() || !matches()>{i18n.text(Msg::EraseConfirm)}</button>
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            </form>
        </details>
    }
}
