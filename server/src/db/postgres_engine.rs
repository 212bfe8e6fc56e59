//! Connecting to PostgreSQL. No TLS: the README's deployment keeps the database on a private
//! network or a Unix socket; a URL with `sslmode=require` is refused rather than downgraded.

use super::sql::{self, Conn, PgConn};
use super::DbError;

pub fn connect(url: &str) -> Result<Conn, DbError> {
    if url.contains("sslmode=require") || url.contains("sslmode=verify") {
        return Err(DbError::Check("TLS to PostgreSQL is not built in; connect over a private network or a Unix socket".into()));
    }
    let client = sql::pg_connect(url)?;
    let conn = Conn::Postgres(PgConn::new(client));
    // timestamps are stored as RFC 3339 text and compared as bytes, as in SQLite
    conn.execute_batch("SET client_encoding = 'UTF8'; SET lock_timeout = '3s'")?;
    Ok(conn)
}
