//! Changes and refunds (退改签): a customer's request to change or refund a booking becomes a
//! case with its own flow on the service desk's 24-hour clock:
//!
//! requested → quoted (fee, fare difference, refund) → confirmed by the customer → done,
//! or refused at any open step (the agency cannot, or the customer declines the quote).
//!
//! The first quote is the desk's answer (it stops the clock); done and refused close the
//! ticket. A refund quoted is a promise: paying less than was quoted breaks it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::OrderStatus;
use crate::refusal::{Refusal, Rule};

string_enum! {
    /// What the customer asks of a booking.
    pub enum CaseKind { Change = "change", Refund = "refund" }
}

string_enum! {
    /// Where a case stands.
    pub enum CaseStage {
        Requested = "requested", Quoted = "quoted", Confirmed = "confirmed", Done = "done", Refused = "refused",
    }
}

impl CaseStage {
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStage::Done | CaseStage::Refused)
    }
}

/// Largest amount a quote may name (¥1,000,000, in fen): a typo guard, no airline fare is near.
pub const MAX_AMOUNT_FEN: i64 = 100_000_000;
/// Days the agency gives itself to pay a confirmed refund (airlines take 7–15 working days).
pub const REFUND_PAYMENT_DAYS: i64 = 21;

/// What the agency offers: the change or refund fee, the fare difference of a change (negative
/// when the new fare is cheaper) and the money going back to the customer. All in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quote {
    pub fee_fen: i64,
    pub fare_difference_fen: i64,
    pub refund_fen: i64,
}

impl Quote {
    /// What the customer pays for a change (nothing for a refund).
    pub fn customer_pays(&self) -> i64 {
        (self.fee_fen + self.fare_difference_fen.max(0) - self.refund_fen).max(0)
    }
}

/// One step of a case's flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseStep {
    /// The agency's offer; quoting again replaces it until the customer confirms.
    Quote { fee_fen: i64, fare_difference_fen: i64, refund_fen: i64, note: Option<String> },
    /// The customer accepts the quote.
    Confirm { note: Option<String> },
    /// Carried out: the new ticket issued, or the refund paid (what was actually paid).
    Complete { refund_paid_fen: Option<i64>, note: Option<String> },
    /// The agency cannot (a non-refundable fare) or the customer declines.
    Refuse { reason: String },
}

impl CaseStep {
    /// The name its history line carries.
    pub fn name(&self) -> &'static str {
        match self {
            CaseStep::Quote { .. } => "quote",
            CaseStep::Confirm { .. } => "confirm",
            CaseStep::Complete { .. } => "complete",
            CaseStep::Refuse { .. } => "refuse",
        }
    }

    pub fn note(&self) -> Option<&str> {
        match self {
            CaseStep::Quote { note, .. } | CaseStep::Confirm { note } | CaseStep::Complete { note, .. } => note.as_deref(),
            CaseStep::Refuse { reason } => Some(reason),
        }
    }
}

/// A case as a step finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub kind: CaseKind,
    pub stage: CaseStage,
    pub quote: Option<Quote>,
    /// What the booking cost: a refund cannot give back more.
    pub booking_fen: i64,
}

/// What the service ticket carrying the case does with a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketEffect {
    /// Nothing beyond the history line.
    None,
    /// Counts as the desk's answer (the first one stops the clock).
    Answer,
    /// Closes the ticket.
    Resolve,
}

/// The case after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseOutcome {
    pub stage: CaseStage,
    pub quote: Option<Quote>,
    pub refund_paid_fen: Option<i64>,
    pub ticket: TicketEffect,
    /// The booking's status afterwards, when the step changes it.
    pub order_status: Option<OrderStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("{0}")]
    Invalid(Refusal),
    #[error("the request is {stage} already: it cannot take `{step}` now")]
    NotNow { stage: &'static str, step: &'static str },
}

impl CaseError {
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            CaseError::Invalid(r) => Some(r.clone()),
            CaseError::NotNow { .. } => None,
        }
    }
}

const MAX_NOTE: usize = 2000;

fn amount(field: &str, value: i64, min: i64, max: i64) -> Result<(), CaseError> {
    if (min..=max).contains(&value) { Ok(()) } else { Err(CaseError::Invalid(Refusal::range(field, min, max))) }
}

fn note(field: &str, value: Option<&str>, min: usize) -> Result<(), CaseError> {
    let n = value.map_or(0, |v| v.trim().chars().count());
    if (value.is_none() && min == 0) || (min..=MAX_NOTE).contains(&n) { Ok(()) } else { Err(CaseError::Invalid(Refusal::length(field, min, MAX_NOTE))) }
}

/// Checks a quote's amounts against the case: a refund gives back at most what the booking
/// cost after the fee and has no fare difference; a change gives back at most what a cheaper
/// fare saves.
pub fn check_quote(kind: CaseKind, booking_fen: i64, q: &Quote) -> Result<(), CaseError> {
    amount("fee_fen", q.fee_fen, 0, MAX_AMOUNT_FEN)?;
    match kind {
        CaseKind::Refund => {
            amount("fare_difference_fen", q.fare_difference_fen, 0, 0)?;
            amount("fee_fen", q.fee_fen, 0, booking_fen)?;
            amount("refund_fen", q.refund_fen, 0, booking_fen - q.fee_fen)
        }
        CaseKind::Change => {
            amount("fare_difference_fen", q.fare_difference_fen, -booking_fen, MAX_AMOUNT_FEN)?;
            amount("refund_fen", q.refund_fen, 0, (-q.fare_difference_fen).max(0))
        }
    }
}

/// Applies `step` to a case: checks its fields, then whether the stage allows it.
pub fn advance(case: CaseState, step: &CaseStep) -> Result<CaseOutcome, CaseError> {
    use CaseStage::*;
    let refused = || CaseError::NotNow { stage: case.stage.as_str(), step: step.name() };
    let keep = CaseOutcome { stage: case.stage, quote: case.quote, refund_paid_fen: None, ticket: TicketEffect::None, order_status: None };
    match step {
        CaseStep::Quote { fee_fen, fare_difference_fen, refund_fen, note: n } => {
            note("note", n.as_deref(), 0)?;
            let quote = Quote { fee_fen: *fee_fen, fare_difference_fen: *fare_difference_fen, refund_fen: *refund_fen };
            check_quote(case.kind, case.booking_fen, &quote)?;
            match case.stage {
                Requested | Quoted => Ok(CaseOutcome { stage: Quoted, quote: Some(quote), ticket: TicketEffect::Answer, ..keep }),
                _ => Err(refused()),
            }
        }
        CaseStep::Confirm { note: n } => {
            note("note", n.as_deref(), 0)?;
            match case.stage {
                Quoted => Ok(CaseOutcome { stage: Confirmed, ..keep }),
                _ => Err(refused()),
            }
        }
        CaseStep::Complete { refund_paid_fen, note: n } => {
            note("note", n.as_deref(), 0)?;
            if case.stage != Confirmed {
                return Err(refused());
            }
            let paid = match case.kind {
                CaseKind::Refund => {
                    let paid = refund_paid_fen.ok_or_else(|| CaseError::Invalid(Refusal::only("refund_paid_fen", Rule::Format)))?;
                    amount("refund_paid_fen", paid, 0, case.booking_fen)?;
                    Some(paid)
                }
                CaseKind::Change => {
                    if refund_paid_fen.is_some_and(|p| p != 0) && case.quote.is_none_or(|q| q.refund_fen == 0) {
                        return Err(CaseError::Invalid(Refusal::range("refund_paid_fen", 0, 0)));
                    }
                    *refund_paid_fen
                }
            };
            let order_status = (case.kind == CaseKind::Refund).then_some(OrderStatus::Refunded);
            Ok(CaseOutcome { stage: Done, refund_paid_fen: paid, ticket: TicketEffect::Resolve, order_status, ..keep })
        }
        CaseStep::Refuse { reason } => {
            note("reason", Some(reason), 2)?;
            match case.stage {
                Requested | Quoted | Confirmed => Ok(CaseOutcome { stage: Refused, ticket: TicketEffect::Resolve, ..keep }),
                _ => Err(refused()),
            }
        }
    }
}

/// An amount typed in yuan (`1800`, `1,800.5`, `¥1800.50`, `-300` for a cheaper fare) as fen;
/// `None` for anything else (a third decimal, letters). The quote's rules judge the sign.
/// Written here because no crate reads money as clerks type it.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let t: String = t.trim_start_matches(['¥', '￥']).chars().filter(|c| *c != ',' && *c != '，').collect();
    let (whole, part) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() || !whole.chars().all(|c| c.is_ascii_digit()) || part.len() > 2 || !part.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = format!("{part:0<2}").parse::<i64>().ok()?;
    let fen = whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -fen } else { fen })
}

/// Fen as yuan with two decimals (`1800.50`), the form a clerk reads and types back.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

/// Whether feedback of `kind` is a request on a booking (and must name it).
pub fn request_names_booking(kind: &str) -> bool {
    CaseKind::parse(kind).is_some()
}

/// Whether a booking can take a new case of `kind`: it must be booked or paid, not yet
/// departed, with no case of that kind still open.
pub fn can_open(status: OrderStatus, departure: Option<NaiveDate>, today: NaiveDate, open_case: bool) -> Result<(), CaseOpenProblem> {
    if !matches!(status, OrderStatus::Booked | OrderStatus::Paid) {
        return Err(CaseOpenProblem::NotBooked);
    }
    if departure.is_some_and(|d| d < today) {
        return Err(CaseOpenProblem::Departed);
    }
    if open_case {
        return Err(CaseOpenProblem::AlreadyOpen);
    }
    Ok(())
}

/// Whether a booking is one a change or refund may be asked of (booked or paid, not yet
/// departed), whatever requests are already open on it: what the console offers requests on.
pub fn takes_requests(status: OrderStatus, departure: Option<NaiveDate>, today: NaiveDate) -> bool {
    can_open(status, departure, today, false).is_ok()
}

/// Why a booking cannot take a change or refund request now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CaseOpenProblem {
    #[error("only a booked or paid booking can be changed or refunded")]
    NotBooked,
    #[error("the trip has already departed")]
    Departed,
    #[error("a request of this kind is already open for this booking")]
    AlreadyOpen,
}

impl CaseOpenProblem {
    pub fn code(self) -> &'static str {
        match self {
            CaseOpenProblem::NotBooked => "booking_not_open",
            CaseOpenProblem::Departed => "booking_departed",
            CaseOpenProblem::AlreadyOpen => "case_already_open",
        }
    }
}

/// The refund a quote promises, worded as the promise the journey pairs with its delivery
/// (`退款 ¥1234.50 · 退改签 #17`): the same words on both sides, so pairing is exact. Written
/// in Chinese like the channels' own promises, since it is the customer's record, not UI text.
pub fn refund_promise(case_id: i64, refund_fen: i64) -> String {
    format!("退款 ¥{} · 退改签 #{case_id}", yuan(refund_fen))
}

/// Whether the refund paid keeps the promise of the quote.
pub fn refund_kept(quoted_fen: i64, paid_fen: i64) -> bool {
    paid_fen >= quoted_fen
}

/// When a confirmed refund must be paid by.
pub fn refund_due(confirmed_at: DateTime<Utc>) -> DateTime<Utc> {
    confirmed_at + Duration::days(REFUND_PAYMENT_DAYS)
}

/// Which plain ticket actions a ticket carrying a case still takes: anything but closing it by
/// hand while the case is open (it closes by completing or refusing the case).
pub fn ticket_action_allowed(stage: CaseStage, action: &crate::service::TicketAction) -> bool {
    !(stage.is_open() && matches!(action, crate::service::TicketAction::Resolve { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(kind: CaseKind, stage: CaseStage) -> CaseState {
        CaseState { kind, stage, quote: Some(Quote { fee_fen: 20_000, fare_difference_fen: 0, refund_fen: 180_000 }), booking_fen: 200_000 }
    }

    fn quote(fee: i64, diff: i64, refund: i64) -> CaseStep {
        CaseStep::Quote { fee_fen: fee, fare_difference_fen: diff, refund_fen: refund, note: None }
    }

    #[test]
    fn a_refund_runs_requested_quoted_confirmed_done() {
        let mut c = CaseState { quote: None, ..case(CaseKind::Refund, CaseStage::Requested) };
        let q = advance(c, &quote(20_000, 0, 180_000)).unwrap();
        assert_eq!((q.stage, q.ticket), (CaseStage::Quoted, TicketEffect::Answer));
        c = CaseState { stage: q.stage, quote: q.quote, ..c };
        let conf = advance(c, &CaseStep::Confirm { note: None }).unwrap();
        assert_eq!((conf.stage, conf.ticket), (CaseStage::Confirmed, TicketEffect::None));
        c.stage = conf.stage;
        let done = advance(c, &CaseStep::Complete { refund_paid_fen: Some(180_000), note: None }).unwrap();
        assert_eq!((done.stage, done.ticket, done.refund_paid_fen, done.order_status), (CaseStage::Done, TicketEffect::Resolve, Some(180_000), Some(OrderStatus::Refunded)));
    }

    #[test]
    fn steps_out_of_order_are_refused() {
        let confirm = CaseStep::Confirm { note: None };
        assert!(matches!(advance(case(CaseKind::Refund, CaseStage::Requested), &confirm), Err(CaseError::NotNow { stage: "requested", step: "confirm" })));
        let complete = CaseStep::Complete { refund_paid_fen: Some(1), note: None };
        assert!(matches!(advance(case(CaseKind::Refund, CaseStage::Quoted), &complete), Err(CaseError::NotNow { .. })));
        assert!(matches!(advance(case(CaseKind::Refund, CaseStage::Confirmed), &quote(0, 0, 1)), Err(CaseError::NotNow { .. })), "a confirmed quote is not re-quoted");
        let refuse = CaseStep::Refuse { reason: "non-refundable fare".into() };
        assert!(matches!(advance(case(CaseKind::Refund, CaseStage::Done), &refuse), Err(CaseError::NotNow { .. })));
        assert_eq!(advance(case(CaseKind::Refund, CaseStage::Confirmed), &refuse).unwrap().stage, CaseStage::Refused);
    }

    #[test]
    fn a_quote_may_be_replaced_until_confirmed() {
        let again = advance(case(CaseKind::Refund, CaseStage::Quoted), &quote(10_000, 0, 190_000)).unwrap();
        assert_eq!(again.quote.unwrap().refund_fen, 190_000);
    }

    #[test]
    fn a_refund_gives_back_at_most_the_booking_less_the_fee() {
        let c = case(CaseKind::Refund, CaseStage::Requested);
        assert!(advance(c, &quote(20_000, 0, 180_000)).is_ok());
        let over = advance(c, &quote(20_000, 0, 180_001)).unwrap_err();
        assert_eq!(over.refusal().unwrap(), Refusal::range("refund_fen", 0, 180_000));
        assert_eq!(advance(c, &quote(-1, 0, 0)).unwrap_err().refusal().unwrap().field, "fee_fen");
        assert_eq!(advance(c, &quote(0, 5_000, 0)).unwrap_err().refusal().unwrap().field, "fare_difference_fen", "a refund has no fare difference");
        assert_eq!(advance(c, &quote(200_001, 0, 0)).unwrap_err().refusal().unwrap().field, "fee_fen");
    }

    #[test]
    fn a_change_gives_back_only_what_a_cheaper_fare_saves() {
        let c = case(CaseKind::Change, CaseStage::Requested);
        let dearer = advance(c, &quote(15_000, 40_000, 0)).unwrap().quote.unwrap();
        assert_eq!(dearer.customer_pays(), 55_000);
        let cheaper = advance(c, &quote(15_000, -30_000, 15_000)).unwrap().quote.unwrap();
        assert_eq!(cheaper.customer_pays(), 0);
        assert_eq!(advance(c, &quote(0, 10_000, 1)).unwrap_err().refusal().unwrap(), Refusal::range("refund_fen", 0, 0));
        assert!(advance(c, &quote(0, -200_001, 0)).is_err(), "cannot be cheaper than the whole booking");
        let done = advance(CaseState { stage: CaseStage::Confirmed, ..c }, &CaseStep::Complete { refund_paid_fen: None, note: None }).unwrap();
        assert_eq!((done.stage, done.order_status), (CaseStage::Done, None), "a changed booking stays booked");
    }

    #[test]
    fn completing_a_refund_names_what_was_paid() {
        let c = case(CaseKind::Refund, CaseStage::Confirmed);
        let missing = advance(c, &CaseStep::Complete { refund_paid_fen: None, note: None }).unwrap_err();
        assert_eq!(missing.refusal().unwrap().field, "refund_paid_fen");
        assert!(advance(c, &CaseStep::Complete { refund_paid_fen: Some(200_001), note: None }).is_err());
        assert!(refund_kept(180_000, 180_000) && !refund_kept(180_000, 150_000));
    }

    #[test]
    fn a_refusal_needs_a_reason() {
        let err = advance(case(CaseKind::Change, CaseStage::Requested), &CaseStep::Refuse { reason: " ".into() }).unwrap_err();
        assert_eq!(err.refusal().unwrap(), Refusal::length("reason", 2, MAX_NOTE));
    }

    #[test]
    fn only_an_open_future_booking_takes_a_request() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let later = Some(today + Duration::days(10));
        assert_eq!(can_open(OrderStatus::Paid, later, today, false), Ok(()));
        assert_eq!(can_open(OrderStatus::Paid, Some(today), today, false), Ok(()), "the day of departure still counts");
        assert_eq!(can_open(OrderStatus::Cancelled, later, today, false), Err(CaseOpenProblem::NotBooked));
        assert_eq!(can_open(OrderStatus::Refunded, later, today, false), Err(CaseOpenProblem::NotBooked));
        assert_eq!(can_open(OrderStatus::Paid, Some(today - Duration::days(1)), today, false), Err(CaseOpenProblem::Departed));
        assert_eq!(can_open(OrderStatus::Booked, later, today, true), Err(CaseOpenProblem::AlreadyOpen));
    }

    #[test]
    fn yuan_as_clerks_type_it() {
        assert_eq!(parse_yuan("1800"), Some(180_000));
        assert_eq!(parse_yuan(" ¥1,800.5 "), Some(180_050));
        assert_eq!(parse_yuan("0.05"), Some(5));
        assert_eq!(parse_yuan("-300"), Some(-30_000));
        for bad in ["", "-", "1.234", "12a", ".5", "1e3", "--5"] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
        assert_eq!((yuan(180_050), yuan(-3_000)), ("1800.50".to_string(), "-30.00".to_string()));
    }

    #[test]
    fn the_refund_promise_reads_the_same_on_both_sides() {
        assert_eq!(refund_promise(17, 123_450), "退款 ¥1234.50 · 退改签 #17");
    }

    #[test]
    fn an_open_case_is_not_closed_by_hand() {
        let resolve = crate::service::TicketAction::Resolve { resolution: "done".into() };
        assert!(!ticket_action_allowed(CaseStage::Quoted, &resolve));
        assert!(ticket_action_allowed(CaseStage::Quoted, &crate::service::TicketAction::Answer { message: "called".into() }));
        assert!(ticket_action_allowed(CaseStage::Done, &resolve));
    }
}
