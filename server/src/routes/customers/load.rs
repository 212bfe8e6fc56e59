//! Loaders for the parts of a profile that staff edit; the profile and the edit answers read
//! them the same way.

use roundtrip_domain::dto::{FollowUp, Note};
use rusqlite::Connection;

use crate::db::columns::time_col;
use crate::error::AppError;

pub fn tags(conn: &Connection, id: i64) -> Result<Vec<String>, AppError> {
    Ok(conn
        .prepare_cached("SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY rowid")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<Vec<String>, _>>()?)
}

/// Newest first.
pub fn notes(conn: &Connection, id: i64) -> Result<Vec<Note>, AppError> {
    Ok(conn
        .prepare_cached(
            "SELECT n.id, u.display_name, n.body, n.created_at FROM customer_notes n JOIN users u ON u.id = n.author_id
              WHERE n.customer_id = ?1 ORDER BY n.created_at DESC, n.id DESC",
        )?
        .query_map([id], |r| Ok(Note { id: r.get(0)?, author: r.get(1)?, body: r.get(2)?, created_at: time_col(r, 3)? }))?
        .collect::<Result<Vec<_>, _>>()?)
}

/// Open ones first, by due date.
pub fn follow_ups(conn: &Connection, id: i64) -> Result<Vec<FollowUp>, AppError> {
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
