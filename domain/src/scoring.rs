//! Customer scores. Each rule is documented next to its thresholds so a manager can be told
//! why a customer is where they are.

use crate::model::{Lifecycle, Tier};

/// RFM on a 1-5 scale each (5 best).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rfm {
    pub recency: u8,
    pub frequency: u8,
    pub monetary: u8,
}

/// Position of `value` among ascending `thresholds`, as a 1-5 score.
fn banded(value: f64, thresholds: [f64; 4]) -> u8 {
    1 + thresholds.iter().filter(|t| value >= **t).count() as u8
}

/// Recency: days since the last paid order (≤30 → 5, ≤90 → 4, ≤180 → 3, ≤365 → 2, else 1).
/// Frequency: paid orders in 24 months (1, 2, 3-4, 5-7, 8+ → 1..5).
/// Monetary: spend in yuan over 24 months (<2k, 2k, 8k, 20k, 50k+ → 1..5).
pub fn rfm(days_since_last_order: Option<i64>, orders_24m: u32, spend_yuan_24m: f64) -> Rfm {
    let recency = match days_since_last_order {
        Some(d) if d <= 30 => 5,
        Some(d) if d <= 90 => 4,
        Some(d) if d <= 180 => 3,
        Some(d) if d <= 365 => 2,
        _ => 1,
    };
    Rfm {
        recency,
        frequency: banded(orders_24m as f64, [2.0, 3.0, 5.0, 8.0]),
        monetary: banded(spend_yuan_24m, [2_000.0, 8_000.0, 20_000.0, 50_000.0]),
    }
}

/// Lifecycle stage:
/// - decline: no activity for more than 180 days;
/// - new: known for under 180 days with at most one paid order;
/// - growth: fewer than four paid orders;
/// - mature: four or more paid orders and active within 180 days.
pub fn lifecycle(days_known: i64, days_inactive: i64, paid_orders: u32) -> Lifecycle {
    if days_inactive > 180 {
        Lifecycle::Decline
    } else if days_known < 180 && paid_orders <= 1 {
        Lifecycle::New
    } else if paid_orders < 4 {
        Lifecycle::Growth
    } else {
        Lifecycle::Mature
    }
}

/// Member tier from qualifying points (1 point per yuan over the last 12 months) under the
/// built-in rules: the highest tier reached (see [`crate::loyalty::DEFAULT_TIERS`]).
pub fn tier_for_points(qualifying_points: i64) -> Tier {
    crate::loyalty::DEFAULT_TIERS.iter().filter(|t| qualifying_points >= t.1).map(|t| t.0).max().unwrap_or(Tier::Basic)
}

string_enum! {
    /// A signal that raised a customer's churn risk (流失预警).
    pub enum ChurnReason {
        LongInactivity = "long_inactivity",
        RepeatedCancellations = "repeated_cancellations",
        UnresolvedComplaint = "unresolved_complaint",
        Detractor = "detractor",
    }
}

/// Inputs to the churn-risk rule, read off a customer's history.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChurnSignals {
    pub days_inactive: i64,
    pub cancellations_12m: u32,
    pub unresolved_complaints: u32,
    /// Latest NPS answer (0-10), if any.
    pub last_nps: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChurnRisk {
    /// 0-100; 50 or more counts as "at risk".
    pub score: u8,
    pub reasons: Vec<ChurnReason>,
}

pub const CHURN_RISK_THRESHOLD: u8 = 50;
/// From this score one signal is there (an open complaint alone is 30, a detractor 20): worth a
/// look before the customer is at risk, never shown as "low".
pub const CHURN_WATCH_THRESHOLD: u8 = 20;

/// How a churn score reads at the counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChurnLevel {
    Low,
    Watch,
    AtRisk,
}

pub fn churn_level(score: u8) -> ChurnLevel {
    match score {
        s if s >= CHURN_RISK_THRESHOLD => ChurnLevel::AtRisk,
        s if s >= CHURN_WATCH_THRESHOLD => ChurnLevel::Watch,
        _ => ChurnLevel::Low,
    }
}

/// Churn risk adds weighted signals, capped at 100:
/// inactivity over 120 days +40 (over 240: +60); two or more cancellations in 12 months +25;
/// any unresolved complaint +30; a detractor NPS answer (0-6) +20.
pub fn churn_risk(s: ChurnSignals) -> ChurnRisk {
    let mut score = 0u32;
    let mut reasons = Vec::new();
    if s.days_inactive > 120 {
        score += if s.days_inactive > 240 { 60 } else { 40 };
        reasons.push(ChurnReason::LongInactivity);
    }
    if s.cancellations_12m >= 2 {
        score += 25;
        reasons.push(ChurnReason::RepeatedCancellations);
    }
    if s.unresolved_complaints > 0 {
        score += 30;
        reasons.push(ChurnReason::UnresolvedComplaint);
    }
    if matches!(s.last_nps, Some(n) if n <= 6) {
        score += 20;
        reasons.push(ChurnReason::Detractor);
    }
    ChurnRisk { score: score.min(100) as u8, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfm_bands() {
        assert_eq!(rfm(Some(10), 8, 60_000.0), Rfm { recency: 5, frequency: 5, monetary: 5 });
        assert_eq!(rfm(None, 0, 0.0), Rfm { recency: 1, frequency: 1, monetary: 1 });
        assert_eq!(rfm(Some(91), 3, 8_000.0), Rfm { recency: 3, frequency: 3, monetary: 3 });
        assert_eq!(rfm(Some(365), 2, 1_999.0), Rfm { recency: 2, frequency: 2, monetary: 1 });
    }

    #[test]
    fn lifecycle_rules() {
        assert_eq!(lifecycle(30, 5, 0), Lifecycle::New);
        assert_eq!(lifecycle(30, 5, 1), Lifecycle::New);
        assert_eq!(lifecycle(400, 5, 1), Lifecycle::Growth);
        assert_eq!(lifecycle(400, 5, 4), Lifecycle::Mature);
        assert_eq!(lifecycle(400, 181, 9), Lifecycle::Decline);
    }

    #[test]
    fn tiers() {
        assert_eq!(tier_for_points(0), Tier::Basic);
        assert_eq!(tier_for_points(5_000), Tier::Silver);
        assert_eq!(tier_for_points(49_999), Tier::Gold);
        assert_eq!(tier_for_points(50_000), Tier::Platinum);
    }

    #[test]
    fn churn_risk_explains_itself() {
        let quiet = churn_risk(ChurnSignals::default());
        assert_eq!(quiet, ChurnRisk { score: 0, reasons: vec![] });

        let risky = churn_risk(ChurnSignals {
            days_inactive: 200,
            cancellations_12m: 2,
            unresolved_complaints: 1,
            last_nps: Some(3),
        });
        assert_eq!(risky.score, 100);
        assert_eq!(risky.reasons.len(), 4);

        let open = churn_risk(ChurnSignals { unresolved_complaints: 1, ..Default::default() });
        assert_eq!(churn_level(open.score), ChurnLevel::Watch, "an open complaint is never low");
        assert_eq!(churn_level(churn_risk(ChurnSignals { last_nps: Some(6), ..Default::default() }).score), ChurnLevel::Watch);
        assert_eq!(churn_level(churn_risk(ChurnSignals::default()).score), ChurnLevel::Low);
        let complaint = churn_risk(ChurnSignals { unresolved_complaints: 1, last_nps: Some(6), ..Default::default() });
        assert_eq!(churn_level(complaint.score), ChurnLevel::AtRisk);
        assert_eq!(complaint.score, 50);
        assert!(complaint.score >= CHURN_RISK_THRESHOLD);
        assert_eq!(complaint.reasons, vec![ChurnReason::UnresolvedComplaint, ChurnReason::Detractor]);
    }
}
