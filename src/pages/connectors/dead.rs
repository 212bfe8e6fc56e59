//! Deliveries that failed every attempt, with why, and a replay for each once the cause is
//! fixed. A replay is queued once: pressing it twice is refused by the server, not repeated.

use leptos::prelude::*;
use roundtrip_domain::hooks::DeadLetter;

use crate::api;
use crate::components::states::{error_fallback, Empty, ErrorView, Loading};
use crate::i18n::{format_datetime, use_i18n, Label, Msg};

#[component]
pub fn DeadLetters(#[prop(into)] changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let letters = LocalResource::new(api::connectors::dead_letters);
    let replay = Action::new_local(|id: &i64| api::connectors::replay(*id));
    Effect::new(move |_| {
        if replay.value().with(|v| matches!(v, Some(Ok(_)))) {
            letters.refetch();
            changed.run(());
        }
    });
    view! {
        <section class="card" aria-labelledby="dead-title">
            <h2 id="dead-title">{i18n.text(Msg::DeadLettersTitle)}</h2>
            <p class="muted">{i18n.text(Msg::DeadLettersIntro)}</p>
            {move || replay.value().get().and_then(Result::err).map(|error| view! { <ErrorView error/> })}
            {move || replay.value().get().and_then(Result::ok).map(|_| view! { <p role="status" class="muted">{i18n.text(Msg::DeadReplayed)}</p> })}
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || letters.get().map(|r| r.map(|list| if list.is_empty() {
                        view! { <Empty msg=Msg::DeadLettersEmpty/> }.into_any()
                    } else {
                        view! { <DeadTable list replay/> }.into_any()
                    }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn DeadTable(list: Vec<DeadLetter>, replay: Action<i64, Result<DeadLetter, api::ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" tabindex="0">
            <table data-testid="dead-letters">
                <caption class="visually-hidden">{i18n.text(Msg::DeadLettersTitle)}</caption>
                <thead><tr>
                    <th scope="col">{i18n.text(Msg::ConnectorChannel)}</th>
                    <th scope="col">{i18n.text(Msg::DeadMessage)}</th>
                    <th scope="col">{i18n.text(Msg::DeadReceived)}</th>
                    <th scope="col" class="num">{i18n.text(Msg::DeadAttempts)}</th>
                    <th scope="col">{i18n.text(Msg::DeadError)}</th>
                    <th scope="col"><span class="visually-hidden">{i18n.text(Msg::DeadReplay)}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|d| {
                        let id = d.id;
                        view! {
                            <tr>
                                <td>{move || d.channel.label(i18n.locale())} " · " <span translate="no">{d.account.clone()}</span></td>
                                <td class="mono" translate="no">{d.message_id.clone()}</td>
                                <td>{move || format_datetime(d.received_at, i18n.locale())}</td>
                                <td class="num">{d.attempts}</td>
                                <td>{move || d.failure.map(|f| f.label(i18n.locale()))}
                                    // the worker's own words, for whoever fixes the cause
                                    <br/><span class="mono small muted" translate="no">{d.error.clone()}</span></td>
                                <td class="nowrap">
                                    <button type="button" class="button" disabled=move || replay.pending().get() on:click=move |_| { replay.dispatch(id); }>
                                        {i18n.text(Msg::DeadReplay)}
                                    </button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
