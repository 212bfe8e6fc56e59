//! The service desk: tickets in inboxes, one ticket with its history, new feedback, and the
//! SLA dashboard.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreRef;
use crate::model::{Channel, Severity, TicketStatus};
use crate::service::ClockView;

/// A person on the desk (assignee or author of a history entry).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Staffer {
    pub id: i64,
    pub name: String,
}

/// One ticket as an inbox shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub channel: Channel,
    pub kind: String,
    pub severity: Severity,
    pub status: TicketStatus,
    pub summary: String,
    /// When the customer spoke: the clock starts here.
    pub spoke_at: DateTime<Utc>,
    pub store: Option<StoreRef>,
    pub assignee: Option<Staffer>,
    pub clock: ClockView,
    /// What the complaint is about: the rules' reading, or staff's correction of it.
    pub topic: crate::topics::Topic,
}

/// A page of an inbox, with how many tickets each inbox holds for the caller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxPage {
    pub items: Vec<TicketRow>,
    pub total: u64,
    pub counts: InboxCounts,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InboxCounts {
    pub mine: u64,
    pub store: u64,
    pub due_soon: u64,
    pub breached: u64,
}

/// One entry of a ticket's history: who did what, when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketEntry {
    pub at: DateTime<Utc>,
    /// opened, answer, wait_for_customer, resume, handoff, assign, resolve, csat
    pub action: String,
    /// `None` when a channel system recorded it.
    pub actor: Option<Staffer>,
    pub text: Option<String>,
    pub from_store: Option<StoreRef>,
    pub to_store: Option<StoreRef>,
    pub assignee: Option<Staffer>,
    pub score: Option<u8>,
}

/// A ticket with its history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketDetail {
    pub ticket: TicketRow,
    pub recorded_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub csat: Option<u8>,
    pub history: Vec<TicketEntry>,
    /// The change or refund (退改签) the ticket carries, if it is one.
    #[serde(default)]
    pub case: Option<TripCase>,
}

/// A change or refund request on a booking, as it stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TripCase {
    pub kind: crate::trips::cases::CaseKind,
    pub stage: crate::trips::cases::CaseStage,
    pub booking: super::Order,
    pub quote: Option<crate::trips::cases::Quote>,
    /// What the customer pays for the quoted change (0 for a refund).
    pub customer_pays_fen: Option<i64>,
    pub quoted_at: Option<DateTime<Utc>>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub refund_paid_fen: Option<i64>,
    /// A confirmed refund not paid by then is late.
    pub refund_due: Option<DateTime<Utc>>,
    /// Whether the refund paid kept the quote (`null` until paid).
    pub refund_kept: Option<bool>,
}

/// Feedback recorded by staff in the store or the call centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewTicket {
    pub customer_id: i64,
    /// complaint, inquiry, suggestion or praise
    pub kind: String,
    pub severity: Severity,
    pub channel: Channel,
    pub summary: String,
    /// When the customer spoke; now when left out.
    pub spoke_at: Option<DateTime<Utc>>,
    /// Sending the same key again returns the first ticket instead of a second one.
    pub client_key: Option<String>,
    /// The booking a `change` or `refund` request is about (required for those kinds only).
    #[serde(default)]
    pub order_id: Option<i64>,
}

/// The kinds of feedback a desk records; `change` and `refund` are requests on a booking
/// (退改签) and open a case.
pub const TICKET_KINDS: &[&str] = &["complaint", "inquiry", "suggestion", "praise", "change", "refund"];

/// SLA figures for one store or channel (or the whole period).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlaFigures {
    /// Store id, channel name, or `all`.
    pub key: String,
    pub label: String,
    pub tickets: u64,
    /// Tickets whose deadline has come (answered or not).
    pub due: u64,
    pub in_time: u64,
    pub breached: u64,
    /// in_time ÷ due; `None` when nothing was due.
    pub compliance: Option<f64>,
    pub median_response_hours: Option<f64>,
    pub median_resolution_hours: Option<f64>,
    pub csat: Option<f64>,
}

/// The service dashboard for a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceDashboard {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub total: SlaFigures,
    pub by_store: Vec<SlaFigures>,
    pub by_channel: Vec<SlaFigures>,
    /// Right now, whatever the period: unanswered tickets close to or past their deadline.
    pub due_soon_now: u64,
    pub breached_now: u64,
}

/// Which inbox, for which store, which page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct InboxQuery {
    /// Default `store`.
    pub inbox: Option<crate::service::Inbox>,
    /// Managers: one store's tickets (staff always see their own store).
    pub store_id: Option<i64>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

/// A personalised-care task (a follow-up generated for a birthday, a trip anniversary or the
/// days after a trip).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareTask {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub kind: crate::care::CareKind,
    pub title: String,
    pub due_on: chrono::NaiveDate,
    pub store: Option<StoreRef>,
}

/// Open care tasks due in the next week (and any overdue), and how many a generation added.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareTasks {
    pub items: Vec<CareTask>,
    pub created: u64,
}

/// Generate care tasks for the days from today on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GenerateCare {
    /// 1 to 31 (default 7).
    pub days: Option<u32>,
}

/// One topic's complaints over the period's months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicRow {
    pub topic: crate::topics::Topic,
    /// Complaints opened in each of `TopicReport::months`.
    pub per_month: Vec<u64>,
    pub total: u64,
    /// The last month against the one before (`null` with fewer than two months).
    pub trend: Option<i64>,
    /// Complaints the rules gave this topic, and how many of those staff left as they were.
    pub by_rules: u64,
    pub kept: u64,
}

/// Complaints of one store or channel, per topic (in the order of `TopicReport::topics`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicSplit {
    /// Store id or channel code.
    pub key: String,
    pub label: String,
    pub per_topic: Vec<u64>,
}

/// What complaints were about in a period: per topic and agency month, by store and by
/// channel, and how often staff corrected the rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicReport {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    /// `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    /// Every topic, the most complained about first.
    pub topics: Vec<TopicRow>,
    pub by_store: Vec<TopicSplit>,
    pub by_channel: Vec<TopicSplit>,
    pub complaints: u64,
    pub corrected: u64,
}

/// The complaints behind one cell of the topic report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TopicTicketsQuery {
    pub topic: String,
    /// `YYYY-MM`: that agency month only (within the period).
    pub month: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub store_id: Option<i64>,
    pub channel: Option<String>,
}
