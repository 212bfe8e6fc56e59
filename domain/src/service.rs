//! The service desk: the 24-hour response clock and what may happen to a ticket next.
//!
//! The clock starts when the customer spoke (the channel's timestamp, not when the ticket was
//! recorded), stops at the first answer, and stands still while the desk waits for the
//! customer. It is kept as a moving deadline: `due_at` is pushed back by every finished pause,
//! and an ongoing pause pushes it to `now`-relative, so a database can find due-soon and
//! breached tickets with plain comparisons on one column.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::{Refusal, Rule};
use crate::kpi::SLA_HOURS;
use crate::model::TicketStatus;

/// The clock warns once this share of the response time is used.
pub const WARN_FRACTION: f64 = 0.75;

/// The whole response time.
pub fn response_time() -> Duration {
    Duration::hours(SLA_HOURS)
}

/// Time left when the warning starts (6 h of 24 h).
pub fn warn_window() -> Duration {
    Duration::seconds((response_time().num_seconds() as f64 * (1.0 - WARN_FRACTION)).round() as i64)
}

/// The first deadline of a ticket: 24 h after the customer spoke.
pub fn first_due(spoke_at: DateTime<Utc>) -> DateTime<Utc> {
    spoke_at + response_time()
}

/// Where a ticket's clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Running, more than a quarter of the time left.
    Running,
    /// Running with at most a quarter of the time left.
    DueSoon,
    /// Unanswered past the deadline.
    Breached,
    /// Stopped while the desk waits for the customer.
    Paused,
    /// Answered before the deadline.
    AnsweredInTime,
    /// Answered after the deadline.
    AnsweredLate,
}

/// A ticket's clock as stored: the moving deadline, and when a pause began (if paused).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub spoke_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub paused_since: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The clock as shown: its state, the deadline as it stands now, and the response time used.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockView {
    pub state: ClockState,
    pub due_at: DateTime<Utc>,
    /// Seconds until the deadline; negative once it has passed (0 when answered).
    pub remaining_secs: i64,
    /// Share of the response time used, 0.0 … (above 1.0 when breached).
    pub used: f64,
}

impl Clock {
    pub fn new(spoke_at: DateTime<Utc>) -> Self {
        Clock { spoke_at, due_at: first_due(spoke_at), paused_since: None, answered_at: None }
    }

    /// The deadline as it stands at `now`: an ongoing pause keeps pushing it back.
    pub fn effective_due(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.paused_since {
            Some(since) if now > since => self.due_at + (now - since),
            _ => self.due_at,
        }
    }

    pub fn pause(self, now: DateTime<Utc>) -> Self {
        Clock { paused_since: self.paused_since.or(Some(now)), ..self }
    }

    pub fn resume(self, now: DateTime<Utc>) -> Self {
        Clock { due_at: self.effective_due(now), paused_since: None, ..self }
    }

    /// The first answer stops the clock for good (a later answer changes nothing).
    pub fn answer(self, now: DateTime<Utc>) -> Self {
        if self.answered_at.is_some() {
            return self;
        }
        let resumed = self.resume(now);
        Clock { answered_at: Some(now), ..resumed }
    }

    pub fn view(&self, now: DateTime<Utc>) -> ClockView {
        let due = self.effective_due(now);
        let total = response_time().num_seconds() as f64;
        let used = |at: DateTime<Utc>| 1.0 - (due - at).num_seconds() as f64 / total;
        if let Some(answered) = self.answered_at {
            let state = if answered <= due { ClockState::AnsweredInTime } else { ClockState::AnsweredLate };
            return ClockView { state, due_at: due, remaining_secs: 0, used: used(answered) };
        }
        let remaining = due - now;
        let state = if self.paused_since.is_some() {
            ClockState::Paused
        } else if remaining < Duration::zero() {
            ClockState::Breached
        } else if remaining <= warn_window() {
            ClockState::DueSoon
        } else {
            ClockState::Running
        };
        ClockView { state, due_at: due, remaining_secs: remaining.num_seconds(), used: used(now) }
    }
}

string_enum! {
    /// The inboxes of the service desk.
    pub enum Inbox {
        /// Open tickets assigned to me.
        Mine = "mine",
        /// Open tickets of my store (all stores for managers, unless one is chosen).
        Store = "store",
        /// Unanswered, running, at most a quarter of the time left.
        DueSoon = "due_soon",
        /// Unanswered past the deadline.
        Breached = "breached",
        /// Everything, closed tickets too.
        All = "all",
    }
}

/// What someone does to a ticket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum TicketAction {
    /// Reply to the customer; the first reply stops the clock.
    Answer { message: String },
    /// Waiting for the customer (documents, a call back): the clock stands still.
    WaitForCustomer { note: Option<String> },
    /// The customer came back: the clock runs again.
    Resume { note: Option<String> },
    /// Hand over to another store (and optionally a person there); the history goes along.
    Handoff { store_id: i64, assignee_id: Option<i64>, note: String },
    /// Take the ticket or give it to a colleague.
    Assign { assignee_id: i64 },
    /// Close it; an unanswered ticket counts as answered now.
    Resolve { resolution: String },
    /// The customer's answer to the satisfaction survey (1–5), after resolution.
    Csat { score: u8 },
    /// Staff correct what the complaint is about (the rules' reading is kept beside it).
    Topic { topic: crate::topics::Topic },
}

impl TicketAction {
    pub fn name(&self) -> &'static str {
        match self {
            TicketAction::Answer { .. } => "answer",
            TicketAction::WaitForCustomer { .. } => "wait_for_customer",
            TicketAction::Resume { .. } => "resume",
            TicketAction::Handoff { .. } => "handoff",
            TicketAction::Assign { .. } => "assign",
            TicketAction::Resolve { .. } => "resolve",
            TicketAction::Csat { .. } => "csat",
            TicketAction::Topic { .. } => "topic",
        }
    }

    /// The text that goes into the history, if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            TicketAction::Answer { message } => Some(message),
            TicketAction::WaitForCustomer { note } | TicketAction::Resume { note } => note.as_deref(),
            TicketAction::Handoff { note, .. } => Some(note),
            TicketAction::Resolve { resolution } => Some(resolution),
            TicketAction::Assign { .. } | TicketAction::Csat { .. } => None,
            TicketAction::Topic { topic } => Some(topic.as_str()),
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("{0}")]
    Invalid(Refusal),
    #[error("a {status} ticket cannot take `{action}`")]
    NotNow { status: &'static str, action: &'static str },
    #[error("the assignee must be a manager or staff of the ticket's store")]
    Assignee,
    #[error("hand the ticket to another existing store")]
    Store,
}

impl TicketError {
    /// The field and the rule of a refused input, for the console to word.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            TicketError::Invalid(r) => Some(r.clone()),
            _ => None,
        }
    }
}

pub const MAX_TEXT: usize = 2000;

fn text(field: &'static str, value: &str, min: usize) -> Result<(), TicketError> {
    let n = value.trim().chars().count();
    if n < min || n > MAX_TEXT {
        return Err(TicketError::Invalid(Refusal::length(field, min, MAX_TEXT)));
    }
    Ok(())
}

/// Checks an action's own fields, then whether the ticket's status allows it; returns the
/// status after it.
pub fn next_status(status: TicketStatus, action: &TicketAction) -> Result<TicketStatus, TicketError> {
    use TicketStatus::*;
    match action {
        TicketAction::Answer { message } => text("message", message, 2)?,
        TicketAction::Handoff { note, .. } => text("note", note, 2)?,
        TicketAction::Resolve { resolution } => text("resolution", resolution, 2)?,
        TicketAction::WaitForCustomer { note } | TicketAction::Resume { note } => {
            if let Some(n) = note {
                text("note", n, 0)?
            }
        }
        TicketAction::Csat { score } if !(1..=5).contains(score) => {
            return Err(TicketError::Invalid(Refusal::range("score", 1, 5)))
        }
        TicketAction::Assign { .. } | TicketAction::Csat { .. } | TicketAction::Topic { .. } => {}
    }
    let refused = || TicketError::NotNow { status: status.as_str(), action: action.name() };
    match (status, action) {
        // what a complaint was about can be put right whenever it turns out wrong
        (s, TicketAction::Topic { .. }) => Ok(s),
        (Resolved, TicketAction::Csat { .. }) => Ok(Resolved),
        (_, TicketAction::Csat { .. }) | (Resolved, _) => Err(refused()),
        (_, TicketAction::Answer { .. }) => Ok(Answered),
        (Open | Answered, TicketAction::WaitForCustomer { .. }) => Ok(WaitingCustomer),
        (WaitingCustomer, TicketAction::WaitForCustomer { .. }) => Err(refused()),
        (WaitingCustomer, TicketAction::Resume { .. }) => Ok(Open),
        (_, TicketAction::Resume { .. }) => Err(refused()),
        (s, TicketAction::Handoff { .. } | TicketAction::Assign { .. }) => Ok(s),
        (_, TicketAction::Resolve { .. }) => Ok(Resolved),
    }
}

/// A new ticket recorded by staff: the customer must have spoken in the past (a minute of
/// clock skew allowed) and within the last 30 days.
pub fn check_spoke_at(spoke_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), TicketError> {
    match spoke_at_problem(spoke_at, now) {
        Some(p) => Err(TicketError::Invalid(p.refusal())),
        None => Ok(()),
    }
}

/// Why a time given for when the customer spoke cannot be used (the console words it in the
/// user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpokeAtProblem {
    InFuture,
    /// Feedback this old is a note, not a ticket with a clock.
    TooOld,
}

impl SpokeAtProblem {
    pub fn refusal(self) -> Refusal {
        match self {
            SpokeAtProblem::InFuture => Refusal::only("spoke_at", Rule::InFuture),
            SpokeAtProblem::TooOld => Refusal::bound("spoke_at", Rule::TooOld, SPOKE_AT_MAX_DAYS),
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            SpokeAtProblem::InFuture => "cannot be in the future",
            SpokeAtProblem::TooOld => "more than 30 days ago: record it as a note instead",
        }
    }
}

/// Older feedback is a note, not a ticket on the clock.
pub const SPOKE_AT_MAX_DAYS: i64 = 30;

pub fn spoke_at_problem(spoke_at: DateTime<Utc>, now: DateTime<Utc>) -> Option<SpokeAtProblem> {
    if spoke_at > now + Duration::minutes(1) {
        Some(SpokeAtProblem::InFuture)
    } else if spoke_at < now - Duration::days(SPOKE_AT_MAX_DAYS) {
        Some(SpokeAtProblem::TooOld)
    } else {
        None
    }
}

/// Checks the summary of new feedback.
pub fn check_summary(summary: &str) -> Result<(), TicketError> {
    text("summary", summary, 4)
}

/// What the dashboard needs of one ticket.
#[derive(Debug, Clone, Copy)]
pub struct SlaFact {
    pub clock: Clock,
    pub resolved_at: Option<DateTime<Utc>>,
    pub csat: Option<u8>,
}

/// SLA figures accumulated over tickets. A ticket is *due* once it is answered or its deadline
/// has passed; an unanswered ticket still inside its clock (or paused) counts neither way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlaTally {
    pub tickets: u64,
    pub in_time: u64,
    pub breached: u64,
    response_secs: Vec<i64>,
    resolution_secs: Vec<i64>,
    satisfied: u64,
    answers: u64,
}

impl SlaTally {
    pub fn add(&mut self, f: &SlaFact, now: DateTime<Utc>) {
        self.tickets += 1;
        match f.clock.view(now).state {
            ClockState::AnsweredInTime => self.in_time += 1,
            ClockState::AnsweredLate | ClockState::Breached => self.breached += 1,
            ClockState::Running | ClockState::DueSoon | ClockState::Paused => {}
        }
        if let Some(a) = f.clock.answered_at {
            self.response_secs.push((a - f.clock.spoke_at).num_seconds());
        }
        if let Some(r) = f.resolved_at {
            self.resolution_secs.push((r - f.clock.spoke_at).num_seconds());
        }
        if let Some(score) = f.csat {
            self.answers += 1;
            self.satisfied += u64::from(score >= 4);
        }
    }

    pub fn due(&self) -> u64 {
        self.in_time + self.breached
    }

    pub fn compliance(&self) -> Option<f64> {
        crate::kpi::sla_compliance(self.in_time, self.due())
    }

    pub fn median_response_hours(&mut self) -> Option<f64> {
        crate::kpi::median(&mut self.response_secs).map(|s| s / 3600.0)
    }

    pub fn median_resolution_hours(&mut self) -> Option<f64> {
        crate::kpi::median(&mut self.resolution_secs).map(|s| s / 3600.0)
    }

    pub fn csat(&self) -> Option<f64> {
        crate::kpi::csat(self.satisfied, self.answers)
    }
}

/// A ticket as an action finds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TicketState {
    pub status: TicketStatus,
    pub clock: Clock,
    pub store: Option<i64>,
    pub assignee: Option<i64>,
}

/// What the directories say about the people and stores an action names: the would-be
/// assignee's role and store (`None`: no such active user), and whether a hand-off's store
/// exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Directory {
    pub assignee: Option<(crate::model::Role, Option<i64>)>,
    pub target_store_exists: bool,
}

/// The ticket after an action, and what its history line records.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ActionOutcome {
    pub state: TicketState,
    pub resolved_at: Option<DateTime<Utc>>,
    pub csat: Option<u8>,
    /// The store it came from, when the action handed it to another.
    pub handed_from: Option<i64>,
    /// The assignee the action chose (assign and hand-off only).
    pub assigned: Option<i64>,
}

/// A manager or admin may take any ticket; staff only their own store's.
fn may_take(who: Option<(crate::model::Role, Option<i64>)>, store: Option<i64>) -> bool {
    match who {
        Some((crate::model::Role::Staff, own)) => own.is_some() && own == store,
        Some(_) => true,
        None => false,
    }
}

/// Applies `action` to a ticket at `now`: its status, its 24-hour clock (answered, paused,
/// resumed), its store and assignee (hand-off, assignment), resolution and satisfaction.
pub fn apply_action(t: TicketState, action: &TicketAction, now: DateTime<Utc>, directory: Directory) -> Result<ActionOutcome, TicketError> {
    let status = next_status(t.status, action)?;
    let mut out = ActionOutcome { state: TicketState { status, ..t }, resolved_at: None, csat: None, handed_from: None, assigned: None };
    match action {
        TicketAction::Answer { .. } => out.state.clock = t.clock.answer(now),
        TicketAction::WaitForCustomer { .. } => out.state.clock = t.clock.pause(now),
        TicketAction::Resume { .. } => out.state.clock = t.clock.resume(now),
        TicketAction::Resolve { .. } => {
            out.state.clock = t.clock.answer(now);
            out.resolved_at = Some(now);
        }
        TicketAction::Csat { score } => out.csat = Some(*score),
        TicketAction::Topic { .. } => {}
        TicketAction::Assign { assignee_id } => {
            if !may_take(directory.assignee, t.store) {
                return Err(TicketError::Assignee);
            }
            out.state.assignee = Some(*assignee_id);
            out.assigned = Some(*assignee_id);
        }
        TicketAction::Handoff { store_id, assignee_id, .. } => {
            if !directory.target_store_exists || Some(*store_id) == t.store {
                return Err(TicketError::Store);
            }
            if assignee_id.is_some() && !may_take(directory.assignee, Some(*store_id)) {
                return Err(TicketError::Assignee);
            }
            out.state.store = Some(*store_id);
            out.state.assignee = *assignee_id;
            out.handed_from = t.store;
            out.assigned = *assignee_id;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn h(hours: f64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 1, 8, 0, 0).unwrap() + Duration::seconds((hours * 3600.0) as i64)
    }

    #[test]
    fn runs_warns_at_three_quarters_and_breaches_after_24_hours() {
        let c = Clock::new(h(0.0));
        assert_eq!(c.view(h(1.0)).state, ClockState::Running);
        assert_eq!(c.view(h(17.9)).state, ClockState::Running);
        assert_eq!(c.view(h(18.0)).state, ClockState::DueSoon, "75% used");
        assert_eq!(c.view(h(24.0)).state, ClockState::DueSoon, "the last second is still in time");
        let late = c.view(h(25.0));
        assert_eq!(late.state, ClockState::Breached);
        assert_eq!(late.remaining_secs, -3600);
        assert!((late.used - 25.0 / 24.0).abs() < 1e-9);
    }

    #[test]
    fn a_pause_stands_still_and_resuming_moves_the_deadline() {
        let paused = Clock::new(h(0.0)).pause(h(10.0));
        assert_eq!(paused.view(h(40.0)).state, ClockState::Paused, "never breaches while waiting for the customer");
        assert_eq!(paused.view(h(40.0)).due_at, h(54.0), "30 h of waiting push the deadline 30 h");
        let resumed = paused.resume(h(40.0));
        assert_eq!(resumed.due_at, h(54.0));
        assert_eq!(resumed.view(h(41.0)).state, ClockState::Running, "13 h left of 24");
        assert_eq!(resumed.view(h(48.0)).state, ClockState::DueSoon);
        assert_eq!(resumed.view(h(55.0)).state, ClockState::Breached);
        // pausing twice keeps the first start; resuming a running clock changes nothing
        assert_eq!(resumed.pause(h(50.0)).pause(h(52.0)).paused_since, Some(h(50.0)));
        assert_eq!(resumed.resume(h(50.0)), resumed);
    }

    #[test]
    fn the_first_answer_stops_the_clock() {
        let c = Clock::new(h(0.0)).answer(h(23.0));
        assert_eq!(c.view(h(100.0)).state, ClockState::AnsweredInTime);
        assert_eq!(c.answer(h(30.0)).answered_at, Some(h(23.0)), "a second answer is not the response time");
        assert_eq!(Clock::new(h(0.0)).answer(h(24.0)).view(h(99.0)).state, ClockState::AnsweredInTime, "exactly 24 h is in time");
        assert_eq!(Clock::new(h(0.0)).answer(h(26.0)).view(h(27.0)).state, ClockState::AnsweredLate);
        // answering during a pause ends the pause: 5 h of waiting count in the customer's favour
        let c = Clock::new(h(0.0)).pause(h(20.0)).answer(h(27.0));
        assert_eq!((c.due_at, c.paused_since), (h(31.0), None));
        assert_eq!(c.view(h(28.0)).state, ClockState::AnsweredInTime);
    }

    #[test]
    fn the_warning_window_matches_the_fraction() {
        assert_eq!(warn_window(), Duration::hours(6));
    }

    #[test]
    fn status_moves() {
        use TicketStatus::*;
        let answer = TicketAction::Answer { message: "已为您改签".into() };
        let wait = TicketAction::WaitForCustomer { note: None };
        let resume = TicketAction::Resume { note: Some("客户已补充材料".into()) };
        let resolve = TicketAction::Resolve { resolution: "已退差价".into() };
        assert_eq!(next_status(Open, &answer), Ok(Answered));
        assert_eq!(next_status(Answered, &answer), Ok(Answered), "follow-up replies are fine");
        assert_eq!(next_status(Open, &wait), Ok(WaitingCustomer));
        assert!(matches!(next_status(WaitingCustomer, &wait), Err(TicketError::NotNow { .. })));
        assert_eq!(next_status(WaitingCustomer, &resume), Ok(Open));
        assert!(matches!(next_status(Open, &resume), Err(TicketError::NotNow { .. })));
        assert_eq!(next_status(WaitingCustomer, &resolve), Ok(Resolved));
        assert!(matches!(next_status(Resolved, &answer), Err(TicketError::NotNow { .. })));
        assert_eq!(next_status(Resolved, &TicketAction::Csat { score: 5 }), Ok(Resolved));
        assert!(matches!(next_status(Open, &TicketAction::Csat { score: 5 }), Err(TicketError::NotNow { .. })));
        let handoff = TicketAction::Handoff { store_id: 2, assignee_id: None, note: "客户在上海".into() };
        assert_eq!(next_status(WaitingCustomer, &handoff), Ok(WaitingCustomer), "a handoff keeps the status and clock");
    }

    #[test]
    fn action_fields_are_checked_first() {
        use TicketStatus::*;
        let blank = TicketAction::Answer { message: "  ".into() };
        assert!(matches!(next_status(Open, &blank), Err(TicketError::Invalid(r)) if r.field == "message"));
        let long = TicketAction::Resolve { resolution: "好".repeat(MAX_TEXT + 1) };
        assert!(matches!(next_status(Open, &long), Err(TicketError::Invalid(r)) if r == Refusal::length("resolution", 2, MAX_TEXT)));
        assert!(matches!(next_status(Resolved, &TicketAction::Csat { score: 0 }), Err(TicketError::Invalid(r)) if r == Refusal::range("score", 1, 5)));
        assert!(matches!(next_status(Resolved, &TicketAction::Csat { score: 6 }), Err(TicketError::Invalid(r)) if r.field == "score"));
    }

    #[test]
    fn when_the_customer_spoke() {
        assert!(check_spoke_at(h(0.0), h(0.0)).is_ok());
        assert!(check_spoke_at(h(-19.0), h(0.0)).is_ok());
        assert!(check_spoke_at(h(0.5), h(0.0)).is_err());
        assert!(check_spoke_at(h(-24.0 * 31.0), h(0.0)).is_err());
        assert!(check_summary("改期").is_err(), "too short to act on");
        assert!(check_summary("酒店房型不符").is_ok());
    }

    #[test]
    fn actions_read_from_json() {
        let a: TicketAction = serde_json::from_str(r#"{"action":"handoff","store_id":3,"note":"转上海店"}"#).unwrap();
        assert_eq!(a, TicketAction::Handoff { store_id: 3, assignee_id: None, note: "转上海店".into() });
        assert!(serde_json::from_str::<TicketAction>(r#"{"action":"answer","message":"ok","x":1}"#).is_err());
        let t: TicketAction = serde_json::from_str(r#"{"action":"topic","topic":"slow_refund"}"#).unwrap();
        assert_eq!((t.name(), t.text()), ("topic", Some("slow_refund")));
        assert!(serde_json::from_str::<TicketAction>(r#"{"action":"topic","topic":"weather"}"#).is_err());
        assert_eq!(next_status(TicketStatus::Resolved, &t), Ok(TicketStatus::Resolved), "a resolved complaint's topic can still be put right");
    }
    #[test]
    fn the_dashboard_tally() {
        let now = h(100.0);
        let fact = |clock: Clock, resolved: Option<f64>, csat| SlaFact { clock, resolved_at: resolved.map(h), csat };
        let mut t = SlaTally::default();
        t.add(&fact(Clock::new(h(0.0)).answer(h(2.0)), Some(10.0), Some(5)), now); // in time
        t.add(&fact(Clock::new(h(0.0)).answer(h(30.0)), Some(40.0), Some(2)), now); // late
        t.add(&fact(Clock::new(h(0.0)), None, None), now); // breached, unanswered
        t.add(&fact(Clock::new(h(90.0)), None, None), now); // still inside its clock
        t.add(&fact(Clock::new(h(0.0)).pause(h(1.0)), None, None), now); // waiting for the customer
        assert_eq!((t.tickets, t.due(), t.in_time, t.breached), (5, 3, 1, 2));
        assert_eq!(t.compliance(), Some(1.0 / 3.0));
        assert_eq!(t.median_response_hours(), Some(16.0));
        assert_eq!(t.median_resolution_hours(), Some(25.0));
        assert_eq!(t.csat(), Some(0.5));
        assert_eq!(SlaTally::default().compliance(), None, "nothing due is not 0%");
    }

    fn open_ticket(at: DateTime<Utc>) -> TicketState {
        TicketState { status: TicketStatus::Open, clock: Clock::new(at), store: Some(1), assignee: None }
    }

    #[test]
    fn an_answer_stops_the_clock_and_a_resolution_dates_the_ticket() {
        let t0 = Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap();
        let answered = apply_action(open_ticket(t0), &TicketAction::Answer { message: "已联系".into() }, t0 + Duration::hours(3), Directory::default()).unwrap();
        assert_eq!(answered.state.status, TicketStatus::Answered);
        assert_eq!(answered.state.clock.answered_at, Some(t0 + Duration::hours(3)));
        let resolved = apply_action(answered.state, &TicketAction::Resolve { resolution: "已退款".into() }, t0 + Duration::hours(5), Directory::default()).unwrap();
        assert_eq!((resolved.state.status, resolved.resolved_at), (TicketStatus::Resolved, Some(t0 + Duration::hours(5))));
        assert_eq!(resolved.state.clock.answered_at, Some(t0 + Duration::hours(3)), "the first answer stays the response time");
    }

    #[test]
    fn staff_may_take_only_their_own_stores_tickets() {
        use crate::model::Role;
        let t = open_ticket(Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap());
        let now = t.clock.spoke_at;
        let assign = TicketAction::Assign { assignee_id: 7 };
        let own = Directory { assignee: Some((Role::Staff, Some(1))), target_store_exists: false };
        assert_eq!(apply_action(t, &assign, now, own).unwrap().state.assignee, Some(7));
        let other = Directory { assignee: Some((Role::Staff, Some(2))), target_store_exists: false };
        assert_eq!(apply_action(t, &assign, now, other), Err(TicketError::Assignee));
        let manager = Directory { assignee: Some((Role::Manager, None)), target_store_exists: false };
        assert!(apply_action(t, &assign, now, manager).is_ok());
        assert_eq!(apply_action(t, &assign, now, Directory::default()), Err(TicketError::Assignee), "no such active user");
    }

    #[test]
    fn a_handoff_goes_to_another_existing_store_with_its_history() {
        use crate::model::Role;
        let t = open_ticket(Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap());
        let now = t.clock.spoke_at;
        let to = |store_id, assignee_id| TicketAction::Handoff { store_id, assignee_id, note: "客人在上海出发".into() };
        let there = Directory { assignee: Some((Role::Staff, Some(2))), target_store_exists: true };
        let moved = apply_action(t, &to(2, Some(9)), now, there).unwrap();
        assert_eq!((moved.state.store, moved.state.assignee, moved.handed_from, moved.assigned), (Some(2), Some(9), Some(1), Some(9)));
        assert_eq!(apply_action(t, &to(1, None), now, there), Err(TicketError::Store), "not to its own store");
        assert_eq!(apply_action(t, &to(3, None), now, Directory::default()), Err(TicketError::Store), "not to a store that does not exist");
        let elsewhere = Directory { assignee: Some((Role::Staff, Some(1))), target_store_exists: true };
        assert_eq!(apply_action(t, &to(2, Some(9)), now, elsewhere), Err(TicketError::Assignee), "the assignee must work at the new store");
    }
}