//! The SQLite engine: rusqlite with its per-connection statement cache.

use rusqlite::types::{ToSqlOutput, ValueRef as Raw};
use rusqlite::ErrorCode;

use super::{Failure, Result, Row, SqlError, ValueRef};

struct Bound<'a>(ValueRef<'a>);

impl rusqlite::ToSql for Bound<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            ValueRef::Null => Raw::Null,
            ValueRef::Integer(v) => Raw::Integer(v),
            ValueRef::Real(v) => Raw::Real(v),
            ValueRef::Text(v) => Raw::Text(v.as_bytes()),
            ValueRef::Blob(v) => Raw::Blob(v),
        }))
    }
}

fn bind<'a>(params: &'a [ValueRef<'a>]) -> impl rusqlite::Params + 'a {
    rusqlite::params_from_iter(params.iter().map(|v| Bound(*v)))
}

pub(super) fn execute(conn: &rusqlite::Connection, sql: &str, params: &[ValueRef]) -> Result<usize> {
    Ok(conn.prepare_cached(sql)?.execute(bind(params))?)
}

pub(super) fn each(conn: &rusqlite::Connection, sql: &str, params: &[ValueRef], mut f: impl FnMut(&Row) -> Result<bool>) -> Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(bind(params))?;
    while let Some(row) = rows.next()? {
        if !f(&Row::Sqlite(row))? {
            break;
        }
    }
    Ok(())
}

pub(super) fn value<'a>(row: &'a rusqlite::Row, i: usize) -> Result<ValueRef<'a>> {
    Ok(match row.get_ref(i)? {
        Raw::Null => ValueRef::Null,
        Raw::Integer(v) => ValueRef::Integer(v),
        Raw::Real(v) => ValueRef::Real(v),
        Raw::Text(v) => ValueRef::Text(std::str::from_utf8(v).map_err(|e| SqlError::Column(i.to_string(), e.to_string()))?),
        Raw::Blob(v) => ValueRef::Blob(v),
    })
}

pub(super) fn failure(e: &rusqlite::Error) -> Failure {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Failure::Busy,
        Some(ErrorCode::DiskFull) => Failure::Full,
        Some(ErrorCode::SystemIoFailure) => Failure::Io,
        Some(ErrorCode::ConstraintViolation) => match e {
            rusqlite::Error::SqliteFailure(f, _) if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Failure::Unique,
            _ => Failure::Other,
        },
        _ => Failure::Other,
    }
}
