//! Sign-ups, check-ins and satisfaction at a community event's door, as stored.

use axum::http::StatusCode;
use roundtrip_domain::dto::{CommunityEvent, EventDetail};

use crate::db::customers::read_visible;
use crate::error::AppError;
use crate::db::sql::{self, Conn, OptionalExt, params};

/// Makes the customer a member (if not yet) and signs them up (if not yet); the customer must
/// be one the caller may see. Returns whether a sign-up was created.
pub fn sign_up(tx: &Conn, scope: Option<i64>, e: &CommunityEvent, customer: i64, now: &str) -> Result<bool, AppError> {
    read_visible(tx, customer, scope, "c.id", |_| Ok(()))?;
    let joined = tx.execute(
        "INSERT INTO community_members (community_id, customer_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![e.community_id, customer, now],
    )?;
    if joined == 1 {
        tx.execute(
            "INSERT INTO community_activity (customer_id, community_id, kind, occurred_at) VALUES (?1, ?2, 'join', ?3)",
            params![customer, e.community_id, now],
        )?;
    }
    Ok(tx.execute(
        "INSERT INTO event_attendance (event_id, customer_id, attended, signed_up_at) VALUES (?1, ?2, 0, ?3) ON CONFLICT DO NOTHING",
        params![e.id, customer, now],
    )? == 1)
}

/// Events at `scope`'s store (all stores: `None`) starting from `since`, soonest first.
pub fn run_since(conn: &Conn, since: &str, scope: Option<i64>) -> Result<Vec<CommunityEvent>, AppError> {
    super::communities::events(conn, "e.starts_at >= ?1 AND (CAST(?2 AS BIGINT) IS NULL OR e.store_id = ?2)", "e.starts_at", params![since, scope])
}

/// Whether the customer attended the event; `None` when they are not signed up.
pub fn attended(conn: &Conn, event: i64, customer: i64) -> sql::Result<Option<bool>> {
    conn.query_row("SELECT attended FROM event_attendance WHERE event_id = ?1 AND customer_id = ?2", params![event, customer], |r| r.get(0))
        .optional()
}

/// When the customer was checked in (`Some(None)`: signed up, not in); `None` when not signed up.
pub fn checked_in_at(conn: &Conn, event: i64, customer: i64) -> sql::Result<Option<Option<String>>> {
    conn.query_row("SELECT checked_in_at FROM event_attendance WHERE event_id = ?1 AND customer_id = ?2", params![event, customer], |r| r.get(0))
        .optional()
}

/// Lets a signed-up customer in: once, with their attendance and activity recorded.
pub fn check_in(tx: &Conn, e: &CommunityEvent, customer: i64, now: &str) -> Result<(), AppError> {
    let changed = tx.execute(
        "UPDATE event_attendance SET attended = 1, checked_in_at = ?3 WHERE event_id = ?1 AND customer_id = ?2 AND attended = 0",
        params![e.id, customer, now],
    )?;
    if changed == 1 {
        tx.execute(
            "INSERT INTO community_activity (customer_id, community_id, kind, occurred_at) VALUES (?1, ?2, 'attend', ?3)",
            params![customer, e.community_id, now],
        )?;
        tx.execute("UPDATE customers SET last_active_at = CASE WHEN last_active_at >= ?2 THEN last_active_at ELSE ?2 END WHERE id = ?1", params![customer, now])?;
    }
    Ok(())
}

/// Takes back a check-in made at `at`: the sign-up stays, the attendance and its activity go.
pub fn undo_check_in(tx: &Conn, e: &CommunityEvent, customer: i64, at: &str) -> sql::Result<()> {
    tx.execute("UPDATE event_attendance SET attended = 0, checked_in_at = NULL, satisfaction = NULL WHERE event_id = ?1 AND customer_id = ?2", params![e.id, customer])?;
    tx.execute(
        "DELETE FROM community_activity WHERE customer_id = ?1 AND community_id = ?2 AND kind = 'attend' AND occurred_at = ?3",
        params![customer, e.community_id, at],
    )?;
    Ok(())
}

pub fn set_satisfaction(tx: &Conn, event: i64, customer: i64, score: u8) -> sql::Result<()> {
    tx.execute("UPDATE event_attendance SET satisfaction = ?3 WHERE event_id = ?1 AND customer_id = ?2", params![event, customer, score])?;
    Ok(())
}

/// The event, if the caller may work on it: managers anywhere, staff at their store.
pub fn door(conn: &Conn, scope: Option<i64>, event: i64) -> Result<CommunityEvent, AppError> {
    let e = super::communities::event(conn, event)?;
    match scope {
        Some(store) if e.store.as_ref().map(|s| s.id) != Some(store) => {
            Err(AppError::new(StatusCode::FORBIDDEN, "store_scope", "this event is run by another store"))
        }
        _ => Ok(e),
    }
}

pub fn detail(conn: &Conn, event: i64) -> Result<EventDetail, AppError> {
    Ok(EventDetail { event: super::communities::event(conn, event)?, attendees: super::communities::attendees(conn, event)?, door_open: false /* the route knows the time: routes::communities::attendance::with_door */ })
}

/// A change made at an event's door, inside its transaction: (transaction, the event, the
/// caller's store scope).
pub type DoorChange = Box<dyn Fn(&Conn, &CommunityEvent, Option<i64>) -> Result<(), AppError> + Send>;

/// Runs `change` on the event in one IMMEDIATE transaction, after the store-scope check; the
/// event as it is afterwards.
pub fn at_door(conn: &mut Conn, scope: Option<i64>, id: i64, change: &DoorChange) -> Result<EventDetail, AppError> {
    let tx = conn.begin()?;
    let e = door(&tx, scope, id)?;
    change(&tx, &e, scope)?;
    tx.commit()?;
    detail(conn, id)
}
