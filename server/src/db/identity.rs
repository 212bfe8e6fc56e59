//! Identity resolution as stored: how joined-up the member base is, and the review queue.

use roundtrip_domain::dto::{DuplicateCandidate, DuplicatePage, DuplicateSort, IdentityKpis, RecordEvidence};
use roundtrip_domain::matching::{compare_customers, confidence, shared_phone, Evidence, Identifier};
use roundtrip_domain::paging::PageRequest;
use roundtrip_domain::Channel;
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

/// One page of the pending duplicate pairs, surest first (then oldest) or oldest first, with
/// both records, what they share and what each has behind it. Every pending pair is weighed by
/// the domain's rule (a short row each), then only the page's records are read in full.
pub fn pending_pairs(conn: &Conn, paging: PageRequest, sort: DuplicateSort) -> Result<DuplicatePage, AppError> {
    let mut pairs: Vec<(u8, chrono::DateTime<chrono::Utc>, i64, i64, i64, String, Evidence)> = conn
        .prepare_cached(
            "SELECT d.id, d.customer_id, d.other_id, d.identifier, d.created_at, a.name, b.name,
                    coalesce(a.home_store_id = b.home_store_id, false), coalesce(a.phone_e164 = b.phone_e164, false), coalesce(a.email = b.email, false),
                    a.phone_e164 = b.phone_e164 AND EXISTS (SELECT 1 FROM customers o WHERE o.phone_e164 = a.phone_e164 AND o.merged_into IS NULL
                                                            AND o.name <> a.name AND o.name <> b.name),
                    a.phone_e164
               FROM duplicate_candidates d JOIN customers a ON a.id = d.customer_id JOIN customers b ON b.id = d.other_id
              WHERE d.status = 'pending' AND a.merged_into IS NULL AND b.merged_into IS NULL",
        )?
        .query_map([], |r| {
            let identifier: String = r.get(3)?;
            let (a, b): (String, String) = (r.get(5)?, r.get(6)?);
            let (phone, shared, number): (bool, Option<bool>, Option<String>) = (r.get(8)?, r.get(10)?, r.get(11)?);
            let strong = Identifier::parse(&identifier).filter(|i| !matches!(i, Identifier::Phone | Identifier::Email));
            let evidence = Evidence {
                email: r.get(9)?,
                phone,
                shared_phone: phone && shared_phone(number.as_deref(), shared.unwrap_or(false)),
                trusted: strong.is_some(),
                name: compare_customers(&a, &b),
                same_store: r.get(7)?,
            };
            Ok((confidence(&evidence), time_col(r, 4)?, r.get(0)?, r.get(1)?, r.get(2)?, identifier, evidence))
        })?
        .collect::<Result<_, _>>()?;
    match sort {
        DuplicateSort::Confidence => pairs.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2))),
        DuplicateSort::Oldest => pairs.sort_by(|x, y| x.1.cmp(&y.1).then(x.2.cmp(&y.2))),
    }
    let total = pairs.len() as u64;
    let mut one = conn.prepare_cached(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM customers c LEFT JOIN stores s ON s.id = c.home_store_id WHERE c.id = ?1"
    ))?;
    let mut items = Vec::with_capacity(paging.page_size as usize);
    for (confidence, created_at, id, a, b, identifier, matched) in pairs.into_iter().skip(paging.offset() as usize).take(paging.page_size as usize) {
        items.push(DuplicateCandidate {
            id,
            identifier,
            first: one.query_row([a], summary)?,
            second: one.query_row([b], summary)?,
            created_at,
            confidence,
            matched,
            evidence: [evidence(conn, a)?, evidence(conn, b)?],
        });
    }
    Ok(DuplicatePage { items, page: paging.page, page_size: paging.page_size, total })
}

/// A record's orders (not cancelled) and the channels it was seen on.
fn evidence(conn: &Conn, customer: i64) -> Result<RecordEvidence, AppError> {
    let orders: i64 = conn.prepare_cached("SELECT count(*) FROM orders WHERE customer_id = ?1 AND status <> 'cancelled'")?.query_row([customer], |r| r.get(0))?;
    let channels = conn
        .prepare_cached("SELECT DISTINCT source FROM identities WHERE customer_id = ?1 ORDER BY source")?
        .query_map([customer], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .filter_map(|s| Channel::parse(s))
        .collect();
    Ok(RecordEvidence { orders: orders as u32, channels })
}
