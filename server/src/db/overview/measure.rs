//! Counting each KPI over one span from the period's [`Facts`]; the cheap ones (CSAT, SLA,
//! online → offline, care touches, churn risk) ask SQLite per span. Customers are scoped by
//! home store and segment.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use roundtrip_domain::calendar;
use roundtrip_domain::community::{is_active, ACTIVE_DAYS};
use roundtrip_domain::dto::KpiKey;
use roundtrip_domain::kpi;
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;
use roundtrip_domain::service::{SlaFact, SlaTally};

use super::facts::Facts;
use crate::error::AppError;
use crate::db::period::{Period, CUSTOMER_SCOPE_SQL, PERIOD_SQL};
use crate::db::sql::{params_from_iter, Conn, params, Value};

pub struct Measure {
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
}

fn rate(numerator: u64, denominator: u64, f: fn(u64, u64) -> Option<f64>) -> Measure {
    Measure { value: f(numerator, denominator), numerator, denominator }
}

pub struct Measurer<'c> {
    conn: &'c Conn,
    now: DateTime<Utc>,
    facts: Facts,
}

/// `sql` over the span's `?1`…`?4`, one row of integers.
fn counts<const N: usize>(conn: &Conn, sql: &str, p: &Period) -> Result<[u64; N], AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row(params_from_iter(p.params()), |r| {
        let mut out = [0u64; N];
        for (i, v) in out.iter_mut().enumerate() {
            *v = r.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64;
        }
        Ok(out)
    })?)
}

impl<'c> Measurer<'c> {
    pub fn new(conn: &'c Conn, period: &Period, now: DateTime<Utc>) -> Result<Self, AppError> {
        Ok(Self { conn, now, facts: Facts::load(conn, period)? })
    }

    pub fn measure(&mut self, key: KpiKey, p: &Period) -> Result<Measure, AppError> {
        let conn = self.conn;
        let f = &self.facts;
        let (start, end) = p.bounds();
        let end = end.min(self.now);
        let within = |t: &DateTime<Utc>| *t >= start && *t < end;
        Ok(match key {
            KpiKey::RepurchaseRate => {
                let (mut buyers, mut repeat) = (0, 0);
                for times in f.orders.values().filter(|times| times.iter().any(within)) {
                    buyers += 1;
                    repeat += (times.iter().filter(|t| **t < end).count() >= 2) as u64;
                }
                rate(repeat, buyers, kpi::repurchase_rate)
            }
            KpiKey::Nps => {
                let answers: Vec<i64> = f.nps.iter().filter(|n| within(&n.1)).map(|n| n.2).collect();
                let promoters = answers.iter().filter(|s| **s >= 9).count() as u64;
                let detractors = answers.iter().filter(|s| **s <= 6).count() as u64;
                Measure { value: kpi::nps_from_counts(promoters, detractors, answers.len() as u64), numerator: promoters, denominator: answers.len() as u64 }
            }
            KpiKey::Csat => {
                let [satisfied, answers] = counts(conn, &format!(
                    "SELECT sum(CASE WHEN t.csat >= 4 THEN 1 WHEN t.csat IS NOT NULL THEN 0 END), count(t.csat) FROM tickets t JOIN customers c ON c.id = t.customer_id
                      WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                rate(satisfied, answers, kpi::csat)
            }
            KpiKey::MemberOverlap => {
                let seen = |t: Option<DateTime<Utc>>| t.is_some_and(|t| t < end);
                let all = f.known.iter().filter(|k| k.first_seen < end).count() as u64;
                let both = f.known.iter().filter(|k| seen(k.online) && seen(k.offline)).count() as u64;
                rate(both, all, kpi::overlap_rate)
            }
            KpiKey::OnlineToOffline => {
                let [inquiries, purchases] = counts(conn, &format!(
                    "SELECT sum(online_inquiry), sum(CASE WHEN online_inquiry = 1 AND offline_purchase = 1 THEN 1 ELSE 0 END) FROM journeys WHERE {PERIOD_SQL}"
                ), p)?;
                rate(purchases, inquiries, kpi::ratio)
            }
            KpiKey::SlaCompliance => {
                // the desk's own clock: pauses while waiting for the customer do not count
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT t.opened_at, t.due_at, t.paused_since, t.first_response_at FROM tickets t JOIN customers c ON c.id = t.customer_id
                      WHERE t.opened_at >= ?1 AND t.opened_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ))?;
                let mut tally = SlaTally::default();
                let mut rows = stmt.query(params_from_iter(p.params()))?;
                while let Some(r) = rows.next()? {
        let r = &r;
                    tally.add(&SlaFact { clock: crate::db::tickets::clock_at(r, [0, 1, 2, 3])?, resolved_at: None, csat: None }, self.now);
                }
                rate(tally.in_time, tally.due(), kpi::sla_compliance)
            }
            KpiKey::CareCoverage => {
                let [cared] = counts(conn, &format!(
                    "SELECT count(DISTINCT t.customer_id) FROM touchpoints t JOIN customers c ON c.id = t.customer_id
                      WHERE t.kind = 'care' AND t.occurred_at >= ?1 AND t.occurred_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                let customers = f.known.iter().filter(|k| k.first_seen < end).count() as u64;
                rate(cared, customers, kpi::care_coverage)
            }
            KpiKey::CommunityActivity => {
                let (mut members, mut active) = (0, 0);
                for (id, _) in f.members.iter().filter(|(_, joined)| **joined <= end) {
                    members += 1;
                    let last = f.member_activity.get(id).and_then(|times| times.iter().filter(|t| **t <= end).max().copied());
                    active += is_active(last, end, ACTIVE_DAYS[1]) as u64;
                }
                rate(active, members, kpi::community_activity)
            }
            KpiKey::AdvocacyRate => {
                let mut advocates: HashSet<i64> = f.advocacy.iter().filter(|a| within(&a.1)).map(|a| a.0).collect();
                advocates.extend(f.nps.iter().filter(|n| within(&n.1) && n.2 >= 9).map(|n| n.0));
                let mut served: HashSet<i64> = f.orders.iter().filter(|(_, times)| times.iter().any(within)).map(|(id, _)| *id).collect();
                served.extend(f.nps.iter().filter(|n| within(&n.1)).map(|n| n.0));
                served.extend(advocates.iter().copied());
                rate(advocates.len() as u64, served.len() as u64, kpi::advocacy_rate)
            }
            KpiKey::ChurnRiskCount => {
                let n = self.at_risk(p, end)?;
                Measure { value: Some(n as f64), numerator: n, denominator: 0 }
            }
        })
    }

    /// Customers at churn risk at `end`: live now, or the snapshot of the last month that had
    /// ended by then. Erased records are not counted, so the figure matches what the customer
    /// list's "at risk" filter shows.
    fn at_risk(&self, p: &Period, end: DateTime<Utc>) -> Result<u64, AppError> {
        let mut v = p.params().to_vec();
        if end >= self.now - Duration::hours(1) {
            v[0] = Value::Integer(CHURN_RISK_THRESHOLD as i64);
            return Ok(counts_with(self.conn, &format!("SELECT count(*) FROM customers c WHERE c.churn_risk >= ?1 AND CAST(?2 AS TEXT) IS NOT NULL AND {CUSTOMER_SCOPE_SQL} AND c.erased_at IS NULL"), v)?);
        }
        // the last month that had closed by `end` (an agency midnight)
        let zone = p.zone();
        let month_start = calendar::day_start(calendar::month_start(end, &zone), &zone);
        let month = calendar::month_of(month_start - Duration::seconds(1), &zone);
        v[0] = Value::Text(month);
        counts_with(self.conn,
            "SELECT sum(at_risk) FROM churn_snapshots WHERE month = (SELECT max(month) FROM churn_snapshots WHERE month <= ?1)
               AND CAST(?2 AS TEXT) IS NOT NULL AND (CAST(?3 AS BIGINT) IS NULL OR store_id = ?3) AND (CAST(?4 AS TEXT) IS NULL OR segment = ?4)", v)
    }
}

fn counts_with(conn: &Conn, sql: &str, v: Vec<Value>) -> Result<u64, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row(params_from_iter(v), |r| r.get::<_, Option<i64>>(0))?.unwrap_or(0) as u64)
}

/// Keeps this month's churn snapshot current; when the month closes it stays as it was.
pub fn snapshot_churn(conn: &mut Conn, now: DateTime<Utc>, zone: &chrono_tz::Tz) -> Result<(), AppError> {
    let month = calendar::month_of(now, zone);
    // one transaction: one sync to disk, and readers never see the month half-written
    let tx = conn.begin()?;
    tx.prepare_cached("DELETE FROM churn_snapshots WHERE month = ?1")?.execute([&month])?;
    tx.prepare_cached(
        "INSERT INTO churn_snapshots (month, store_id, segment, at_risk)
         SELECT ?1, coalesce(home_store_id, 0), segment, count(*) FROM customers
          WHERE churn_risk >= ?2 AND merged_into IS NULL AND erased_at IS NULL GROUP BY 2, 3",
    )?
    .execute(params![month, CHURN_RISK_THRESHOLD as i64])?;
    tx.commit()?;
    Ok(())
}
