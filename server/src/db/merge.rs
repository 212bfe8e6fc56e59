//! Merging two customer records into one, and undoing it exactly. Every row that moves is
//! recorded by key; rows the survivor already had (same identity, tag, community, event,
//! ID hash) are folded away and recorded whole, so an unmerge puts every row back.

use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::names::index_name;
use super::registry;


#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Undo {
    /// The survivor's customers row before the merge, column by column.
    survivor_before: Vec<(String, Json)>,
    /// table → keys (the registry's move key, or a fold key tuple) moved from the merged
    /// record to the survivor.
    moved: Vec<(String, Vec<Vec<Json>>)>,
    /// table → whole rows of the merged record that the survivor already had.
    folded: Vec<(String, Vec<Vec<Json>>)>,
    /// Merges recorded before `ingested_events` moved by the registry kept its event ids here.
    #[serde(default)]
    moved_events: Vec<String>,
}

pub(crate) fn to_json(v: Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Integer(i) => Json::from(i),
        Value::Real(f) => Json::from(f),
        Value::Text(t) => Json::from(t),
        Value::Blob(b) => Json::from(b),
    }
}

fn to_sql(v: &Json) -> Value {
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or_else(|| Value::Real(n.as_f64().unwrap_or(0.0))),
        Json::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

/// `k1 = ?n AND k2 = ?n+1 …` for key columns whose parameters start at `?first`.
fn key_match(key: &[&str], first: usize) -> String {
    key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + first)).collect::<Vec<_>>().join(" AND ")
}

fn rows(conn: &Connection, sql: &str, id: i64) -> rusqlite::Result<Vec<Vec<Json>>> {
    let mut stmt = conn.prepare(sql)?;
    let n = stmt.column_count();
    let out = stmt.query_map([id], |r| (0..n).map(|i| r.get::<_, Value>(i).map(to_json)).collect::<Result<Vec<_>, _>>())?.collect();
    out
}

/// Which customer's value each merged field keeps.
pub struct FieldChoice {
    pub name: i64,
    pub phone: i64,
    pub email: i64,
    pub segment: i64,
}

/// Moves everything of `merged` onto `survivor`; returns the undo record.
pub fn merge(tx: &Connection, survivor: i64, merged: i64, keep: &FieldChoice) -> rusqlite::Result<Undo> {
    let mut undo = Undo::default();
    let cols: Vec<String> = tx.prepare("SELECT * FROM customers LIMIT 0")?.column_names().iter().map(|c| c.to_string()).collect();
    let before = rows(tx, "SELECT * FROM customers WHERE id = ?1", survivor)?.pop().unwrap_or_default();
    undo.survivor_before = cols.into_iter().zip(before).collect();

    for (table, key) in registry::moved() {
        let keys = rows(tx, &format!("SELECT {key} FROM {table} WHERE customer_id = ?1"), merged)?;
        tx.execute(&format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2"), params![survivor, merged])?;
        undo.moved.push((table.to_string(), keys));
    }

    for (table, key, rest) in registry::folded() {
        let all: Vec<&str> = key.iter().chain(rest.iter()).copied().collect();
        let select = format!("SELECT {} FROM {table} WHERE customer_id = ?1", all.join(", "));
        let on_survivor = format!("SELECT 1 FROM {table} WHERE customer_id = ?1 AND {}", key_match(key, 2));
        let (mut moved, mut folded) = (Vec::new(), Vec::new());
        for row in rows(tx, &select, merged)? {
            let key_values: Vec<Value> = row[..key.len()].iter().map(to_sql).collect();
            let mut args = vec![Value::Integer(survivor)];
            args.extend(key_values.iter().cloned());
            let clash: Option<i64> = tx.query_row(&on_survivor, rusqlite::params_from_iter(args), |r| r.get(0)).optional()?;
            let mut where_args = vec![Value::Integer(merged)];
            where_args.extend(key_values);
            let target = format!("customer_id = ?1 AND {}", key_match(key, 2));
            if clash.is_some() {
                tx.execute(&format!("DELETE FROM {table} WHERE {target}"), rusqlite::params_from_iter(where_args))?;
                folded.push(row);
            } else {
                let mut args = vec![Value::Integer(survivor)];
                args.extend(where_args);
                tx.execute(
                    &format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2 AND {}", key_match(key, 3)),
                    rusqlite::params_from_iter(args),
                )?;
                moved.push(row[..key.len()].to_vec());
            }
        }
        undo.moved.push((table.to_string(), moved));
        undo.folded.push((table.to_string(), folded));
    }

    let pick = |field: &str, from: i64| format!("{field} = (SELECT {field} FROM customers WHERE id = {from})");
    tx.execute(
        &format!(
            "UPDATE customers SET {}, {}, phone_tail = (SELECT phone_tail FROM customers WHERE id = {}), {}, {},
                online = online OR (SELECT online FROM customers WHERE id = ?2),
                offline = offline OR (SELECT offline FROM customers WHERE id = ?2),
                first_seen_at = min(first_seen_at, (SELECT first_seen_at FROM customers WHERE id = ?2)),
                last_active_at = max(last_active_at, (SELECT last_active_at FROM customers WHERE id = ?2)),
                lifetime_value_fen = lifetime_value_fen + (SELECT lifetime_value_fen FROM customers WHERE id = ?2),
                points = points + (SELECT points FROM customers WHERE id = ?2),
                home_store_id = coalesce(home_store_id, (SELECT home_store_id FROM customers WHERE id = ?2)),
                last_nps = coalesce(last_nps, (SELECT last_nps FROM customers WHERE id = ?2)),
                version = version + 1
              WHERE id = ?1",
            pick("name", keep.name),
            pick("phone_e164", keep.phone),
            keep.phone,
            pick("email", keep.email),
            pick("segment", keep.segment),
        ),
        params![survivor, merged],
    )?;
    tx.execute("UPDATE customers SET merged_into = ?1, version = version + 1 WHERE id = ?2", params![survivor, merged])?;
    super::journeys::mark_stale(tx, survivor)?;
    super::journeys::mark_stale(tx, merged)?;
    let name: String = tx.query_row("SELECT name FROM customers WHERE id = ?1", [survivor], |r| r.get(0))?;
    index_name(tx, survivor, &name)?;
    tx.execute("DELETE FROM customer_name_grams WHERE customer_id = ?1", [merged])?;
    Ok(undo)
}

/// Puts every row back where it was before [`merge`].
pub fn unmerge(tx: &Connection, survivor: i64, merged: i64, undo: &Undo) -> rusqlite::Result<()> {
    for (table, keys) in &undo.moved {
        let key_cols: Vec<&str> = match (registry::fold_of(table), registry::moved().find(|(t, _)| t == table)) {
            (Some((key, _)), _) => key.to_vec(),
            (None, Some((_, key))) => vec![key],
            (None, None) => return Err(rusqlite::Error::InvalidParameterName(format!("{table} is not moved on merge"))),
        };
        let sql = format!("UPDATE {table} SET customer_id = ?1 WHERE customer_id = ?2 AND {}", key_match(&key_cols, 3));
        for key in keys {
            let mut args = vec![Value::Integer(merged), Value::Integer(survivor)];
            args.extend(key.iter().map(to_sql));
            tx.execute(&sql, rusqlite::params_from_iter(args))?;
        }
    }
    for (table, rows) in &undo.folded {
        let (key, rest) = registry::fold_of(table).expect("a folded table");
        let cols: Vec<&str> = key.iter().chain(rest.iter()).copied().collect();
        let sql = format!(
            "INSERT INTO {table} (customer_id, {}) VALUES (?1, {})",
            cols.join(", "),
            (0..cols.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", ")
        );
        for row in rows {
            let mut args = vec![Value::Integer(merged)];
            args.extend(row.iter().map(to_sql));
            tx.execute(&sql, rusqlite::params_from_iter(args))?;
        }
    }
    for event in &undo.moved_events {
        tx.execute("UPDATE ingested_events SET customer_id = ?1 WHERE event_id = ?2", params![merged, event])?;
    }
    // The survivor's own fields as they were; its version moves on so stale screens conflict.
    for (col, value) in &undo.survivor_before {
        if col != "id" && col != "version" {
            tx.execute(&format!("UPDATE customers SET {col} = ?1 WHERE id = ?2"), params![to_sql(value), survivor])?;
        }
    }
    tx.execute("UPDATE customers SET version = version + 1 WHERE id = ?1", [survivor])?;
    tx.execute("UPDATE customers SET merged_into = NULL, version = version + 1 WHERE id = ?1", [merged])?;
    super::journeys::mark_stale(tx, survivor)?;
    super::journeys::mark_stale(tx, merged)?;
    for id in [survivor, merged] {
        let name: String = tx.query_row("SELECT name FROM customers WHERE id = ?1", [id], |r| r.get(0))?;
        index_name(tx, id, &name)?;
    }
    Ok(())
}
