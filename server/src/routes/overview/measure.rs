//! Counting each KPI over one span. Customers are scoped by home store and segment.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, Utc};
use roundtrip_domain::community::ACTIVE_DAYS;
use roundtrip_domain::dto::KpiKey;
use roundtrip_domain::kpi;
use roundtrip_domain::scoring::CHURN_RISK_THRESHOLD;
use roundtrip_domain::Channel;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

use crate::db::columns::{opt_time_col, time_col};
use crate::error::AppError;
use crate::routes::period::{Period, CUSTOMER_SCOPE_SQL, PERIOD_SQL};
use crate::time::rfc3339;

pub struct Measure {
    pub value: Option<f64>,
    pub numerator: u64,
    pub denominator: u64,
}

fn rate(numerator: u64, denominator: u64, f: fn(u64, u64) -> Option<f64>) -> Measure {
    Measure { value: f(numerator, denominator), numerator, denominator }
}

/// When each scoped customer was first known, first known online and first known offline.
struct Known {
    first_seen: DateTime<Utc>,
    online: Option<DateTime<Utc>>,
    offline: Option<DateTime<Utc>>,
}

pub struct Measurer<'c> {
    conn: &'c Connection,
    now: DateTime<Utc>,
    known: Vec<Known>,
}

/// `sql` over the span's `?1`…`?4`, one row of integers.
fn counts<const N: usize>(conn: &Connection, sql: &str, p: &Period) -> Result<[u64; N], AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row(params_from_iter(p.params()), |r| {
        let mut out = [0u64; N];
        for (i, v) in out.iter_mut().enumerate() {
            *v = r.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64;
        }
        Ok(out)
    })?)
}

/// Distinct customer ids from `sql` over the span's `?1`…`?4`.
fn ids(conn: &Connection, sql: &str, p: &Period) -> Result<HashSet<i64>, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params_from_iter(p.params()), |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

const BUYERS_SQL: &str = "SELECT DISTINCT o.customer_id FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE o.ordered_at >= ?1 AND o.ordered_at < ?2 AND o.status <> 'cancelled' AND ";

impl<'c> Measurer<'c> {
    pub fn new(conn: &'c Connection, period: &Period, now: DateTime<Utc>) -> Result<Self, AppError> {
        // one pass over identities: the overlap at any moment follows from these three times
        let offline = format!("'{}', '{}'", Channel::Store.as_str(), Channel::CallCenter.as_str());
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT c.first_seen_at,
                    min(CASE WHEN i.source NOT IN ({offline}) THEN i.first_seen_at END),
                    min(CASE WHEN i.source IN ({offline}) THEN i.first_seen_at END)
               FROM customers c JOIN identities i ON i.customer_id = c.id
              WHERE ?1 IS NOT NULL AND c.first_seen_at < ?2 AND {CUSTOMER_SCOPE_SQL} GROUP BY c.id"
        ))?;
        let known = stmt
            .query_map(params_from_iter(period.params()), |r| Ok(Known { first_seen: time_col(r, 0)?, online: opt_time_col(r, 1)?, offline: opt_time_col(r, 2)? }))?
            .collect::<Result<_, _>>()?;
        Ok(Self { conn, now, known })
    }

    pub fn measure(&mut self, key: KpiKey, p: &Period) -> Result<Measure, AppError> {
        let conn = self.conn;
        let (_, end) = p.bounds();
        let end = end.min(self.now);
        Ok(match key {
            KpiKey::RepurchaseRate => {
                let [buyers, repeat] = counts(conn, &format!(
                    "SELECT count(*), sum((SELECT count(*) FROM orders p WHERE p.customer_id = b.customer_id AND p.status <> 'cancelled' AND p.ordered_at < ?2) >= 2)
                       FROM ({BUYERS_SQL} {CUSTOMER_SCOPE_SQL}) b"
                ), p)?;
                rate(repeat, buyers, kpi::repurchase_rate)
            }
            KpiKey::Nps => {
                let [promoters, detractors, answers] = counts(conn, &format!(
                    "SELECT sum(n.score >= 9), sum(n.score <= 6), count(*) FROM nps_responses n JOIN customers c ON c.id = n.customer_id
                      WHERE n.answered_at >= ?1 AND n.answered_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                Measure { value: kpi::nps_from_counts(promoters, detractors, answers), numerator: promoters, denominator: answers }
            }
            KpiKey::Csat => {
                let [satisfied, answers] = counts(conn, &format!(
                    "SELECT sum(t.csat >= 4), count(t.csat) FROM tickets t JOIN customers c ON c.id = t.customer_id
                      WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                rate(satisfied, answers, kpi::csat)
            }
            KpiKey::MemberOverlap => {
                let seen = |t: Option<DateTime<Utc>>| t.is_some_and(|t| t < end);
                let all = self.known.iter().filter(|k| k.first_seen < end).count() as u64;
                let both = self.known.iter().filter(|k| seen(k.online) && seen(k.offline)).count() as u64;
                rate(both, all, kpi::overlap_rate)
            }
            KpiKey::OnlineToOffline => {
                let [inquiries, purchases] = counts(conn, &format!(
                    "SELECT sum(online_inquiry), sum(online_inquiry AND offline_purchase) FROM journeys WHERE {PERIOD_SQL}"
                ), p)?;
                rate(purchases, inquiries, kpi::ratio)
            }
            KpiKey::SlaCompliance => {
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT t.opened_at, t.first_response_at FROM tickets t JOIN customers c ON c.id = t.customer_id
                      WHERE t.opened_at >= ?1 AND t.opened_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ))?;
                let (mut in_time, mut due) = (0, 0);
                let mut rows = stmt.query(params_from_iter(p.params()))?;
                while let Some(r) = rows.next()? {
                    if let Some(ok) = kpi::answered_in_time(time_col(r, 0)?, opt_time_col(r, 1)?, self.now) {
                        due += 1;
                        in_time += ok as u64;
                    }
                }
                rate(in_time, due, kpi::sla_compliance)
            }
            KpiKey::CareCoverage => {
                let [cared] = counts(conn, &format!(
                    "SELECT count(DISTINCT t.customer_id) FROM touchpoints t JOIN customers c ON c.id = t.customer_id
                      WHERE t.kind = 'care' AND t.occurred_at >= ?1 AND t.occurred_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                let [customers] = counts(conn, &format!("SELECT count(*) FROM customers c WHERE ?1 IS NOT NULL AND c.first_seen_at < ?2 AND {CUSTOMER_SCOPE_SQL}"), p)?;
                rate(cared, customers, kpi::care_coverage)
            }
            KpiKey::CommunityActivity => {
                let mut v = p.params().to_vec();
                v[1] = Value::Text(rfc3339(end));
                v.push(Value::Text(rfc3339(end - Duration::days(ACTIVE_DAYS[1]))));
                let mut stmt = conn.prepare_cached(&format!(
                    "SELECT count(*), sum(EXISTS (SELECT 1 FROM community_activity a WHERE a.customer_id = m.customer_id AND a.occurred_at > ?5 AND a.occurred_at <= ?2))
                       FROM (SELECT DISTINCT cm.customer_id FROM community_members cm JOIN customers c ON c.id = cm.customer_id
                              WHERE ?1 IS NOT NULL AND cm.joined_at <= ?2 AND {CUSTOMER_SCOPE_SQL}) m"
                ))?;
                let (members, active): (i64, Option<i64>) = stmt.query_row(params_from_iter(v), |r| Ok((r.get(0)?, r.get(1)?)))?;
                rate(active.unwrap_or(0) as u64, members as u64, kpi::community_activity)
            }
            KpiKey::AdvocacyRate => {
                let mut advocates = ids(conn, &format!(
                    "SELECT a.customer_id FROM community_activity a JOIN customers c ON c.id = a.customer_id
                      WHERE a.kind IN ('share', 'referral') AND a.occurred_at >= ?1 AND a.occurred_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?;
                advocates.extend(ids(conn, &format!(
                    "SELECT n.customer_id FROM nps_responses n JOIN customers c ON c.id = n.customer_id
                      WHERE n.score >= 9 AND n.answered_at >= ?1 AND n.answered_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?);
                let mut served = ids(conn, &format!("{BUYERS_SQL} {CUSTOMER_SCOPE_SQL}"), p)?;
                served.extend(ids(conn, &format!(
                    "SELECT n.customer_id FROM nps_responses n JOIN customers c ON c.id = n.customer_id
                      WHERE n.answered_at >= ?1 AND n.answered_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
                ), p)?);
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
    /// ended by then.
    fn at_risk(&self, p: &Period, end: DateTime<Utc>) -> Result<u64, AppError> {
        let month_of = |t: DateTime<Utc>| format!("{:04}-{:02}", t.year(), t.month());
        let mut v = p.params().to_vec();
        if end >= self.now - Duration::hours(1) {
            v[0] = Value::Integer(CHURN_RISK_THRESHOLD as i64);
            return Ok(counts_with(self.conn, &format!("SELECT count(*) FROM customers c WHERE c.churn_risk >= ?1 AND ?2 IS NOT NULL AND {CUSTOMER_SCOPE_SQL}"), v)?);
        }
        // the last month that had closed by `end` (a midnight)
        let month_start = end.date_naive().with_day(1).expect("day 1").and_hms_opt(0, 0, 0).expect("midnight").and_utc();
        let month = month_of(month_start - Duration::seconds(1));
        v[0] = Value::Text(month);
        counts_with(self.conn,
            "SELECT sum(at_risk) FROM churn_snapshots WHERE month = (SELECT max(month) FROM churn_snapshots WHERE month <= ?1)
               AND ?2 IS NOT NULL AND (?3 IS NULL OR store_id = ?3) AND (?4 IS NULL OR segment = ?4)", v)
    }
}

fn counts_with(conn: &Connection, sql: &str, v: Vec<Value>) -> Result<u64, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    Ok(stmt.query_row(params_from_iter(v), |r| r.get::<_, Option<i64>>(0))?.unwrap_or(0) as u64)
}

/// Keeps this month's churn snapshot current; when the month closes it stays as it was.
pub fn snapshot_churn(conn: &Connection, now: DateTime<Utc>) -> Result<(), AppError> {
    let month = format!("{:04}-{:02}", now.year(), now.month());
    conn.prepare_cached("DELETE FROM churn_snapshots WHERE month = ?1")?.execute([&month])?;
    conn.prepare_cached(
        "INSERT INTO churn_snapshots (month, store_id, segment, at_risk)
         SELECT ?1, coalesce(home_store_id, 0), segment, count(*) FROM customers
          WHERE churn_risk >= ?2 AND merged_into IS NULL GROUP BY 2, 3",
    )?
    .execute(rusqlite::params![month, CHURN_RISK_THRESHOLD as i64])?;
    Ok(())
}
