//! Reads a customer's history into the scores the console shows. The server's profile and the
//! demo generator both call this, so stored and live scores follow one rule set.

use chrono::{DateTime, Duration, Utc};

use crate::dto::{Order, Ticket};
use crate::model::{Lifecycle, OrderStatus, Tier, TicketStatus};
use crate::scoring::{churn_risk, lifecycle, rfm, tier_for_points, ChurnRisk, ChurnSignals, Rfm};

/// Whether a ticket of `kind` weighs on churn risk: an unresolved complaint does; a question,
/// praise, or a change or refund request does not (so opening one need not rescore).
pub fn ticket_counts_for_churn(kind: &str) -> bool {
    kind == "complaint"
}

pub struct History<'a> {
    pub first_seen_at: DateTime<Utc>,
    pub last_active_at: DateTime<Utc>,
    pub orders: &'a [Order],
    pub tickets: &'a [Ticket],
    pub last_nps: Option<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub rfm: Rfm,
    pub churn: ChurnRisk,
    pub lifecycle: Lifecycle,
    pub tier: Tier,
    /// Sum of paid and completed orders, in fen.
    pub lifetime_value_fen: i64,
    /// 1 point per yuan paid in the last 12 months.
    pub qualifying_points: i64,
}

fn is_paid(o: &Order) -> bool {
    matches!(o.status, OrderStatus::Paid | OrderStatus::Completed)
}

pub fn assess(h: &History, now: DateTime<Utc>) -> Assessment {
    let within = |o: &&Order, days: i64| now - o.ordered_at <= Duration::days(days);
    let paid: Vec<&Order> = h.orders.iter().filter(|o| is_paid(o)).collect();
    let paid_24m: Vec<&&Order> = paid.iter().filter(|o| within(o, 730)).collect();
    let last_paid = paid.iter().map(|o| o.ordered_at).max();
    let qualifying_points = paid.iter().filter(|o| within(o, 365)).map(|o| o.amount_fen / 100).sum();
    Assessment {
        rfm: rfm(
            last_paid.map(|t| (now - t).num_days()),
            paid_24m.len() as u32,
            paid_24m.iter().map(|o| o.amount_fen as f64 / 100.0).sum(),
        ),
        churn: churn_risk(ChurnSignals {
            days_inactive: (now - h.last_active_at).num_days(),
            cancellations_12m: h.orders.iter().filter(|o| o.status == OrderStatus::Cancelled && within(o, 365)).count() as u32,
            unresolved_complaints: h.tickets.iter().filter(|t| ticket_counts_for_churn(&t.kind) && t.status != TicketStatus::Resolved).count() as u32,
            last_nps: h.last_nps,
        }),
        lifecycle: lifecycle((now - h.first_seen_at).num_days(), (now - h.last_active_at).num_days(), paid.len() as u32),
        tier: tier_for_points(qualifying_points),
        lifetime_value_fen: paid.iter().map(|o| o.amount_fen).sum(),
        qualifying_points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, ProductKind, Severity};
    use crate::scoring::ChurnReason;

    fn order(days_ago: i64, status: OrderStatus, yuan: i64, now: DateTime<Utc>) -> Order {
        Order {
            id: 0,
            product: ProductKind::Tour,
            title: "三亚5日游".into(),
            destination: "三亚".into(),
            channel: Channel::Ctrip,
            status,
            amount_fen: yuan * 100,
            ordered_at: now - Duration::days(days_ago),
            departure: None,
            return_date: None,
            air: None,
            travellers: Vec::new(),
        }
    }

    #[test]
    fn a_loyal_customer_with_an_open_complaint() {
        let now = Utc::now();
        let orders = vec![
            order(20, OrderStatus::Paid, 12_000, now),
            order(200, OrderStatus::Completed, 9_000, now),
            order(300, OrderStatus::Cancelled, 5_000, now),
            order(500, OrderStatus::Completed, 30_000, now),
            order(900, OrderStatus::Completed, 4_000, now),
        ];
        let tickets = vec![Ticket {
            id: 1,
            channel: Channel::Store,
            kind: "complaint".into(),
            severity: Severity::High,
            status: TicketStatus::Open,
            summary: "行程与承诺不符".into(),
            opened_at: now - Duration::days(3),
            first_response_at: None,
        }];
        let a = assess(
            &History { first_seen_at: now - Duration::days(1000), last_active_at: now - Duration::days(3), orders: &orders, tickets: &tickets, last_nps: Some(9) },
            now,
        );
        assert_eq!(a.lifetime_value_fen, 55_000 * 100);
        assert_eq!(a.qualifying_points, 21_000);
        assert_eq!(a.tier, Tier::Gold);
        assert_eq!(a.lifecycle, Lifecycle::Mature);
        // 24 months: 3 paid orders worth 12k + 9k + 30k = 51k yuan (the 900-day order is out)
        assert_eq!(a.rfm, Rfm { recency: 5, frequency: 3, monetary: 5 });
        assert_eq!(a.churn.reasons, vec![ChurnReason::UnresolvedComplaint]);
    }

    #[test]
    fn a_newcomer_without_orders() {
        let now = Utc::now();
        let a = assess(&History { first_seen_at: now - Duration::days(10), last_active_at: now, orders: &[], tickets: &[], last_nps: None }, now);
        assert_eq!((a.lifecycle, a.tier, a.lifetime_value_fen), (Lifecycle::New, Tier::Basic, 0));
        assert_eq!(a.churn.score, 0);
    }
}
