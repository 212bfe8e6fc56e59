//! Moving an agency: `roundtrip-server copy --from <sqlite file> --to postgres://…` copies every
//! table into an empty, freshly migrated PostgreSQL database in one transaction (COPY, in
//! chunks), then compares each table's row count and checksum on both sides.

use sha2::{Digest, Sha256};

use super::sql::{Conn, Result as SqlResult, SqlError, Value};
use super::{DbError, Target};

/// Rows sent per COPY statement: large enough to amortise a round trip, small enough to keep
/// the buffer modest.
const CHUNK_ROWS: usize = 20_000;

/// One table as copied and checked.
#[derive(Debug)]
pub struct Copied {
    pub table: String,
    pub rows: u64,
    pub checksum: String,
}

pub fn copy(from: &std::path::Path, to: &str) -> Result<Vec<Copied>, String> {
    if !from.exists() {
        return Err(format!("{} does not exist", from.display()));
    }
    let source_target = Target::Sqlite(from.to_path_buf());
    let source = source_target.connect().map_err(|e| e.to_string())?;
    let destination_target = Target::Postgres(to.to_owned());
    let destination = destination_target.connect().map_err(|e| e.to_string())?;
    if holds_tables(&destination).map_err(|e| e.to_string())? {
        return Err("the PostgreSQL database is not empty; copy only into an empty database".into());
    }
    // the source's schema must be current, so both sides have the same tables
    super::Db::open(&source_target).map_err(|e: DbError| e.to_string())?;
    super::Db::open(&destination_target).map_err(|e: DbError| e.to_string())?;
    let tables = tables(&source).map_err(|e| e.to_string())?;
    let tx = destination.begin().map_err(|e| e.to_string())?;
    tx.execute_batch("SET CONSTRAINTS ALL DEFERRED").map_err(|e| e.to_string())?;
    // the migrations' own rows (settings) are replaced by the source's
    for table in &tables {
        tx.execute(&format!("DELETE FROM {table}"), []).map_err(|e| e.to_string())?;
    }
    // each month its partition before the rows come, rather than moved out of the default
    for (table, key) in super::partitions::partitioned(&tx).map_err(|e| e.to_string())? {
        let months: Vec<String> = source
            .query_map(&format!("SELECT DISTINCT substr({key}, 1, 7) FROM {table} ORDER BY 1"), [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        super::partitions::make_months(&tx, &table, &key, &months).map_err(|e| format!("{table}: {e}"))?;
    }
    for table in &tables {
        load(&source, &tx, table).map_err(|e| format!("{table}: {e}"))?;
    }
    tx.commit().map_err(|e| format!("the copy was refused at commit (nothing was written): {e}"))?;
    restart_identities(&destination, &tables).map_err(|e| e.to_string())?;
    let mut report = Vec::new();
    for table in tables {
        let (rows, sum) = checksum(&source, &table).map_err(|e| e.to_string())?;
        let (rows_there, sum_there) = checksum(&destination, &table).map_err(|e| e.to_string())?;
        if (rows, &sum) != (rows_there, &sum_there) {
            return Err(format!("{table}: {rows} rows ({sum}) in SQLite but {rows_there} ({sum_there}) in PostgreSQL"));
        }
        report.push(Copied { table, rows, checksum: sum });
    }
    Ok(report)
}

fn holds_tables(conn: &Conn) -> SqlResult<bool> {
    conn.query_row("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", [], |r| r.get::<_, i64>(0)).map(|n| n > 0)
}

/// The source's tables, in name order.
fn tables(sqlite: &Conn) -> SqlResult<Vec<String>> {
    sqlite.query_map("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", [], |r| r.get(0))
}

fn columns(sqlite: &Conn, table: &str) -> SqlResult<Vec<String>> {
    sqlite.column_names(&format!("SELECT * FROM {table}"))
}

/// Streams the table out of SQLite in insertion order (PostgreSQL's `position` columns then
/// number the rows in the same order) and into COPY.
fn load(sqlite: &Conn, pg: &Conn, table: &str) -> SqlResult<()> {
    let Conn::Postgres(client) = pg else { return Err(SqlError::Invalid("the destination is not PostgreSQL".into())) };
    let cols = columns(sqlite, table)?;
    let statement = format!("COPY {table} ({}) FROM STDIN", cols.join(", "));
    let mut buffer = Vec::with_capacity(1 << 20);
    let mut rows = 0;
    let mut failed = None;
    // WITHOUT ROWID tables have no insertion order to keep: their key orders them
    let without_rowid: bool = sqlite.query_row("SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0))?;
    let order = if without_rowid { (1..=cols.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ") } else { "rowid".to_owned() };
    sqlite.each(&format!("SELECT * FROM {table} ORDER BY {order}"), [], |row| {
        for i in 0..cols.len() {
            if i > 0 {
                buffer.push(b'\t');
            }
            copy_text(&row.get::<_, Value>(i)?, &mut buffer);
        }
        buffer.push(b'\n');
        rows += 1;
        if rows % CHUNK_ROWS == 0 {
            if let Err(e) = client.copy_in(&statement, &buffer) {
                failed = Some(e);
                return Ok(false);
            }
            buffer.clear();
        }
        Ok(true)
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    if !buffer.is_empty() {
        client.copy_in(&statement, &buffer)?;
    }
    Ok(())
}

/// A value in COPY's text format.
fn copy_text(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::Null => out.extend_from_slice(b"\\N"),
        Value::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        // Rust prints the shortest text that reads back as the same float
        Value::Real(f) => out.extend_from_slice(format!("{f:?}").as_bytes()),
        Value::Text(t) => {
            for b in t.bytes() {
                match b {
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
        }
        Value::Blob(b) => {
            out.extend_from_slice(b"\\\\x");
            for byte in b {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
    }
}

/// Identity columns continue after the highest copied id.
fn restart_identities(pg: &Conn, tables: &[String]) -> SqlResult<()> {
    let with_identity: Vec<String> = pg.query_map(
        "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES'",
        [],
        |r| r.get(0),
    )?;
    for table in tables.iter().filter(|t| with_identity.contains(t)) {
        pg.execute_batch(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
        ))?;
    }
    Ok(())
}

/// The row count and a SHA-256 over every row, in the order of all its columns, as both
/// engines read them (the source's columns only: PostgreSQL's `position` is not data).
fn checksum(conn: &Conn, table: &str) -> SqlResult<(u64, String)> {
    let cols = match conn {
        Conn::Sqlite(_) => columns(conn, table)?,
        Conn::Postgres(_) => conn.column_names(&format!("SELECT * FROM {table}"))?.into_iter().filter(|c| c != "position").collect(),
    };
    let order = (1..=cols.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
    let mut hash = Sha256::new();
    let mut rows = 0u64;
    conn.scan(&format!("SELECT {} FROM {table} ORDER BY {order}", cols.join(", ")), |row| {
        for i in 0..cols.len() {
            let mut cell = Vec::new();
            copy_text(&row.get::<_, Value>(i)?, &mut cell);
            hash.update(&cell);
            hash.update(b"\t");
        }
        hash.update(b"\n");
        rows += 1;
        Ok(true)
    })?;
    Ok((rows, format!("{:x}", hash.finalize())[..16].to_string()))
}
