//! What the store holds for a batch's event ids and identifiers: one query per kind.

use std::collections::{BTreeSet, HashMap, HashSet};

use roundtrip_domain::resolve::{Contacts, Keys, Stored};
use roundtrip_domain::IdentityKind;

use crate::db::sql::{row, Col, Conn, Result};

pub fn store_ids(tx: &Conn) -> Result<HashSet<i64>> {
    tx.prepare_cached("SELECT id FROM stores")?.query_map([], |r| r.get(0))?.collect()
}

/// The event ids among `ids` already applied.
/// The ids among `ids` already ingested, with what each said (none for events ingested
/// before fingerprints were kept).
pub fn seen<'a>(tx: &Conn, ids: impl Iterator<Item = &'a str>) -> Result<HashMap<String, Option<String>>> {
    let rows: Vec<_> = ids.collect::<BTreeSet<_>>().into_iter().map(|id| row![id]).collect();
    let mut seen = HashMap::new();
    tx.query_rows("SELECT e.event_id, e.fingerprint FROM {rows} AS v JOIN ingested_events e ON e.event_id = v.event_id", &[("event_id", Col::Text)], &rows, |r| {
        seen.insert(r.get("event_id")?, r.get("fingerprint")?);
        Ok(())
    })?;
    Ok(seen)
}

/// Who holds each identity, ID number, phone and email the events carry, and the contacts
/// and name of every customer found.
pub fn lookup(tx: &Conn, keys: &[Keys]) -> Result<Stored> {
    let mut stored = Stored::default();
    let identities: BTreeSet<(IdentityKind, String)> = keys.iter().flat_map(Keys::identities).collect();
    let rows: Vec<_> = identities.iter().map(|(kind, value)| row![kind.as_str(), value]).collect();
    tx.query_rows(
        "SELECT i.kind, i.value, i.customer_id FROM {rows} AS v JOIN identities i ON i.value = v.value AND i.kind = v.kind",
        &[("kind", Col::Text), ("value", Col::Text)],
        &rows,
        |r| {
            let kind: String = r.get(0)?;
            if let Some(kind) = IdentityKind::parse(&kind) {
                stored.identities.entry((kind, r.get(1)?)).or_default().push(r.get(2)?);
            }
            Ok(())
        },
    )?;
    // who holds each value of one kind: (its values, the query, the rows' column, into)
    let lookups: [(fn(&Keys) -> Option<&String>, &str, &str, &mut HashMap<String, Vec<i64>>); 3] = [
        (|k| k.id_hash.as_ref(), "SELECT h.hash, h.customer_id FROM {rows} AS v JOIN id_number_hashes h ON h.hash = v.hash", "hash", &mut stored.id_hashes),
        (|k| k.phone.as_ref(), "SELECT c.phone_e164, c.id FROM {rows} AS v JOIN customers c ON c.phone_e164 = v.phone WHERE c.merged_into IS NULL", "phone", &mut stored.phones),
        (|k| k.email.as_ref(), "SELECT c.email, c.id FROM {rows} AS v JOIN customers c ON c.email = v.email WHERE c.merged_into IS NULL", "email", &mut stored.emails),
    ];
    for (value, sql, key, into) in lookups {
        let rows: Vec<_> = keys.iter().filter_map(value).collect::<BTreeSet<_>>().into_iter().map(|v| row![v]).collect();
        tx.query_rows(sql, &[(key, Col::Text)], &rows, |r| {
            into.entry(r.get(0)?).or_default().push(r.get(1)?);
            Ok(())
        })?;
    }

    let found: BTreeSet<i64> = stored.identities.values().chain(stored.id_hashes.values()).chain(stored.phones.values()).chain(stored.emails.values()).flatten().copied().collect();
    let rows: Vec<_> = found.into_iter().map(|id| row![id]).collect();
    tx.query_rows(
        "SELECT c.id, CASE WHEN c.phone_e164 IS NULL THEN 0 ELSE 1 END, CASE WHEN c.email IS NULL THEN 0 ELSE 1 END,
                CASE WHEN c.merged_into IS NULL THEN 0 ELSE 1 END, c.name
         FROM {rows} AS v JOIN customers c ON c.id = v.id",
        &[("id", Col::Int)],
        &rows,
        |r| {
            let flag = |i: usize| r.get::<_, i64>(i).map(|v| v == 1);
            stored.contacts.insert(r.get(0)?, Contacts { has_phone: flag(1)?, has_email: flag(2)?, merged: flag(3)? });
            stored.names.insert(r.get(0)?, r.get(4)?);
            Ok(())
        },
    )?;
    Ok(stored)
}
