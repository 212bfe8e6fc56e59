//! API tokens (admins): issue one per channel system, see when each was last used, revoke one
//! that is retired or may have leaked. The secret is shown once, right after it is issued.

use leptos::prelude::*;
use roundtrip_domain::tokens::{usable, ApiToken, IssuedToken, NewToken, DEFAULT_PER_MINUTE, MAX_PER_MINUTE};
use roundtrip_domain::Channel;
use wasm_bindgen::JsValue;

use crate::api;
use crate::api::ApiError;
use crate::components::period_filters::StoreOptions;
use crate::components::states::{error_fallback, Empty, ErrorView, Loading};
use crate::i18n::{describe_error, format_datetime, group_thousands, use_i18n, Label, Msg};

/// The lifetimes offered, in days (`None`: until revoked).
const LIFETIMES: [(Option<u32>, Msg); 4] = [(Some(30), Msg::TokenDays30), (Some(90), Msg::TokenDays90), (Some(365), Msg::TokenDays365), (None, Msg::TokenNever)];

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let tokens = LocalResource::new(api::tokens::list);
    let issue = Action::new_local(|req: &NewToken| api::tokens::issue(req.clone()));
    let revoke = Action::new_local(|id: &i64| api::tokens::revoke(*id));
    // a change shows at once in the list
    Effect::new(move |_| {
        if issue.value().with(|v| matches!(v, Some(Ok(_)))) || revoke.value().with(|v| matches!(v, Some(Ok(_)))) {
            tokens.refetch();
        }
    });
    view! {
        <section class="page tokens">
            <h1>{i18n.text(Msg::NavTokens)}</h1>
            <p class="muted">{i18n.text(Msg::TokensIntro)}</p>
            <IssueForm issue/>
            {move || issue.value().get().map(|r| match r {
                Ok(issued) => view! { <NewSecret issued/> }.into_any(),
                Err(error) => view! { <p class="form-error" role="alert">{move || describe_error(&error, i18n.locale())}</p> }.into_any(),
            })}
            {move || revoke.value().get().and_then(Result::err).map(|error| view! { <ErrorView error/> })}
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || tokens.get().map(|r| r.map(|list| if list.is_empty() {
                        view! { <Empty msg=Msg::TokensEmpty/> }.into_any()
                    } else {
                        view! { <TokenTable list revoke/> }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn IssueForm(issue: Action<NewToken, Result<IssuedToken, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(None::<Channel>);
    let store = RwSignal::new(None::<i64>);
    let days = RwSignal::new(Some(365u32));
    let per_minute = RwSignal::new(DEFAULT_PER_MINUTE.to_string());
    // issued: the form is ready for the next system
    Effect::new(move |_| {
        if issue.value().with(|v| matches!(v, Some(Ok(_)))) {
            name.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        issue.dispatch(NewToken {
            name: name.get_untracked(),
            source: source.get_untracked(),
            store_id: store.get_untracked(),
            expires_in_days: days.get_untracked(),
            per_minute: per_minute.get_untracked().trim().parse().ok(),
        });
    };
    view! {
        <form class="card token-form" on:submit=submit>
            <div class="filters">
                <div class="filter">
                    <label for="token-name">{i18n.text(Msg::TokenName)}</label>
                    <input id="token-name" required maxlength="60" bind:value=name/>
                </div>
                <div class="filter">
                    <label for="token-source">{i18n.text(Msg::TokenSource)}</label>
                    <select id="token-source" on:change=move |ev| source.set(Channel::parse(&event_target_value(&ev)))>
                        <option value="">{i18n.text(Msg::TokenAnySource)}</option>
                        {Channel::ALL.iter().map(|c| { let c = *c; view! { <option value=c.as_str()>{move || c.label(i18n.locale())}</option> } }).collect_view()}
                    </select>
                </div>
                <div class="filter">
                    <label for="token-store">{i18n.text(Msg::TokenStore)}</label>
                    <select id="token-store" on:change=move |ev| store.set(event_target_value(&ev).parse().ok())>
                        <StoreOptions selected=store.into()/>
                    </select>
                </div>
                <div class="filter">
                    <label for="token-days">{i18n.text(Msg::TokenExpiry)}</label>
                    <select id="token-days" on:change=move |ev| days.set(event_target_value(&ev).parse().ok())>
                        {LIFETIMES.map(|(d, msg)| view! {
                            <option value=d.map(|d| d.to_string()).unwrap_or_default() selected=move || days.get() == d>{move || i18n.t(msg)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="filter">
                    <label for="token-rate">{i18n.text(Msg::TokenRate)}</label>
                    <input id="token-rate" type="number" inputmode="numeric" min="1" max=MAX_PER_MINUTE.to_string() bind:value=per_minute/>
                </div>
                <div class="filter filter-action">
                    <button type="submit" class="button primary" disabled=move || issue.pending().get()>
                        {move || i18n.t(if issue.pending().get() { Msg::Saving } else { Msg::TokenIssue })}
                    </button>
                </div>
            </div>
        </form>
    }
}

/// The secret of the token just issued, with a way to copy it: shown this once.
#[component]
fn NewSecret(issued: IssuedToken) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let secret = issued.secret.clone();
    let copy = move |_| {
        // the Clipboard API is there only in a secure context; elsewhere the field is selected
        // for the admin to copy by hand
        let text = JsValue::from_str(&secret);
        let written = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok())
            .filter(|c| !c.is_undefined())
            .and_then(|c| js_sys::Reflect::get(&c, &"writeText".into()).ok().map(|f| (c, f)))
            .and_then(|(c, f)| js_sys::Function::from(f).call1(&c, &text).ok());
        copied.set(written.is_some());
        if let Some(input) = document().get_element_by_id("token-secret") {
            let _ = js_sys::Reflect::get(&input, &"select".into()).map(|f| js_sys::Function::from(f).call0(&input));
        }
    };
    view! {
        <div class="card token-secret" role="status" data-testid="token-secret">
            <p><strong>{i18n.text(Msg::TokenIssued)}</strong> " " <code translate="no">"Authorization: Bearer rt_…"</code></p>
            <div class="filters">
                <div class="filter grow">
                    <label for="token-secret">{move || format!("{} · {}", i18n.t(Msg::TokenSecret), issued.token.name)}</label>
                    <input id="token-secret" class="mono" readonly translate="no" value=issued.secret.clone()/>
                </div>
                <div class="filter filter-action">
                    <button type="button" class="button" on:click=copy>{move || i18n.t(if copied.get() { Msg::TokenCopied } else { Msg::TokenCopy })}</button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn TokenTable(list: Vec<ApiToken>, revoke: Action<i64, Result<ApiToken, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = chrono::Utc::now();
    view! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="tokens">
                <caption class="visually-hidden">{i18n.text(Msg::NavTokens)}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Msg::TokenSystem)}</th>
                    <th scope="col">{i18n.text(Msg::TokenHint)}</th>
                    <th scope="col">{i18n.text(Msg::TokenLimits)}</th>
                    <th scope="col" class="num">{i18n.text(Msg::TokenPerMinute)}</th>
                    <th scope="col">{i18n.text(Msg::TokenCreated)}</th>
                    <th scope="col">{i18n.text(Msg::TokenExpires)}</th>
                    <th scope="col">{i18n.text(Msg::TokenLastUsed)}</th>
                    <th scope="col">{i18n.text(Msg::TokenStatus)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.text(Msg::TokenRevoke)}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|t| {
                        let live = usable(t.expires_at, t.revoked_at.is_some(), now);
                        let status = if t.revoked_at.is_some() { Msg::TokenRevoked } else if live { Msg::TokenActive } else { Msg::TokenExpired };
                        let (id, name) = (t.id, t.name.clone());
                        let limits = move || {
                            let l = i18n.locale();
                            let source = t.source.map_or(Msg::TokenAnySource.text(l).to_owned(), |c| c.label(l).to_owned());
                            let store = t.store.as_ref().map_or(Msg::AllStores.text(l).to_owned(), |s| s.name.clone());
                            format!("{source} · {store}")
                        };
                        let ask = move |_| {
                            let sure = web_sys::window().and_then(|w| w.confirm_with_message(&format!("{}\n{}", name, i18n.t(Msg::TokenRevokeConfirm))).ok()).unwrap_or(false);
                            if sure {
                                revoke.dispatch(id);
                            }
                        };
                        view! {
                            <tr class:muted=!live>
                                <th scope="row" translate="no">{t.name.clone()}</th>
                                <td class="mono" translate="no">{format!("{}…", t.hint)}</td>
                                <td>{limits}</td>
                                <td class="num">{group_thousands(t.per_minute.into())}</td>
                                <td>{move || format_datetime(t.created_at, i18n.locale())}<br/>
                                    <span class="muted small">{i18n.text(Msg::TokenBy)} " " {t.created_by.clone()}</span></td>
                                <td>{move || t.expires_at.map_or(i18n.t(Msg::TokenNever).to_owned(), |e| format_datetime(e, i18n.locale()))}</td>
                                <td>{move || t.last_used_at.map_or(i18n.t(Msg::TokenNeverUsed).to_owned(), |u| format_datetime(u, i18n.locale()))}</td>
                                <td class="nowrap">{move || i18n.t(status)}</td>
                                <td class="nowrap">{live.then(|| view! {
                                    <button type="button" class="button danger" disabled=move || revoke.pending().get() on:click=ask>{i18n.text(Msg::TokenRevoke)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
