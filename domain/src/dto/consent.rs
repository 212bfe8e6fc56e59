//! Data-subject rights: consent records, the marketing audience that respects them,
//! corrections and erasure requests.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::CustomerSummary;
use crate::consent::{ContactChannel, Purpose};
use crate::model::{Channel, Segment, Tier};

/// One answer the customer gave: a grant or a withdrawal, for a purpose and channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentRecord {
    pub purpose: Purpose,
    pub channel: ContactChannel,
    pub granted: bool,
    /// The version of the privacy notice the customer answered.
    pub text_version: String,
    pub at: DateTime<Utc>,
    /// Where it was given or withdrawn.
    pub source: Channel,
    /// The staff member who recorded it; `None` when a channel system sent it.
    pub recorded_by: Option<String>,
}

/// Recording a grant or a withdrawal at the counter or on the phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewConsent {
    pub purpose: Purpose,
    pub channel: ContactChannel,
    pub granted: bool,
    pub text_version: String,
    pub source: Channel,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Consents {
    /// The latest answer per purpose and channel.
    pub current: Vec<ConsentRecord>,
    /// Every answer, newest first.
    pub history: Vec<ConsentRecord>,
    /// The notice shown to customers now.
    pub notice_version: String,
}

/// Who a marketing campaign on `channel` may reach: only customers whose latest answer for
/// marketing on that channel (or any channel) is a grant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Audience {
    pub channel: ContactChannel,
    pub segment: Option<Segment>,
    pub tier: Option<Tier>,
    pub store_id: Option<i64>,
    /// Customers matching the filters who may be contacted.
    pub eligible: u64,
    /// Customers matching the filters left out for want of consent.
    pub excluded: u64,
    /// The first eligible customers (masked), most recently active first.
    pub items: Vec<CustomerSummary>,
}

/// An administrator erasing a person on their request. It cannot be undone, so the customer's
/// name is typed again as confirmation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// Which request, from whom (kept in the audit log).
    pub reason: String,
    pub confirm_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Erased {
    /// The customer and every record that had been merged into them.
    pub customer_ids: Vec<i64>,
}

/// Correcting a person's details on their request (managers and admins). Only the fields
/// given change; the reason is kept in the audit log, the old and new values are not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonalCorrection {
    /// The profile version the correction was made on.
    pub version: i64,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub city: Option<String>,
    pub reason: String,
}
