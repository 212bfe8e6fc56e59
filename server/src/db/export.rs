//! A person's data as JSON, for a data-subject request (PIPL): the customer record and every
//! row that belongs to it, table by table, with the column names as keys. ID and passport
//! numbers are opened and listed in full under `id_numbers` (their hash and ciphertext tell
//! the person nothing).

use serde_json::{Map, Value as Json};

use super::merge::to_json;
use super::registry;
use crate::vault::IdVault;
use crate::db::sql::{self, Conn, Value};

fn objects(conn: &Conn, sql: &str, id: i64) -> sql::Result<Vec<Json>> {
    let names = conn.column_names(sql)?;
    conn.query_map(sql, [id], |r| {
        let mut object = Map::new();
        // `position` is PostgreSQL's stand-in for SQLite's rowid, not the person's data
        for (i, name) in names.iter().enumerate().filter(|(_, n)| *n != "position") {
            object.insert(name.clone(), to_json(r.get::<_, Value>(i)?));
        }
        Ok(Json::Object(object))
    })
}

/// The order rows were written in: by id where the table has one.
fn order_of(conn: &Conn, table: &str) -> sql::Result<&'static str> {
    Ok(if conn.column_names(&format!("SELECT * FROM {table}"))?.iter().any(|c| c == "id") { "id" } else { conn.insertion_order() })
}

/// Everything stored about customer `id`, or `None` when there is no such record.
pub fn person(conn: &Conn, id: i64, vault: &IdVault) -> Result<Option<Json>, crate::error::AppError> {
    let Some(customer) = objects(conn, "SELECT * FROM customers WHERE id = ?1", id)?.pop() else {
        return Ok(None);
    };
    let mut data = Map::new();
    data.insert("customer".into(), customer);
    // ID numbers are listed opened below: their hash and ciphertext tell the person nothing
    let tables = registry::exported().filter(|t| *t != "id_number_hashes");
    for table in tables {
        data.insert(table.into(), Json::Array(objects(conn, &format!("SELECT * FROM {table} WHERE customer_id = ?1 ORDER BY {}", order_of(conn, table)?), id)?));
    }
    let numbers = super::id_numbers::open_all(conn, id, vault)?;
    data.insert("id_numbers".into(), Json::from(numbers));
    data.insert("travel_documents".into(), Json::from(super::documents::opened(conn, id, vault)?));
    let history = "SELECT h.* FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id WHERE t.customer_id = ?1 ORDER BY h.id";
    data.insert("ticket_history".into(), Json::Array(objects(conn, history, id)?));
    Ok(Some(Json::Object(data)))
}
