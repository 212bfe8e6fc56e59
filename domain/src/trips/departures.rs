//! The Departures desk: each store's bookings leaving in the next days, and what still stands
//! between each and the airport (documents, payment, promises made along the way).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::documents::DocumentGap;
use crate::model::OrderStatus;

/// How far ahead the desk looks.
pub const DAYS_AHEAD: i64 = 14;

/// One traveller of a departure and what their documents lack (a domestic trip: nothing).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DepartureTraveller {
    pub customer_id: i64,
    pub name: String,
    pub gaps: Vec<DocumentGap>,
}

string_enum! {
    /// What keeps a departure from being ready.
    pub enum NotReady { Documents = "documents", Unpaid = "unpaid", OpenPromises = "open_promises" }
}

/// A booking leaving soon, with its readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Departure {
    pub order_id: i64,
    pub title: String,
    pub destination: String,
    /// ISO country when the trip leaves the mainland.
    pub country: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub departs_on: NaiveDate,
    pub store_id: Option<i64>,
    pub store_name: Option<String>,
    pub booker_id: i64,
    pub booker_name: String,
    pub status: OrderStatus,
    /// Promises made to the booker on this journey and not delivered yet.
    pub open_promises: i64,
    /// The booking's travellers (the booker alone when it listed none).
    pub travellers: Vec<DepartureTraveller>,
    /// Empty when the departure is ready.
    pub not_ready: Vec<NotReady>,
}

/// What keeps a departure from being ready: a traveller's document gap, a booking not paid
/// (quoted or only booked), a promise still open.
pub fn not_ready(status: OrderStatus, open_promises: i64, travellers: &[DepartureTraveller]) -> Vec<NotReady> {
    let mut why = Vec::new();
    if travellers.iter().any(|t| !t.gaps.is_empty()) {
        why.push(NotReady::Documents);
    }
    if matches!(status, OrderStatus::Quoted | OrderStatus::Booked) {
        why.push(NotReady::Unpaid);
    }
    if open_promises > 0 {
        why.push(NotReady::OpenPromises);
    }
    why
}

/// `GET /api/v1/departures` filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeparturesQuery {
    /// One store's departures (managers; staff always see their own store's).
    #[serde(default)]
    pub store_id: Option<i64>,
}

/// The departures of one page, as the API answers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Departures {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub until: NaiveDate,
    pub items: Vec<Departure>,
    /// How many of them are ready.
    pub ready: usize,
    /// More bookings leave in the period than a page holds (the first ones are listed): a
    /// store's list is shorter.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trips::documents::DocumentKind;

    fn traveller(gaps: usize) -> DepartureTraveller {
        let gap = DocumentGap { kind: DocumentKind::Passport, expires_on: None, needed_until: "2027-08-08".parse().unwrap() };
        DepartureTraveller { customer_id: 1, name: "李雷".into(), gaps: vec![gap; gaps] }
    }

    #[test]
    fn a_departure_is_ready_when_paid_documented_and_nothing_is_promised() {
        assert_eq!(not_ready(OrderStatus::Paid, 0, &[traveller(0), traveller(0)]), vec![]);
        assert_eq!(not_ready(OrderStatus::Paid, 0, &[traveller(0), traveller(1)]), vec![NotReady::Documents]);
        assert_eq!(not_ready(OrderStatus::Booked, 2, &[traveller(0)]), vec![NotReady::Unpaid, NotReady::OpenPromises]);
        assert_eq!(not_ready(OrderStatus::Quoted, 0, &[]), vec![NotReady::Unpaid]);
    }
}
