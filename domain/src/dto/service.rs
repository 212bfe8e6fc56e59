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
}

/// The kinds of feedback a desk records.
pub const TICKET_KINDS: &[&str] = &["complaint", "inquiry", "suggestion", "praise"];

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
