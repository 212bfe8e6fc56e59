//! Channel connectors (admins): connect a WeCom or Douyin account with the secrets from its
//! platform's console, hand the platform the push address, watch how its deliveries stand,
//! rotate its secrets without refusing a delivery, and replay what failed.

mod dead;
mod secrets;
mod webhooks;

use leptos::prelude::*;
use roundtrip_domain::hooks::{Connector, ConnectorSecrets, HookChannel, NewConnector, MAX_ACCOUNT_CHARS};

use crate::api;
use crate::api::ApiError;
use crate::components::period_filters::StoreOptions;
use crate::components::states::{error_fallback, Empty, Loading};
use crate::i18n::{describe_error, format_datetime, group_thousands, use_i18n, Label, Msg};
use secrets::{SecretFields, SecretInputs};

/// Where the platform pushes, as it must be typed into its console.
fn address(path: &str) -> String {
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    format!("{origin}{path}")
}

#[component]
pub fn ConnectorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let connectors = LocalResource::new(api::connectors::list);
    let add = Action::new_local(|new: &NewConnector| api::connectors::add(new.clone()));
    let rotate = Action::new_local(|(id, s): &(i64, ConnectorSecrets)| api::connectors::rotate(*id, s.clone()));
    let finish = Action::new_local(|id: &i64| api::connectors::finish_rotation(*id));
    Effect::new(move |_| {
        let saved = |v: &Option<Result<Connector, ApiError>>| matches!(v, Some(Ok(_)));
        if add.value().with(saved) || rotate.value().with(saved) || finish.value().with(saved) {
            connectors.refetch();
        }
    });
    view! {
        <section class="page connectors">
            <h1>{i18n.text(Msg::NavConnectors)}</h1>
            <p class="muted">{i18n.text(Msg::ConnectorsIntro)}</p>
            <ConnectForm add/>
            {move || add.value().get().map(|r| match r {
                Ok(c) => view! {
                    <div class="card" role="status" data-testid="connector-added">
                        <p><strong>{i18n.text(Msg::ConnectorAdded)}</strong></p>
                        <code class="mono" translate="no">{address(&c.path)}</code>
                    </div>
                }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{move || describe_error(&error, i18n.locale())}</p> }.into_any(),
            })}
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || connectors.get().map(|r| r.map(|list| if list.is_empty() {
                        view! { <Empty msg=Msg::ConnectorsEmpty/> }.into_any()
                    } else {
                        view! { <ConnectorTable list rotate finish/> }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
            <dead::DeadLetters changed=move || connectors.refetch()/>
            <webhooks::Webhooks/>
        </section>
    }
}

#[component]
fn ConnectForm(add: Action<NewConnector, Result<Connector, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let channel = RwSignal::new(HookChannel::Wecom);
    let account = RwSignal::new(String::new());
    let store = RwSignal::new(None::<i64>);
    let plain = RwSignal::new(false);
    let inputs = SecretInputs::new();
    Effect::new(move |_| {
        if add.value().with(|v| matches!(v, Some(Ok(_)))) {
            account.set(String::new());
            plain.set(false);
            inputs.clear();
        }
    });
    let wechat = move || channel.get() == HookChannel::Wechat;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = channel.get_untracked();
        let plain_allowed = c == HookChannel::Wechat && plain.get_untracked();
        add.dispatch(NewConnector { channel: c, account: account.get_untracked().trim().to_owned(), store_id: store.get_untracked(), secrets: inputs.read(c), plain_allowed });
    };
    view! {
        <form class="card connector-form" on:submit=submit>
            <div class="filters">
                <div class="filter">
                    <label for="connector-channel">{i18n.text(Msg::ConnectorChannel)}</label>
                    <select id="connector-channel" on:change=move |ev| if let Some(c) = HookChannel::parse(&event_target_value(&ev)) { channel.set(c) }>
                        {HookChannel::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str()>{move || c.label(i18n.locale())}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="filter">
                    <label for="connector-account">{i18n.text(Msg::ConnectorAccount)}</label>
                    <input id="connector-account" required maxlength=MAX_ACCOUNT_CHARS.to_string() pattern="[A-Za-z0-9_-]+" autocomplete="off" translate="no" bind:value=account/>
                </div>
                <div class="filter">
                    <label for="connector-store">{i18n.text(Msg::ConnectorStore)}</label>
                    <select id="connector-store" on:change=move |ev| store.set(event_target_value(&ev).parse().ok())>
                        <StoreOptions selected=store.into()/>
                    </select>
                </div>
                <SecretFields channel=channel.into() inputs prefix="connector" plain=Signal::derive(move || wechat() && plain.get())/>
                <Show when=wechat>
                    <div class="filter check grow">
                        <input type="checkbox" id="connector-plain" bind:checked=plain/>
                        <label for="connector-plain">{i18n.text(Msg::ConnectorPlain)}</label>
                    </div>
                </Show>
                <div class="filter filter-action">
                    <button type="submit" class="button primary" disabled=move || add.pending().get()>
                        {move || i18n.t(if add.pending().get() { Msg::Saving } else { Msg::ConnectorAdd })}
                    </button>
                </div>
            </div>
        </form>
    }
}

type RotateAction = Action<(i64, ConnectorSecrets), Result<Connector, ApiError>>;

#[component]
fn ConnectorTable(list: Vec<Connector>, rotate: RotateAction, finish: Action<i64, Result<Connector, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    // the connector whose new secrets are being typed
    let rotating = RwSignal::new(None::<(i64, HookChannel, String)>);
    let error = move || {
        let failed = rotate.value().get().and_then(Result::err).or_else(|| finish.value().get().and_then(Result::err));
        failed.map(|e| view! { <p class="form-error" role="alert">{move || describe_error(&e, i18n.locale())}</p> })
    };
    view! {
        {error}
        <div class="table-scroll" tabindex="0">
            <table data-testid="connectors">
                <caption class="visually-hidden">{i18n.text(Msg::NavConnectors)}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Msg::ConnectorChannel)}</th>
                    <th scope="col">{i18n.text(Msg::ConnectorAddress)}</th>
                    <th scope="col">{i18n.text(Msg::ConnectorStoreShort)}</th>
                    <th scope="col">{i18n.text(Msg::ConnectorDeliveries)}</th>
                    <th scope="col">{i18n.text(Msg::ConnectorCreated)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.text(Msg::ConnectorRotate)}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|c| {
                        let (id, channel, account) = (c.id, c.channel, c.account.clone());
                        let ask_finish = move |_| {
                            let sure = web_sys::window().and_then(|w| w.confirm_with_message(&i18n.t(Msg::ConnectorFinishConfirm)).ok()).unwrap_or(false);
                            if sure {
                                finish.dispatch(id);
                            }
                        };
                        // one line each, so the column stays narrow on a tablet
                        let count = move |n: u64, what: Msg| move || format!("{} {}", group_thousands(n as i64), what.text(i18n.locale()));
                        view! {
                            <tr>
                                <th scope="row">{move || channel.label(i18n.locale())} " · " <span translate="no">{c.account.clone()}</span></th>
                                <td><code class="mono" translate="no">{address(&c.path)}</code>
                                    {c.rotating.then(|| view! { <br/><span class="muted small">{i18n.text(Msg::ConnectorRotating)}</span> })}
                                    {c.plain_allowed.then(|| view! { <br/><span class="muted small">{i18n.text(Msg::ConnectorPlainOn)}</span> })}</td>
                                <td>{move || c.store.as_ref().map_or(Msg::AllStores.text(i18n.locale()).to_owned(), |s| s.name.clone())}</td>
                                <td class="nowrap" class:warn={c.dead > 0}>{count(c.done, Msg::ConnectorDone)}<br/>{count(c.pending, Msg::ConnectorPending)}<br/>{count(c.dead, Msg::ConnectorDead)}</td>
                                <td>{move || format_datetime(c.created_at, i18n.locale())}<br/>
                                    <span class="muted small">{i18n.text(Msg::ConnectorBy)} " " {c.created_by.clone()}</span></td>
                                <td><div class="stacked-actions">
                                    <button type="button" class="button" on:click=move |_| rotating.set(Some((id, channel, account.clone())))>{i18n.text(Msg::ConnectorRotate)}</button>
                                    {c.rotating.then(|| view! {
                                        <button type="button" class="button" disabled=move || finish.pending().get() on:click=ask_finish>{i18n.text(Msg::ConnectorFinish)}</button>
                                    })}
                                </div></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || rotating.get().map(|(id, channel, account)| view! { <RotateForm id channel account rotate done=rotating.write_only()/> })}
    }
}

/// New secrets for one connector: taken beside the current ones until the rotation ends.
#[component]
fn RotateForm(id: i64, channel: HookChannel, account: String, rotate: RotateAction, done: WriteSignal<Option<(i64, HookChannel, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let inputs = SecretInputs::new();
    Effect::new(move |_| {
        if rotate.value().with(|v| matches!(v, Some(Ok(_)))) {
            inputs.clear();
            done.set(None);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        rotate.dispatch((id, inputs.read(channel)));
    };
    view! {
        <form class="card connector-form" on:submit=submit aria-labelledby="rotate-title">
            <h2 id="rotate-title">{i18n.text(Msg::ConnectorRotateFor)} " " {move || channel.label(i18n.locale())} " · " <span translate="no">{account.clone()}</span></h2>
            <div class="filters">
                <SecretFields channel=Signal::stored(channel) inputs prefix="rotate"/>
                <div class="filter filter-action">
                    <button type="submit" class="button primary" disabled=move || rotate.pending().get()>{i18n.text(Msg::ConnectorRotateSave)}</button>
                    " " <button type="button" class="button" on:click=move |_| done.set(None)>{i18n.text(Msg::ConnectorRotateCancel)}</button>
                </div>
            </div>
        </form>
    }
}
