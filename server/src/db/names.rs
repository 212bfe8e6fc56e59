//! Keeps the name index (`customer_name_grams`: name grams and pinyin keys) in step with
//! customer names.

use roundtrip_domain::search::{name_index_keys, pinyin_keys};

use crate::db::sql::{self, row, Col, Conn, Value};

/// (Re)indexes one customer's name; call in the transaction that writes the name.
pub fn index_name(conn: &Conn, customer_id: i64, name: &str) -> sql::Result<()> {
    conn.prepare_cached("DELETE FROM customer_name_grams WHERE customer_id = ?1")?.execute([customer_id])?;
    index_new_name(conn, customer_id, name)
}

/// Indexes the name of a customer created in this transaction (nothing to replace).
pub fn index_new_name(conn: &Conn, customer_id: i64, name: &str) -> sql::Result<()> {
    insert_keys(conn, name_index_keys(name).into_iter().map(|k| row![k, customer_id]).collect())
}

fn insert_keys(conn: &Conn, rows: Vec<Vec<Value>>) -> sql::Result<()> {
    conn.execute_rows(
        "INSERT INTO customer_name_grams (gram, customer_id) SELECT gram, customer_id FROM {rows} AS v WHERE true ON CONFLICT DO NOTHING",
        &[("gram", Col::Text), ("customer_id", Col::Int)],
        &rows,
        vec![],
    )?;
    Ok(())
}

/// Customers whose pinyin keys one statement writes during the backfill.
const BACKFILL_CHUNK: i64 = 10_000;

/// Adds the pinyin keys of every live customer's name: the migration that brings names indexed
/// before pinyin search up to date, in chunks so that 1M names never sit in memory at once.
pub fn index_every_pinyin(conn: &Conn) -> sql::Result<()> {
    let mut after = 0i64;
    loop {
        let names: Vec<(i64, String)> = conn
            .prepare_cached("SELECT id, name FROM customers WHERE id > ?1 AND merged_into IS NULL ORDER BY id LIMIT ?2")?
            .query_map([after, BACKFILL_CHUNK], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let Some(last) = names.last() else { return Ok(()) };
        after = last.0;
        insert_keys(conn, names.iter().flat_map(|(id, name)| pinyin_keys(name).into_iter().map(move |k| row![k, *id])).collect())?;
    }
}
