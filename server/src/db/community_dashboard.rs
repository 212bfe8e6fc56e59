//! The community dashboard counted from storage: members and active members over the period, events, engagement
//! levels and their moves, advocacy and what referrals brought in, top advocates and members
//! going quiet. The server loads each member's own activity once; the rules (weights, levels,
//! activity windows) are the shared crate's.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use roundtrip_domain::community::{self, advocacy_score, going_quiet, is_active, level_changes, Activity, Done, Level};
use roundtrip_domain::dto::{Advocacy, Advocate, CommunityDashboard, CustomerSummary, LevelCount, MembersPoint, QuietMember};
use roundtrip_domain::period::spans;

use crate::db;
use crate::db::columns::time_col;
use crate::error::AppError;
use crate::db::customers::{summary, SUMMARY_COLUMNS};
use crate::db::period::{Period, CUSTOMER_SCOPE_SQL};
use crate::time::rfc3339;
use crate::db::sql::{params_from_iter, Conn, OptionalExt, params, Value};

/// Points on the members chart.
const SERIES_POINTS: usize = 12;
const TOP: usize = 10;
/// Referred bookings count for this long after the referral.
const ATTRIBUTION_DAYS: i64 = 180;

/// One member's own activity, oldest first.
struct Member {
    joined: DateTime<Utc>,
    acts: Vec<(Activity, DateTime<Utc>)>,
}

impl Member {
    fn last_before(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.acts.iter().rev().map(|a| a.1).find(|a| *a <= t)
    }

    /// Engagement score over the window ending at `t`.
    fn score_at(&self, t: DateTime<Utc>) -> u32 {
        let start = t - Duration::days(community::WINDOW_DAYS);
        community::score(self.acts.iter().filter(|a| a.1 > start && a.1 <= t).map(|a| Done { kind: a.0, by_staff: false }))
    }
}

/// `?1`…`?4` of the period, then `?5` the community (or NULL for all).
fn args(period: &Period, community: Option<i64>) -> Vec<Value> {
    let mut v = period.params().to_vec();
    v.push(community.map_or(Value::Null, Value::Integer));
    v
}

const MEMBER_SQL: &str = "SELECT cm.customer_id FROM community_members cm JOIN customers c ON c.id = cm.customer_id
    WHERE (CAST(?5 AS BIGINT) IS NULL OR cm.community_id = ?5) AND cm.joined_at < ?2";

fn members(conn: &Conn, period: &Period, community: Option<i64>) -> Result<HashMap<i64, Member>, AppError> {
    let mut out: HashMap<i64, Member> = HashMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT cm.customer_id, min(cm.joined_at) FROM community_members cm JOIN customers c ON c.id = cm.customer_id
          WHERE (CAST(?5 AS BIGINT) IS NULL OR cm.community_id = ?5) AND cm.joined_at < ?2 AND CAST(?1 AS TEXT) IS NOT NULL AND {CUSTOMER_SCOPE_SQL} GROUP BY 1"
    ))?;
    let mut rows = stmt.query(params_from_iter(args(period, community)))?;
    while let Some(r) = rows.next()? {
        let r = &r;
        out.insert(r.get(0)?, Member { joined: time_col(r, 1)?, acts: vec![] });
    }
    // activity from a window before the period, so levels at its start are right too
    let since = rfc3339(period.bounds().0 - Duration::days(community::WINDOW_DAYS + 31));
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.customer_id, a.kind, a.occurred_at FROM community_activity a
          WHERE a.customer_id IN ({MEMBER_SQL} AND {CUSTOMER_SCOPE_SQL})
            AND CAST(?1 AS TEXT) IS NOT NULL AND a.occurred_at >= ?6 AND a.occurred_at < ?2 AND (a.community_id IS NULL OR CAST(?5 AS BIGINT) IS NULL OR a.community_id = ?5)
          ORDER BY a.occurred_at, a.id"
    ))?;
    let mut v = args(period, community);
    v.push(Value::Text(since));
    let mut rows = stmt.query(params_from_iter(v))?;
    while let Some(r) = rows.next()? {
        let r = &r;
        let (id, kind): (i64, String) = (r.get(0)?, r.get(1)?);
        if let (Some(m), Some(kind)) = (out.get_mut(&id), Activity::parse(&kind)) {
            m.acts.push((kind, time_col(r, 2)?));
        }
    }
    Ok(out)
}

fn customer(conn: &Conn, id: i64) -> Result<Option<CustomerSummary>, AppError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id WHERE c.id = ?1"))?;
    Ok(stmt.query_row([id], summary).optional()?)
}

pub fn dashboard(conn: &Conn, period: &Period, community: Option<i64>, now: DateTime<Utc>) -> Result<CommunityDashboard, AppError> {
    let members = members(conn, period, community)?;
    let (start, end) = period.bounds();
    let now = end.min(now);
    let at_end = |day: NaiveDate| period.day_start(day + Duration::days(1)).min(now);

    let count = |t: DateTime<Utc>, days: Option<i64>| -> u64 {
        members.values().filter(|m| m.joined <= t && days.is_none_or(|d| is_active(m.last_before(t), t, d))).count() as u64
    };
    let series: Vec<MembersPoint> = spans(period.from, period.to, SERIES_POINTS)
        .into_iter()
        .map(|(_, day)| {
            let t = at_end(day);
            MembersPoint { date: day, members: count(t, None), active_7d: count(t, Some(community::ACTIVE_DAYS[0])), active_30d: count(t, Some(community::ACTIVE_DAYS[1])) }
        })
        .collect();

    let mut by_level: HashMap<Level, u64> = HashMap::new();
    let month_ago = now - Duration::days(30);
    let mut moves = Vec::new();
    let mut quiet = Vec::new();
    let mut advocates: Vec<(i64, u64, u64, Level)> = Vec::new();
    for (id, m) in &members {
        if m.joined > now {
            continue;
        }
        let level = Level::of(m.score_at(now));
        *by_level.entry(level).or_default() += 1;
        if m.joined <= month_ago {
            moves.push((Level::of(m.score_at(month_ago)), level));
        }
        if let Some(last) = m.last_before(now) {
            let before = m.score_at(last);
            if going_quiet(last, before, now) {
                quiet.push((*id, last, Level::of(before)));
            }
        }
        let in_period = |k: Activity| m.acts.iter().filter(|a| a.0 == k && a.1 >= start && a.1 < end).count() as u64;
        let (referrals, shares) = (in_period(Activity::Referral), in_period(Activity::Share));
        if referrals + shares > 0 {
            advocates.push((*id, referrals, shares, level));
        }
    }

    let (promoters, nps_answers) = promoters(conn, period, &members)?;
    let mut advocacy = Advocacy {
        referrals: advocates.iter().map(|a| a.1).sum(),
        shares: advocates.iter().map(|a| a.2).sum(),
        promoters: promoters.len() as u64,
        nps_answers,
        ..Default::default()
    };
    (advocacy.referred_bookings, advocacy.referred_revenue_fen) = referred_bookings(conn, period, &members)?;

    let mut ranked: Vec<(i64, u64, u64, bool, u64, Level)> = advocates
        .iter()
        .map(|(id, r, s, level)| (*id, *r, *s, promoters.contains(id), advocacy_score(*r, *s, promoters.contains(id)), *level))
        .collect();
    ranked.sort_by(|a, b| b.4.cmp(&a.4).then(a.0.cmp(&b.0)));
    let mut top_advocates = Vec::new();
    for (id, referrals, shares, promoter, score, level) in ranked.into_iter().take(TOP) {
        if let Some(customer) = customer(conn, id)? {
            top_advocates.push(Advocate { customer, referrals, shares, promoter, score, level });
        }
    }
    quiet.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut going = Vec::new();
    for (id, last, level) in quiet.into_iter().take(TOP * 2) {
        if let Some(customer) = customer(conn, id)? {
            going.push(QuietMember { customer, last_activity_at: last, level_before: level });
        }
    }

    let events = db::communities::events(
        conn,
        "e.starts_at >= ?1 AND e.starts_at < ?2 AND (CAST(?3 AS BIGINT) IS NULL OR e.store_id = ?3) AND (CAST(?4 AS BIGINT) IS NULL OR e.community_id = ?4)",
        "e.starts_at",
        params![rfc3339(start), rfc3339(end), period.store(), community],
    )?;
    Ok(CommunityDashboard {
        from: period.from,
        to: period.to,
        members: count(now, None),
        active_7d: count(now, Some(community::ACTIVE_DAYS[0])),
        active_30d: count(now, Some(community::ACTIVE_DAYS[1])),
        series,
        events,
        levels: Level::ALL.iter().map(|l| LevelCount { level: *l, members: by_level.get(l).copied().unwrap_or(0) }).collect(),
        level_changes: level_changes(moves),
        advocacy,
        top_advocates,
        going_quiet: going,
    })
}

/// Members who answered NPS as promoters in the period, and how many answers members gave.
fn promoters(conn: &Conn, period: &Period, members: &HashMap<i64, Member>) -> Result<(std::collections::HashSet<i64>, u64), AppError> {
    let mut stmt = conn.prepare_cached("SELECT customer_id, score FROM nps_responses WHERE answered_at >= ?1 AND answered_at < ?2")?;
    let p = period.params();
    let mut rows = stmt.query(params_from_iter(p[..2].iter()))?;
    let (mut promoters, mut answers) = (std::collections::HashSet::new(), 0);
    while let Some(r) = rows.next()? {
        let r = &r;
        let (id, score): (i64, i64) = (r.get(0)?, r.get(1)?);
        if members.contains_key(&id) {
            answers += 1;
            if score >= 9 {
                promoters.insert(id);
            }
        }
    }
    Ok((promoters, answers))
}

/// Orders (not cancelled) the people members referred in the period placed within
/// [`ATTRIBUTION_DAYS`] of the referral; a referred record merged since counts as its survivor.
fn referred_bookings(conn: &Conn, period: &Period, members: &HashMap<i64, Member>) -> Result<(u64, i64), AppError> {
    let p = period.params();
    let mut stmt = conn.prepare_cached(
        "SELECT a.customer_id, coalesce(r.merged_into, r.id), a.occurred_at FROM community_activity a JOIN customers r ON r.id = a.referred_customer_id
          WHERE a.kind = 'referral' AND a.occurred_at >= ?1 AND a.occurred_at < ?2",
    )?;
    let referrals: Vec<(i64, i64, DateTime<Utc>)> = stmt
        .query_map(params_from_iter(p[..2].iter()), |r| Ok((r.get(0)?, r.get(1)?, time_col(r, 2)?)))?
        .collect::<Result<_, _>>()?;
    let mut orders = conn.prepare_cached(
        "SELECT count(*), coalesce(sum(amount_fen), 0) FROM orders WHERE customer_id = ?1 AND status <> 'cancelled' AND ordered_at >= ?2 AND ordered_at < ?3",
    )?;
    let (mut bookings, mut revenue) = (0u64, 0i64);
    for (referrer, referred, at) in referrals {
        if !members.contains_key(&referrer) {
            continue;
        }
        let (n, fen): (i64, i64) = orders.query_row(params![referred, rfc3339(at), rfc3339(at + Duration::days(ATTRIBUTION_DAYS))], |r| Ok((r.get(0)?, r.get(1)?)))?;
        bookings += n as u64;
        revenue += fen;
    }
    Ok((bookings, revenue))
}
