//! Recording feedback a customer gave in the store or on the phone. The form says when the
//! customer spoke (the clock starts there); a key made when the form opens makes a retried
//! save (weak store Wi-Fi, a double tap) return the first ticket instead of a second.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::components::A;
use roundtrip_domain::dto::{EditChange, NewTicket, TICKET_KINDS};
use roundtrip_domain::service::{check_summary, spoke_at_problem, SpokeAtProblem};
use roundtrip_domain::{Channel, Role, Severity};

use crate::api::ApiError;
use crate::cache::outbox;
use crate::cache::status::use_sync;
use crate::globals::use_session;
use crate::i18n::{describe_error, format_date, format_money, from_local_input, kind_label, to_local_input, use_i18n, Label, Msg};
use roundtrip_domain::trips::cases::{request_names_booking, takes_requests};

#[component]
pub fn NewTicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let customer = Memo::new(move |_| query.with(|q| q.get("customer").and_then(|v| v.parse::<i64>().ok())));
    let profile = LocalResource::new(move || {
        let id = customer.get();
        async move {
            match id {
                Some(id) => crate::cache::profiles::name_and_version(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let staff = session.0.get_untracked().is_some_and(|u| u.role == Role::Staff);
    let asked = query.with_untracked(|q| q.get("kind")).filter(|k| TICKET_KINDS.contains(&k.as_str()));
    let kind = RwSignal::new(asked.unwrap_or_else(|| "complaint".to_string()));
    let order = RwSignal::new(query.with_untracked(|q| q.get("order").and_then(|v| v.parse::<i64>().ok())));
    let names_booking = Memo::new(move |_| request_names_booking(&kind.get()));
    // the bookings a change or refund may name: booked or paid, not yet departed
    let bookings = LocalResource::new(move || {
        let id = customer.get();
        async move {
            let Some(id) = id else { return Ok(Vec::new()) };
            let today = crate::i18n::agency_today();
            let p = crate::cache::profiles::fetch_or_cached(id).await?;
            Ok::<_, ApiError>(p.profile.orders.into_iter().filter(|o| takes_requests(o.status, o.departure, today)).collect::<Vec<_>>())
        }
    });
    let severity = RwSignal::new(Severity::Medium);
    let channel = RwSignal::new(if staff { Channel::Store } else { Channel::CallCenter });
    let summary = RwSignal::new(String::new());
    let spoke = RwSignal::new(to_local_input(chrono::Utc::now()));
    let key = format!("web-{:x}-{:x}", chrono::Utc::now().timestamp_millis(), (js_sys::Math::random() * 1e12) as u64);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // no network: the feedback waits in the device's outbox instead
    let kept_on_device = RwSignal::new(false);
    let sync = use_sync();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(customer_id) = customer.get_untracked() else { return };
        let Some(spoke_at) = from_local_input(&spoke.get_untracked()) else {
            return error.set(Some(i18n.t(Msg::FieldRequired).into()));
        };
        if check_summary(&summary.get_untracked()).is_err() {
            return error.set(Some(i18n.t(Msg::SummaryTooShort).into()));
        }
        if let Some(p) = spoke_at_problem(spoke_at, chrono::Utc::now()) {
            return error.set(Some(i18n.t(match p {
                SpokeAtProblem::InFuture => Msg::SpokeAtInFuture,
                SpokeAtProblem::TooOld => Msg::SpokeAtTooOld,
            }).into()));
        }
        let order_id = if names_booking.get_untracked() {
            match order.get_untracked() {
                Some(o) => Some(o),
                None => return error.set(Some(i18n.t(Msg::CaseChooseBooking).into())),
            }
        } else {
            None
        };
        let body = NewTicket {
            customer_id, kind: kind.get_untracked(), severity: severity.get_untracked(), channel: channel.get_untracked(),
            summary: summary.get_untracked(), spoke_at: Some(spoke_at), client_key: Some(key.clone()), order_id,
        };
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match crate::api::service::record(&body).await {
                Ok(t) => navigate(&format!("/service/{}", t.ticket.id), Default::default()),
                // a case checks the booking on the server: it cannot wait in the outbox
                Err(ApiError::Network) if body.order_id.is_some() => error.set(Some(i18n.t(Msg::CaseNeedsNetwork).into())),
                Err(ApiError::Network) => {
                    let (name, version) = profile.get_untracked().and_then(Result::ok).flatten().unwrap_or_default();
                    let change = EditChange::Feedback { ticket_kind: body.kind, severity: body.severity, channel: body.channel, summary: body.summary, spoke_at };
                    match sync.enqueue(&outbox::queued(customer_id, name, version, change)).await {
                        Ok(()) => kept_on_device.set(true),
                        Err(_) => error.set(Some(i18n.t(Msg::NotSavedOffline).into())),
                    }
                }
                Err(e) => error.set(Some(describe_error(&e, i18n.locale()))),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="page new-ticket-page">
            <h1 id="new-ticket-title">{i18n.text(Msg::NewTicketTitle)}</h1>
            <p class="muted" data-testid="ticket-customer">{move || profile.get().and_then(Result::ok).flatten().map(|(name, _)| name)}</p>
            <form class="card form" aria-labelledby="new-ticket-title" data-testid="new-ticket-form" on:submit=submit>
                <div class="field">
                    <label for="ticket-kind">{i18n.text(Msg::TicketKind)}</label>
                    <select id="ticket-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {TICKET_KINDS.iter().map(|k| view! {
                            <option value=*k selected=move || kind.get() == *k>{move || kind_label(k, i18n.locale())}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || names_booking.get()>
                    <div class="field">
                        <label for="ticket-booking">{i18n.text(Msg::CaseBooking)}</label>
                        {move || match bookings.get() {
                            None => view! { <p class="muted">{i18n.text(Msg::Loading)}</p> }.into_any(),
                            Some(Err(ApiError::Network)) => view! { <p class="form-error" role="alert">{i18n.text(Msg::CaseNeedsNetwork)}</p> }.into_any(),
                            Some(Err(e)) => view! { <p class="form-error" role="alert">{describe_error(&e, i18n.locale())}</p> }.into_any(),
                            Some(Ok(list)) if list.is_empty() => view! { <p class="muted" role="status">{i18n.text(Msg::CaseNoBooking)}</p> }.into_any(),
                            Some(Ok(list)) => view! {
                                <select id="ticket-booking" data-testid="ticket-booking" on:change=move |ev| order.set(event_target_value(&ev).parse().ok())>
                                    <option value="">{i18n.text(Msg::CaseChooseBooking)}</option>
                                    {list.into_iter().map(|o| {
                                        let label = format!("{} · {} · {}", o.title, o.departure.map(|d| format_date(d, i18n.locale())).unwrap_or_default(), format_money(o.amount_fen, i18n.locale()));
                                        view! { <option value=o.id.to_string() selected=move || order.get() == Some(o.id)>{label}</option> }
                                    }).collect_view()}
                                </select>
                            }.into_any(),
                        }}
                    </div>
                </Show>
                <div class="field">
                    <label for="ticket-severity">{i18n.text(Msg::TicketSeverity)}</label>
                    <select id="ticket-severity" on:change=move |ev| if let Some(s) = Severity::parse(&event_target_value(&ev)) { severity.set(s) }>
                        {Severity::ALL.iter().map(|s| {
                            let s = *s;
                            view! { <option value=s.as_str() selected=move || severity.get() == s>{move || s.label(i18n.locale())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ticket-channel">{i18n.text(Msg::TicketChannel)}</label>
                    <select id="ticket-channel" on:change=move |ev| if let Some(c) = Channel::parse(&event_target_value(&ev)) { channel.set(c) }>
                        {Channel::ALL.iter().map(|c| {
                            let c = *c;
                            view! { <option value=c.as_str() selected=move || channel.get() == c>{move || c.label(i18n.locale())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="ticket-summary">{i18n.text(Msg::TicketSummary)}</label>
                    <textarea id="ticket-summary" rows="3" required bind:value=summary></textarea>
                </div>
                <div class="field">
                    <label for="ticket-spoke">{i18n.text(Msg::SpokeAt)}</label>
                    <input id="ticket-spoke" type="datetime-local" required bind:value=spoke aria-describedby="ticket-spoke-hint"/>
                    <p id="ticket-spoke-hint" class="muted small">{i18n.text(Msg::SpokeAtHint)}</p>
                </div>
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <Show when=move || kept_on_device.get()>
                    <p class="state saved-offline" role="status">
                        {i18n.text(Msg::SavedOnDevice)} " "
                        <A href=move || format!("/customers/{}", customer.get().unwrap_or_default())>{i18n.text(Msg::BackToProfile)}</A>
                    </p>
                </Show>
                <button type="submit" class="button primary" disabled=move || busy.get() || kept_on_device.get() || customer.get().is_none()>{i18n.text(Msg::SaveTicket)}</button>
            </form>
        </section>
    }
}
