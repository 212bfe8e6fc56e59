//! Journeys (客户旅程): which trip each touchpoint belongs to, at which stage, and whether the
//! promises made before the trip were delivered.
//!
//! Rules, in the order they apply:
//! 1. **Stage.** Most event types have a fixed stage (search → pre-decision, quote → booking,
//!    review → post-trip). *Floating* types (visit, complaint, feedback, care, delivery,
//!    community activity) take their stage from where they fall against a trip: between order
//!    and departure → pre-trip; departure to return → in-trip; up to [`POST_TRIP_DAYS`] after
//!    return → post-trip. Outside every trip they keep their type's default.
//! 2. **Journey.** Each order is one journey, keyed to its departure and return dates.
//!    Pre-decision touches belong to the next order placed within [`PLANNING_DAYS`]; booking
//!    touches to the order placed nearest in time (within [`BOOKING_DAYS`]); later stages to the
//!    trip whose window holds them (the latest order before them otherwise). Anything left is
//!    the customer's *unbooked* journey: interest that has not (yet) become a trip.
//! 3. **Promises.** A touchpoint carrying a promise is paired with the first later touchpoint
//!    (in any of the customer's journeys) that says it `fulfils` the same promise (compared trimmed,
//!    case- and space-insensitive). Delivered with `kept = false` → broken. No delivery by
//!    [`DELIVERY_GRACE_DAYS`] after return → broken. Trip not over yet → pending. Cancelled or
//!    never-booked journeys → void (nothing was owed).

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::model::{Channel, Stage};

mod view;
pub use view::*;

pub const PLANNING_DAYS: i64 = 60;
pub const BOOKING_DAYS: i64 = 7;
pub const POST_TRIP_DAYS: i64 = 30;
pub const DELIVERY_GRACE_DAYS: i64 = 7;

/// Event types whose stage depends on when they happen relative to a trip.
/// A refund quoted on a change or refund case floats too: it belongs to the trip it refunds.
const FLOATING_KINDS: &[&str] = &["visit", "complaint", "feedback", "care", "delivery", "community_join", "event_attend", "refund_quote"];

string_enum! {
    /// Outcome of a promise made to a customer.
    pub enum PromiseStatus { Kept = "kept", Broken = "broken", Pending = "pending", Void = "void" }
}

/// An order seen as the frame of a journey.
#[derive(Debug, Clone, PartialEq)]
pub struct Trip {
    pub order_id: i64,
    pub channel: Channel,
    pub ordered_at: DateTime<Utc>,
    pub departure: Option<NaiveDate>,
    pub return_date: Option<NaiveDate>,
    pub cancelled: bool,
}

impl Trip {
    fn departs(&self) -> Option<DateTime<Utc>> {
        self.departure.map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc())
    }

    /// End of the return day.
    fn returns(&self) -> Option<DateTime<Utc>> {
        self.return_date.or(self.departure).map(|d| d.and_hms_opt(0, 0, 0).expect("midnight").and_utc() + Duration::days(1))
    }

    /// Where `at` falls inside this trip's window, if it does.
    fn position(&self, at: DateTime<Utc>) -> Option<Stage> {
        if self.cancelled || at < self.ordered_at {
            return None;
        }
        let (dep, ret) = (self.departs()?, self.returns()?);
        if at < dep {
            Some(Stage::PreTrip)
        } else if at < ret {
            Some(Stage::InTrip)
        } else if at < ret + Duration::days(POST_TRIP_DAYS) {
            Some(Stage::PostTrip)
        } else {
            None
        }
    }

    /// Whether a promise for this trip can no longer be delivered.
    fn settled(&self, now: DateTime<Utc>) -> bool {
        self.returns().is_some_and(|r| r + Duration::days(DELIVERY_GRACE_DAYS) <= now)
    }
}

/// One touchpoint as the journey rules see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Touch<'a> {
    pub channel: Channel,
    /// The stage the event type gives (or the stored stage).
    pub stage: Stage,
    pub kind: &'a str,
    pub at: DateTime<Utc>,
    pub promise: Option<&'a str>,
    pub fulfils: Option<&'a str>,
    pub kept: Option<bool>,
}

/// Rule 1: the stage of a touchpoint of `kind` at `at`, given the customer's trips.
pub fn assign_stage(kind: &str, default: Stage, at: DateTime<Utc>, trips: &[Trip]) -> Stage {
    if !FLOATING_KINDS.contains(&kind) {
        return default;
    }
    // the latest-ordered trip holding this moment wins (a trip booked during another trip)
    trips.iter().filter_map(|t| t.position(at).map(|s| (t.ordered_at, s))).max_by_key(|(o, _)| *o).map_or(default, |(_, s)| s)
}

/// Rule 2: the index (into `trips`) of the journey a touchpoint belongs to; `None` = unbooked.
pub fn journey_of(stage: Stage, at: DateTime<Utc>, trips: &[Trip]) -> Option<usize> {
    let by = |pick: &dyn Fn(&Trip) -> Option<i64>| trips.iter().enumerate().filter_map(|(i, t)| pick(t).map(|k| (k, i))).min().map(|(_, i)| i);
    match stage {
        Stage::PreDecision => by(&|t| {
            let ahead = (t.ordered_at - at).num_seconds();
            (ahead >= 0 && ahead <= PLANNING_DAYS * 86_400).then_some(ahead)
        }),
        Stage::Booking => by(&|t| {
            let gap = (t.ordered_at - at).num_seconds().abs();
            (gap <= BOOKING_DAYS * 86_400).then_some(gap)
        }),
        later => {
            // a trip whose window holds the touch at exactly this stage, then any window, then the latest order
            let rank = |t: &Trip| match t.position(at) {
                Some(s) if s == later => Some(0),
                Some(_) => Some(1),
                None if !t.cancelled && t.ordered_at <= at => Some(2),
                None => None,
            };
            by(&|t| rank(t).map(|r| r * 10_i64.pow(12) - t.ordered_at.timestamp()))
        }
    }
}

/// Rule 3 over a customer's touches in time order. `trip_of(i)` is the trip of the journey
/// touch `i` belongs to: it decides whether an undelivered promise is still owed. Deliveries
/// are looked for across all journeys, since one booking session can open several trips.
pub fn pair_promises<'t>(touches: &[Touch], trip_of: impl Fn(usize) -> Option<&'t Trip>, now: DateTime<Utc>) -> Vec<PromisePair> {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let mut used = vec![false; touches.len()];
    let mut pairs = Vec::new();
    for (i, t) in touches.iter().enumerate() {
        let Some(promise) = t.promise.map(norm) else { continue };
        // at or after the promise: a delivery recorded in the same second may sort before it
        let delivery = (0..touches.len())
            .find(|&j| j != i && !used[j] && touches[j].at >= t.at && touches[j].fulfils.map(norm).as_deref() == Some(promise.as_str()));
        if let Some(j) = delivery {
            used[j] = true;
        }
        let status = match (trip_of(i), delivery) {
            (None, _) => PromiseStatus::Void,
            (Some(trip), _) if trip.cancelled => PromiseStatus::Void,
            (_, Some(j)) if touches[j].kept == Some(false) => PromiseStatus::Broken,
            (_, Some(_)) => PromiseStatus::Kept,
            (Some(trip), None) if trip.settled(now) => PromiseStatus::Broken,
            (Some(_), None) => PromiseStatus::Pending,
        };
        pairs.push(PromisePair { promise: i, delivery, status });
    }
    pairs
}

/// A promise (index into the journey's touches) and its delivery, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromisePair {
    pub promise: usize,
    pub delivery: Option<usize>,
    pub status: PromiseStatus,
}

/// One journey: a trip (or the unbooked remainder) and its touches (indices into the input).
#[derive(Debug, Clone, PartialEq)]
pub struct Journey {
    /// Index into `trips`; `None` for the unbooked journey.
    pub trip: Option<usize>,
    pub touches: Vec<usize>,
    /// Indices here are into the input touches too.
    pub promises: Vec<PromisePair>,
}

/// Rules 2 and 3 over a customer's touchpoints (any order; stages already assigned).
/// Journeys follow the trips' order; the unbooked one, if any, comes last.
pub fn build_journeys(touches: &[Touch], trips: &[Trip], now: DateTime<Utc>) -> Vec<Journey> {
    let mut order: Vec<usize> = (0..touches.len()).collect();
    order.sort_by_key(|&i| touches[i].at);
    let slot: Vec<usize> = order.iter().map(|&i| journey_of(touches[i].stage, touches[i].at, trips).unwrap_or(trips.len())).collect();
    let mut journeys: Vec<Journey> =
        (0..=trips.len()).map(|t| Journey { trip: (t < trips.len()).then_some(t), touches: Vec::new(), promises: Vec::new() }).collect();
    for (k, &i) in order.iter().enumerate() {
        journeys[slot[k]].touches.push(i);
    }
    let sorted: Vec<Touch> = order.iter().map(|&i| touches[i].clone()).collect();
    for p in pair_promises(&sorted, |k| trips.get(slot[k]), now) {
        journeys[slot[p.promise]].promises.push(PromisePair { promise: order[p.promise], delivery: p.delivery.map(|d| order[d]), ..p });
    }
    journeys.retain(|j| j.trip.is_some() || !j.touches.is_empty());
    journeys
}

/// Stage × channel cells fit in one 64-bit mask: bit = stage × 12 + channel.
pub const CHANNEL_SLOTS: usize = 12;

pub fn stage_index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).expect("stage")
}

pub fn cell_bit(stage: Stage, channel: Channel) -> u32 {
    let c = Channel::ALL.iter().position(|x| *x == channel).expect("channel");
    (stage_index(stage) * CHANNEL_SLOTS + c) as u32
}

/// Every cell of `stage`, on any channel.
pub fn stage_bits(stage: Stage) -> u64 {
    ((1u64 << CHANNEL_SLOTS) - 1) << (stage_index(stage) * CHANNEL_SLOTS)
}

/// Every cell of the stages after `stage`.
pub fn later_bits(stage: Stage) -> u64 {
    let end = Stage::ALL.len() * CHANNEL_SLOTS;
    let from = (stage_index(stage) + 1) * CHANNEL_SLOTS;
    ((1u64 << end) - 1) & !((1u64 << from) - 1)
}

/// Whether a journey that touched `cells` stopped at `stage`: it reached the stage and no later
/// one (the funnel's drop-off). Nobody drops off the last stage: that is the journey's end.
pub fn dropped_at(cells: u64, stage: Stage) -> bool {
    later_bits(stage) != 0 && cells & stage_bits(stage) != 0 && cells & later_bits(stage) == 0
}

/// What the aggregate views need of one journey, precomputed when it changes.
#[derive(Debug, Clone, PartialEq)]
pub struct JourneyFacts {
    pub started_at: DateTime<Utc>,
    /// Bit [`cell_bit`] set when the journey touched that stage on that channel.
    pub cells: u64,
    /// First touch in each stage, in [`Stage::ALL`] order.
    pub first_at: [Option<DateTime<Utc>>; 5],
    /// Began with an online pre-decision touch.
    pub online_inquiry: bool,
    /// Booked (not cancelled) through a store or the call centre.
    pub offline_purchase: bool,
}

pub fn facts(journey: &Journey, touches: &[Touch], trips: &[Trip]) -> JourneyFacts {
    let trip = journey.trip.map(|t| &trips[t]);
    let mut f = JourneyFacts {
        started_at: trip.map_or(DateTime::<Utc>::MAX_UTC, |t| t.ordered_at),
        cells: 0,
        first_at: [None; 5],
        online_inquiry: false,
        offline_purchase: trip.is_some_and(|t| !t.cancelled && !t.channel.is_online()),
    };
    for t in journey.touches.iter().map(|&i| &touches[i]) {
        f.started_at = f.started_at.min(t.at);
        f.cells |= 1 << cell_bit(t.stage, t.channel);
        let first = &mut f.first_at[stage_index(t.stage)];
        *first = Some(first.map_or(t.at, |x| x.min(t.at)));
        f.online_inquiry |= t.stage == Stage::PreDecision && t.channel.is_online();
    }
    if trip.is_some() && f.first_at[stage_index(Stage::Booking)].is_none() {
        // an order with no booking touch (imported) still reached booking
        let t = trip.unwrap();
        f.first_at[stage_index(Stage::Booking)] = Some(t.ordered_at);
        f.cells |= 1 << cell_bit(Stage::Booking, t.channel);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, day, hour, 0, 0).unwrap()
    }

    fn trip(id: i64, ordered: u32, dep: u32, ret: u32) -> Trip {
        Trip {
            order_id: id,
            channel: Channel::Store,
            ordered_at: at(ordered, 10),
            departure: NaiveDate::from_ymd_opt(2026, 5, dep),
            return_date: NaiveDate::from_ymd_opt(2026, 5, ret),
            cancelled: false,
        }
    }

    fn touch(kind: &str, stage: Stage, channel: Channel, when: DateTime<Utc>) -> Touch<'_> {
        Touch { channel, stage, kind, at: when, promise: None, fulfils: None, kept: None }
    }

    #[test]
    fn floating_kinds_take_their_stage_from_the_trip_window() {
        let trips = [trip(1, 5, 10, 14)];
        let s = |d, h| assign_stage("complaint", Stage::PostTrip, at(d, h), &trips);
        assert_eq!(s(1, 9), Stage::PostTrip, "before the order: the type's default");
        assert_eq!(s(7, 9), Stage::PreTrip);
        assert_eq!(s(10, 0), Stage::InTrip, "departure day counts as in-trip");
        assert_eq!(s(14, 23), Stage::InTrip, "the whole return day too");
        assert_eq!(s(15, 0), Stage::PostTrip);
        assert_eq!(assign_stage("review", Stage::PostTrip, at(11, 0), &trips), Stage::PostTrip, "fixed kinds keep theirs");
        assert_eq!(assign_stage("visit", Stage::PreDecision, at(12, 0), &trips), Stage::InTrip);
        let cancelled = [Trip { cancelled: true, ..trip(1, 5, 10, 14) }];
        assert_eq!(assign_stage("care", Stage::PreTrip, at(12, 0), &cancelled), Stage::PreTrip);
    }

    #[test]
    fn touches_join_the_journey_of_their_trip() {
        let trips = [trip(1, 5, 10, 12), trip(2, 20, 25, 28)];
        assert_eq!(journey_of(Stage::PreDecision, at(1, 0), &trips), Some(0));
        assert_eq!(journey_of(Stage::PreDecision, at(6, 0), &trips), Some(1), "after order 1: planning the next trip");
        assert_eq!(journey_of(Stage::Booking, at(19, 0), &trips), Some(1), "quote the day before order 2");
        assert_eq!(journey_of(Stage::InTrip, at(11, 0), &trips), Some(0));
        assert_eq!(journey_of(Stage::PostTrip, at(22, 0), &trips), Some(0), "review while trip 2 is booked");
        assert_eq!(journey_of(Stage::PostTrip, at(30, 0), &trips), Some(1));
        // nothing booked within the planning window
        let late = [trip(1, 5, 10, 12)];
        assert_eq!(journey_of(Stage::PreDecision, at(20, 0), &late), None);
    }

    #[test]
    fn promises_pair_with_their_delivery() {
        let t = trip(1, 5, 10, 12);
        let mut quote = touch("quote", Stage::Booking, Channel::Douyin, at(4, 0));
        quote.promise = Some("定制 行程 含私人导游");
        let mut price = touch("quote", Stage::Booking, Channel::Ctrip, at(4, 1));
        price.promise = Some("价格保证");
        let mut delivered = touch("delivery", Stage::InTrip, Channel::Store, at(10, 2));
        delivered.fulfils = Some(" 定制  行程 含私人导游 ");
        delivered.kept = Some(false);
        let touches = [quote, price, delivered];
        let during = pair_promises(&touches, |_| Some(&t), at(11, 0));
        assert_eq!(during[0], PromisePair { promise: 0, delivery: Some(2), status: PromiseStatus::Broken });
        assert_eq!(during[1].status, PromiseStatus::Pending, "trip not over: still deliverable");
        let after = pair_promises(&touches, |_| Some(&t), at(30, 0));
        assert_eq!(after[1], PromisePair { promise: 1, delivery: None, status: PromiseStatus::Broken });
        let mut kept = touches.clone();
        kept[2].kept = Some(true);
        assert_eq!(pair_promises(&kept, |_| Some(&t), at(30, 0))[0].status, PromiseStatus::Kept);
        assert_eq!(pair_promises(&touches, |_| None, at(30, 0))[0].status, PromiseStatus::Void, "never booked");
    }

    #[test]
    fn a_delivery_before_the_promise_does_not_count() {
        let t = trip(1, 5, 10, 12);
        let mut early = touch("delivery", Stage::InTrip, Channel::Store, at(3, 0));
        early.fulfils = Some("接送机");
        let mut quote = touch("quote", Stage::Booking, Channel::Wechat, at(4, 0));
        quote.promise = Some("接送机");
        assert_eq!(pair_promises(&[early, quote], |_| Some(&t), at(30, 0))[0].delivery, None);
    }

    #[test]
    fn a_promise_is_delivered_on_a_trip_booked_in_the_same_session() {
        // two trips ordered at the same moment: the quote joins the first, the delivery the second
        let trips = [trip(1, 5, 10, 12), trip(2, 5, 20, 22)];
        let mut quote = touch("quote", Stage::Booking, Channel::Store, at(5, 8));
        quote.promise = Some("接送机");
        let mut delivered = touch("delivery", Stage::InTrip, Channel::Store, at(20, 9));
        delivered.fulfils = Some("接送机");
        delivered.kept = Some(true);
        let journeys = build_journeys(&[quote, delivered], &trips, at(30, 0));
        assert_eq!((journeys[0].touches.clone(), journeys[1].touches.clone()), (vec![0], vec![1]));
        assert_eq!(journeys[0].promises, vec![PromisePair { promise: 0, delivery: Some(1), status: PromiseStatus::Kept }]);
    }

    #[test]
    fn journeys_and_their_facts() {
        let trips = [trip(1, 5, 10, 12)];
        let touches = [
            touch("search", Stage::PreDecision, Channel::Ctrip, at(1, 0)),
            touch("order", Stage::Booking, Channel::Store, at(5, 10)),
            touch("trip_start", Stage::InTrip, Channel::Store, at(10, 8)),
            touch("browse", Stage::PreDecision, Channel::Douyin, at(28, 0)),
        ];
        let journeys = build_journeys(&touches, &trips, at(30, 0));
        assert_eq!(journeys.len(), 2);
        assert_eq!(journeys[0].touches, vec![0, 1, 2]);
        assert_eq!((journeys[1].trip, journeys[1].touches.clone()), (None, vec![3]));
        let f = facts(&journeys[0], &touches, &trips);
        assert_eq!(f.started_at, at(1, 0));
        assert!(f.online_inquiry && f.offline_purchase);
        assert_eq!(f.cells.count_ones(), 3);
        assert_ne!(f.cells & (1 << cell_bit(Stage::InTrip, Channel::Store)), 0);
        assert_eq!(f.first_at[stage_index(Stage::PostTrip)], None);
        // a trip with no touches still is a journey that reached booking
        let bare = build_journeys(&[], &trips, at(30, 0));
        assert_eq!(facts(&bare[0], &[], &trips).first_at[1], Some(at(5, 10)));
    }

    #[test]
    fn every_cell_has_its_own_bit() {
        assert!(Channel::ALL.len() <= CHANNEL_SLOTS);
        let bits: std::collections::HashSet<u32> =
            Stage::ALL.iter().flat_map(|s| Channel::ALL.iter().map(move |c| cell_bit(*s, *c))).collect();
        assert_eq!(bits.len(), Stage::ALL.len() * Channel::ALL.len());
        assert!(bits.iter().all(|b| *b < 64));
    }
}
