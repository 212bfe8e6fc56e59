//! The PostgreSQL engine: the synchronous `postgres` client (tokio-postgres underneath), so
//! the same repository code runs on the same blocking threads as SQLite's. Statements are
//! prepared once per connection and cached under their SQLite text.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::error::Error;

use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql, Type};
use postgres::{Client, Statement};

use super::{Failure, Result, Row, SqlError, ValueRef};

thread_local! {
    /// Set on the `Db`'s blocking threads, where the client may block on its own runtime.
    static MAY_BLOCK: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` (database work on a blocking thread) letting the client block directly.
pub fn blocking_allowed<R>(f: impl FnOnce() -> R) -> R {
    let before = MAY_BLOCK.replace(true);
    let out = f();
    MAY_BLOCK.set(before);
    out
}

/// Runs one client call. The client drives its own small tokio runtime, which cannot start
/// inside another runtime's task (a test, or `Db::open` from async code); there the call runs
/// on a short-lived thread of its own. The server's requests take the direct path.
fn off_runtime<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    if MAY_BLOCK.get() || tokio::runtime::Handle::try_current().is_err() {
        return f();
    }
    std::thread::scope(|s| s.spawn(f).join().expect("database thread"))
}

/// Connects, from any thread.
pub fn connect(url: &str) -> Result<Client> {
    Ok(off_runtime(|| Client::connect(url, postgres::NoTls))?)
}

pub struct PgConn {
    /// Always `Some` until dropped: closing the client blocks too.
    client: RefCell<Option<Client>>,
    statements: RefCell<HashMap<String, Statement>>,
}

impl Drop for PgConn {
    fn drop(&mut self) {
        if let Some(client) = self.client.get_mut().take() {
            off_runtime(move || drop(client));
        }
    }
}

impl PgConn {
    pub fn new(client: Client) -> Self {
        Self { client: RefCell::new(Some(client)), statements: RefCell::new(HashMap::new()) }
    }

    /// Runs `f` on the client, off any async runtime.
    fn with_client<R: Send>(&self, f: impl FnOnce(&mut Client) -> R + Send) -> R {
        let mut guard = self.client.borrow_mut();
        let client = guard.as_mut().expect("an open client");
        off_runtime(move || f(client))
    }

    pub fn is_closed(&self) -> bool {
        self.client.borrow().as_ref().is_none_or(Client::is_closed)
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.borrow().get(sql) {
            return Ok(s.clone());
        }
        let text = placeholders(sql);
        let prepared = self.with_client(|c| c.prepare(&text)).inspect_err(|e| tracing::error!(sql = %text, error = %describe(e), "statement refused"))?;
        self.statements.borrow_mut().insert(sql.to_owned(), prepared.clone());
        Ok(prepared)
    }

    pub(super) fn execute(&self, sql: &str, params: &[ValueRef]) -> Result<usize> {
        let stmt = self.statement(sql)?;
        let bound: Vec<Bound> = params.iter().map(|v| Bound(*v)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b as &(dyn ToSql + Sync)).collect();
        Ok(self.with_client(|c| c.execute(&stmt, &refs))? as usize)
    }

    pub(super) fn each(&self, sql: &str, params: &[ValueRef], mut f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
        let stmt = self.statement(sql)?;
        let bound: Vec<Bound> = params.iter().map(|v| Bound(*v)).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b as &(dyn ToSql + Sync)).collect();
        // rows are fetched before `f` runs, so `f` may query the same connection
        let rows = self.with_client(|c| c.query(&stmt, &refs))?;
        for row in &rows {
            if !f(&Row::Postgres(row))? {
                break;
            }
        }
        Ok(())
    }

    /// Runs `f` over the rows of `sql` (no parameters) fetched a page at a time through a
    /// cursor, where `each` would hold them all: a table of 20M rows does not fit.
    pub(super) fn scan(&self, sql: &str, mut f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
        const PAGE: usize = 10_000;
        self.batch(&format!("BEGIN READ ONLY; DECLARE roundtrip_scan NO SCROLL CURSOR FOR {sql}"))?;
        let fetch = format!("FETCH {PAGE} FROM roundtrip_scan");
        let result = (|| loop {
            let rows = self.with_client(|c| c.query(fetch.as_str(), &[]))?;
            for row in &rows {
                if !f(&Row::Postgres(row))? {
                    return Ok(());
                }
            }
            if rows.len() < PAGE {
                return Ok(());
            }
        })();
        self.batch("COMMIT")?;
        result
    }

    /// Loads `data` (COPY's text format) with a `COPY … FROM STDIN` statement.
    pub fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64> {
        use std::io::Write;
        Ok(self.with_client(|c| -> Result<u64, postgres::Error> {
            let mut writer = c.copy_in(sql)?;
            // a failed write surfaces as the error of `finish`
            let _ = writer.write_all(data);
            writer.finish()
        })?)
    }

    pub(super) fn column_names(&self, sql: &str) -> Result<Vec<String>> {
        Ok(self.statement(sql)?.columns().iter().map(|c| c.name().to_owned()).collect())
    }

    pub(super) fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.with_client(|c| c.batch_execute(sql))?)
    }

}

/// SQLite's `?1` and `?` placeholders as PostgreSQL's `$1`; quoted text is left alone.
pub fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 1;
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                out.push(c);
            }
            (Some(_), c) => out.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                out.push(c);
            }
            (None, '?') => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                out.push('$');
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    // as in SQLite, a bare `?` after `?N` is `?N+1`
                    next = next.max(digits.parse::<usize>().unwrap_or(0) + 1);
                    out.push_str(&digits);
                }
            }
            (None, c) => out.push(c),
        }
    }
    out
}

/// A value bound as whatever type PostgreSQL inferred for its parameter, as SQLite would
/// store it in a column of that type.
#[derive(Debug)]
struct Bound<'a>(ValueRef<'a>);

impl ToSql for Bound<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match (self.0, ty) {
            (ValueRef::Null, _) => Ok(IsNull::Yes),
            (ValueRef::Integer(v), &Type::INT8) => v.to_sql(ty, out),
            (ValueRef::Integer(v), &Type::INT4) => i32::try_from(v)?.to_sql(ty, out),
            (ValueRef::Integer(v), &Type::INT2) => i16::try_from(v)?.to_sql(ty, out),
            (ValueRef::Integer(v), &Type::BOOL) => (v != 0).to_sql(ty, out),
            (ValueRef::Integer(v), &Type::FLOAT8) => (v as f64).to_sql(ty, out),
            (ValueRef::Integer(v), &Type::FLOAT4) => (v as f32).to_sql(ty, out),
            (ValueRef::Integer(v), t) if is_text(t) => v.to_string().to_sql(&Type::TEXT, out),
            (ValueRef::Real(v), &Type::FLOAT8) => v.to_sql(ty, out),
            (ValueRef::Real(v), &Type::FLOAT4) => (v as f32).to_sql(ty, out),
            (ValueRef::Real(v), t) if is_text(t) => v.to_string().to_sql(&Type::TEXT, out),
            (ValueRef::Text(v), t) if is_text(t) => v.to_sql(&Type::TEXT, out),
            (ValueRef::Blob(v), &Type::BYTEA) => v.to_sql(ty, out),
            (v, t) => Err(format!("cannot bind {v:?} as {t}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn is_text(t: &Type) -> bool {
    matches!(*t, Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN)
}

/// A column as one of SQLite's storage classes.
pub(super) fn value<'a>(row: &'a postgres::Row, i: usize) -> Result<ValueRef<'a>> {
    let Some(column) = row.columns().get(i) else { return Err(SqlError::Column(i.to_string(), "no such column".into())) };
    let v = match *column.type_() {
        Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(ValueRef::Integer),
        Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| ValueRef::Integer(v.into())),
        Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| ValueRef::Integer(v.into())),
        Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(|v| ValueRef::Integer(v.into())),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(ValueRef::Real),
        Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|v| ValueRef::Real(v.into())),
        Type::NUMERIC => row.try_get::<_, Option<Numeric>>(i)?.map(|n| ValueRef::Real(n.0)),
        Type::BYTEA => row.try_get::<_, Option<&[u8]>>(i)?.map(ValueRef::Blob),
        ref t if is_text(t) => row.try_get::<_, Option<&str>>(i)?.map(ValueRef::Text),
        ref t => return Err(SqlError::Column(column.name().to_owned(), format!("unsupported type {t}"))),
    };
    Ok(v.unwrap_or(ValueRef::Null))
}

/// `numeric` (what `sum` and `avg` of integers return) as a float. Its binary form: digit
/// count, weight of the first base-10000 digit, sign, display scale, then the digits.
struct Numeric(f64);

impl<'a> FromSql<'a> for Numeric {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
        let word = |k: usize| -> Result<i16, Box<dyn Error + Sync + Send>> {
            raw.get(2 * k..2 * k + 2).map(|b| i16::from_be_bytes([b[0], b[1]])).ok_or_else(|| "short numeric".into())
        };
        let (ndigits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
        if sign == 0xC000 {
            return Ok(Numeric(f64::NAN));
        }
        let mut v = 0.0;
        for k in 0..ndigits.max(0) as usize {
            v += f64::from(word(4 + k)?) * 10000f64.powi(i32::from(weight) - k as i32);
        }
        Ok(Numeric(if sign == 0x4000 { -v } else { v }))
    }

    fn accepts(ty: &Type) -> bool {
        *ty == Type::NUMERIC
    }
}

/// The server's message (and where), which the error's own Display leaves out.
pub(super) fn describe(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({}){}", db.message(), db.code().code(), db.where_().map(|w| format!(" at {w}")).unwrap_or_default()),
        None => e.to_string(),
    }
}

pub(super) fn failure(e: &postgres::Error) -> Failure {
    let Some(code) = e.code() else {
        return if e.is_closed() { Failure::Io } else { Failure::Other };
    };
    match *code {
        SqlState::T_R_SERIALIZATION_FAILURE | SqlState::T_R_DEADLOCK_DETECTED | SqlState::LOCK_NOT_AVAILABLE => Failure::Busy,
        SqlState::DISK_FULL => Failure::Full,
        SqlState::UNIQUE_VIOLATION => Failure::Unique,
        SqlState::IO_ERROR | SqlState::ADMIN_SHUTDOWN | SqlState::CANNOT_CONNECT_NOW | SqlState::TOO_MANY_CONNECTIONS => Failure::Io,
        _ => Failure::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_become_numbered_outside_quotes() {
        assert_eq!(placeholders("SELECT ?1, ?2 WHERE a = ? AND b = '?x'"), "SELECT $1, $2 WHERE a = $3 AND b = '?x'");
        assert_eq!(placeholders("a = ? AND b = ?"), "a = $1 AND b = $2");
    }
}
