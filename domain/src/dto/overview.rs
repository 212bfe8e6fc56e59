//! The manager overview: the domain brief's KPIs for a period, each with its trend.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

string_enum! {
    /// The overview's KPIs, in the order the page shows them.
    pub enum KpiKey {
        RepurchaseRate = "repurchase_rate", Nps = "nps", Csat = "csat", MemberOverlap = "member_overlap",
        OnlineToOffline = "online_to_offline", SlaCompliance = "sla_compliance", CareCoverage = "care_coverage",
        CommunityActivity = "community_activity", AdvocacyRate = "advocacy_rate", ChurnRiskCount = "churn_risk_count",
    }
}

string_enum! {
    /// How a KPI's value reads: a share (0–1), a score (NPS, −100…100) or a count.
    pub enum KpiUnit { Rate = "rate", Score = "score", Count = "count" }
}

impl KpiKey {
    pub fn unit(self) -> KpiUnit {
        match self {
            KpiKey::Nps => KpiUnit::Score,
            KpiKey::ChurnRiskCount => KpiUnit::Count,
            _ => KpiUnit::Rate,
        }
    }

    /// Whether a rise is good news (churn risk is the one where it is not).
    pub fn higher_is_better(self) -> bool {
        self != KpiKey::ChurnRiskCount
    }
}

/// One span of the period and the KPI's value over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrendPoint {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Kpi {
    pub key: KpiKey,
    pub unit: KpiUnit,
    /// Over the whole period; `null` when there is nothing to divide by.
    pub value: Option<f64>,
    /// What was counted: the numerator (or the count) …
    pub numerator: u64,
    /// … and the denominator (0 for counts).
    pub denominator: u64,
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Overview {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kpis: Vec<Kpi>,
}
