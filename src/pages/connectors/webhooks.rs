//! Outbound webhooks (admins): register an address for some events (the signing secret is
//! shown once), see each one's messages and their attempts, switch one off.

use leptos::prelude::*;
use roundtrip_domain::webhooks::{NewWebhook, RegisteredWebhook, Webhook, WebhookDeliveryStatus as Status, WebhookEvent, MAX_DESCRIPTION_CHARS, MAX_URL_CHARS};

use crate::api;
use crate::api::ApiError;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{describe_error, format_datetime, group_thousands, use_i18n, Label, Msg};

#[component]
pub fn Webhooks() -> impl IntoView {
    let i18n = use_i18n();
    let hooks = LocalResource::new(api::webhooks::list);
    let register = Action::new_local(|new: &NewWebhook| api::webhooks::register(new.clone()));
    let disable = Action::new_local(|id: &i64| api::webhooks::disable(*id));
    Effect::new(move |_| {
        if register.value().with(|v| matches!(v, Some(Ok(_)))) || disable.value().with(|v| matches!(v, Some(Ok(_)))) {
            hooks.refetch();
        }
    });
    view! {
        <section class="card" aria-labelledby="webhooks-title">
            <h2 id="webhooks-title">{i18n.text(Msg::WebhooksTitle)}</h2>
            <p class="muted">{i18n.text(Msg::WebhooksIntro)}</p>
            <RegisterForm register/>
            {move || register.value().get().map(|r| match r {
                Ok(registered) => view! { <NewSecret registered/> }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{move || describe_error(&error, i18n.locale())}</p> }.into_any(),
            })}
            {move || disable.value().get().and_then(Result::err).map(|error| view! { <p class="form-error" role="alert">{move || describe_error(&error, i18n.locale())}</p> })}
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || hooks.get().map(|r| r.map(|list| if list.is_empty() {
                        view! { <Empty msg=Msg::WebhooksEmpty/> }.into_any()
                    } else {
                        view! { <WebhookTable list disable/> }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn RegisterForm(register: Action<NewWebhook, Result<RegisteredWebhook, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let chosen = RwSignal::new(WebhookEvent::ALL.to_vec());
    Effect::new(move |_| {
        if register.value().with(|v| matches!(v, Some(Ok(_)))) {
            url.set(String::new());
            description.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        register.dispatch(NewWebhook { url: url.get_untracked().trim().to_owned(), events: chosen.get_untracked(), description: description.get_untracked() });
    };
    view! {
        <form class="webhook-form" on:submit=submit>
            <div class="filters">
                <div class="filter grow">
                    <label for="webhook-url">{i18n.text(Msg::WebhookUrl)}</label>
                    <input id="webhook-url" type="url" required maxlength=MAX_URL_CHARS.to_string() translate="no" autocomplete="off" bind:value=url/>
                </div>
                <div class="filter">
                    <label for="webhook-description">{i18n.text(Msg::WebhookDescription)}</label>
                    <input id="webhook-description" maxlength=MAX_DESCRIPTION_CHARS.to_string() bind:value=description/>
                </div>
            </div>
            <fieldset class="webhook-events">
                <legend>{i18n.text(Msg::WebhookEvents)}</legend>
                {WebhookEvent::ALL.iter().map(|e| {
                    let e = *e;
                    let id = format!("webhook-event-{}", e.as_str().replace('.', "-"));
                    view! {
                        <div class="filter check">
                            <input type="checkbox" id=id.clone() prop:checked=move || chosen.with(|c| c.contains(&e))
                                on:change=move |ev| chosen.update(|c| if event_target_checked(&ev) { if !c.contains(&e) { c.push(e) } } else { c.retain(|x| *x != e) })/>
                            <label for=id>{move || e.label(i18n.locale())}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button primary" disabled=move || register.pending().get()>
                {move || i18n.t(if register.pending().get() { Msg::Saving } else { Msg::WebhookRegister })}
            </button>
        </form>
    }
}

/// The signing secret of the webhook just registered: shown this once.
#[component]
fn NewSecret(registered: RegisteredWebhook) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card token-secret" role="status" data-testid="webhook-secret">
            <p><strong>{i18n.text(Msg::WebhookSecretShown)}</strong></p>
            <div class="filter grow">
                <label for="webhook-secret">{i18n.text(Msg::WebhookSecret)}</label>
                <input id="webhook-secret" class="mono" readonly translate="no" value=registered.secret/>
            </div>
        </div>
    }
}

#[component]
fn WebhookTable(list: Vec<Webhook>, disable: Action<i64, Result<Webhook, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<i64>);
    view! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="webhooks">
                <caption class="visually-hidden">{i18n.text(Msg::WebhooksTitle)}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Msg::WebhookUrl)}</th>
                    <th scope="col">{i18n.text(Msg::WebhookEvents)}</th>
                    <th scope="col">{i18n.text(Msg::WebhookMessages)}</th>
                    <th scope="col">{i18n.text(Msg::WebhookCreated)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.text(Msg::WebhookLog)}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|w| {
                        let id = w.id;
                        let on = w.disabled_at.is_none();
                        let events = w.events.clone();
                        let count = move |n: u64, what: Status| move || format!("{} {}", group_thousands(n as i64), what.label(i18n.locale()));
                        let ask = move |_| {
                            let sure = web_sys::window().and_then(|w| w.confirm_with_message(&i18n.t(Msg::WebhookDisableConfirm)).ok()).unwrap_or(false);
                            if sure {
                                disable.dispatch(id);
                            }
                        };
                        view! {
                            <tr class:muted=!on>
                                <th scope="row"><code class="mono" translate="no">{w.url.clone()}</code><br/><span class="small" translate="no">{w.description.clone()}</span>
                                    {(!on).then(|| view! { <br/><span class="small">{i18n.text(Msg::WebhookOff)}</span> })}</th>
                                <td>{move || events.iter().map(|e| e.label(i18n.locale())).collect::<Vec<_>>().join(if i18n.locale() == crate::i18n::Locale::Zh { "、" } else { ", " })}</td>
                                <td class="nowrap" class:warn={w.failed > 0}>{count(w.delivered, Status::Delivered)}<br/>{count(w.pending, Status::Pending)}<br/>{count(w.failed, Status::Failed)}</td>
                                <td>{move || format_datetime(w.created_at, i18n.locale())}<br/><span class="muted small">{i18n.text(Msg::WebhookBy)} " " {w.created_by.clone()}</span></td>
                                <td><div class="stacked-actions">
                                    <button type="button" class="button" aria-expanded=move || (open.get() == Some(id)).to_string()
                                        on:click=move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) })>
                                        {move || i18n.t(if open.get() == Some(id) { Msg::WebhookHideLog } else { Msg::WebhookLog })}
                                    </button>
                                    {on.then(|| view! { <button type="button" class="button danger" disabled=move || disable.pending().get() on:click=ask>{i18n.text(Msg::WebhookDisable)}</button> })}
                                </div></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || open.get().map(|id| view! { <DeliveryLog id/> })}
    }
}

/// What was sent to one webhook, newest first.
#[component]
fn DeliveryLog(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let log = LocalResource::new(move || api::webhooks::log(id));
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            <ErrorBoundary fallback=error_fallback>
                {move || log.get().map(|r| r.map(|list| if list.is_empty() {
                    view! { <Empty msg=Msg::WebhookLogEmpty/> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll" tabindex="0">
                            <table data-testid="webhook-log">
                                <caption class="visually-hidden">{i18n.text(Msg::WebhookLog)}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.text(Msg::WebhookSent)}</th>
                                    <th scope="col">{i18n.text(Msg::WebhookEvents)}</th>
                                    <th scope="col">{i18n.text(Msg::TokenStatus)}</th>
                                    <th scope="col" class="num">{i18n.text(Msg::DeadAttempts)}</th>
                                    <th scope="col">{i18n.text(Msg::WebhookAnswer)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|d| view! {
                                        <tr>
                                            <td>{move || format_datetime(d.created_at, i18n.locale())}<br/><span class="mono small muted" translate="no">{d.message_id.clone()}</span></td>
                                            <td>{move || d.event.label(i18n.locale())}</td>
                                            <td>{move || d.status.label(i18n.locale())}</td>
                                            <td class="num">{d.attempts}</td>
                                            <td class="mono small" translate="no">{d.last_status.map(|s| s.to_string())}" "{d.last_error.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }))}
            </ErrorBoundary>
        </Transition>
    }
}
