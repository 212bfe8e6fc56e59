//! The agency's stores.

use roundtrip_domain::dto::StoreRef;

use crate::db::columns::store_col;
use crate::error::AppError;
use crate::db::sql::{self, Conn, OptionalExt};

/// Whether store `id` exists.
pub fn exists(conn: &Conn, id: i64) -> sql::Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM stores WHERE id = ?1", [id], |_| Ok(())).optional()?.is_some())
}

/// Every store, or only `scope`'s.
pub fn list(conn: &Conn, scope: Option<i64>) -> Result<Vec<StoreRef>, AppError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, city FROM stores WHERE CAST(?1 AS BIGINT) IS NULL OR id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([scope], |r| Ok(store_col(r, 0)?.expect("id is not null")))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
