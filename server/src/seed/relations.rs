//! The relationship side of the demo data: engagement activity, NPS answers with their time,
//! CSAT on resolved tickets, personalised-care touches and monthly churn-risk snapshots.
//!
//! Drawn from a second random stream per customer, seeded from the anchor and the customer
//! id, so adding these figures left every earlier generated figure exactly as it was.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use roundtrip_domain::calendar;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use roundtrip_domain::assess::{assess, History};
use roundtrip_domain::dto::{Order, Ticket};
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;
use roundtrip_domain::Segment;

use crate::time::rfc3339;
use crate::db::sql::{self, Conn, params, Stmt};

/// Months of churn-risk history written for the overview's trend.
const SNAPSHOT_MONTHS: u32 = 12;

pub struct Relations<'t> {
    anchor: DateTime<Utc>,
    zone: Tz,
    activity: Stmt<'t>,
    nps: Stmt<'t>,
    /// (month, store or 0, segment) → customers at risk at the month's end.
    at_risk: BTreeMap<(String, i64, &'static str), u64>,
    month_ends: Vec<(String, DateTime<Utc>)>,
}

/// What one customer did, as the generator knows it.
pub struct Life<'a> {
    pub id: i64,
    pub segment: Segment,
    pub store: Option<i64>,
    pub first_seen: DateTime<Utc>,
    /// Customer-made touchpoints: (kind, time), oldest first.
    pub touches: &'a [(&'static str, DateTime<Utc>)],
    pub orders: &'a [Order],
    pub tickets: &'a [Ticket],
    pub last_nps: Option<u8>,
    /// Communities joined and events attended: (community, kind, time).
    pub community: &'a [(i64, &'static str, DateTime<Utc>)],
}

impl<'t> Relations<'t> {
    pub fn new(tx: &'t Conn, anchor: DateTime<Utc>, zone: Tz) -> sql::Result<Self> {
        let month_ends = (1..=SNAPSHOT_MONTHS)
            .map(|back| {
                let first = calendar::month_start(anchor, &zone) - chrono::Months::new(back - 1);
                let end = calendar::day_start(first, &zone) - Duration::seconds(1);
                (calendar::month_of(end, &zone), end)
            })
            .collect();
        Ok(Self {
            anchor,
            zone,
            activity: tx.prepare_cached(
                "INSERT INTO community_activity (customer_id, community_id, kind, occurred_at, referred_customer_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            nps: tx.prepare_cached("INSERT INTO nps_responses (customer_id, score, channel, answered_at) VALUES (?1, ?2, ?3, ?4)")?,
            at_risk: BTreeMap::new(),
            month_ends,
        })
    }

    /// A customer's own random stream for these figures.
    pub fn rng(&self, id: i64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64((id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ self.anchor.timestamp() as u64)
    }

    pub fn write(&mut self, rng: &mut ChaCha8Rng, life: &Life) -> sql::Result<()> {
        for (kind, at) in life.touches {
            if !matches!(*kind, "share" | "review" | "referral") {
                continue;
            }
            // whom a referral brought: an earlier customer, so bookings can be attributed
            let referred = (*kind == "referral" && life.id > 1).then(|| rng.gen_range(1..life.id));
            self.activity.execute(params![life.id, None::<i64>, kind, rfc3339(*at), referred])?;
        }
        for (community, kind, at) in life.community {
            self.activity.execute(params![life.id, community, kind, rfc3339(*at), None::<i64>])?;
            if *kind == "join" {
                // members talk in their community between joining and now
                for _ in 0..rng.gen_range(0..=4) {
                    let span = (self.anchor - *at).num_minutes().max(1);
                    let when = *at + Duration::minutes(rng.gen_range(0..span));
                    self.activity.execute(params![life.id, community, "reply", rfc3339(when), None::<i64>])?;
                }
            }
        }
        if let Some(score) = life.last_nps {
            let last = life.touches.last().map(|t| t.1).unwrap_or(life.first_seen);
            let channel = if life.store.is_some() { "store" } else { "wechat" };
            if rng.gen_bool(0.3) && last - life.first_seen > Duration::days(200) {
                let earlier = (score as i64 + rng.gen_range(-2..=1)).clamp(0, 10);
                self.nps.execute(params![life.id, earlier, channel, rfc3339(last - Duration::days(180))])?;
            }
            self.nps.execute(params![life.id, score, channel, rfc3339(last)])?;
        }
        self.snapshot(life);
        Ok(())
    }

    /// CSAT (1–5) for a resolved ticket: complaints are answered less happily.
    pub fn csat(rng: &mut ChaCha8Rng, kind: &str) -> u8 {
        let happy = if kind == "complaint" { 0.55 } else { 0.85 };
        if rng.gen_bool(happy) { rng.gen_range(4..=5) } else { rng.gen_range(1..=3) }
    }

    /// Care touches the agency made: a follow-up after some trips, a birthday greeting some years.
    pub fn care(&self, rng: &mut ChaCha8Rng, orders: &[Order], birth_year: i32, first_seen: DateTime<Utc>) -> Vec<(DateTime<Utc>, &'static str)> {
        let mut out = Vec::new();
        for o in orders {
            if let Some(back) = o.return_date.filter(|_| rng.gen_bool(0.25)) {
                let at = calendar::at_local(back.and_hms_opt(10, 0, 0).expect("ten"), &self.zone) + Duration::days(rng.gen_range(1..5));
                out.push((at, "行程回访：旅途是否顺利"));
            }
        }
        {
            let year = birth_year;
            let birthday = (rng.gen_range(1..=12), rng.gen_range(1..=28));
            for y in first_seen.year()..=self.anchor.year() {
                let Some(day) = NaiveDate::from_ymd_opt(y, birthday.0, birthday.1) else { continue };
                if y > year && rng.gen_bool(0.12) {
                    out.push((calendar::at_local(day.and_hms_opt(9, 0, 0).expect("nine"), &self.zone), "生日祝福与会员礼遇"));
                }
            }
        }
        out.retain(|(at, _)| *at < self.anchor && *at > first_seen);
        out
    }

    /// Counts the customer at risk at each past month end, scored on what was known by then.
    fn snapshot(&mut self, life: &Life) {
        for (month, end) in &self.month_ends {
            if life.first_seen > *end {
                continue;
            }
            let orders: Vec<Order> = life.orders.iter().filter(|o| o.ordered_at <= *end).cloned().collect();
            let tickets: Vec<Ticket> = life.tickets.iter().filter(|t| t.opened_at <= *end).cloned().collect();
            let last_active = life.touches.iter().map(|t| t.1).filter(|t| t <= end).max().unwrap_or(life.first_seen);
            let h = History { first_seen_at: life.first_seen, last_active_at: last_active, orders: &orders, tickets: &tickets, last_nps: life.last_nps };
            if assess(&h, *end).churn.score >= CHURN_RISK_THRESHOLD {
                *self.at_risk.entry((month.clone(), life.store.unwrap_or(0), life.segment.as_str())).or_default() += 1;
            }
        }
    }

    pub fn finish(self, tx: &Conn) -> sql::Result<()> {
        let mut stmt = tx.prepare_cached("INSERT INTO churn_snapshots (month, store_id, segment, at_risk) VALUES (?1, ?2, ?3, ?4)")?;
        for ((month, store, segment), n) in &self.at_risk {
            stmt.execute(params![month, store, segment, *n as i64])?;
        }
        Ok(())
    }
}
