//! Care tasks as stored: generated as follow-ups (once per customer, kind and day), listed
//! for a store, and completed with the care touch they leave on the customer's timeline.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use roundtrip_domain::care::{month_days, returns_for, window, CareKind};
use roundtrip_domain::dto::{CareTask, CareTasks};
use roundtrip_domain::trips::documents::{outbound, RECHECK_DAYS_BEFORE};
use roundtrip_domain::{Channel, Stage};

use crate::db::columns::{date_col, enum_col, store_col};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, params};

/// The care touch a completed care task leaves on the timeline (what care coverage counts),
/// whether it was ticked on `/care` or in the profile's follow-up list.
pub fn record_care_touch(tx: &Conn, customer: i64, channel: Channel, title: &str, home_store: Option<i64>, now: &str) -> sql::Result<()> {
    tx.execute(
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary, store_id) VALUES (?1, ?2, ?3, 'care', ?4, ?5, ?6)",
        params![customer, channel.as_str(), Stage::PostTrip.as_str(), now, title, (channel == Channel::Store).then_some(home_store).flatten()],
    )?;
    crate::db::journeys::mark_stale(tx, customer)
}

/// Customers `c` a care list covers: staff their own store's (not every online-only customer).
const SCOPE: &str = "c.merged_into IS NULL AND (CAST(?1 AS BIGINT) IS NULL OR c.home_store_id = ?1)";

pub fn open_tasks(conn: &Conn, scope: Option<i64>, today: NaiveDate) -> sql::Result<Vec<CareTask>> {
    conn.prepare_cached(&format!(
        "SELECT f.id, c.id, c.name, f.care_kind, f.title, f.due_on, s.id, s.name, s.city
           FROM follow_ups f JOIN customers c ON c.id = f.customer_id LEFT JOIN stores s ON s.id = c.home_store_id
          WHERE f.care_kind IS NOT NULL AND f.done_at IS NULL AND f.due_on <= ?2 AND {SCOPE}
          ORDER BY f.due_on, f.id LIMIT 500"
    ))?
    .query_map(params![scope, (today + Duration::days(7)).to_string()], |r| {
        Ok(CareTask {
            id: r.get(0)?,
            customer_id: r.get(1)?,
            customer_name: r.get(2)?,
            kind: enum_col(r, 3, CareKind::parse)?,
            title: r.get(4)?,
            due_on: date_col(r, 5)?.unwrap_or(today),
            store: store_col(r, 6)?,
        })
    })?
    .collect()
}

/// Generates the birthday, trip-anniversary and post-trip tasks due over the `days` from
/// `today` for `scope`'s customers; the open tasks afterwards and how many were added.
pub fn generate(conn: &mut Conn, scope: Option<i64>, me: i64, now: DateTime<Utc>, today: NaiveDate, days: u32) -> Result<CareTasks, AppError> {
    let tx = conn.begin()?;
    let days = window(today, days);
    let mut created = 0u64;
    let insert = "INSERT INTO follow_ups (customer_id, author_id, title, due_on, created_at, care_kind)";
    for (md, due) in month_days(&days) {
        created += tx.execute(
            &format!("{insert} SELECT c.id, ?2, '生日问候 / Birthday greeting', ?3, ?4, 'birthday' FROM customers c WHERE {SCOPE} AND c.birthday = ?5 ON CONFLICT DO NOTHING"),
            params![scope, me, due.to_string(), rfc3339(now), md],
        )? as u64;
        created += tx.execute(
            &format!("{insert} SELECT o.customer_id, ?2, o.title, ?3, ?4, 'trip_anniversary' FROM orders o JOIN customers c ON c.id = o.customer_id
                      WHERE {SCOPE} AND o.status = 'completed' AND substr(o.departure, 6, 5) = ?5 AND substr(o.departure, 1, 4) < ?6 ON CONFLICT DO NOTHING"),
            params![scope, me, due.to_string(), rfc3339(now), md, due.year().to_string()],
        )? as u64;
    }
    for (ret, due) in returns_for(&days).into_iter().zip(&days) {
        created += tx.execute(
            &format!("{insert} SELECT o.customer_id, ?2, o.title, ?3, ?4, 'post_trip' FROM orders o JOIN customers c ON c.id = o.customer_id
                      WHERE {SCOPE} AND o.status IN ('paid', 'completed') AND o.return_date = ?5 ON CONFLICT DO NOTHING"),
            params![scope, me, due.to_string(), rfc3339(now), ret.to_string()],
        )? as u64;
    }
    created += documents_checks(&tx, scope, me, now, &days)?;
    tx.commit()?;
    Ok(CareTasks { items: open_tasks(conn, scope, today)?, created })
}

/// A documents check for each trip abroad leaving [`RECHECK_DAYS_BEFORE`] days after one of
/// `days`, for its booker: time enough to renew a passport or get a visa.
fn documents_checks(tx: &Conn, scope: Option<i64>, me: i64, now: DateTime<Utc>, days: &[NaiveDate]) -> sql::Result<u64> {
    let mut created = 0;
    for due in days {
        let departs = *due + Duration::days(RECHECK_DAYS_BEFORE);
        let trips: Vec<(i64, String, String)> = tx
            .prepare_cached(&format!(
                "SELECT o.customer_id, o.title, o.destination FROM orders o JOIN customers c ON c.id = o.customer_id
                  WHERE {SCOPE} AND o.departure = ?2 AND o.status NOT IN ('cancelled', 'refunded')"
            ))?
            .query_map(params![scope, departs.to_string()], |r| Ok((r.get("customer_id")?, r.get("title")?, r.get("destination")?)))?
            .collect::<sql::Result<_>>()?;
        for (customer, title, destination) in trips {
            if outbound(&destination).is_none() {
                continue;
            }
            created += tx.execute(
                "INSERT INTO follow_ups (customer_id, author_id, title, due_on, created_at, care_kind) VALUES (?1, ?2, ?3, ?4, ?5, 'documents_check') ON CONFLICT DO NOTHING",
                params![customer, me, title, due.to_string(), rfc3339(now)],
            )? as u64;
        }
    }
    Ok(created)
}

/// Marks an open care task of `scope`'s customers done, with its care touch.
pub fn complete(conn: &mut Conn, scope: Option<i64>, id: i64, channel: Channel, now: &str) -> Result<(), AppError> {
    let tx = conn.begin()?;
    let task: Option<(i64, String, Option<i64>)> = tx
        .query_row(
            &format!("SELECT c.id, f.title, c.home_store_id FROM follow_ups f JOIN customers c ON c.id = f.customer_id
                       WHERE f.id = ?2 AND f.care_kind IS NOT NULL AND f.done_at IS NULL AND {SCOPE}"),
            params![scope, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (customer, title, store) = task.ok_or_else(|| AppError::not_found("care task"))?;
    tx.execute("UPDATE follow_ups SET done_at = ?2 WHERE id = ?1", params![id, now])?;
    record_care_touch(&tx, customer, channel, &title, store, now)?;
    // the follow-up list on the profile changed: open copies must reload before editing
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [customer])?;
    tx.commit()?;
    Ok(())
}
