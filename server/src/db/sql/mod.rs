//! One SQL interface over both engines. Repository code (`db/<resource>`) writes each query
//! once, in the SQL that SQLite and PostgreSQL share, and runs it through [`Conn`]; the engine
//! behind it is SQLite (embedded, the default) or PostgreSQL (`ROUNDTRIP_DATABASE_URL`).
//!
//! Why not one ORM or sqlx's `Any`: the repository code runs on blocking threads (rusqlite is
//! synchronous and is the fastest way to SQLite), statements are cached per connection, and
//! the only dialect difference the engines need bridged is the placeholder (`?1` vs `$1`) plus
//! SQLite's dynamic typing, which [`Param`] and [`FromColumn`] give PostgreSQL too.

mod postgres;
mod rows;
mod sqlite;
mod value;

use std::ops::Deref;

pub use self::postgres::{blocking_allowed, connect as pg_connect, PgConn};
pub use rows::{Col, Cols};
pub use crate::sql_row as row;
pub use value::{params_from_iter, FromColumn, Param, Params, Value, ValueRef};

/// The database engines Roundtrip runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The one storage error type of the repository layer.
#[derive(Debug, thiserror::Error)]
pub enum SqlError {
    #[error("query returned no rows")]
    NoRows,
    #[error("column {0}: {1}")]
    Column(String, String),
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {}", postgres::describe(.0))]
    Postgres(#[from] ::postgres::Error),
    /// A stored value that breaks an invariant of the schema (corruption, not user input).
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T, E = SqlError> = std::result::Result<T, E>;

/// What a storage failure means to the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Another writer holds the database (SQLite) or a concurrent transaction conflicted
    /// (PostgreSQL serialization failure or deadlock): try again.
    Busy,
    /// The disk is full.
    Full,
    /// The storage failed (I/O error, server gone).
    Io,
    /// A unique or primary key constraint refused the row.
    Unique,
    Other,
}

impl SqlError {
    pub fn failure(&self) -> Failure {
        match self {
            SqlError::Sqlite(e) => sqlite::failure(e),
            SqlError::Postgres(e) => postgres::failure(e),
            _ => Failure::Other,
        }
    }
}

/// `query_row(...).optional()`: no row is `None` rather than an error.
pub trait OptionalExt<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExt<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(SqlError::NoRows) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// `params![a, b, c]`: a list of values of different types for one statement.
#[macro_export]
macro_rules! sql_params {
    () => { &[] as &[&dyn $crate::db::sql::Param] };
    ($($x:expr),+ $(,)?) => { &[$(&$x as &dyn $crate::db::sql::Param),+] as &[&dyn $crate::db::sql::Param] };
}
pub use crate::sql_params as params;

/// A connection to either engine. Every statement goes through its statement cache.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(PgConn),
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// The column that orders a table's rows as they were inserted: SQLite's `rowid`; on
    /// PostgreSQL every table without an id of its own has an identity column `position`.
    pub fn insertion_order(&self) -> &'static str {
        match self {
            Conn::Sqlite(_) => "rowid",
            Conn::Postgres(_) => "position",
        }
    }

    /// The SQLite connection, for what only SQLite has (pragmas, checkpoints, backups).
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Conn::Sqlite(c) => Some(c),
            Conn::Postgres(_) => None,
        }
    }

    /// A connection the server closed (restart, failover): not worth keeping in a pool.
    pub fn is_broken(&self) -> bool {
        match self {
            Conn::Sqlite(_) => false,
            Conn::Postgres(c) => c.is_closed(),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        let list = params.list();
        match self {
            Conn::Sqlite(c) => sqlite::execute(c, sql, &list),
            Conn::Postgres(c) => c.execute(sql, &list),
        }
    }

    /// The first row of a query, mapped; [`SqlError::NoRows`] when there is none.
    pub fn query_row<T>(&self, sql: &str, params: impl Params, f: impl FnOnce(&Row) -> Result<T>) -> Result<T> {
        let mut f = Some(f);
        let mut out = None;
        self.each(sql, params, |row| {
            out = Some((f.take().expect("first row"))(row)?);
            Ok(false)
        })?;
        out.ok_or(SqlError::NoRows)
    }

    /// Every row of a query, mapped.
    pub fn query_map<T>(&self, sql: &str, params: impl Params, mut f: impl FnMut(&Row) -> Result<T>) -> Result<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, params, |row| {
            out.push(f(row)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// Calls `f` for each row while it returns `true`.
    pub fn each(&self, sql: &str, params: impl Params, f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
        let list = params.list();
        match self {
            Conn::Sqlite(c) => sqlite::each(c, sql, &list, f),
            Conn::Postgres(c) => c.each(sql, &list, f),
        }
    }

    /// [`Conn::each`] for a whole table's worth of rows: PostgreSQL's `each` holds every row
    /// before `f` runs; this fetches them in pages (and so `f` may not use the connection).
    pub fn scan(&self, sql: &str, f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
        match self {
            Conn::Sqlite(c) => sqlite::each(c, sql, &[], f),
            Conn::Postgres(c) => c.scan(sql, f),
        }
    }

    /// A statement to run several times, in rusqlite's style. Both engines cache prepared
    /// statements per connection, so this only remembers the text.
    pub fn prepare_cached<'c>(&'c self, sql: &str) -> Result<Stmt<'c>> {
        Ok(Stmt { conn: self, sql: sql.to_owned() })
    }

    /// Runs an `INSERT … RETURNING id` and gives the new row's id (both engines return it the
    /// same way; SQLite's `last_insert_rowid` has no PostgreSQL counterpart).
    pub fn insert_returning_id(&self, sql: &str, params: impl Params) -> Result<i64> {
        self.query_row(sql, params, |r| r.get(0))
    }

    /// The names of the columns a query returns, without running it.
    pub fn column_names(&self, sql: &str) -> Result<Vec<String>> {
        match self {
            Conn::Sqlite(c) => Ok(c.prepare_cached(sql)?.column_names().into_iter().map(str::to_owned).collect()),
            Conn::Postgres(c) => c.column_names(sql),
        }
    }

    /// Runs several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => c.batch(sql),
        }
    }

    /// Runs `f` while no other connection runs work of the same `kind` (a PostgreSQL
    /// advisory lock, taken before `f` begins its transaction so that its snapshot sees the
    /// work done before it; SQLite has one writer already). For work that would otherwise
    /// conflict whole with itself across servers and be redone.
    pub fn one_at_a_time<T, E: From<SqlError>>(&self, kind: &str, f: impl FnOnce(&Self) -> std::result::Result<T, E>) -> std::result::Result<T, E> {
        if self.engine() == Engine::Sqlite {
            return f(self);
        }
        self.prepare_cached("SELECT pg_advisory_lock(hashtext(?1))")?.execute([kind])?;
        let out = f(self);
        let unlocked = self.prepare_cached("SELECT pg_advisory_unlock(hashtext(?1))").and_then(|mut s| s.execute([kind]));
        let out = out?;
        unlocked?;
        Ok(out)
    }

    /// Starts a write transaction: SQLite takes the write lock at once (`BEGIN IMMEDIATE`);
    /// PostgreSQL runs it SERIALIZABLE, so that concurrent writers through several servers see
    /// what one SQLite writer would, and a conflict fails as [`Failure::Busy`] to be retried.
    pub fn begin(&self) -> Result<Tx<'_>> {
        self.execute_batch(match self {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            Conn::Postgres(_) => "BEGIN ISOLATION LEVEL SERIALIZABLE",
        })?;
        Ok(Tx { conn: self, open: true })
    }
}

/// A statement bound to its connection.
pub struct Stmt<'c> {
    conn: &'c Conn,
    sql: String,
}

impl Stmt<'_> {
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        self.conn.execute(&self.sql, params)
    }

    pub fn query_row<T>(&mut self, params: impl Params, f: impl FnOnce(&Row) -> Result<T>) -> Result<T> {
        self.conn.query_row(&self.sql, params, f)
    }

    /// Runs an `INSERT … RETURNING id`; the new row's id.
    pub fn insert_returning_id(&mut self, params: impl Params) -> Result<i64> {
        self.conn.insert_returning_id(&self.sql, params)
    }

    /// The mapped rows, as an iterator of results to `collect` (as rusqlite's).
    pub fn query_map<T>(&mut self, params: impl Params, f: impl FnMut(&Row) -> Result<T>) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.conn.query_map(&self.sql, params, f)?;
        Ok(rows.into_iter().map(Ok).collect::<Vec<_>>().into_iter())
    }

    /// The rows, read one by one with [`Rows::next`].
    pub fn query(&mut self, params: impl Params) -> Result<Rows> {
        let mut rows = Rows { names: Vec::new(), values: Vec::new(), at: 0 };
        self.conn.each(&self.sql, params, |row| {
            if rows.names.is_empty() {
                rows.names = row.names();
            }
            let n = rows.names.len();
            for i in 0..n {
                rows.values.push(row.get::<_, Value>(i)?);
            }
            Ok(true)
        })?;
        Ok(rows)
    }
}

/// Rows read into memory, walked in rusqlite's style (`while let Some(row) = rows.next()?`).
pub struct Rows {
    names: Vec<String>,
    values: Vec<Value>,
    at: usize,
}

impl Rows {
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<Option<Row<'_>>> {
        let n = self.names.len();
        if n == 0 || self.at + n > self.values.len() {
            return Ok(None);
        }
        let row = Row::Owned(&self.names, &self.values[self.at..self.at + n]);
        self.at += n;
        Ok(Some(row))
    }
}

/// An open transaction; rolled back when dropped without [`Tx::commit`].
pub struct Tx<'a> {
    conn: &'a Conn,
    open: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.conn.execute_batch("COMMIT")
    }
}

impl Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

/// One result row, read by column name (or position).
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a ::postgres::Row),
    Owned(&'a [String], &'a [Value]),
}

impl Row<'_> {
    pub fn get<I: RowIndex, T: FromColumn>(&self, idx: I) -> Result<T> {
        let i = idx.position(self)?;
        let value = match self {
            Row::Sqlite(r) => sqlite::value(r, i)?,
            Row::Postgres(r) => postgres::value(r, i)?,
            Row::Owned(_, values) => values.get(i).map(Value::as_ref).ok_or_else(|| SqlError::Column(i.to_string(), "no such column".into()))?,
        };
        T::from_value(value).map_err(|m| SqlError::Column(self.name(i), m))
    }

    fn name(&self, i: usize) -> String {
        match self {
            Row::Sqlite(r) => r.as_ref().column_name(i).map(str::to_owned).unwrap_or_default(),
            Row::Postgres(r) => r.columns().get(i).map(|c| c.name().to_owned()).unwrap_or_default(),
            Row::Owned(names, _) => names.get(i).cloned().unwrap_or_default(),
        }
    }

    /// The result's column names, in order.
    pub fn names(&self) -> Vec<String> {
        let n = match self {
            Row::Sqlite(r) => r.as_ref().column_count(),
            Row::Postgres(r) => r.columns().len(),
            Row::Owned(names, _) => names.len(),
        };
        (0..n).map(|i| self.name(i)).collect()
    }

    fn position_of(&self, name: &str) -> Option<usize> {
        match self {
            Row::Sqlite(r) => r.as_ref().column_index(name).ok(),
            Row::Postgres(r) => r.columns().iter().position(|c| c.name() == name),
            Row::Owned(names, _) => names.iter().position(|n| n == name),
        }
    }
}

/// A column by name or by position.
pub trait RowIndex {
    fn position(&self, row: &Row) -> Result<usize>;
}

impl RowIndex for usize {
    fn position(&self, _: &Row) -> Result<usize> {
        Ok(*self)
    }
}

impl RowIndex for &str {
    fn position(&self, row: &Row) -> Result<usize> {
        row.position_of(self).ok_or_else(|| SqlError::Column((*self).to_owned(), "no such column".into()))
    }
}
