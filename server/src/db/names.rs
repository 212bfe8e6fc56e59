//! Keeps the name index (`customer_name_grams`) in step with customer names.

use roundtrip_domain::search::name_grams;
use crate::db::sql::{self, Conn, params};

/// (Re)indexes one customer's name; call in the transaction that writes the name.
pub fn index_name(conn: &Conn, customer_id: i64, name: &str) -> sql::Result<()> {
    conn.prepare_cached("DELETE FROM customer_name_grams WHERE customer_id = ?1")?.execute([customer_id])?;
    index_new_name(conn, customer_id, name)
}

/// Indexes the name of a customer created in this transaction (nothing to replace).
pub fn index_new_name(conn: &Conn, customer_id: i64, name: &str) -> sql::Result<()> {
    let mut insert = conn.prepare_cached("INSERT INTO customer_name_grams (gram, customer_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?;
    for gram in name_grams(name) {
        insert.execute(params![gram, customer_id])?;
    }
    Ok(())
}
