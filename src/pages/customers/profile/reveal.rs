//! Reveal the full phone, email and ID numbers (managers): the reason is asked inline, the
//! server audits each, and the values are shown only until the user hides them or leaves the
//! page (never cached).

use leptos::prelude::*;
use roundtrip_domain::dto::RevealField;
use roundtrip_domain::mask::clean_reason;

use crate::i18n::{describe_error, use_i18n, Msg};

#[component]
pub fn Reveal(customer: i64, has_id_numbers: bool) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let shown = RwSignal::new(None::<[Option<String>; 3]>);
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
            let mut fields = vec![RevealField::Phone, RevealField::Email];
            if has_id_numbers {
                fields.push(RevealField::IdNumber);
            }
            let mut values = [None, None, None];
            for (slot, field) in values.iter_mut().zip(fields) {
                match crate::api::customers::reveal(customer, field, why.clone()).await {
                    Ok(r) => *slot = r.value,
                    Err(e) => return error.set(Some(describe_error(&e, i18n.locale()))),
                }
            }
            shown.set(Some(values));
            open.set(false);
            reason.set(String::new());
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
                Some([phone, email, ids]) => view! {
                    <p class="mono" data-testid="revealed">{phone.unwrap_or_else(|| "—".into())} {email.map(|e| format!(" · {e}"))}</p>
                    {ids.map(|ids| view! { <p class="mono" data-testid="revealed-id">{i18n.text(Msg::IdNumbers)} ": " {ids}</p> })}
                    <button type="button" class="button ghost" on:click=hide>{i18n.text(Msg::Hide)}</button>
                }.into_any(),
                None => view! {
                    <button type="button" class="button ghost" node_ref=toggle aria-expanded=move || open.get().to_string()
                        on:click=move |_| {
                            open.update(|o| *o = !*o);
                            request_animation_frame(move || { if let Some(i) = input.get() { let _ = i.focus(); } });
                        }>
                        {i18n.text(Msg::RevealContact)}
                    </button>
                }.into_any(),
            }}
            <Show when=move || open.get()>
                <form class="reveal-form" on:submit=submit>
                    <label for="reveal-reason">{i18n.text(Msg::RevealReason)}</label>
                    <input id="reveal-reason" node_ref=input bind:value=reason aria-describedby="reveal-hint"/>
                    <p id="reveal-hint" class="muted small">{i18n.text(Msg::RevealHint)}</p>
                    <button type="submit" class="button primary">{i18n.text(Msg::RevealConfirm)}</button>
                </form>
            </Show>
            <p class="form-error" role="alert">{move || error.get()}</p>
        </div>
    }
}
