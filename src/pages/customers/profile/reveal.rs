//! Reveal the full phone or email (managers): the reason is asked inline, the server audits
//! it, and the value is shown only until the user hides it or leaves the page (never cached).

use leptos::prelude::*;
use roundtrip_domain::dto::RevealField;
use roundtrip_domain::mask::clean_reason;

use crate::i18n::{use_i18n, Msg};

#[component]
pub fn Reveal(customer: i64) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<(Option<String>, Option<String>)>);
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let toggle = NodeRef::<leptos::html::Button>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(why) = clean_reason(&reason.get_untracked()) else {
            return error.set(Some(i18n.t(Msg::RevealReasonRequired).into()));
        };
        error.set(None);
        leptos::task::spawn_local(async move {
            let phone = crate::api::customers::reveal(customer, RevealField::Phone, why.clone()).await;
            let email = crate::api::customers::reveal(customer, RevealField::Email, why).await;
            match (phone, email) {
                (Ok(p), Ok(e)) => {
                    shown.set(Some((p.value, e.value)));
                    open.set(false);
                    reason.set(String::new());
                }
                (Err(e), _) | (_, Err(e)) => error.set(Some(e.to_string())),
            }
        });
    };
    let hide = move |_| {
        shown.set(None);
        // focus goes back to the button that opened it, once it is drawn again
        request_animation_frame(move || {
            if let Some(b) = toggle.get() {
                let _ = b.focus();
            }
        });
    };
    view! {
        <div class="reveal">
            {move || match shown.get() {
                Some((phone, email)) => view! {
                    <p class="mono" data-testid="revealed">{phone.unwrap_or_else(|| "—".into())} {email.map(|e| format!(" · {e}"))}</p>
                    <button type="button" class="button ghost" on:click=hide>{move || i18n.t(Msg::Hide)}</button>
                }.into_any(),
                None => view! {
                    <button type="button" class="button ghost" node_ref=toggle aria-expanded=move || open.get().to_string()
                        on:click=move |_| {
                            open.update(|o| *o = !*o);
                            request_animation_frame(move || { if let Some(i) = input.get() { let _ = i.focus(); } });
                        }>
                        {move || i18n.t(Msg::RevealContact)}
                    </button>
                }.into_any(),
            }}
            <Show when=move || open.get()>
                <form class="reveal-form" on:submit=submit>
                    <label for="reveal-reason">{move || i18n.t(Msg::RevealReason)}</label>
                    <input id="reveal-reason" node_ref=input bind:value=reason aria-describedby="reveal-hint"/>
                    <p id="reveal-hint" class="muted small">{move || i18n.t(Msg::RevealHint)}</p>
                    <button type="submit" class="button primary">{move || i18n.t(Msg::RevealConfirm)}</button>
                </form>
            </Show>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
