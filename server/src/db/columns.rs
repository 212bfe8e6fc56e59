//! Reading typed values out of rows. Rows are written only by this server, so text that does
//! not parse is corruption: it fails loudly instead of turning into a default.

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::dto::StoreRef;

use crate::db::sql::{self, Row, RowIndex, SqlError};

pub fn enum_col<T, I: RowIndex + Copy + std::fmt::Display>(row: &Row, idx: I, parse: fn(&str) -> Option<T>) -> sql::Result<T> {
    let text: String = row.get(idx)?;
    parse(&text).ok_or_else(|| SqlError::Column(idx.to_string(), format!("unreadable value {text:?}")))
}

pub fn time_col<I: RowIndex + Copy + std::fmt::Display>(row: &Row, idx: I) -> sql::Result<DateTime<Utc>> {
    enum_col(row, idx, crate::time::parse)
}

pub fn date_col<I: RowIndex>(row: &Row, idx: I) -> sql::Result<Option<NaiveDate>> {
    Ok(row.get::<_, Option<String>>(idx)?.and_then(|d| d.parse().ok()))
}

/// A store from three columns `id, name, city` starting at `idx` (all NULL when there is none).
pub fn store_col(row: &Row, idx: usize) -> sql::Result<Option<StoreRef>> {
    Ok(match row.get::<_, Option<i64>>(idx)? {
        Some(id) => Some(StoreRef { id, name: row.get(idx + 1)?, city: row.get(idx + 2)? }),
        None => None,
    })
}

pub fn opt_time_col<I: RowIndex + Copy + std::fmt::Display>(row: &Row, idx: I) -> sql::Result<Option<DateTime<Utc>>> {
    Ok(match row.get::<_, Option<String>>(idx)? {
        Some(_) => Some(time_col(row, idx)?),
        None => None,
    })
}
