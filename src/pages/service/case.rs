//! A change or refund (退改签) on its ticket: where it stands, the booking, the quote and the
//! refund paid, and the one next step the stage allows (quote, the customer's yes, carry it
//! out) with refusal always at hand while it is open. Amounts are typed in yuan.

use leptos::prelude::*;
use roundtrip_domain::dto::{TicketDetail, TripCase};
use roundtrip_domain::trips::cases::{advance, parse_yuan, yuan, CaseError, CaseKind, CaseStage, CaseState, CaseStep};

use crate::api::ApiError;
use crate::components::air::AirLine;
use crate::i18n::{describe_rule, format_date, format_datetime, money_refusal, use_i18n, Label, Msg};

/// Sends a case step; its value is the ticket as the server answers.
pub type StepCase = Action<CaseStep, Result<TicketDetail, ApiError>>;

fn money(fen: i64) -> String {
    format!("¥{}", yuan(fen))
}

#[component]
pub fn CasePanel(case: TripCase, step: StepCase) -> impl IntoView {
    let i18n = use_i18n();
    let state = CaseState { kind: case.kind, stage: case.stage, quote: case.quote, booking_fen: case.booking.amount_fen };
    let error = RwSignal::new(None::<String>);
    // the case's own rules judge a step before it is sent, worded in the reader's language
    let send = Callback::new(move |s: CaseStep| match advance(state, &s) {
        Err(CaseError::Invalid(r)) => error.set(Some(money_refusal(&r, i18n.locale()).unwrap_or_else(|| describe_rule(&r, i18n.locale())))),
        Err(CaseError::NotNow { .. }) => error.set(Some(i18n.t(Msg::ErrCodeCaseState).into())),
        Ok(_) => {
            error.set(None);
            step.dispatch(s);
        }
    });
    let busy = step.pending();
    let b = case.booking.clone();
    let refund = case.kind == CaseKind::Refund;
    let stage = case.stage;
    view! {
        <section class="card case" aria-labelledby="case-title" data-testid="case">
            <h2 id="case-title">{move || case.kind.label(i18n.locale())}</h2>
            <ol class="case-steps" aria-label=move || i18n.t(Msg::CaseStageLabel)>
                {[CaseStage::Requested, CaseStage::Quoted, CaseStage::Confirmed, CaseStage::Done].into_iter().map(|s| {
                    let reached = stage_rank(stage) >= stage_rank(s) && stage != CaseStage::Refused;
                    view! {
                        <li class:reached=reached aria-current=(s == stage).then_some("step")>{move || s.label(i18n.locale())}</li>
                    }
                }).collect_view()}
                {(stage == CaseStage::Refused).then(|| view! { <li class="refused" aria-current="step">{move || CaseStage::Refused.label(i18n.locale())}</li> })}
            </ol>
            <dl class="case-facts">
                <div><dt>{i18n.text(Msg::CaseBooking)}</dt><dd data-testid="case-booking">
                    <span translate="no">{b.title.clone()}</span> " · " {move || b.departure.map(|d| format_date(d, i18n.locale())).unwrap_or_default()}
                    " · " {money(b.amount_fen)} " · " {move || b.status.label(i18n.locale())}
                    {b.air.clone().map(|air| view! { <br/><AirLine air/> })}
                </dd></div>
                {case.quote.map(|q| view! {
                    <div><dt>{i18n.text(Msg::CaseFeeShort)}</dt><dd>{money(q.fee_fen)}</dd></div>
                    {(!refund).then(|| view! { <div><dt>{i18n.text(Msg::CaseFareDifferenceShort)}</dt><dd>{money(q.fare_difference_fen)}</dd></div> })}
                    {(refund || q.refund_fen > 0).then(|| view! { <div><dt>{i18n.text(Msg::CaseRefundShort)}</dt><dd data-testid="case-refund">{money(q.refund_fen)}</dd></div> })}
                })}
                {case.customer_pays_fen.filter(|_| !refund).map(|f| view! { <div><dt>{i18n.text(Msg::CaseCustomerPays)}</dt><dd>{money(f)}</dd></div> })}
                {case.refund_due.filter(|_| stage == CaseStage::Confirmed).map(|due| view! {
                    <div><dt>{i18n.text(Msg::CaseRefundDue)}</dt><dd>{move || format_datetime(due, i18n.locale())}</dd></div>
                })}
                {case.refund_paid_fen.filter(|_| refund).map(|paid| view! { <div><dt>{i18n.text(Msg::CaseRefundPaid)}</dt><dd>{money(paid)}</dd></div> })}
            </dl>
            {case.refund_kept.map(|kept| view! {
                <p><span class=if kept { "badge kept" } else { "badge broken" } data-testid="case-kept">
                    {i18n.text(if kept { Msg::CaseKept } else { Msg::CaseBroken })}
                </span></p>
            })}
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
        </section>
        // once quoted, the customer's yes is the next step; revising the quote comes after it
        {(stage == CaseStage::Quoted).then(|| view! {
            <section class="card form" aria-labelledby="case-confirm-title">
                <h2 id="case-confirm-title">{i18n.text(Msg::CaseConfirmTitle)}</h2>
                <button type="button" class="button primary" data-testid="case-confirm" disabled=move || busy.get()
                    on:click=move |_| send.run(CaseStep::Confirm { note: None })>{i18n.text(Msg::CaseConfirm)}</button>
            </section>
        })}
        {match stage {
            CaseStage::Requested | CaseStage::Quoted => view! { <QuoteForm case=case.clone() send busy/> }.into_any(),
            CaseStage::Confirmed => view! { <CompleteForm case=case.clone() send busy/> }.into_any(),
            CaseStage::Done | CaseStage::Refused => ().into_any(),
        }}
        {stage.is_open().then(|| view! { <RefuseForm send busy/> })}
    }
}

fn stage_rank(s: CaseStage) -> u8 {
    match s {
        CaseStage::Requested => 0,
        CaseStage::Quoted => 1,
        CaseStage::Confirmed => 2,
        CaseStage::Done | CaseStage::Refused => 3,
    }
}

/// A yuan field; empty reads as zero.
fn fen_of(field: RwSignal<String>) -> Option<i64> {
    let text = field.get_untracked();
    if text.trim().is_empty() { Some(0) } else { parse_yuan(&text) }
}

#[component]
fn AmountField(id: &'static str, label: Msg, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let hint = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{i18n.text(label)}</label>
            <input id=id inputmode="decimal" autocomplete="off" bind:value=value aria-describedby=hint.clone()/>
            <p id=hint class="muted small">{i18n.text(Msg::CaseAmountHint)}</p>
        </div>
    }
}

#[component]
fn QuoteForm(case: TripCase, send: Callback<CaseStep>, busy: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let refund_kind = case.kind == CaseKind::Refund;
    let shown = |f: fn(&roundtrip_domain::trips::cases::Quote) -> i64| case.quote.as_ref().map(|q| yuan(f(q))).unwrap_or_default();
    let fee = RwSignal::new(shown(|q| q.fee_fen));
    let difference = RwSignal::new(shown(|q| q.fare_difference_fen));
    let refund = RwSignal::new(shown(|q| q.refund_fen));
    let note = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let again = case.quote.is_some();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(fee_fen), Some(diff), Some(back)) = (fen_of(fee), fen_of(difference), fen_of(refund)) else {
            return invalid.set(true);
        };
        invalid.set(false);
        // a change gives back what a cheaper fare saves beyond the fee; a refund what was typed
        let (fare_difference_fen, refund_fen) = if refund_kind { (0, back) } else { (diff, (-diff - fee_fen).max(0)) };
        let note = Some(note.get_untracked().trim().to_string()).filter(|n| !n.is_empty());
        send.run(CaseStep::Quote { fee_fen, fare_difference_fen, refund_fen, note });
    };
    view! {
        <form class="card form" aria-labelledby="case-quote-title" data-testid="case-quote" on:submit=submit>
            <h2 id="case-quote-title">{i18n.text(Msg::CaseQuoteTitle)}</h2>
            <AmountField id="case-fee" label=Msg::CaseFee value=fee/>
            {if refund_kind {
                view! { <AmountField id="case-refund-amount" label=Msg::CaseRefund value=refund/> }.into_any()
            } else {
                view! { <AmountField id="case-difference" label=Msg::CaseFareDifference value=difference/> }.into_any()
            }}
            <div class="field">
                <label for="case-note">{i18n.text(Msg::CaseNote)}</label>
                <textarea id="case-note" rows="2" bind:value=note></textarea>
            </div>
            {move || invalid.get().then(|| view! { <p class="form-error" role="alert">{i18n.text(Msg::CaseAmountInvalid)}</p> })}
            <button type="submit" class="button primary" disabled=move || busy.get()>{i18n.text(if again { Msg::CaseReviseQuote } else { Msg::CaseSendQuote })}</button>
        </form>
    }
}

#[component]
fn CompleteForm(case: TripCase, send: Callback<CaseStep>, busy: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let refund_kind = case.kind == CaseKind::Refund;
    let paid = RwSignal::new(case.quote.map(|q| yuan(q.refund_fen)).unwrap_or_default());
    let note = RwSignal::new(String::new());
    let invalid = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let refund_paid_fen = if refund_kind {
            match parse_yuan(&paid.get_untracked()) {
                Some(f) => Some(f),
                None => return invalid.set(true),
            }
        } else {
            None
        };
        invalid.set(false);
        let note = Some(note.get_untracked().trim().to_string()).filter(|n| !n.is_empty());
        send.run(CaseStep::Complete { refund_paid_fen, note });
    };
    view! {
        <form class="card form" aria-labelledby="case-complete-title" data-testid="case-complete" on:submit=submit>
            <h2 id="case-complete-title">{i18n.text(Msg::CaseCompleteTitle)}</h2>
            {refund_kind.then(|| view! { <AmountField id="case-paid" label=Msg::CaseRefundPaidInput value=paid/> })}
            <div class="field">
                <label for="case-complete-note">{i18n.text(Msg::CaseNote)}</label>
                <textarea id="case-complete-note" rows="2" bind:value=note></textarea>
            </div>
            {move || invalid.get().then(|| view! { <p class="form-error" role="alert">{i18n.text(Msg::CaseAmountInvalid)}</p> })}
            <button type="submit" class="button primary" disabled=move || busy.get()>
                {i18n.text(if refund_kind { Msg::CaseCompleteRefund } else { Msg::CaseCompleteChange })}
            </button>
        </form>
    }
}

#[component]
fn RefuseForm(send: Callback<CaseStep>, busy: Memo<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    view! {
        <form class="card form" aria-labelledby="case-refuse-title" on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            send.run(CaseStep::Refuse { reason: reason.get_untracked().trim().to_string() });
        }>
            <h2 id="case-refuse-title">{i18n.text(Msg::CaseRefuseTitle)}</h2>
            <div class="field">
                <label for="case-refuse-reason">{i18n.text(Msg::CaseRefuseReason)}</label>
                <textarea id="case-refuse-reason" rows="2" bind:value=reason></textarea>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{i18n.text(Msg::CaseRefuseButton)}</button>
        </form>
    }
}
