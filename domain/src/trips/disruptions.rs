//! Schedule changes and disruptions (航变). An airline's change to a flight on a day (new
//! times, or cancelled) opens one case per booking flying it; each case runs a contact clock
//! (the customer is to be told within two hours) and ends with what the customer chose: keep
//! the new times, rebook or refund. Managers judge each disruption, and a period, by how many
//! customers were told within two hours and within a day, and how many rebooked or refunded.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::refusal::{Refusal, Rule};

/// The customer is to be told within this many hours of the change reaching the agency.
pub const INFORM_WITHIN_HOURS: i64 = 2;
/// The day-long mark managers also watch.
pub const INFORM_LATE_HOURS: i64 = 24;
pub const MAX_NOTE_CHARS: usize = 500;

/// A schedule change as an airline feed or a channel system sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleChange {
    /// The sender's id of this change: sending it again is a no-op (idempotent retries).
    pub change_id: String,
    /// As booked (`MU515`, `mu 515`).
    pub flight: String,
    /// The day it was to fly.
    pub date: NaiveDate,
    #[serde(default)]
    pub cancelled: bool,
    /// New local departure and arrival (`2026-12-20T15:40:00`, the airport's clock, no offset),
    /// when the flight still flies.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-20T15:40:00"))]
    pub new_departure: Option<NaiveDateTime>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-20T15:40:00"))]
    pub new_arrival: Option<NaiveDateTime>,
    #[serde(default)]
    pub note: Option<String>,
}

impl ScheduleChange {
    /// The change as kept: the flight normalised, the note trimmed; or the field that is wrong.
    pub fn checked(&self) -> Result<ScheduleChange, Refusal> {
        let id = self.change_id.trim();
        if id.is_empty() || id.chars().count() > crate::events::MAX_ID_CHARS || id.chars().any(char::is_control) {
            return Err(Refusal::length("change_id", 1, crate::events::MAX_ID_CHARS));
        }
        let flight = crate::trips::air::normalize_flight(&self.flight).ok_or_else(|| Refusal::only("flight", Rule::Format))?;
        match (self.cancelled, self.new_departure) {
            (true, Some(_)) => return Err(Refusal::only("new_departure", Rule::Format)),
            (false, None) => return Err(Refusal::only("new_departure", Rule::Format)),
            _ => {}
        }
        if let (Some(d), Some(a)) = (self.new_departure, self.new_arrival) {
            if a <= d {
                return Err(Refusal::only("new_arrival", Rule::Format));
            }
        }
        let note = self.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
            return Err(Refusal::length("note", 0, MAX_NOTE_CHARS));
        }
        Ok(ScheduleChange { change_id: id.to_owned(), flight, note: note.map(str::to_owned), new_arrival: self.new_arrival.filter(|_| !self.cancelled), ..self.clone() })
    }

    /// What a checked change says, to tell a retry (the same) from another change sent under
    /// its id.
    pub fn fingerprint(&self) -> String {
        crate::events::sha256_hex(&serde_json::to_string(self).expect("a change always serialises"))
    }

    /// What the customer's timeline says (Chinese, as the agency's records are kept).
    pub fn notice(&self) -> String {
        match self.new_departure {
            _ if self.cancelled => format!("航变：{} {} 航班取消", self.flight, self.date),
            Some(d) => format!("航变：{} {} 改为 {} 起飞", self.flight, self.date, d.format("%Y-%m-%d %H:%M")),
            None => format!("航变：{} {}", self.flight, self.date),
        }
    }
}

string_enum! {
    /// What the customer chose.
    pub enum Outcome { Accepted = "accepted", Rebooked = "rebooked", Refunded = "refunded" }
}

string_enum! {
    /// Where a case's contact clock stands.
    pub enum ContactState { Waiting = "waiting", Overdue = "overdue", InTime = "in_time", Late = "late" }
}

/// The contact clock: told within [`INFORM_WITHIN_HOURS`] of opening or not, or still waiting.
pub fn contact_state(opened: DateTime<Utc>, informed: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ContactState {
    let due = opened + Duration::hours(INFORM_WITHIN_HOURS);
    match informed {
        Some(at) if at <= due => ContactState::InTime,
        Some(_) => ContactState::Late,
        None if now <= due => ContactState::Waiting,
        None => ContactState::Overdue,
    }
}

/// One step on a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
pub enum DisruptionStep {
    /// The customer was told (by phone, message or at the counter).
    Informed,
    /// What they chose; closes the case (telling them is implied).
    Close { outcome: Outcome },
}

/// The choices a customer has: a cancelled flight cannot be kept.
pub fn outcomes(cancelled: bool) -> &'static [Outcome] {
    if cancelled {
        &[Outcome::Rebooked, Outcome::Refunded]
    } else {
        Outcome::ALL
    }
}

/// A case as the figures count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub customer: i64,
    pub opened: DateTime<Utc>,
    pub informed: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
}

/// A disruption's (or a period's) figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisruptionFigures {
    pub bookings: u32,
    /// Bookers and travellers on them, each once.
    pub affected_customers: u32,
    pub informed_within_2h: u32,
    pub informed_within_24h: u32,
    pub rebooked: u32,
    pub refunded: u32,
    /// Cases still without an outcome.
    pub open: u32,
}

/// Counts the cases; `affected` is how many distinct customers (bookers and travellers) they
/// reach, which the cases alone do not tell.
pub fn figures(cases: &[CaseFacts], affected: u32) -> DisruptionFigures {
    let within = |c: &CaseFacts, hours: i64| c.informed.is_some_and(|at| at <= c.opened + Duration::hours(hours));
    let count = |f: &dyn Fn(&CaseFacts) -> bool| cases.iter().filter(|c| f(c)).count() as u32;
    DisruptionFigures {
        bookings: cases.len() as u32,
        affected_customers: affected,
        informed_within_2h: count(&|c| within(c, INFORM_WITHIN_HOURS)),
        informed_within_24h: count(&|c| within(c, INFORM_LATE_HOURS)),
        rebooked: count(&|c| c.outcome == Some(Outcome::Rebooked)),
        refunded: count(&|c| c.outcome == Some(Outcome::Refunded)),
        open: count(&|c| c.outcome.is_none()),
    }
}

/// A schedule change the agency received, with its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Disruption {
    pub id: i64,
    pub change_id: String,
    pub flight: String,
    pub date: NaiveDate,
    pub cancelled: bool,
    /// Local times at the airports (no offset).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-20T15:40:00"))]
    pub new_departure: Option<NaiveDateTime>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-12-20T15:40:00"))]
    pub new_arrival: Option<NaiveDateTime>,
    pub note: Option<String>,
    pub announced_at: DateTime<Utc>,
    /// Over the cases the caller may see (a store's own).
    pub figures: DisruptionFigures,
}

/// Someone a case names, by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CasePerson {
    pub customer_id: i64,
    pub name: String,
}

/// One booking's case: who booked and who travels, the contact clock and the choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisruptionCase {
    pub id: i64,
    pub order_id: i64,
    pub title: String,
    pub booker: CasePerson,
    /// Masked (`138****8000`).
    pub phone_masked: Option<String>,
    pub travellers: Vec<CasePerson>,
    pub store_id: Option<i64>,
    pub opened_at: DateTime<Utc>,
    /// When the customer is to have been told.
    pub due_at: DateTime<Utc>,
    pub informed_at: Option<DateTime<Utc>>,
    pub contact: ContactState,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisruptionDetail {
    pub disruption: Disruption,
    /// Still to be told first (oldest clock first), then the rest.
    pub cases: Vec<DisruptionCase>,
}

/// The disruptions announced in a period, newest first, and their figures together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DisruptionList {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub disruptions: Vec<Disruption>,
    pub totals: DisruptionFigures,
}

/// What receiving a schedule change did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleChangeReceipt {
    pub disruption_id: i64,
    /// Cases opened: one per booking flying the flight that day.
    pub cases_opened: u32,
    /// Customers whose timelines were told (bookers and travellers).
    pub customers_told: u32,
    /// The change had been received before: nothing was opened again.
    pub repeated: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(cancelled: bool, new_departure: Option<&str>) -> ScheduleChange {
        ScheduleChange {
            change_id: " sc-1 ".into(),
            flight: "mu 515".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap(),
            cancelled,
            new_departure: new_departure.map(|d| NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M").unwrap()),
            new_arrival: None,
            note: Some("  ".into()),
        }
    }

    #[test]
    fn a_change_is_checked_and_worded() {
        let moved = change(false, Some("2026-12-20 14:30")).checked().unwrap();
        assert_eq!((moved.change_id.as_str(), moved.flight.as_str(), moved.note.as_deref()), ("sc-1", "MU515", None));
        assert_eq!(moved.notice(), "航变：MU515 2026-12-20 改为 2026-12-20 14:30 起飞");
        assert_eq!(change(true, None).checked().unwrap().notice(), "航变：MU515 2026-12-20 航班取消");
        assert_eq!(change(false, None).checked().unwrap_err().field, "new_departure", "a flight that still flies says when");
        assert_eq!(change(true, Some("2026-12-20 14:30")).checked().unwrap_err().field, "new_departure");
        let mut bad = change(true, None);
        bad.flight = "515".into();
        assert_eq!(bad.checked().unwrap_err().field, "flight");
        let mut early = change(false, Some("2026-12-20 14:30"));
        early.new_arrival = Some(NaiveDateTime::parse_from_str("2026-12-20 12:00", "%Y-%m-%d %H:%M").unwrap());
        assert_eq!(early.checked().unwrap_err().field, "new_arrival");
    }

    #[test]
    fn a_cancelled_flight_cannot_be_kept() {
        assert!(!outcomes(true).contains(&Outcome::Accepted));
        assert_eq!(outcomes(false).len(), 3);
    }

    #[test]
    fn the_contact_clock_gives_two_hours() {
        let opened = "2026-12-01T08:00:00Z".parse().unwrap();
        let at = |h: i64| Some(opened + Duration::minutes(h));
        assert_eq!(contact_state(opened, at(120), opened), ContactState::InTime);
        assert_eq!(contact_state(opened, at(121), opened), ContactState::Late);
        assert_eq!(contact_state(opened, None, opened + Duration::minutes(119)), ContactState::Waiting);
        assert_eq!(contact_state(opened, None, opened + Duration::minutes(121)), ContactState::Overdue);
    }

    #[test]
    fn figures_count_cases_by_when_they_were_told_and_how_they_ended() {
        let opened: DateTime<Utc> = "2026-12-01T08:00:00Z".parse().unwrap();
        let case = |informed_after_h: Option<i64>, outcome| CaseFacts { customer: 1, opened, informed: informed_after_h.map(|h| opened + Duration::hours(h)), outcome };
        let f = figures(&[case(Some(1), Some(Outcome::Rebooked)), case(Some(5), Some(Outcome::Refunded)), case(Some(30), None), case(None, None)], 7);
        assert_eq!(f, DisruptionFigures { bookings: 4, affected_customers: 7, informed_within_2h: 1, informed_within_24h: 2, rebooked: 1, refunded: 1, open: 2 });
    }
}
