//! Travel documents in the demo data, for everyone on a trip abroad still to come. Decided by
//! the customer id (no random stream is touched): most hold what their trips need; one in ten
//! holds no passport or permit yet, one in ten one that expires too soon after the trip, and
//! one in four of those going where a visa is needed has not got it yet. The passport number
//! is the one the ID-number seed gives a customer who has one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use roundtrip_domain::trips::documents::{outbound, travels_on, DocumentKind, ValidityRules};

use crate::db::columns::date_col;
use crate::db::sql::{self, params, Conn};
use crate::vault::IdVault;

pub fn write(tx: &Conn, anchor: DateTime<Utc>, vault: &IdVault) -> sql::Result<()> {
    let today = anchor.date_naive();
    // each traveller's trips abroad: the booking's travellers, or its booker when it listed none
    let mut trips: BTreeMap<i64, Vec<(String, NaiveDate)>> = BTreeMap::new();
    tx.prepare_cached(
        "SELECT coalesce(t.customer_id, o.customer_id) AS who, o.destination, o.departure
           FROM orders o LEFT JOIN order_travellers t ON t.order_id = o.id
          WHERE o.departure >= ?1 AND o.status NOT IN ('cancelled', 'refunded')",
    )?
    .query_map([today.to_string()], |r| {
        let destination: String = r.get("destination")?;
        if let (Some(country), Some(departs)) = (outbound(&destination), date_col(r, "departure")?) {
            trips.entry(r.get("who")?).or_default().push((country.to_owned(), departs));
        }
        Ok(())
    })?
    .collect::<sql::Result<()>>()?;
    let rules = ValidityRules::default();
    let recorded = crate::time::rfc3339(anchor - Duration::days(30));
    let mut insert = tx.prepare_cached(
        "INSERT INTO travel_documents (customer_id, kind, issuing_country, hash, sealed, masked, expires_on, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
    )?;
    for (who, trips) in trips {
        let first = trips.iter().map(|(_, d)| *d).min().unwrap_or(today);
        let crossing: BTreeSet<DocumentKind> = trips.iter().map(|(c, _)| travels_on(c)).collect();
        for kind in crossing {
            let expires = match who % 10 {
                3 => continue,
                // valid at departure, but not the months beyond the return the rules ask
                6 => first.checked_add_months(Months::new(2)).unwrap_or(first),
                _ => today.checked_add_months(Months::new(36 + (who % 6) as u32 * 12)).unwrap_or(today),
            };
            let number = match kind {
                DocumentKind::Passport => format!("E{:08}", (who as u64 * 7919) % 100_000_000),
                _ => format!("C{:08}", (who as u64 * 6007) % 100_000_000),
            };
            let stored = vault.store(&number);
            insert.execute(params![who, kind.as_str(), "CN", stored.hash, stored.sealed, stored.masked, expires.to_string(), recorded])?;
        }
        let visas: BTreeSet<&String> = trips.iter().map(|(c, _)| c).filter(|c| rules.visa_required.contains(c)).collect();
        for country in visas {
            if who % 4 == 1 {
                continue;
            }
            let stored = vault.store(&format!("V{country}{:07}", (who as u64 * 104_729) % 10_000_000));
            let expires = today.checked_add_months(Months::new(12)).unwrap_or(today);
            insert.execute(params![who, DocumentKind::Visa.as_str(), country, stored.hash, stored.sealed, stored.masked, expires.to_string(), recorded])?;
        }
    }
    Ok(())
}
