//! Edits made on a tablet, possibly offline, and replayed to the server in order.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::CustomerEdits;
use crate::model::{Channel, Severity};

/// One staff edit on a customer, as the device queued it. The key makes a replay safe: the
/// server applies each key at most once. `base_version` is the profile version the edit was
/// made on; an edit that would overwrite a newer change comes back as a conflict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OfflineEdit {
    /// 8–64 letters, digits, `-` or `_`; unique per user.
    pub client_key: String,
    pub customer_id: i64,
    pub base_version: i64,
    pub change: EditChange,
    /// When the edit was made on the device (its clock). The server dates the note, visit or
    /// follow-up by it, within the user's shift ([`crate::offline::edit_time`]); absent, by
    /// when it arrives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub made_at: Option<DateTime<Utc>>,
}

/// What an edit does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EditChange {
    Note { body: String },
    Tags { add: Vec<String>, remove: Vec<String> },
    FollowUp { title: String, due_on: NaiveDate },
    FollowUpDone { follow_up_id: i64, done: bool },
    /// The customer walked into the store; staff checked them in.
    Visit { summary: String },
    /// What the customer told staff: opens a ticket (complaint, inquiry, suggestion or praise)
    /// whose clock starts at `spoke_at`.
    Feedback { ticket_kind: String, severity: Severity, channel: Channel, summary: String, spoke_at: DateTime<Utc> },
}

/// What the server did with a replayed edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SyncOutcome {
    Applied,
    /// This key was applied before; nothing was written again.
    AlreadyApplied,
    /// Someone changed what this edit would overwrite; nothing was written.
    Conflict,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncResult {
    pub client_key: String,
    pub outcome: SyncOutcome,
    /// The customer's version before this edit (equal to `base_version` when nobody else
    /// changed the customer in between).
    pub version_before: i64,
    /// The editable part of the profile as it now is on the server.
    pub edits: CustomerEdits,
}
