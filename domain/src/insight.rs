//! What staff should know before and while serving a customer, read off the history:
//! the "before the customer arrives" digest and inferred travel preferences.

use chrono::{DateTime, Duration, Utc};

use crate::dto::{Order, Touchpoint};
use crate::model::{OrderStatus, Segment};

/// How far back the before-arrival digest looks.
pub const BEFORE_ARRIVAL_DAYS: i64 = 90;

/// Touchpoint kinds that say what the customer was considering.
const INTEREST_KINDS: &[&str] = &["browse", "search", "inquiry", "quote", "wishlist", "coupon", "consultation"];

/// Online interest in the last 90 days, newest first: what they looked at, asked, or were
/// quoted or promised, so nobody in the store asks twice. Anything carrying a promise counts,
/// whatever its kind.
pub fn before_arrival(touchpoints: &[Touchpoint], now: DateTime<Utc>) -> Vec<Touchpoint> {
    let since = now - Duration::days(BEFORE_ARRIVAL_DAYS);
    let mut out: Vec<Touchpoint> = touchpoints
        .iter()
        .filter(|t| t.occurred_at >= since && t.occurred_at <= now && t.channel.is_online())
        .filter(|t| t.promise.is_some() || INTEREST_KINDS.contains(&t.kind.as_str()))
        .cloned()
        .collect();
    out.sort_by(|a, b| b.occurred_at.cmp(&a.occurred_at));
    out
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    /// Most booked destinations first (at most three).
    pub destinations: Vec<String>,
    pub budget: Option<Budget>,
    pub companions: Companions,
}

string_enum! {
    /// Typical spend per paid order: economy < ¥3,000 ≤ mid-range < ¥10,000 ≤ premium.
    pub enum Budget { Economy = "economy", MidRange = "mid_range", Premium = "premium" }
}

string_enum! {
    /// Who usually travels with the customer: from the bookings' travellers, else the segment.
    pub enum Companions { Solo = "solo", Family = "family", Partner = "partner", Friends = "friends" }
}

/// `from_bookings` is who usually travels with the customer as their bookings' travellers tell
/// it ([`crate::trips::travellers::companions`]); without it, the segment's usual company.
pub fn preferences(orders: &[Order], segment: Segment, from_bookings: Option<Companions>) -> Preferences {
    let paid: Vec<&Order> = orders.iter().filter(|o| matches!(o.status, OrderStatus::Paid | OrderStatus::Completed)).collect();
    let mut counts: Vec<(String, usize, DateTime<Utc>)> = Vec::new();
    for o in &paid {
        match counts.iter_mut().find(|(d, _, _)| *d == o.destination) {
            Some(entry) => {
                entry.1 += 1;
                entry.2 = entry.2.max(o.ordered_at);
            }
            None => counts.push((o.destination.clone(), 1, o.ordered_at)),
        }
    }
    // most often first; ties go to the most recent
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
    let budget = (!paid.is_empty()).then(|| {
        let average_yuan = paid.iter().map(|o| o.amount_fen).sum::<i64>() / paid.len() as i64 / 100;
        match average_yuan {
            a if a >= 10_000 => Budget::Premium,
            a if a >= 3_000 => Budget::MidRange,
            _ => Budget::Economy,
        }
    });
    let companions = from_bookings.unwrap_or(match segment {
        Segment::Family => Companions::Family,
        Segment::Business => Companions::Solo,
        Segment::Silver => Companions::Partner,
        Segment::GenZ => Companions::Friends,
        Segment::Leisure => Companions::Partner,
    });
    Preferences { destinations: counts.into_iter().take(3).map(|c| c.0).collect(), budget, companions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, ProductKind, Stage};

    fn tp(days_ago: i64, channel: Channel, kind: &str, promise: Option<&str>, now: DateTime<Utc>) -> Touchpoint {
        Touchpoint {
            id: days_ago,
            channel,
            stage: Stage::PreDecision,
            kind: kind.into(),
            occurred_at: now - Duration::days(days_ago),
            summary: String::new(),
            sentiment: None,
            promise: promise.map(Into::into),
            fulfils: None,
            kept: None,
        }
    }

    #[test]
    fn before_arrival_keeps_recent_online_interest_and_promises() {
        let now = Utc::now();
        let tps = vec![
            tp(5, Channel::Ctrip, "inquiry", None, now),
            tp(10, Channel::Store, "consultation", None, now),        // offline: staff know it
            tp(20, Channel::Wechat, "review", Some("海景房升级"), now), // carries a promise
            tp(30, Channel::Douyin, "share", None, now),              // not interest
            tp(120, Channel::Fliggy, "quote", None, now),             // too old
            tp(2, Channel::App, "browse", None, now),
        ];
        let ids: Vec<i64> = before_arrival(&tps, now).iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![2, 5, 20]);
    }

    fn order(dest: &str, yuan: i64, status: OrderStatus, days_ago: i64) -> Order {
        Order {
            id: 0,
            product: ProductKind::Tour,
            title: String::new(),
            destination: dest.into(),
            channel: Channel::Ctrip,
            status,
            amount_fen: yuan * 100,
            ordered_at: Utc::now() - Duration::days(days_ago),
            departure: None,
            return_date: None,
            air: None,
            travellers: Vec::new(),
        }
    }

    #[test]
    fn preferences_from_paid_orders() {
        let orders = vec![
            order("三亚", 4_000, OrderStatus::Completed, 300),
            order("东京", 8_000, OrderStatus::Completed, 200),
            order("三亚", 5_000, OrderStatus::Paid, 10),
            order("巴黎", 90_000, OrderStatus::Cancelled, 5),
            order("丽江", 3_000, OrderStatus::Completed, 100),
        ];
        let p = preferences(&orders, Segment::Family, None);
        assert_eq!(p.destinations, vec!["三亚", "丽江", "东京"]);
        assert_eq!(p.budget, Some(Budget::MidRange)); // (4k + 8k + 5k + 3k) / 4 = 5k
        assert_eq!(p.companions, Companions::Family);
        assert_eq!(preferences(&[], Segment::Business, None).budget, None);
    }
}
