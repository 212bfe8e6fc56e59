//! Interest communities, their events and check-ins, and the community dashboard.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::{CustomerSummary, StoreRef};
use crate::community::{Level, LevelChanges};
use crate::model::Segment;

/// A staff member who moderates a community.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Moderator {
    pub user_id: i64,
    pub display_name: String,
    /// The store the staff member works in, when they belong to one.
    #[serde(default)]
    pub store: Option<String>,
}

/// One interest community with its size and how alive it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Community {
    pub id: i64,
    pub name: String,
    /// Interest key, e.g. `photography`, `hiking`, `family`, `silver`.
    pub interest: String,
    pub description: String,
    pub members: u64,
    /// Members with an activity of their own in the last 30 days.
    pub active_30d: u64,
    pub moderators: Vec<Moderator>,
    pub upcoming_events: u64,
}

/// A member event (专属活动).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityEvent {
    pub id: i64,
    pub community_id: i64,
    pub community_name: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub store: Option<StoreRef>,
    pub capacity: Option<u32>,
    pub signed_up: u64,
    pub attended: u64,
    /// Mean post-event satisfaction (1–5), when anyone answered.
    pub satisfaction: Option<f64>,
}

/// A community with its events, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityDetail {
    pub community: Community,
    pub events: Vec<CommunityEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewCommunity {
    pub name: String,
    pub interest: String,
    #[serde(default)]
    pub description: String,
    /// Staff users who moderate it.
    #[serde(default)]
    pub moderator_ids: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEvent {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// Where it happens; store staff check members in there.
    pub store_id: Option<i64>,
    pub capacity: Option<u32>,
}

/// A member signed up for an event, and whether they came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Attendee {
    pub customer: CustomerSummary,
    pub signed_up_at: Option<DateTime<Utc>>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct EventDetail {
    pub event: CommunityEvent,
    pub attendees: Vec<Attendee>,
    /// Whether check-ins are still taken: until the event's day is over (the agency's calendar).
    #[serde(default)]
    pub door_open: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    pub customer_id: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Satisfaction {
    /// 1 (very unhappy) to 5 (delighted).
    pub score: u8,
}

/// Filters of the community dashboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct CommunityQuery {
    /// First day of the period (default: 180 days ago).
    pub from: Option<NaiveDate>,
    /// Last day, inclusive (default: today).
    pub to: Option<NaiveDate>,
    /// The members' home store.
    pub store_id: Option<i64>,
    pub segment: Option<Segment>,
    pub community_id: Option<i64>,
}

/// Members at the end of one span of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MembersPoint {
    pub date: NaiveDate,
    pub members: u64,
    pub active_7d: u64,
    pub active_30d: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LevelCount {
    pub level: Level,
    pub members: u64,
}

/// Word of mouth among members in the period, and what referrals brought in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Advocacy {
    pub referrals: u64,
    pub shares: u64,
    pub promoters: u64,
    pub nps_answers: u64,
    /// Orders placed by referred customers after the referral (within 180 days).
    pub referred_bookings: u64,
    pub referred_revenue_fen: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Advocate {
    pub customer: CustomerSummary,
    pub referrals: u64,
    pub shares: u64,
    pub promoter: bool,
    pub score: u64,
    /// Their engagement level now (all activity, 90 days), beside the period's word of mouth
    /// the list is ranked by: a member who referred friends can still be a contributor.
    pub level: crate::community::Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QuietMember {
    pub customer: CustomerSummary,
    pub last_activity_at: DateTime<Utc>,
    pub level_before: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CommunityDashboard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub members: u64,
    pub active_7d: u64,
    pub active_30d: u64,
    pub series: Vec<MembersPoint>,
    /// Events in the period, oldest first.
    pub events: Vec<CommunityEvent>,
    /// Members by engagement level at the end of the period.
    pub levels: Vec<LevelCount>,
    /// Level moves over the last month of the period (its end vs 30 days before).
    pub level_changes: LevelChanges,
    pub advocacy: Advocacy,
    pub top_advocates: Vec<Advocate>,
    pub going_quiet: Vec<QuietMember>,
}
