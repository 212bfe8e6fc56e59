//! Failed sign-ins per client address, shared by every server process on the database.

use chrono::{DateTime, Utc};
use roundtrip_domain::throttle::{username_key, window, Failure};

use crate::db::columns::time_col;
use crate::db::sql::{self, params, Conn};
use crate::time::rfc3339;

/// The address as stored: `-` when the client's address is unknown.
fn address_key(address: Option<std::net::IpAddr>) -> String {
    address.map_or_else(|| "-".to_owned(), |a| a.to_string())
}

/// The failures from `address` within the throttling window before `now`.
pub fn recent(conn: &Conn, address: Option<std::net::IpAddr>, now: DateTime<Utc>) -> sql::Result<Vec<Failure>> {
    conn.query_map(
        "SELECT username, at FROM login_failures WHERE address = ?1 AND at > ?2 ORDER BY at",
        params![address_key(address), rfc3339(now - window())],
        |r| Ok(Failure { username: r.get("username")?, at: time_col(r, "at")? }),
    )
}

/// Records a failure, and forgets those past the window.
pub fn record(conn: &Conn, address: Option<std::net::IpAddr>, username: &str, now: DateTime<Utc>) -> sql::Result<()> {
    let tx = conn.begin()?;
    tx.execute("DELETE FROM login_failures WHERE at <= ?1", [rfc3339(now - window())])?;
    tx.execute("INSERT INTO login_failures (address, username, at) VALUES (?1, ?2, ?3)", params![address_key(address), username_key(username), rfc3339(now)])?;
    tx.commit()
}

/// A successful sign-in forgets that address's failures for that username.
pub fn forget(conn: &Conn, address: Option<std::net::IpAddr>, username: &str) -> sql::Result<()> {
    conn.execute("DELETE FROM login_failures WHERE address = ?1 AND username = ?2", params![address_key(address), username_key(username)])?;
    Ok(())
}
