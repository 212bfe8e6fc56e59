//! ID and passport numbers in the demo data, sealed as ingestion seals them. Decided by the
//! customer id (so the random streams stay as they were): everyone who booked gave a resident
//! ID (booking flights and tours needs one), one in five of them a passport too.


use crate::vault::IdVault;
use roundtrip_domain::matching::id_card_check_digit;
use crate::db::sql::{self, Conn, params};

/// Region codes of the stores' cities, in the order of `names::STORES`' cities.
const REGIONS: [&str; 6] = ["110105", "310115", "440106", "510107", "330106", "350203"];

fn resident_id(customer: i64, birth_year: i32) -> String {
    let n = customer as u64;
    let first17 = format!("{}{birth_year:04}{:02}{:02}{:03}", REGIONS[(n % 6) as usize], n % 12 + 1, n * 7 % 28 + 1, n * 13 % 1000);
    let check = id_card_check_digit(&first17).expect("17 digits");
    format!("{first17}{check}")
}

pub fn write(tx: &Conn, vault: &IdVault) -> sql::Result<()> {
    let people: Vec<(i64, Option<i32>)> = tx
        .prepare_cached("SELECT id, birth_year FROM customers c WHERE merged_into IS NULL AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id)")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut insert = tx.prepare_cached("INSERT INTO id_number_hashes (customer_id, hash, sealed, masked) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")?;
    for (id, birth_year) in people {
        let mut numbers = vec![resident_id(id, birth_year.unwrap_or(1990))];
        if id % 5 == 0 {
            numbers.push(format!("E{:08}", (id as u64 * 7919) % 100_000_000));
        }
        for number in numbers {
            let stored = vault.store(&number);
            insert.execute(params![id, stored.hash, stored.sealed, stored.masked])?;
        }
    }
    Ok(())
}
