//! Many rows in one statement. The statement is written once, reading its rows (each a list
//! of values in its columns' order, built with [`row!`]) from `{rows}`; on PostgreSQL the
//! rows are bound as one JSON array of objects read as a table
//! (`json_to_recordset`), so a batch writes each table with one statement and one round trip
//! whatever its size (run row by row, a batch of channel events spent nearly all its time
//! waiting on round trips). SQLite runs in-process, where a round trip costs nothing and
//! parsing JSON does: there `{rows}` is one row of parameters and the statement runs once
//! per row.

use super::{Conn, Engine, Result, Row, Value};

/// The type a column of the rows has.
#[derive(Clone, Copy)]
pub enum Col {
    Int,
    Real,
    Text,
}

/// The columns of a rows table: names (the JSON objects' keys) and types.
pub type Cols<'a> = &'a [(&'a str, Col)];

/// `row![a, b, c]`: one row's values, of different types, in its columns' order.
#[macro_export]
macro_rules! sql_row {
    ($($x:expr),* $(,)?) => { vec![$($crate::db::sql::Value::from($crate::db::sql::Param::value(&$x))),*] };
}

impl Conn {
    /// A subquery over the rows, with `cols` as its typed columns; its parameters follow the
    /// statement's own `more` ones. Text compares byte-wise on both engines (PostgreSQL's
    /// columns are `COLLATE "C"`, as SQLite's BINARY).
    fn rows_table(&self, cols: Cols, more: usize) -> String {
        match self.engine() {
            Engine::Sqlite => {
                let list: Vec<String> = cols.iter().enumerate().map(|(i, (name, _))| format!("?{} AS {name}", more + 1 + i)).collect();
                format!("(SELECT {})", list.join(", "))
            }
            Engine::Postgres => {
                let list: Vec<String> = cols
                    .iter()
                    .map(|(name, ty)| match ty {
                        Col::Int => format!("{name} BIGINT"),
                        Col::Real => format!("{name} DOUBLE PRECISION"),
                        Col::Text => format!("{name} TEXT COLLATE \"C\""),
                    })
                    .collect();
                format!("(SELECT * FROM json_to_recordset(CAST(CAST(?{} AS TEXT) AS json)) AS r({}))", more + 1, list.join(", "))
            }
        }
    }

    /// Runs `sql`, whose `{rows}` reads `rows` as a table of `cols`, with `more` as its
    /// parameters `?1`, `?2`, …; the rows it changed. Nothing runs for no rows.
    pub fn execute_rows(&self, sql: &str, cols: Cols, rows: &[Vec<Value>], more: Vec<Value>) -> Result<usize> {
        if rows.is_empty() {
            return Ok(0);
        }
        let mut stmt = self.prepare_cached(&sql.replace("{rows}", &self.rows_table(cols, more.len())))?;
        match self.engine() {
            Engine::Postgres => stmt.execute(as_json(cols, rows, more)),
            Engine::Sqlite => rows.iter().map(|row| stmt.execute(with(&more, row))).sum(),
        }
    }

    /// Runs a query whose `{rows}` reads `rows` as a table of `cols`, calling `f` per row.
    pub fn query_rows(&self, sql: &str, cols: Cols, rows: &[Vec<Value>], mut f: impl FnMut(&Row) -> Result<()>) -> Result<()> {
        let sql = sql.replace("{rows}", &self.rows_table(cols, 0));
        match self.engine() {
            Engine::Postgres if !rows.is_empty() => self.each(&sql, as_json(cols, rows, Vec::new()), |r| f(r).map(|_| true)),
            Engine::Postgres => Ok(()),
            Engine::Sqlite => rows.iter().try_for_each(|row| self.each(&sql, row.clone(), |r| f(r).map(|_| true))),
        }
    }

    /// `n` new ids for `table`'s `id` column, taken now so that rows referring to each other
    /// can be written in one statement per table. PostgreSQL draws them from the identity's
    /// sequence (other servers draw theirs alongside); SQLite, with one writer and rowid ids,
    /// continues after the largest.
    pub fn reserve_ids(&self, table: &str, n: usize) -> Result<Vec<i64>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match self.engine() {
            Engine::Sqlite => {
                let last: i64 = self.query_row(&format!("SELECT coalesce(max(id), 0) FROM {table}"), [], |r| r.get(0))?;
                Ok((last + 1..=last + n as i64).collect())
            }
            Engine::Postgres => self
                .prepare_cached(&format!("SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, CAST(?1 AS BIGINT))"))?
                .query_map([n as i64], |r| r.get(0))?
                .collect(),
        }
    }
}

fn as_json(cols: Cols, rows: &[Vec<Value>], more: Vec<Value>) -> Vec<Value> {
    let mut all = more;
    all.push(Value::Text(serde_json::to_string(&JsonRows(cols, rows)).expect("values serialise")));
    all
}

fn with(more: &[Value], row: &[Value]) -> Vec<Value> {
    more.iter().chain(row).cloned().collect()
}

/// The rows as a JSON array of objects keyed by column name, written straight from the values.
struct JsonRows<'a>(Cols<'a>, &'a [Vec<Value>]);

impl serde::Serialize for JsonRows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for row in self.1 {
            seq.serialize_element(&JsonRow(self.0, row))?;
        }
        seq.end()
    }
}

struct JsonRow<'a>(Cols<'a>, &'a [Value]);

impl serde::Serialize for JsonRow<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for ((name, _), value) in self.0.iter().zip(self.1) {
            match value {
                Value::Null => map.serialize_entry(name, &())?,
                Value::Integer(v) => map.serialize_entry(name, v)?,
                Value::Real(v) => map.serialize_entry(name, v)?,
                Value::Text(v) => map.serialize_entry(name, v)?,
                Value::Blob(_) => return Err(serde::ser::Error::custom("a blob cannot travel in rows")),
            }
        }
        map.end()
    }
}
