//! What the overview needs about the scoped customers, read once for the whole period; every
//! trend span is then counted from memory instead of asking SQLite seven times.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use roundtrip_domain::community::ACTIVE_DAYS;
use roundtrip_domain::Channel;

use crate::db::columns::{opt_time_col, time_col};
use crate::error::AppError;
use crate::db::period::{Period, CUSTOMER_SCOPE_SQL};
use crate::time::rfc3339;
use crate::db::sql::{params_from_iter, self, Conn, Row, Value};

/// When a customer was first known, first known online and first known offline.
pub struct Known {
    pub first_seen: DateTime<Utc>,
    pub online: Option<DateTime<Utc>>,
    pub offline: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct Facts {
    pub known: Vec<Known>,
    /// Customers who bought in the period → every order they placed up to its end (not cancelled).
    pub orders: HashMap<i64, Vec<DateTime<Utc>>>,
    /// NPS answers in the period: (customer, time, score).
    pub nps: Vec<(i64, DateTime<Utc>, i64)>,
    /// Shares and referrals in the period: (customer, time).
    pub advocacy: Vec<(i64, DateTime<Utc>)>,
    /// Community members → when they joined.
    pub members: HashMap<i64, DateTime<Utc>>,
    /// Members → their own activity from 30 days before the period to its end.
    pub member_activity: HashMap<i64, Vec<DateTime<Utc>>>,
}

fn rows<T>(conn: &Conn, sql: &str, args: Vec<Value>, f: impl Fn(&Row) -> sql::Result<T>) -> Result<Vec<T>, AppError> {
    let mut stmt = conn.prepare_cached(sql)?;
    let out = stmt.query_map(params_from_iter(args), |r| f(r))?.collect::<Result<_, _>>()?;
    Ok(out)
}

impl Facts {
    pub fn load(conn: &Conn, period: &Period) -> Result<Self, AppError> {
        let p = || period.params().to_vec();
        let offline = format!("'{}', '{}'", Channel::Store.as_str(), Channel::CallCenter.as_str());
        let known = rows(conn, &format!(
            "SELECT c.first_seen_at,
                    min(CASE WHEN i.source NOT IN ({offline}) THEN i.first_seen_at END),
                    min(CASE WHEN i.source IN ({offline}) THEN i.first_seen_at END)
               FROM customers c LEFT JOIN identities i ON i.customer_id = c.id
              WHERE CAST(?1 AS TEXT) IS NOT NULL AND c.first_seen_at < ?2 AND {CUSTOMER_SCOPE_SQL} GROUP BY c.id"
        ), p(), |r| Ok(Known { first_seen: time_col(r, 0)?, online: opt_time_col(r, 1)?, offline: opt_time_col(r, 2)? }))?;

        let mut orders: HashMap<i64, Vec<DateTime<Utc>>> = HashMap::new();
        for (id, at) in rows(conn, &format!(
            "SELECT o.customer_id, o.ordered_at FROM orders o
              WHERE o.status <> 'cancelled' AND o.ordered_at < ?2 AND o.customer_id IN (
                    SELECT b.customer_id FROM orders b JOIN customers c ON c.id = b.customer_id
                     WHERE b.ordered_at >= ?1 AND b.ordered_at < ?2 AND b.status <> 'cancelled' AND {CUSTOMER_SCOPE_SQL})"
        ), p(), |r| Ok((r.get(0)?, time_col(r, 1)?)))? {
            orders.entry(id).or_default().push(at);
        }

        let nps = rows(conn, &format!(
            "SELECT n.customer_id, n.answered_at, n.score FROM nps_responses n JOIN customers c ON c.id = n.customer_id
              WHERE n.answered_at >= ?1 AND n.answered_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
        ), p(), |r| Ok((r.get(0)?, time_col(r, 1)?, r.get(2)?)))?;
        let advocacy = rows(conn, &format!(
            "SELECT a.customer_id, a.occurred_at FROM community_activity a JOIN customers c ON c.id = a.customer_id
              WHERE a.kind IN ('share', 'referral') AND a.occurred_at >= ?1 AND a.occurred_at < ?2 AND {CUSTOMER_SCOPE_SQL}"
        ), p(), |r| Ok((r.get(0)?, time_col(r, 1)?)))?;

        let member_sql = format!("SELECT cm.customer_id FROM community_members cm JOIN customers c ON c.id = cm.customer_id
              WHERE CAST(?1 AS TEXT) IS NOT NULL AND cm.joined_at < ?2 AND {CUSTOMER_SCOPE_SQL}");
        let members = rows(conn, &format!("SELECT cm.customer_id, min(cm.joined_at) FROM community_members cm JOIN customers c ON c.id = cm.customer_id
              WHERE CAST(?1 AS TEXT) IS NOT NULL AND cm.joined_at < ?2 AND {CUSTOMER_SCOPE_SQL} GROUP BY 1"),
            p(), |r| Ok((r.get(0)?, time_col(r, 1)?)))?.into_iter().collect();
        let mut args = p();
        args[0] = Value::Text(rfc3339(period.bounds().0 - Duration::days(ACTIVE_DAYS[1])));
        let mut member_activity: HashMap<i64, Vec<DateTime<Utc>>> = HashMap::new();
        for (id, at) in rows(conn, &format!(
            "SELECT a.customer_id, a.occurred_at FROM community_activity a
              WHERE a.occurred_at >= ?1 AND a.occurred_at < ?2 AND a.customer_id IN ({member_sql})"
        ), args, |r| Ok((r.get(0)?, time_col(r, 1)?)))? {
            member_activity.entry(id).or_default().push(at);
        }
        Ok(Self { known, orders, nps, advocacy, members, member_activity })
    }
}
