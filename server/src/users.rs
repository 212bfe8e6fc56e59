use roundtrip_domain::dto::{DisplayPreferences, Me};
use roundtrip_domain::Role;
use rusqlite::Connection;

use crate::db::columns::{enum_col, store_col};
use crate::error::AppError;

/// The public view of a user account.
pub fn me(conn: &Connection, user_id: i64) -> Result<Me, AppError> {
    Ok(conn.query_row(
        "SELECT u.id, u.username, u.display_name, u.role, s.id, s.name, s.city, u.large_type, u.dark_theme
           FROM users u LEFT JOIN stores s ON s.id = u.store_id WHERE u.id = ?1",
        [user_id],
        |r| {
            Ok(Me {
                id: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                role: enum_col(r, 3, Role::parse)?,
                store: store_col(r, 4)?,
                display: DisplayPreferences { large_type: r.get(7)?, dark_theme: r.get(8)? },
            })
        },
    )?)
}
