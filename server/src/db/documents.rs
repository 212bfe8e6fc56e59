//! Travel documents: recorded at the counter (sealed as ID numbers are, audited), listed masked
//! on the profile, opened only for the data-subject export, and checked against the trips abroad
//! still to come ([`roundtrip_domain::trips::documents::ValidityRules`]).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use roundtrip_domain::audit::AuditDetail;
use roundtrip_domain::trips::documents::{DocumentKind, DocumentOnFile, NewDocument, TravelDocument};

use super::columns::{date_col, enum_col, time_col};
use super::sql::{self, params, Col, Conn, Row};
use crate::error::AppError;
use crate::vault::IdVault;

/// Records `doc` (already checked) for a customer `scope` may see; the same number again only
/// updates its expiry and issuer, so a retry or a renewal read twice is one document.
pub fn record(conn: &mut Conn, customer: i64, doc: &NewDocument, scope: Option<i64>, by: i64, now: DateTime<Utc>, vault: &IdVault) -> Result<DocumentOnFile, AppError> {
    let tx = conn.begin()?;
    super::customers::read_visible(&tx, customer, scope, "c.id", |_| Ok(()))?;
    let stored = vault.store(&doc.number);
    tx.execute(
        "INSERT INTO travel_documents (customer_id, kind, issuing_country, hash, sealed, masked, expires_on, recorded_at, recorded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (customer_id, kind, hash) DO UPDATE SET issuing_country = excluded.issuing_country, expires_on = excluded.expires_on,
             recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by",
        params![customer, doc.kind.as_str(), doc.issuing_country, stored.hash, stored.sealed, stored.masked, doc.expires_on.to_string(), crate::time::rfc3339(now), by],
    )?;
    let detail = AuditDetail::DocumentRecorded { document: doc.kind, masked: stored.masked.clone() };
    crate::db::audit::record(&tx, by, &format!("customer:{customer}"), &detail)?;
    // by its key: two numbers can share a masked form
    let saved = tx.query_row(
        &format!("SELECT {COLUMNS} FROM travel_documents WHERE customer_id = ?1 AND kind = ?2 AND hash = ?3"),
        params![customer, doc.kind.as_str(), stored.hash],
        row,
    )?;
    tx.commit()?;
    Ok(saved)
}

const COLUMNS: &str = "id, customer_id, kind, issuing_country, masked, expires_on, recorded_at";

fn row(r: &Row) -> sql::Result<DocumentOnFile> {
    Ok(DocumentOnFile {
        id: r.get("id")?,
        kind: enum_col(r, "kind", DocumentKind::parse)?,
        issuing_country: r.get("issuing_country")?,
        number_masked: r.get("masked")?,
        expires_on: date_col(r, "expires_on")?.unwrap_or(NaiveDate::MIN),
        recorded_at: time_col(r, "recorded_at")?,
    })
}

/// A customer's documents, the latest expiry first.
pub fn on_file(conn: &Conn, customer: i64) -> sql::Result<Vec<DocumentOnFile>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM travel_documents WHERE customer_id = ?1 ORDER BY expires_on DESC, id"))?
        .query_map([customer], row)?
        .collect()
}

/// The documents of many customers at once (a departure's travellers), by customer.
pub fn held_by(conn: &Conn, customers: &[i64]) -> sql::Result<HashMap<i64, Vec<TravelDocument>>> {
    let mut held: HashMap<i64, Vec<TravelDocument>> = HashMap::new();
    let rows: Vec<_> = customers.iter().map(|id| sql::row![id]).collect();
    let query = format!("SELECT d.{} FROM {{rows}} AS v JOIN travel_documents d ON d.customer_id = v.id", COLUMNS.replace(", ", ", d."));
    conn.query_rows(&query, &[("id", Col::Int)], &rows, |r| {
        held.entry(r.get("customer_id")?).or_default().push(row(r)?.held());
        Ok(())
    })?;
    Ok(held)
}

/// The customer's documents with their numbers opened, for the data-subject export.
pub fn opened(conn: &Conn, customer: i64, vault: &IdVault) -> Result<Vec<serde_json::Value>, AppError> {
    let rows: Vec<(DocumentOnFile, String, String)> = conn
        .prepare_cached(&format!("SELECT {COLUMNS}, hash, sealed FROM travel_documents WHERE customer_id = ?1 ORDER BY id"))?
        .query_map([customer], |r| Ok((row(r)?, r.get("hash")?, r.get("sealed")?)))?
        .collect::<sql::Result<_>>()?;
    rows.into_iter()
        .map(|(d, hash, sealed)| {
            let number = vault.open(&sealed, &hash)?;
            Ok(serde_json::json!({ "kind": d.kind, "number": number, "issuing_country": d.issuing_country, "expires_on": d.expires_on, "recorded_at": d.recorded_at }))
        })
        .collect()
}
