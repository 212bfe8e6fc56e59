//! What an audit entry records beyond who, what and when: the facts of each action as data,
//! so that the console words them in the reader's language. The action is the detail's kind,
//! so an entry cannot say one thing in its action and another in its detail.

use serde::{Deserialize, Serialize};

use crate::consent::{ContactChannel, Purpose};
use crate::dto::RevealField;
use crate::{Segment, Tier};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuditDetail {
    /// One personal field shown in full; `reason` as the person typed it.
    Reveal { field: RevealField, reason: String },
    /// Everything held on a customer handed over (data-subject access), as JSON.
    Export,
    /// `merged` was folded into the entry's customer; `merge` undoes it.
    Merge { merged: i64, merge: i64 },
    /// `merged` came back out of the entry's customer.
    Unmerge { merged: i64, merge: i64 },
    DismissDuplicate,
    /// A dismissed pair put back in the review queue (subject `duplicate:<id>`).
    RestoreDuplicate,
    UserAccess { enabled: bool },
    ConsentGiven(ConsentAnswer),
    ConsentWithdrawn(ConsentAnswer),
    /// A marketing list handed over: its filters and how many it held.
    AudienceExport { channel: ContactChannel, segment: Option<Segment>, tier: Option<Tier>, store_id: Option<i64>, eligible: u64 },
    /// The customer and every record merged into it, erased.
    Erasure { reason: String, erased: Vec<i64> },
    PointsAdjust { points: i64, reason: String },
    LoyaltyRules { points_per_yuan: i64, expiry_months: u32, tiers: Vec<TierThreshold> },
    /// Fields corrected at the customer's request (names only: the values are personal data).
    Correction { fields: Vec<String>, reason: String },
    /// An API token issued to a channel system (the entry's subject is `token:<id>`).
    TokenIssued { name: String },
    TokenRevoked { name: String },
    /// A channel connector added (subject `connector:<id>`); its secrets are never logged.
    ConnectorAdded { channel: crate::hooks::HookChannel, account: String },
    /// New secrets for a connector; `finished` when the old ones stopped being accepted.
    ConnectorRotated { channel: crate::hooks::HookChannel, account: String, finished: bool },
    /// A dead-lettered delivery sent through the worker again (subject `delivery:<id>`).
    DeliveryReplayed { channel: crate::hooks::HookChannel, message_id: String },
    /// An outbound webhook registered or switched off (subject `webhook:<id>`).
    WebhookAdded { url: String },
    WebhookDisabled { url: String },
    /// A passport, permit or visa recorded at the counter (its number only masked here).
    DocumentRecorded { document: crate::trips::documents::DocumentKind, masked: String },
    /// Written before details were recorded as data: shown as it was written.
    Recorded { text: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentAnswer {
    pub purpose: Purpose,
    pub channel: ContactChannel,
    pub text_version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TierThreshold {
    pub tier: Tier,
    pub min_qualifying: i64,
    pub keep_qualifying: i64,
}

impl AuditDetail {
    /// The action this detail belongs to, as stored in the log's `action` column.
    pub fn action(&self) -> &'static str {
        match self {
            AuditDetail::Reveal { .. } => "reveal",
            AuditDetail::Export => "export",
            AuditDetail::Merge { .. } => "merge",
            AuditDetail::Unmerge { .. } => "unmerge",
            AuditDetail::DismissDuplicate => "dismiss_duplicate",
            AuditDetail::RestoreDuplicate => "restore_duplicate",
            AuditDetail::UserAccess { .. } => "user_access",
            AuditDetail::ConsentGiven(_) => "consent_given",
            AuditDetail::ConsentWithdrawn(_) => "consent_withdrawn",
            AuditDetail::AudienceExport { .. } => "audience_export",
            AuditDetail::Erasure { .. } => "erasure",
            AuditDetail::PointsAdjust { .. } => "points_adjust",
            AuditDetail::LoyaltyRules { .. } => "loyalty_rules",
            AuditDetail::Correction { .. } => "correction",
            AuditDetail::TokenIssued { .. } => "token_issued",
            AuditDetail::TokenRevoked { .. } => "token_revoked",
            AuditDetail::ConnectorAdded { .. } => "connector_added",
            AuditDetail::ConnectorRotated { .. } => "connector_rotated",
            AuditDetail::DeliveryReplayed { .. } => "delivery_replayed",
            AuditDetail::WebhookAdded { .. } => "webhook_added",
            AuditDetail::WebhookDisabled { .. } => "webhook_disabled",
            AuditDetail::DocumentRecorded { .. } => "document_recorded",
            AuditDetail::Recorded { .. } => "recorded",
        }
    }

    /// The stored form: JSON tagged with the action.
    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).expect("a detail always serialises")
    }

    /// A stored detail read back. The log is append-only, so entries written before details
    /// were data stay as they are: JSON without its kind is read as `action`'s, and any other
    /// text comes back as recorded.
    pub fn read(action: &str, stored: &str) -> Option<AuditDetail> {
        if stored.trim().is_empty() {
            return None;
        }
        let as_data = serde_json::from_str::<serde_json::Value>(stored).ok().and_then(|mut v| {
            let fields = v.as_object_mut()?;
            fields.entry("kind").or_insert_with(|| action.into());
            serde_json::from_value(v).ok()
        });
        Some(as_data.unwrap_or_else(|| AuditDetail::Recorded { text: stored.to_owned() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_round_trips_under_its_action() {
        let d = AuditDetail::PointsAdjust { points: -120, reason: "补录".into() };
        assert_eq!(d.action(), "points_adjust");
        assert_eq!(AuditDetail::read(d.action(), &d.to_stored()), Some(d));
        let c = AuditDetail::ConsentGiven(ConsentAnswer { purpose: Purpose::Marketing, channel: ContactChannel::Sms, text_version: "2026-01".into() });
        assert!(c.to_stored().contains("\"kind\":\"consent_given\""));
        assert_eq!(AuditDetail::read("consent_given", &c.to_stored()), Some(c));
    }

    #[test]
    fn entries_written_before_details_were_data_still_read() {
        // JSON written without a kind takes its action's
        let old = r#"{"purpose":"marketing","channel":"sms","granted":true,"text_version":"v1"}"#;
        assert!(matches!(AuditDetail::read("consent_given", old), Some(AuditDetail::ConsentGiven(a)) if a.text_version == "v1"));
        // prose comes back as written, and nothing is nothing
        assert_eq!(AuditDetail::read("reveal", "phone: 客户来电"), Some(AuditDetail::Recorded { text: "phone: 客户来电".into() }));
        assert_eq!(AuditDetail::read("dismiss_duplicate", ""), None);
    }
}
