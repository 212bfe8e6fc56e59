//! Journey maps: one customer's journeys, and the stage × channel view for managers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use super::{Order, Touchpoint};
use crate::journey::PromiseStatus;
use crate::model::{Channel, Segment, Stage};

/// A promise made to the customer and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PromiseCheck {
    pub promise_touchpoint_id: i64,
    pub delivery_touchpoint_id: Option<i64>,
    pub promise: String,
    pub status: PromiseStatus,
}

/// One trip (or the unbooked remainder) with the touchpoints that led to and followed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerJourney {
    /// `order-<id>`, or `unbooked` for interest that has not become a trip.
    pub key: String,
    pub order: Option<Order>,
    /// Oldest first; `stage` is the journey stage the rules assigned.
    pub touchpoints: Vec<Touchpoint>,
    pub promises: Vec<PromiseCheck>,
    pub broken_promises: u32,
    /// Promises made on another journey (one booking session, several trips) and delivered on
    /// this one, so the delivery is marked where it happened.
    #[serde(default)]
    pub delivered_here: Vec<PromiseCheck>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CustomerJourneys {
    pub customer_id: i64,
    pub name: String,
    /// Newest trip first; the unbooked journey, if any, first of all.
    pub journeys: Vec<CustomerJourney>,
}

/// Filters of the aggregate journey views. A journey counts in the period it started in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct JourneyQuery {
    /// First day of the period (default: 90 days ago).
    pub from: Option<NaiveDate>,
    /// Last day of the period, inclusive (default: today).
    pub to: Option<NaiveDate>,
    /// The customers' home store.
    pub store_id: Option<i64>,
    pub segment: Option<Segment>,
}

/// The customers of one matrix cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct JourneyCellQuery {
    pub stage: Option<Stage>,
    pub channel: Option<Channel>,
    /// `true`: instead of a cell, the customers whose journeys stopped at `stage` (reached it
    /// and no later stage); `channel` is then left out.
    pub dropped: Option<bool>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub store_id: Option<i64>,
    pub segment: Option<Segment>,
    pub page: Option<u32>,
    pub page_size: Option<u32>,
}

impl JourneyCellQuery {
    pub fn filters(&self) -> JourneyQuery {
        JourneyQuery { from: self.from, to: self.to, store_id: self.store_id, segment: self.segment }
    }
}

/// Journeys that touched `stage` on `channel`, and how many went on to the next stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MatrixCell {
    pub stage: Stage,
    pub channel: Channel,
    pub journeys: u64,
    pub reached_next: u64,
    /// reached_next ÷ journeys; `null` at the last stage or without journeys. Drop-off is 1 − this.
    pub conversion: Option<f64>,
}

/// A stage over all channels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StageFlow {
    pub stage: Stage,
    pub journeys: u64,
    pub reached_next: u64,
    pub conversion: Option<f64>,
    /// Median hours from the first touch of this stage to the first of the next.
    pub median_hours_to_next: Option<f64>,
}

/// Promises kept ÷ settled (kept + broken) for one store or channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ConsistencyRow {
    /// Store id (by store) or channel (by channel); `null` store = customers without a home store.
    pub store_id: Option<i64>,
    pub channel: Option<Channel>,
    /// Store name or channel code.
    pub label: String,
    pub kept: u64,
    pub broken: u64,
    pub pending: u64,
    pub consistency: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct JourneyMatrix {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub journeys: u64,
    /// Every stage × channel with at least one journey.
    pub cells: Vec<MatrixCell>,
    pub stages: Vec<StageFlow>,
    /// Journeys that began with an online pre-decision touch.
    pub online_inquiries: u64,
    /// Of those, journeys booked in a store or through the call centre.
    pub offline_purchases: u64,
    pub online_to_offline: Option<f64>,
    pub promises_kept: u64,
    pub promises_broken: u64,
    pub promises_pending: u64,
    /// Service consistency: kept ÷ (kept + broken).
    pub consistency: Option<f64>,
    pub consistency_by_store: Vec<ConsistencyRow>,
    pub consistency_by_channel: Vec<ConsistencyRow>,
    pub computed_at: DateTime<Utc>,
}
