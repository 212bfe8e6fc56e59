//! User accounts as stored: the public view, sign-in credentials, preferences and access.

use roundtrip_domain::dto::{DisplayPreferences, Me};
use roundtrip_domain::Role;

use crate::db::columns::{enum_col, store_col};
use crate::error::AppError;
use crate::db::sql::{Conn, OptionalExt, params};

/// The public view of a user account, working in the agency's `zone`.
pub fn me(conn: &Conn, user_id: i64, zone: chrono_tz::Tz) -> Result<Me, AppError> {
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
                time_zone: zone.name().to_owned(),
            })
        },
    )?)
}

/// The id and password hash of an active account, for signing in.
pub fn credentials(conn: &Conn, username: &str) -> Result<Option<(i64, String)>, AppError> {
    Ok(conn
        .query_row("SELECT id, password_hash FROM users WHERE username = ?1 AND disabled = 0", [username], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

pub fn set_display(conn: &Conn, id: i64, prefs: &DisplayPreferences) -> Result<(), AppError> {
    conn.execute("UPDATE users SET large_type = ?1, dark_theme = ?2 WHERE id = ?3", params![prefs.large_type, prefs.dark_theme, id])?;
    Ok(())
}

/// Enables or disables an account (a disabled one loses its sessions at once), audited as
/// `by`'s act; `NotFound` when there is no such user.
pub fn set_access(conn: &mut Conn, id: i64, disabled: bool, by: i64) -> Result<(), AppError> {
    let tx = conn.begin()?;
    if tx.execute("UPDATE users SET disabled = ?2 WHERE id = ?1", params![id, disabled])? == 0 {
        return Err(AppError::not_found("user"));
    }
    if disabled {
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    }
    super::audit::record(&tx, by, &format!("user:{id}"), &roundtrip_domain::audit::AuditDetail::UserAccess { enabled: !disabled })?;
    tx.commit()?;
    Ok(())
}
