//! Points and tier on the profile: balance, what is available, qualifying points and the gap
//! to the next tier, the ledger, redeeming (anyone serving the customer), adjusting (managers)
//! and recording an NPS answer. Loaded from the server: points are not kept offline.

use leptos::prelude::*;
use roundtrip_domain::dto::{LoyaltyAccount, LoyaltyChange, NpsAnswer};
use roundtrip_domain::loyalty::LedgerKind;
use roundtrip_domain::{Channel, Role};

use crate::components::states::{error_fallback, Loading};
use crate::globals::use_session;
use crate::i18n::{describe_error, format_datetime, group_thousands, system_text, use_i18n, Label, Locale, Msg};

#[component]
pub fn LoyaltyCard(customer: i64) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = LocalResource::new(move || crate::api::customers::loyalty(customer));
    let current = RwSignal::new(None::<LoyaltyAccount>);
    view! {
        <section class="card loyalty" aria-labelledby="loyalty-title">
            <h2 id="loyalty-title">{i18n.text(Msg::LoyaltyTitle)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || loaded.get().map(|r| r.map(|first| {
                        let account = Signal::derive(move || current.get().unwrap_or_else(|| first.clone()));
                        view! { <Account account/> <Changes customer current/> <Ledger account/> }
                    }))}
                </ErrorBoundary>
            </Transition>
            <Nps customer/>
        </section>
    }
}

#[component]
fn Account(account: Signal<LoyaltyAccount>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let a = account.get();
        let locale = i18n.locale();
        let benefits = a.rules.iter().find(|r| r.tier == a.tier).map(|r| if locale == Locale::Zh { r.benefits_zh.clone() } else { r.benefits_en.clone() });
        view! {
            <dl class="kpis" data-testid="loyalty">
                <div><dt>{i18n.t(Msg::FilterTier)}</dt><dd data-testid="loyalty-tier">{a.tier.label(locale)}</dd></div>
                <div><dt>{i18n.t(Msg::PointsAvailable)}</dt><dd data-testid="points-available">{group_thousands(a.available)}</dd></div>
                // the ledger's sum only when points are lapsing: otherwise it is the available figure again
                {(a.balance != a.available).then(|| view! { <div><dt>{i18n.t(Msg::PointsBalance)}</dt><dd>{group_thousands(a.balance)}</dd></div> })}
                <div><dt>{i18n.t(Msg::PointsQualifying)}</dt><dd data-testid="points-qualifying">{group_thousands(a.qualifying)}</dd></div>
            </dl>
            {(a.lapsing > 0).then(|| view! { <p class="muted">{i18n.t(Msg::PointsLapsing)} ": " {group_thousands(a.lapsing)}</p> })}
            {a.next_tier.zip(a.to_next_tier).map(|(t, n)| view! { <p class="muted">{group_thousands(n)} " " {i18n.t(Msg::ToNextTier)} " " {t.label(locale)}</p> })}
            {benefits.map(|b| view! { <p><strong>{i18n.t(Msg::TierBenefits)}</strong> ": " {b}</p> })}
            <details class="data-table">
                <summary>{i18n.t(Msg::TierRulesLabel)}</summary>
                <ul class="plain-list">
                    {a.rules.iter().map(|r| view! {
                        <li>{r.tier.label(locale)} ": " {group_thousands(r.min_qualifying)} " / " {group_thousands(r.keep_qualifying)}</li>
                    }).collect_view()}
                </ul>
            </details>
        }
    }
}

#[component]
fn Changes(customer: i64, current: RwSignal<Option<LoyaltyAccount>>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manager = move || session.0.get().is_some_and(|u| u.role != Role::Staff);
    let (redeem, adjust, reason) = (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |kind: LedgerKind, text: RwSignal<String>| {
        let Ok(points) = text.get_untracked().trim().parse::<i64>() else {
            return error.set(Some(i18n.t(Msg::PointsNumberRequired).into()));
        };
        let reason = Some(reason.get_untracked()).filter(|r| !r.trim().is_empty());
        // one key per attempt: a retried request after a dropped answer is applied once
        let change = LoyaltyChange { kind, points, reason, client_key: Some(format!("web-{:x}", (js_sys::Math::random() * 1e15) as u64)) };
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match crate::api::customers::change_points(customer, &change).await {
                Ok(a) => {
                    current.set(Some(a));
                    text.set(String::new());
                }
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="form inline-form" aria-labelledby="redeem-title" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(LedgerKind::Redeem, redeem); }>
            <h3 id="redeem-title">{i18n.text(Msg::RedeemTitle)}</h3>
            <div class="field">
                <label for="redeem-points">{i18n.text(Msg::PointsLabel)}</label>
                <input id="redeem-points" type="number" min="1" inputmode="numeric" bind:value=redeem/>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{i18n.text(Msg::RedeemButton)}</button>
        </form>
        <Show when=manager>
            <form class="form inline-form" aria-labelledby="adjust-title" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send(LedgerKind::Adjust, adjust); }>
                <h3 id="adjust-title">{i18n.text(Msg::AdjustTitle)}</h3>
                <div class="field">
                    <label for="adjust-points">{i18n.text(Msg::PointsLabel)}</label>
                    <input id="adjust-points" type="number" inputmode="numeric" bind:value=adjust aria-describedby="adjust-hint"/>
                </div>
                <div class="field">
                    <label for="adjust-reason">{i18n.text(Msg::AdjustReason)}</label>
                    <input id="adjust-reason" bind:value=reason/>
                </div>
                <p id="adjust-hint" class="muted small">{i18n.text(Msg::AdjustHint)}</p>
                <button type="submit" class="button" disabled=move || busy.get()>{i18n.text(Msg::AdjustButton)}</button>
            </form>
        </Show>
        {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
    }
}

#[component]
fn Ledger(account: Signal<LoyaltyAccount>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <details class="data-table">
            <summary>{i18n.text(Msg::LedgerTitle)}</summary>
            <div class="table-scroll" tabindex="0">
                <table data-testid="ledger">
                    <tbody>
                        {move || account.get().ledger.into_iter().map(|l| {
                            let locale = i18n.locale();
                            view! {
                                <tr>
                                    <th scope="row">{format_datetime(l.at, locale)}</th>
                                    <td>{l.kind.label(locale)}</td>
                                    <td class="num">{format!("{:+}", l.points)}</td>
                                    <td>{l.reason.as_deref().map(|r| system_text(r, locale))} {l.actor.clone().map(|a| format!(" · {a}"))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

#[component]
fn Nps(customer: i64) -> impl IntoView {
    let i18n = use_i18n();
    let done = RwSignal::new(None::<Result<u8, String>>);
    let record = move |score: u8| {
        leptos::task::spawn_local(async move {
            let answer = NpsAnswer { score, channel: Channel::Store };
            done.set(Some(crate::api::customers::record_nps(customer, &answer).await.map(|_| score).map_err(|e| describe_error(&e, i18n.locale()))));
        });
    };
    view! {
        <fieldset class="form nps" id="nps">
            <legend>{i18n.text(Msg::NpsAsk)}</legend>
            <div class="actions">
                {(0..=10u8).map(|s| view! {
                    <button type="button" class="button score" aria-pressed=move || if matches!(done.get(), Some(Ok(x)) if x == s) { "true" } else { "false" }
                        on:click=move |_| record(s)>{s}</button>
                }).collect_view()}
            </div>
            {move || done.get().map(|r| match r {
                Ok(_) => view! { <p role="status">{i18n.t(Msg::NpsRecorded)}</p> }.into_any(),
                Err(e) => view! { <p class="form-error" role="alert">{e}</p> }.into_any(),
            })}
        </fieldset>
    }
}
