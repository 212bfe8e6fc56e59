//! Loaders for the parts of a profile that staff edit; the profile and the edit answers read
//! them the same way.

use roundtrip_domain::dto::{CustomerEdits, FollowUp, Note};
use roundtrip_domain::edits::apply_tag_change;
use roundtrip_domain::Channel;

use crate::db::columns::time_col;
use crate::error::AppError;
use axum::http::StatusCode;
use serde_json::json;
use crate::db::sql::{Conn, OptionalExt, params};

pub fn tags(conn: &Conn, id: i64) -> Result<Vec<String>, AppError> {
    Ok(conn
        .prepare_cached(&format!("SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY {}", conn.insertion_order()))?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?)
}

/// Newest first.
pub fn notes(conn: &Conn, id: i64) -> Result<Vec<Note>, AppError> {
    Ok(conn
        .prepare_cached(
            "SELECT n.id, u.display_name, n.body, n.created_at FROM customer_notes n JOIN users u ON u.id = n.author_id
              WHERE n.customer_id = ?1 ORDER BY n.created_at DESC, n.id DESC",
        )?
        .query_map([id], |r| Ok(Note { id: r.get(0)?, author: r.get(1)?, body: r.get(2)?, created_at: time_col(r, 3)? }))?
        .collect::<Result<Vec<_>, _>>()?)
}

/// Open ones first, by due date.
pub fn follow_ups(conn: &Conn, id: i64) -> Result<Vec<FollowUp>, AppError> {
    Ok(conn
        .prepare_cached(
            "SELECT f.id, u.display_name, f.title, f.due_on, f.done_at IS NOT NULL FROM follow_ups f JOIN users u ON u.id = f.author_id
              WHERE f.customer_id = ?1 ORDER BY f.done_at IS NOT NULL, f.due_on, f.id",
        )?
        .query_map([id], |r| {
            let due: String = r.get(3)?;
            Ok(FollowUp {
                id: r.get(0)?,
                author: r.get(1)?,
                title: r.get(2)?,
                due_on: due.parse().map_err(|_| rusqlite::Error::InvalidColumnType(3, due, rusqlite::types::Type::Text))?,
                done: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?)
}

/// What an edit answers with: the new version and the tags.
pub fn snapshot(conn: &Conn, id: i64) -> Result<CustomerEdits, AppError> {
    Ok(CustomerEdits {
        version: conn.query_row("SELECT version FROM customers WHERE id = ?1", [id], |r| r.get(0))?,
        tags: tags(conn, id)?,
        notes: notes(conn, id)?,
        follow_ups: follow_ups(conn, id)?,
    })
}

// The writes themselves, shared by the edit endpoints above and the outbox replay (`sync`).
// Each runs inside the caller's transaction, after the version was claimed.

pub fn write_tags(tx: &Conn, id: i64, add: &[String], remove: &[String]) -> Result<(), AppError> {
    let next = apply_tag_change(&tags(tx, id)?, add, remove)?;
    tx.execute("DELETE FROM customer_tags WHERE customer_id = ?1", [id])?;
    for tag in next {
        tx.execute("INSERT INTO customer_tags (customer_id, tag) VALUES (?1, ?2)", params![id, tag])?;
    }
    Ok(())
}

pub fn write_note(tx: &Conn, id: i64, author: i64, body: &str, now: &str) -> Result<(), AppError> {
    tx.execute(
        "INSERT INTO customer_notes (customer_id, author_id, body, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, author, body, now],
    )?;
    Ok(())
}

pub fn write_follow_up(tx: &Conn, id: i64, author: i64, title: &str, due_on: chrono::NaiveDate, now: &str) -> Result<(), AppError> {
    tx.execute(
        "INSERT INTO follow_ups (customer_id, author_id, title, due_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, author, title, due_on.to_string(), now],
    )?;
    Ok(())
}

/// Ticks a follow-up; ticking a care task here counts as care, as on `/care`.
pub fn write_follow_up_done(tx: &Conn, id: i64, follow_up_id: i64, done: bool, channel: Channel, now: &str) -> Result<(), AppError> {
    let task: Option<(String, Option<String>, Option<String>, Option<i64>)> = tx
        .query_row(
            "SELECT f.title, f.care_kind, f.done_at, c.home_store_id FROM follow_ups f JOIN customers c ON c.id = f.customer_id WHERE f.id = ?1 AND f.customer_id = ?2",
            params![follow_up_id, id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((title, care_kind, done_at, home_store)) = task else { return Err(AppError::not_found("follow-up")) };
    tx.execute("UPDATE follow_ups SET done_at = ?1 WHERE id = ?2", params![done.then_some(now), follow_up_id])?;
    if done && done_at.is_none() && care_kind.is_some() {
        crate::db::care::record_care_touch(tx, id, channel, &title, home_store, now)?;
    }
    Ok(())
}

/// A write based on an older profile than the current one is refused, never applied over
/// someone else's change.
pub fn check_version(current: i64, expected: i64) -> Result<(), AppError> {
    if current == expected {
        return Ok(());
    }
    Err(AppError::new(StatusCode::CONFLICT, "version_conflict", "the profile changed since you loaded it; reload and try again")
        .with_details(json!({ "current_version": current, "your_version": expected })))
}

/// Claims the next version of a customer `scope` may see, if it is still at `expected`: the
/// edit that follows in the same transaction then cannot overwrite anyone else's.
pub fn claim_version(tx: &Conn, id: i64, scope: Option<i64>, expected: i64) -> Result<(), AppError> {
    let current: i64 = super::customers::read_visible(tx, id, scope, "c.version", |r| r.get(0))?;
    check_version(current, expected)?;
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// One staff edit of a customer, as the edit endpoints take it.
#[derive(Clone)]
pub enum StaffEdit {
    Tags { add: Vec<String>, remove: Vec<String> },
    Note { body: String },
    FollowUp { title: String, due_on: chrono::NaiveDate },
    FollowUpDone { follow_up_id: i64, done: bool, channel: Channel },
}

/// Applies `edit` by `author` to a customer `scope` may see, if the profile is still at
/// `expected`, in one IMMEDIATE transaction (concurrent edits queue instead of failing to
/// upgrade a read); the customer's edits afterwards.
#[allow(clippy::too_many_arguments)]
pub fn apply(conn: &mut Conn, id: i64, scope: Option<i64>, expected: i64, author: i64, now: &str, edit: StaffEdit) -> Result<CustomerEdits, AppError> {
    let tx = conn.begin()?;
    claim_version(&tx, id, scope, expected)?;
    match edit {
        StaffEdit::Tags { add, remove } => write_tags(&tx, id, &add, &remove)?,
        StaffEdit::Note { body } => write_note(&tx, id, author, &body, now)?,
        StaffEdit::FollowUp { title, due_on } => write_follow_up(&tx, id, author, &title, due_on, now)?,
        StaffEdit::FollowUpDone { follow_up_id, done, channel } => write_follow_up_done(&tx, id, follow_up_id, done, channel, now)?,
    }
    let edits = snapshot(&tx, id)?;
    tx.commit()?;
    Ok(edits)
}
