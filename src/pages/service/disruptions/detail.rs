//! One schedule change and the bookings it reached: who booked and who travels, the two-hour
//! contact clock of each, and the steps (told; the customer's choice, which closes it).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use roundtrip_domain::trips::disruptions::{outcomes, ContactState, DisruptionCase, DisruptionDetail, DisruptionStep, Outcome};

use super::{Change, Figures};
use crate::api::ApiError;
use crate::components::states::{error_fallback, Loading};
use crate::i18n::{describe_error, format_date, format_datetime, use_i18n, Label, Msg};

type Step = Action<(i64, DisruptionStep), Result<DisruptionCase, ApiError>>;

/// Rows drawn at a time: a flight's change can reach thousands of bookings, and a tablet
/// draws a few hundred rows without a stall.
const PAGE: usize = 200;

#[component]
pub fn DisruptionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0)));
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move { crate::api::service::disruption(id).await }
    });
    let step: Step = Action::new_local(move |(case, s): &(i64, DisruptionStep)| {
        let (case, s, id) = (*case, s.clone(), id.get_untracked());
        async move { crate::api::service::step_disruption_case(id, case, s).await }
    });
    // a closed case (another clerk was quicker) is reloaded with the rest
    Effect::new(move |_| {
        if let Some(Err(ApiError::Rejected { status: 409, .. })) = step.value().get() {
            loaded.refetch();
        }
    });
    view! {
        <section class="page disruption-page">
            <a class="back-link" href="/service/disruptions">{i18n.text(Msg::DisruptionsTitle)}</a>
            <Transition fallback=|| view! { <Loading/> }>
                <ErrorBoundary fallback=error_fallback>
                    {move || loaded.get().map(|r| r.map(|detail| view! { <Detail detail step/> }))}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn Detail(detail: DisruptionDetail, step: Step) -> impl IntoView {
    let i18n = use_i18n();
    let d = detail.disruption;
    let (date, cancelled) = (d.date, d.cancelled);
    let cases = RwSignal::new(detail.cases);
    let shown = RwSignal::new(PAGE);
    // each answer replaces its case
    Effect::new(move |_| {
        if let Some(Ok(case)) = step.value().get() {
            cases.update(|all| {
                if let Some(c) = all.iter_mut().find(|c| c.id == case.id) {
                    *c = case;
                }
            });
        }
    });
    let error = move || match step.value().get() {
        Some(Err(e)) => Some(describe_error(&e, i18n.locale())),
        _ => None,
    };
    view! {
        <div class="page-head">
            <h1><span translate="no">{d.flight.clone()}</span> " · " {move || format_date(date, i18n.locale())}</h1>
        </div>
        <p><Change d=d.clone()/> {d.note.clone().map(|n| view! { " · " <span translate="no">{n}</span> })}</p>
        <Figures figures=d.figures.clone() id="disruption"/>
        <p class="form-error" role="alert">{error}</p>
        <section class="card" aria-labelledby="disruption-cases">
            <h2 id="disruption-cases">{i18n.text(Msg::DisruptionCases)}</h2>
            <table class="data-table disruption-cases" data-testid="disruption-cases">
                <thead>
                    <tr>
                        <th scope="col">{i18n.text(Msg::Trips)}</th>
                        <th scope="col">{i18n.text(Msg::ContactDue)}</th>
                        <th scope="col">{i18n.text(Msg::DisruptionOutcome)}</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || cases.with(|all| all.iter().take(shown.get()).cloned().collect::<Vec<_>>()) key=|c| (c.id, c.informed_at, c.outcome)
                        children=move |c| view! { <CaseRow c step cancelled/> }/>
                </tbody>
            </table>
            <Show when=move || { let more = cases.with(Vec::len) > shown.get(); more }>
                <button type="button" class="button" on:click=move |_| shown.update(|n| *n += PAGE)>
                    {i18n.text(Msg::ShowMore)} " (" {move || cases.with(Vec::len) - shown.get()} ")"
                </button>
            </Show>
        </section>
    }
}

#[component]
fn CaseRow(c: DisruptionCase, step: Step, cancelled: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (id, due, contact, informed, outcome) = (c.id, c.due_at, c.contact, c.informed_at, c.outcome);
    let choice = RwSignal::new(outcomes(cancelled)[0]);
    let busy = step.pending();
    let select_id = format!("outcome-{id}");
    let badge = match contact {
        ContactState::Overdue | ContactState::Late => "badge broken",
        ContactState::InTime => "badge kept",
        ContactState::Waiting => "badge",
    };
    view! {
        <tr data-testid="disruption-case">
            <td>
                <a href=format!("/customers/{}", c.booker.customer_id) translate="no">{c.booker.name.clone()}</a>
                {c.phone_masked.clone().map(|p| view! { " " <span class="muted" translate="no">{p}</span> })}
                <br/><span translate="no">{c.title.clone()}</span>
                {(!c.travellers.is_empty()).then(|| view! {
                    <br/><span class="muted">{i18n.text(Msg::TravellersLabel)}
                        <span translate="no">{move || c.travellers.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(i18n.t(Msg::ListSeparator))}</span></span>
                })}
            </td>
            <td>
                <span class=badge data-testid="contact">{move || contact.label(i18n.locale())}</span>
                <br/><span class="muted">{move || match informed {
                    Some(at) => format!("{} {}", i18n.t(Msg::InformedAt), format_datetime(at, i18n.locale())),
                    None => format!("{} {}", i18n.t(Msg::ContactDue), format_datetime(due, i18n.locale())),
                }}</span>
            </td>
            <td>
                {match outcome {
                    Some(o) => view! { <strong data-testid="outcome">{move || o.label(i18n.locale())}</strong> }.into_any(),
                    None => view! {
                        <div class="case-actions">
                            {informed.is_none().then(|| view! {
                                <button type="button" class="button" disabled=move || busy.get()
                                    on:click=move |_| { step.dispatch((id, DisruptionStep::Informed)); }>{i18n.text(Msg::MarkInformed)}</button>
                            })}
                            <label class="visually-hidden" for=select_id.clone()>{i18n.text(Msg::DisruptionOutcome)}</label>
                            <select id=select_id.clone() on:change=move |ev| choice.set(Outcome::parse(&event_target_value(&ev)).unwrap_or(outcomes(cancelled)[0]))>
                                {outcomes(cancelled).iter().map(|o| {
                                    let o = *o;
                                    view! { <option value=o.as_str() selected=move || choice.get() == o>{move || o.label(i18n.locale())}</option> }
                                }).collect_view()}
                            </select>
                            <button type="button" class="button primary" disabled=move || busy.get()
                                on:click=move |_| { step.dispatch((id, DisruptionStep::Close { outcome: choice.get_untracked() })); }>{i18n.text(Msg::RecordOutcome)}</button>
                        </div>
                    }.into_any(),
                }}
            </td>
        </tr>
    }
}
