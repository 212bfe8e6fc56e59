//! The agency's stores.

use roundtrip_domain::dto::StoreRef;

use crate::db::columns::store_col;
use crate::error::AppError;
use crate::db::sql::{Conn};

/// Every store, or only `scope`'s.
pub fn list(conn: &Conn, scope: Option<i64>) -> Result<Vec<StoreRef>, AppError> {
    let mut stmt = conn.prepare_cached("SELECT id, name, city FROM stores WHERE CAST(?1 AS BIGINT) IS NULL OR id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([scope], |r| Ok(store_col(r, 0)?.expect("id is not null")))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
