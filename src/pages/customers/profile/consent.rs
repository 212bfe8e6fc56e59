//! The customer's consent per purpose and channel, and recording a new answer at the counter
//! (with the notice version they were shown). Nothing is edited: each answer is added.

use leptos::prelude::*;
use leptos::task::spawn_local;
use roundtrip_domain::consent::{ContactChannel, Purpose, NOTICE_VERSION};
use roundtrip_domain::dto::{ConsentRecord, NewConsent};
use roundtrip_domain::Channel;

use crate::api::{self, ApiError};
use crate::components::states::ErrorView;
use crate::globals::use_session;
use crate::i18n::{format_datetime, use_i18n, Label, Msg};

#[component]
pub fn ConsentCard(customer: i64, consents: Vec<ConsentRecord>, online: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(consents);
    let purpose = RwSignal::new(Purpose::Marketing);
    let channel = RwSignal::new(ContactChannel::Wechat);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);
    // staff capture answers at the counter; call-centre managers on the phone
    let source = move || if session.0.get_untracked().is_some_and(|u| u.store.is_some()) { Channel::Store } else { Channel::CallCenter };
    let record = move |granted: bool| {
        // only marketing is given per channel
        let channel = if purpose.get_untracked() == Purpose::Marketing { channel.get_untracked() } else { ContactChannel::Any };
        let answer = NewConsent { purpose: purpose.get_untracked(), channel, granted, text_version: NOTICE_VERSION.into(), source: source() };
        busy.set(true);
        error.set(None);
        done.set(false);
        spawn_local(async move {
            match api::consent::record(customer, &answer).await {
                Ok(c) => {
                    current.set(c.current);
                    done.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card consent" aria-labelledby="consent-title">
            <h2 id="consent-title">{i18n.text(Msg::ConsentTitle)}</h2>
            {move || {
                let rows = current.get();
                if rows.is_empty() {
                    return view! { <p class="muted">{i18n.text(Msg::ConsentNone)}</p> }.into_any();
                }
                view! {
                    <table class="compact" data-testid="consents">
                        <thead><tr>
                            <th scope="col">{i18n.text(Msg::ConsentPurpose)}</th>
                            <th scope="col">{i18n.text(Msg::ConsentChannel)}</th>
                            <th scope="col">{i18n.text(Msg::ConsentState)}</th>
                            <th scope="col">{i18n.text(Msg::ConsentWhereWhen)}</th>
                            <th scope="col">{i18n.text(Msg::ConsentNotice)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>
                                    <td>{move || r.purpose.label(i18n.locale())}</td>
                                    <td>{move || r.channel.label(i18n.locale())}</td>
                                    <td class=if r.granted { "good" } else { "bad" }>{move || i18n.t(if r.granted { Msg::ConsentGiven } else { Msg::ConsentWithdrawn })}</td>
                                    <td>{move || format_datetime(r.at, i18n.locale())} " · " {move || r.source.label(i18n.locale())} {r.recorded_by.clone().map(|n| format!(" · {n}"))}</td>
                                    <td>{r.text_version.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <Show when=move || online.get() fallback=move || view! { <p class="muted">{i18n.text(Msg::ConsentNeedsNetwork)}</p> }>
                <div class="inline-form consent-form">
                    <label for="consent-purpose">{i18n.text(Msg::ConsentPurpose)}</label>
                    <select id="consent-purpose" on:change=move |ev| if let Some(p) = Purpose::parse(&event_target_value(&ev)) { purpose.set(p) }>
                        {Purpose::ALL.iter().map(|p| { let p = *p; view! { <option value=p.as_str() selected=move || purpose.get() == p>{move || p.label(i18n.locale())}</option> } }).collect_view()}
                    </select>
                    <label for="consent-channel">{i18n.text(Msg::ConsentChannel)}</label>
                    <select id="consent-channel" disabled=move || purpose.get() != Purpose::Marketing
                        on:change=move |ev| if let Some(c) = ContactChannel::parse(&event_target_value(&ev)) { channel.set(c) }>
                        {ContactChannel::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str() selected=move || channel.get() == c>{move || c.label(i18n.locale())}</option> } }).collect_view()}
                    </select>
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| record(true)>{i18n.text(Msg::RecordConsent)}</button>
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| record(false)>{i18n.text(Msg::RecordWithdrawal)}</button>
                </div>
                <p class="muted small">{i18n.text(Msg::ConsentNotice)} " " {NOTICE_VERSION}</p>
                {move || done.get().then(|| view! { <p class="state" role="status">{i18n.text(Msg::ConsentRecorded)}</p> })}
                {move || error.get().map(|e| view! { <ErrorView error=e/> })}
            </Show>
        </section>
    }
}
