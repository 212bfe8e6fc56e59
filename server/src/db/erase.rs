//! Erasing a person (PIPL art. 47). What identifies them is deleted; what the law makes the
//! agency keep stays, stripped of anything personal:
//! - orders and the points ledger (accounting records: amounts, dates, products);
//! - tickets and their history, with the customer's words removed (complaint statistics);
//! - the audit log, which names only `customer:<id>`.
//! Records merged into the person are erased with them, and those merges can no longer be
//! undone (their undo data held personal data).

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use crate::time::rfc3339;

/// Rows about the person that are deleted outright, in an order the foreign keys accept.
const DELETED: &[&str] = &[
    "ingested_events", "journey_promises", "journeys", "touchpoints", "identities", "id_number_hashes", "customer_tags",
    "customer_name_grams", "customer_notes", "follow_ups", "community_activity", "community_members", "event_attendance",
    "nps_responses", "consents", "offline_edits",
];

/// Erases `id` and every record merged into it; returns the ids erased.
pub fn erase(tx: &Connection, id: i64, now: DateTime<Utc>) -> rusqlite::Result<Vec<i64>> {
    let mut ids = vec![id];
    let mut stmt = tx.prepare("SELECT id FROM customers WHERE merged_into = ?1")?;
    let mut next = 0;
    while next < ids.len() {
        let found = stmt.query_map([ids[next]], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        ids.extend(found);
        next += 1;
    }
    for &c in &ids {
        for table in DELETED {
            tx.execute(&format!("DELETE FROM {table} WHERE customer_id = ?1"), [c])?;
        }
        tx.execute("UPDATE community_activity SET referred_customer_id = NULL WHERE referred_customer_id = ?1", [c])?;
        tx.execute("UPDATE ticket_history SET body = NULL WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)", [c])?;
        tx.execute("UPDATE tickets SET summary = '' WHERE customer_id = ?1", [c])?;
        tx.execute("UPDATE loyalty_ledger SET reason = NULL WHERE customer_id = ?1", [c])?;
        tx.execute("UPDATE merges SET candidate_id = NULL, undo = '{}', closed_reason = 'erased' WHERE survivor_id = ?1 OR merged_id = ?1", [c])?;
        tx.execute("DELETE FROM duplicate_candidates WHERE customer_id = ?1 OR other_id = ?1", [c])?;
        tx.execute(
            "UPDATE customers SET name = '', phone_e164 = NULL, phone_tail = NULL, email = NULL, city = '', birth_year = NULL,
                    birthday = NULL, last_nps = NULL, erased_at = ?2, version = version + 1
              WHERE id = ?1",
            params![c, rfc3339(now)],
        )?;
    }
    Ok(ids)
}
