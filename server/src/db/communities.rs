//! Communities, their moderators and events as stored, read with their counts.

use chrono::{DateTime, Duration, Utc};
use axum::http::StatusCode;
use roundtrip_domain::dto::{Attendee, Community, CommunityEvent, Moderator, NewEvent};
use serde_json::json;

use crate::db::columns::{opt_time_col, store_col, time_col};
use crate::db::customers::{summary, SUMMARY_COLUMNS, SUMMARY_WIDTH};
use crate::error::AppError;
use crate::time::rfc3339;
use crate::db::sql::{self, Conn, OptionalExt, Params, params, Row};

const COMMUNITY_SQL: &str = "SELECT m.id, m.name, m.interest, m.description,
        (SELECT count(*) FROM community_members cm WHERE cm.community_id = m.id),
        (SELECT count(DISTINCT a.customer_id) FROM community_activity a
          WHERE a.community_id = m.id AND a.customer_id IS NOT NULL AND a.occurred_at > ?1),
        (SELECT count(*) FROM community_events e WHERE e.community_id = m.id AND e.starts_at >= ?2)
   FROM communities m";

pub fn communities(conn: &Conn, only: Option<i64>, now: DateTime<Utc>) -> Result<Vec<Community>, AppError> {
    let mut stmt = conn.prepare_cached(&format!("{COMMUNITY_SQL} WHERE CAST(?3 AS BIGINT) IS NULL OR m.id = ?3 ORDER BY m.name, m.id"))?;
    let rows = stmt.query_map(params![rfc3339(now - Duration::days(30)), rfc3339(now), only], |r| {
        Ok(Community {
            id: r.get(0)?,
            name: r.get(1)?,
            interest: r.get(2)?,
            description: r.get(3)?,
            members: r.get::<_, i64>(4)? as u64,
            active_30d: r.get::<_, i64>(5)? as u64,
            upcoming_events: r.get::<_, i64>(6)? as u64,
            moderators: vec![],
        })
    })?;
    let mut out = rows.collect::<Result<Vec<_>, _>>()?;
    let mut mods = conn.prepare_cached(
        "SELECT u.id, u.display_name, s.name FROM community_moderators cm JOIN users u ON u.id = cm.user_id
           LEFT JOIN stores s ON s.id = u.store_id WHERE cm.community_id = ?1 ORDER BY u.id",
    )?;
    for c in &mut out {
        c.moderators = mods.query_map([c.id], moderator)?.collect::<Result<_, _>>()?;
    }
    Ok(out)
}

/// `user id, display name, store name`.
pub fn moderator(r: &Row) -> sql::Result<Moderator> {
    Ok(Moderator { user_id: r.get(0)?, display_name: r.get(1)?, store: r.get(2)? })
}

const EVENT_SQL: &str = "SELECT e.id, e.community_id, m.name, e.title, e.starts_at, s.id, s.name, s.city, e.capacity,
        (SELECT count(*) FROM event_attendance a WHERE a.event_id = e.id),
        (SELECT count(*) FROM event_attendance a WHERE a.event_id = e.id AND a.attended = 1),
        (SELECT avg(CAST(a.satisfaction AS DOUBLE PRECISION)) FROM event_attendance a WHERE a.event_id = e.id)
   FROM community_events e JOIN communities m ON m.id = e.community_id LEFT JOIN stores s ON s.id = e.store_id";

fn event_row(r: &Row) -> sql::Result<CommunityEvent> {
    Ok(CommunityEvent {
        id: r.get(0)?,
        community_id: r.get(1)?,
        community_name: r.get(2)?,
        title: r.get(3)?,
        starts_at: time_col(r, 4)?,
        store: store_col(r, 5)?,
        capacity: r.get::<_, Option<i64>>(8)?.map(|c| c as u32),
        signed_up: r.get::<_, i64>(9)? as u64,
        attended: r.get::<_, i64>(10)? as u64,
        satisfaction: r.get(11)?,
    })
}

/// Events matching `filter` (SQL over `e`, parameters `?1`…), ordered by `order`.
pub fn events(conn: &Conn, filter: &str, order: &str, args: impl Params) -> Result<Vec<CommunityEvent>, AppError> {
    let mut stmt = conn.prepare_cached(&format!("{EVENT_SQL} WHERE {filter} ORDER BY {order}"))?;
    let rows = stmt.query_map(args, event_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn event(conn: &Conn, id: i64) -> Result<CommunityEvent, AppError> {
    let mut stmt = conn.prepare_cached(&format!("{EVENT_SQL} WHERE e.id = ?1"))?;
    stmt.query_row([id], event_row).optional()?.ok_or_else(|| AppError::not_found("event"))
}

/// Everyone signed up, checked-in people last so the door list leads with who is still expected.
pub fn attendees(conn: &Conn, event: i64) -> Result<Vec<Attendee>, AppError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS}, a.signed_up_at, a.checked_in_at, a.satisfaction
           FROM event_attendance a JOIN customers c ON c.id = a.customer_id LEFT JOIN stores s ON s.id = c.home_store_id
          WHERE a.event_id = ?1 ORDER BY a.attended, c.name, c.id"
    ))?;
    let rows = stmt.query_map([event], |r| {
        Ok(Attendee {
            customer: summary(r)?,
            signed_up_at: opt_time_col(r, SUMMARY_WIDTH)?,
            checked_in_at: opt_time_col(r, SUMMARY_WIDTH + 1)?,
            satisfaction: r.get::<_, Option<i64>>(SUMMARY_WIDTH + 2)?.map(|s| s as u8),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Active staff and managers, who can moderate a community, by store.
pub fn moderators(conn: &Conn) -> Result<Vec<Moderator>, AppError> {
    let mut stmt = conn.prepare_cached(
        "SELECT u.id, u.display_name, s.name FROM users u LEFT JOIN stores s ON s.id = u.store_id
          WHERE u.disabled = 0 AND u.role IN ('staff', 'manager') ORDER BY u.store_id, u.role DESC, u.id",
    )?;
    let rows = stmt.query_map([], moderator)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Creates a community with its moderators (active staff or managers); 409 when the name is taken.
pub fn create(conn: &mut Conn, name: &str, interest: &str, description: &str, moderator_ids: &[i64], author: i64, now: DateTime<Utc>) -> Result<Community, AppError> {
    let tx = conn.begin()?;
    let taken: Option<i64> = tx.query_row("SELECT id FROM communities WHERE name = ?1", [&name], |r| r.get(0)).optional()?;
    if let Some(existing) = taken {
        return Err(AppError::new(StatusCode::CONFLICT, "duplicate_name", "a community with this name already exists")
            .with_details(json!({ "community_id": existing })));
    }
    let new_id = tx.insert_returning_id(
        "INSERT INTO communities (name, interest, description, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![name, interest, description, rfc3339(now), author],
    )?;
    let id = new_id;
    for moderator in moderator_ids {
        let ok: Option<i64> = tx
            .query_row("SELECT id FROM users WHERE id = ?1 AND disabled = 0 AND role IN ('staff', 'manager')", [moderator], |r| r.get(0))
            .optional()?;
        if ok.is_none() {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", "moderators must be active staff or managers")
                .with_details(json!({ "moderator_id": moderator })));
        }
        tx.execute("INSERT INTO community_moderators (community_id, user_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING", params![id, moderator])?;
    }
    tx.commit()?;
    communities(conn, Some(id), now)?.pop().ok_or_else(|| AppError::internal("created community vanished"))
}

/// Plans an event of community `id` at `store_id` (which must exist).
pub fn create_event(conn: &mut Conn, id: i64, title: &str, planned: &NewEvent, now: DateTime<Utc>) -> Result<CommunityEvent, AppError> {
    let tx = conn.begin()?;
    let known: Option<i64> = tx.query_row("SELECT id FROM communities WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    known.ok_or_else(|| AppError::not_found("community"))?;
    if let Some(store) = planned.store_id {
        if !crate::db::stores::exists(&tx, store)? {
            return Err(AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", format!("store_id {store} does not exist")));
        }
    }
    let new_id = tx.insert_returning_id(
        "INSERT INTO community_events (community_id, title, starts_at, store_id, capacity, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![id, title, rfc3339(planned.starts_at), planned.store_id, planned.capacity, rfc3339(now)],
    )?;
    let created = new_id;
    tx.commit()?;
    event(conn, created)
}
