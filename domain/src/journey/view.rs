//! From stored rows (touchpoints, orders) to journeys: the map a customer's page draws, and the
//! rows kept for the aggregate views. Both go through the same rules.

use chrono::{DateTime, Utc};

use super::{assign_stage, build_journeys, facts, JourneyFacts, PromiseStatus, Touch, Trip};
use crate::dto::{CustomerJourney, Order, PromiseCheck, Touchpoint};
use crate::model::{Channel, OrderStatus};

struct Prepared<'a> {
    /// Oldest order first, in step with `trips`.
    orders: Vec<&'a Order>,
    trips: Vec<Trip>,
    touches: Vec<Touch<'a>>,
}

fn prepare<'a>(touchpoints: &'a [Touchpoint], orders: &'a [Order]) -> Prepared<'a> {
    let mut orders: Vec<&Order> = orders.iter().collect();
    orders.sort_by_key(|o| (o.ordered_at, o.id));
    let trips: Vec<Trip> = orders
        .iter()
        .map(|o| Trip {
            order_id: o.id,
            channel: o.channel,
            ordered_at: o.ordered_at,
            departure: o.departure,
            return_date: o.return_date,
            cancelled: o.status == OrderStatus::Cancelled,
        })
        .collect();
    let touches = touchpoints
        .iter()
        .map(|t| Touch {
            channel: t.channel,
            stage: assign_stage(&t.kind, t.stage, t.occurred_at, &trips),
            kind: &t.kind,
            at: t.occurred_at,
            promise: t.promise.as_deref(),
            fulfils: t.fulfils.as_deref(),
            kept: t.kept,
        })
        .collect();
    Prepared { orders, trips, touches }
}

/// Gives each touchpoint the stage it has on the journey map (rule 1), so the timeline and
/// the map agree.
pub fn restage(touchpoints: &mut [Touchpoint], orders: &[Order]) {
    let trips = prepare(&[], orders).trips;
    for t in touchpoints.iter_mut() {
        t.stage = assign_stage(&t.kind, t.stage, t.occurred_at, &trips);
    }
}

/// A customer's journeys for the map: the unbooked one first, then the newest trip first.
pub fn customer_journeys(touchpoints: &[Touchpoint], orders: &[Order], now: DateTime<Utc>) -> Vec<CustomerJourney> {
    let p = prepare(touchpoints, orders);
    let mut out: Vec<CustomerJourney> = build_journeys(&p.touches, &p.trips, now)
        .into_iter()
        .map(|j| {
            let promises: Vec<PromiseCheck> = j
                .promises
                .iter()
                .map(|pair| PromiseCheck {
                    promise_touchpoint_id: touchpoints[pair.promise].id,
                    delivery_touchpoint_id: pair.delivery.map(|d| touchpoints[d].id),
                    promise: touchpoints[pair.promise].promise.clone().unwrap_or_default(),
                    status: pair.status,
                })
                .collect();
            CustomerJourney {
                key: j.trip.map_or_else(|| "unbooked".to_string(), |t| format!("order-{}", p.orders[t].id)),
                order: j.trip.map(|t| p.orders[t].clone()),
                touchpoints: j.touches.iter().map(|&i| Touchpoint { stage: p.touches[i].stage, ..touchpoints[i].clone() }).collect(),
                broken_promises: promises.iter().filter(|x| x.status == PromiseStatus::Broken).count() as u32,
                promises,
                delivered_here: Vec::new(),
            }
        })
        .collect();
    let all: Vec<PromiseCheck> = out.iter().flat_map(|j| j.promises.iter().cloned()).collect();
    for j in &mut out {
        let (own, seen): (Vec<i64>, Vec<i64>) =
            (j.promises.iter().map(|p| p.promise_touchpoint_id).collect(), j.touchpoints.iter().map(|t| t.id).collect());
        j.delivered_here = all
            .iter()
            .filter(|p| !own.contains(&p.promise_touchpoint_id) && p.delivery_touchpoint_id.is_some_and(|d| seen.contains(&d)))
            .cloned()
            .collect();
    }
    out.reverse();
    out
}

/// A promise as kept for the consistency figures.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPromise {
    pub touchpoint_id: i64,
    /// Where the promise was made.
    pub channel: Channel,
    pub status: PromiseStatus,
}

/// One journey as kept for the aggregate views.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredJourney {
    pub order_id: Option<i64>,
    pub facts: JourneyFacts,
    pub promises: Vec<StoredPromise>,
}

pub fn stored_journeys(touchpoints: &[Touchpoint], orders: &[Order], now: DateTime<Utc>) -> Vec<StoredJourney> {
    let p = prepare(touchpoints, orders);
    build_journeys(&p.touches, &p.trips, now)
        .iter()
        .map(|j| StoredJourney {
            order_id: j.trip.map(|t| p.trips[t].order_id),
            facts: facts(j, &p.touches, &p.trips),
            promises: j
                .promises
                .iter()
                .filter(|x| x.status != PromiseStatus::Void)
                .map(|x| StoredPromise { touchpoint_id: touchpoints[x.promise].id, channel: touchpoints[x.promise].channel, status: x.status })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ProductKind, Stage};
    use chrono::{NaiveDate, TimeZone};

    fn tp(id: i64, kind: &str, stage: Stage, day: u32) -> Touchpoint {
        Touchpoint {
            id,
            channel: Channel::Store,
            stage,
            kind: kind.into(),
            occurred_at: Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap(),
            summary: String::new(),
            sentiment: None,
            promise: None,
            fulfils: None,
            kept: None,
        }
    }

    #[test]
    fn the_map_restages_floating_touches_and_lists_newest_first() {
        let order = Order {
            id: 7,
            product: ProductKind::Tour,
            title: "三亚5日游".into(),
            destination: "三亚".into(),
            channel: Channel::Store,
            status: OrderStatus::Completed,
            amount_fen: 500_000,
            ordered_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            departure: NaiveDate::from_ymd_opt(2026, 3, 10),
            return_date: NaiveDate::from_ymd_opt(2026, 3, 14),
            air: None,
            travellers: Vec::new(),
        };
        let mut quote = tp(1, "quote", Stage::Booking, 1);
        quote.promise = Some("海景房".into());
        let mut delivery = tp(3, "delivery", Stage::PostTrip, 10);
        delivery.fulfils = Some("海景房".into());
        delivery.kept = Some(true);
        let touchpoints = vec![quote, tp(2, "complaint", Stage::PostTrip, 11), delivery, tp(4, "search", Stage::PreDecision, 28)];
        let now = Utc.with_ymd_and_hms(2026, 4, 30, 0, 0, 0).unwrap();
        let journeys = customer_journeys(&touchpoints, &[order.clone()], now);
        assert_eq!(journeys.iter().map(|j| j.key.as_str()).collect::<Vec<_>>(), ["unbooked", "order-7"]);
        let trip = &journeys[1];
        assert_eq!(trip.touchpoints.iter().map(|t| t.id).collect::<Vec<_>>(), [1, 3, 2], "oldest first");
        assert_eq!(trip.touchpoints[2].stage, Stage::InTrip, "a complaint during the trip is in-trip");
        assert_eq!(trip.promises[0].delivery_touchpoint_id, Some(3));
        assert_eq!((trip.promises[0].status, trip.broken_promises), (PromiseStatus::Kept, 0));
        let stored = stored_journeys(&touchpoints, &[order], now);
        assert_eq!(stored[0].order_id, Some(7));
        assert_eq!(stored[0].promises, vec![StoredPromise { touchpoint_id: 1, channel: Channel::Store, status: PromiseStatus::Kept }]);
        assert_eq!(stored[1].order_id, None);
        assert!(journeys.iter().all(|j| j.delivered_here.is_empty()), "promise and delivery share the trip");
    }

    #[test]
    fn a_delivery_on_another_trip_is_marked_there() {
        let order = |id: i64, dep: u32| Order {
            id,
            product: ProductKind::Hotel,
            title: format!("订单{id}"),
            destination: "三亚".into(),
            channel: Channel::Store,
            status: OrderStatus::Completed,
            amount_fen: 1,
            ordered_at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap(),
            departure: NaiveDate::from_ymd_opt(2026, 3, dep),
            return_date: NaiveDate::from_ymd_opt(2026, 3, dep + 2),
            air: None,
            travellers: Vec::new(),
        };
        let mut quote = tp(1, "quote", Stage::Booking, 2);
        quote.promise = Some("接送机".into());
        let mut delivery = tp(2, "delivery", Stage::InTrip, 20);
        delivery.fulfils = Some("接送机".into());
        delivery.kept = Some(true);
        let now = Utc.with_ymd_and_hms(2026, 4, 30, 0, 0, 0).unwrap();
        let journeys = customer_journeys(&[quote, delivery], &[order(1, 10), order(2, 20)], now);
        let second = journeys.iter().find(|j| j.key == "order-2").unwrap();
        assert_eq!(second.delivered_here.len(), 1);
        assert_eq!(second.delivered_here[0].promise_touchpoint_id, 1);
    }
}
