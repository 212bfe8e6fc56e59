//! Correcting a person's details on their request (managers and admins). Empty fields stay as
//! they are; the reason goes to the audit log, the values do not.

use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::dto::PersonalCorrection;
use roundtrip_domain::rights::check_correction;

use crate::api::{customers, ApiError};
use crate::components::states::ErrorView;
use crate::i18n::{use_i18n, Msg};

#[component]
pub fn CorrectDetails(customer: i64, version: i64, on_corrected: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let (name, phone, email, city, reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let given = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.trim().is_empty());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = PersonalCorrection { version, name: given(name), phone: given(phone), email: given(email), city: given(city), reason: reason.get_untracked() };
        // the same rules as the server, so the person sees which field is wrong at once
        if let Err(e) = check_correction(&request) {
            return problem.set(Some(e.to_string()));
        }
        problem.set(None);
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match customers::correct(customer, &request).await {
                Ok(_) => on_corrected.run(()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="correct">
            <summary class="button ghost">{i18n.text(Msg::CorrectDetails)}</summary>
            <form class="stacked-form" on:submit=submit>
                <p class="muted">{i18n.text(Msg::CorrectExplained)}</p>
                <label for="correct-name">{i18n.text(Msg::CorrectName)}</label>
                <input id="correct-name" maxlength="60" bind:value=name/>
                <label for="correct-phone">{i18n.text(Msg::CorrectPhone)}</label>
                <input id="correct-phone" type="tel" inputmode="tel" bind:value=phone/>
                <label for="correct-email">{i18n.text(Msg::CorrectEmail)}</label>
                <input id="correct-email" type="email" bind:value=email/>
                <label for="correct-city">{i18n.text(Msg::CorrectCity)}</label>
                <input id="correct-city" maxlength="30" bind:value=city/>
                <label for="correct-reason">{i18n.text(Msg::CorrectReason)}</label>
                <input id="correct-reason" maxlength="500" bind:value=reason/>
                <button type="submit" class="button primary" disabled=move || busy.get()>{i18n.text(Msg::SaveCorrection)}</button>
                {move || problem.get().map(|p| view! { <p class="state error" role="alert">{p}</p> })}
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            </form>
        </details>
    }
}
