//! Loyalty on the profile: the account with its ledger, changes made at the desk, and NPS
//! answers recorded by staff.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::loyalty::{LedgerKind, Programme, TierRule};
use crate::model::{Channel, Tier};

/// One ledger line as the profile lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerLine {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub kind: LedgerKind,
    pub points: i64,
    pub qualifying: i64,
    pub reason: Option<String>,
    /// Who made a manual change.
    pub actor: Option<String>,
}

/// A customer's points and tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoyaltyAccount {
    pub customer_id: i64,
    pub tier: Tier,
    /// Sum of the ledger.
    pub balance: i64,
    /// Points past their expiry, taken off at the next change.
    pub lapsing: i64,
    /// What can be redeemed now: balance − lapsing.
    pub available: i64,
    /// Qualifying points of the last 12 months (what the tier is decided on).
    pub qualifying: i64,
    pub next_tier: Option<Tier>,
    /// Qualifying points missing to reach `next_tier`.
    pub to_next_tier: Option<i64>,
    pub programme: Programme,
    pub rules: Vec<TierRule>,
    /// Newest first, at most 100.
    pub ledger: Vec<LedgerLine>,
}

/// A change made at the desk: `redeem` (anyone serving the customer) or `adjust` (managers,
/// with a reason; negative to take points away).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoyaltyChange {
    pub kind: LedgerKind,
    pub points: i64,
    pub reason: Option<String>,
    /// Sending the same key again applies the change once.
    pub client_key: Option<String>,
}

/// An NPS answer (0–10) the customer gave to staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NpsAnswer {
    pub score: u8,
    pub channel: Channel,
}

/// The programme's settings and tier rules, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoyaltyRules {
    pub programme: Programme,
    pub rules: Vec<TierRule>,
}
