//! The travellers an order lists: each found as a customer or created (the rules are
//! [`roundtrip_domain::trips::travellers::find`]), their numbers sealed, the roster written.
//! One query per kind of value and one statement per table, whatever the batch's size.

use std::collections::{BTreeSet, HashMap};

use roundtrip_domain::events::CustomerFacts;
use roundtrip_domain::matching::{matchable_phone, normalize_id_number};
use roundtrip_domain::trips::travellers::{find, EventTraveller, Found, Known, TravellerKeys};

use super::write::{create_customers, seal_numbers};
use crate::db::sql::{row, Col, Conn, Result};
use crate::time::rfc3339;
use crate::vault::IdVault;

/// A booking just written and the travellers its event listed.
pub struct Roster<'a> {
    pub order: i64,
    pub booker: i64,
    pub travellers: &'a [EventTraveller],
    /// The channel that told of the booking: the source of a new traveller's phone.
    pub channel: &'static str,
    /// What the booking's event told of its customer: where and when it was booked.
    pub facts: &'a CustomerFacts,
}

pub fn attach(tx: &Conn, rosters: &[Roster], vault: &IdVault) -> Result<()> {
    if rosters.is_empty() {
        return Ok(());
    }
    let names = booker_names(tx, rosters)?;
    let seats: Vec<(&Roster, &EventTraveller)> = rosters.iter().flat_map(|r| r.travellers.iter().map(move |t| (r, t))).collect();
    let keys: Vec<TravellerKeys> = seats
        .iter()
        .map(|(r, t)| TravellerKeys {
            name: t.name.trim().to_owned(),
            id_hash: t.id_number.as_deref().and_then(normalize_id_number).map(|n| vault.hash(&n)),
            phone: phone(t),
            booker: (r.booker, names.get(&r.booker).cloned().unwrap_or_default()),
        })
        .collect();
    let found = find(&keys, &known(tx, &keys)?);

    let new_ids = tx.reserve_ids("customers", found.iter().filter(|f| matches!(f, Found::New(_))).count())?;
    let customer = |f: Found| match f {
        Found::Stored(id) => id,
        Found::New(n) => new_ids[n],
    };
    // a new customer as the first seat naming them describes them
    let mut created: Vec<(i64, CustomerFacts)> = Vec::new();
    for ((r, t), f) in seats.iter().zip(&found) {
        if let Found::New(n) = f {
            if *n == created.len() {
                let facts = CustomerFacts { name: t.name.trim().to_owned(), phone: phone(t), email: None, city: None, note: None, ..r.facts.clone() };
                created.push((new_ids[*n], facts));
            }
        }
    }
    create_customers(tx, &created.iter().map(|(id, f)| (*id, f)).collect::<Vec<_>>())?;
    let channels: HashMap<i64, &str> = seats.iter().zip(&found).map(|((r, _), f)| (customer(*f), r.channel)).collect();
    let phones: Vec<_> = created.iter().filter_map(|(id, f)| Some(row![*id, f.phone.clone()?, channels[id], rfc3339(f.at)])).collect();
    tx.execute_rows(
        "INSERT INTO identities (customer_id, kind, value, source, first_seen_at, last_seen_at) SELECT customer_id, 'phone', value, source, at, at FROM {rows} AS v WHERE true ON CONFLICT DO NOTHING",
        &[("customer_id", Col::Int), ("value", Col::Text), ("source", Col::Text), ("at", Col::Text)],
        &phones,
        vec![],
    )?;
    seal_numbers(tx, seats.iter().zip(&found).filter_map(|((_, t), f)| Some((customer(*f), t.id_number.as_deref()?))), vault)?;

    let mut seat_of: HashMap<i64, i64> = HashMap::new();
    let rows: Vec<_> = seats
        .iter()
        .zip(&found)
        .map(|((r, t), f)| {
            let seat = seat_of.entry(r.order).or_insert(0);
            *seat += 1;
            row![r.order, *seat - 1, customer(*f), t.name.trim()]
        })
        .collect();
    tx.execute_rows(
        "INSERT INTO order_travellers (order_id, seat, customer_id, name) SELECT order_id, seat, customer_id, name FROM {rows} AS v",
        &[("order_id", Col::Int), ("seat", Col::Int), ("customer_id", Col::Int), ("name", Col::Text)],
        &rows,
        vec![],
    )?;
    Ok(())
}

fn phone(t: &EventTraveller) -> Option<String> {
    t.phone.as_deref().and_then(|p| matchable_phone(p).ok().flatten())
}

fn booker_names(tx: &Conn, rosters: &[Roster]) -> Result<HashMap<i64, String>> {
    let ids: BTreeSet<i64> = rosters.iter().map(|r| r.booker).collect();
    let rows: Vec<_> = ids.into_iter().map(|id| row![id]).collect();
    let mut names = HashMap::new();
    tx.query_rows("SELECT c.id, c.name FROM {rows} AS v JOIN customers c ON c.id = v.id", &[("id", Col::Int)], &rows, |r| {
        names.insert(r.get(0)?, r.get(1)?);
        Ok(())
    })?;
    Ok(names)
}

/// Who holds the travellers' numbers, and which unmerged customers their phones.
fn known(tx: &Conn, keys: &[TravellerKeys]) -> Result<Known> {
    let mut known = Known::default();
    let hashes: Vec<_> = keys.iter().filter_map(|k| k.id_hash.as_ref()).collect::<BTreeSet<_>>().into_iter().map(|h| row![h]).collect();
    tx.query_rows("SELECT h.hash, h.customer_id FROM {rows} AS v JOIN id_number_hashes h ON h.hash = v.hash", &[("hash", Col::Text)], &hashes, |r| {
        known.by_id.entry(r.get(0)?).or_default().push(r.get(1)?);
        Ok(())
    })?;
    let phones: Vec<_> = keys.iter().filter_map(|k| k.phone.as_ref()).collect::<BTreeSet<_>>().into_iter().map(|p| row![p]).collect();
    tx.query_rows(
        "SELECT c.phone_e164, c.id, c.name FROM {rows} AS v JOIN customers c ON c.phone_e164 = v.phone WHERE c.merged_into IS NULL",
        &[("phone", Col::Text)],
        &phones,
        |r| {
            known.by_phone.entry(r.get(0)?).or_default().push((r.get(1)?, r.get(2)?));
            Ok(())
        },
    )?;
    Ok(known)
}
