//! Identity resolution as stored: how joined-up the member base is, and the review queue.

use roundtrip_domain::dto::{DuplicateCandidate, IdentityKpis};
use roundtrip_domain::kpi::{duplicate_marketing_share, overlap_rate};

use crate::db::columns::time_col;
use crate::db::customers::{summary, SUMMARY_COLUMNS};
use crate::error::AppError;
use crate::db::sql::{Conn};

/// Member overlap and pending duplicates over the whole agency, with the domain's KPIs.
pub fn kpis(conn: &Conn) -> Result<IdentityKpis, AppError> {
    let (members, online, offline, both): (i64, i64, i64, i64) = conn.query_row(
        "SELECT count(*), coalesce(sum(online), 0), coalesce(sum(offline), 0), coalesce(sum(CASE WHEN online = 1 AND offline = 1 THEN 1 ELSE 0 END), 0)
           FROM customers WHERE merged_into IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let pending: i64 = conn.query_row("SELECT count(*) FROM duplicate_candidates d JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
          WHERE d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL", [], |r| r.get(0))?;
    let (members, both, pending) = (members as u64, both as u64, pending as u64);
    Ok(IdentityKpis {
        members,
        known_online: online as u64,
        known_offline: offline as u64,
        known_both: both,
        overlap_rate: overlap_rate(both, members),
        duplicates_pending: pending,
        duplicate_marketing_share: duplicate_marketing_share(pending, members),
    })
}

/// Pending duplicate pairs with both records, oldest first (at most 100).
pub fn pending_pairs(conn: &Conn) -> Result<Vec<DuplicateCandidate>, AppError> {
    let pairs: Vec<(i64, i64, i64, String, chrono::DateTime<chrono::Utc>)> = conn
        .prepare_cached(
            "SELECT d.id, d.customer_id, d.other_id, d.identifier, d.created_at FROM duplicate_candidates d
               JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
              WHERE d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL
              ORDER BY d.created_at, d.id LIMIT 100",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, time_col(r, 4)?)))?
        .collect::<Result<_, _>>()?;
    let mut one = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id WHERE c.id = ?1"
    ))?;
    let mut out = Vec::with_capacity(pairs.len());
    for (id, a, b, identifier, created_at) in pairs {
        out.push(DuplicateCandidate { id, identifier, first: one.query_row([a], summary)?, second: one.query_row([b], summary)?, created_at });
    }
    Ok(out)
}
