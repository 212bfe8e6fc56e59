//! The personal-data registry: every column that holds a customer id, classified once. Merge,
//! unmerge, erasure and the data-subject export all read this list, so a new table cannot be
//! forgotten by one of them; `server/tests/registry.rs` fails when the schema has a customer
//! column that is not listed here (or a listed one that no longer exists).

/// What a merge does with the merged record's rows.
pub enum OnMerge {
    /// They move to the survivor, recorded by `key` so an unmerge moves them back.
    Move { key: &'static str },
    /// The survivor may hold the same row already (same `key` columns besides the customer):
    /// those are folded away and recorded whole, the rest move.
    Fold { key: &'static [&'static str], rest: &'static [&'static str] },
    /// Derived from other rows and rebuilt for both records after a merge or unmerge.
    Rebuilt,
    /// They stay with the record they name (the merge itself, the edits a device applied to
    /// that record, a referral of that record).
    Stays,
}

/// What erasing the person does with the rows.
pub enum OnErase {
    /// Deleted.
    Delete,
    /// Kept by law or for the agency's records, with these statements (`?1` = the customer)
    /// removing what is personal.
    Strip(&'static [&'static str]),
    /// Kept as they are: they hold nothing personal beyond the id.
    Keep,
}

pub struct CustomerColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub merge: OnMerge,
    pub erase: OnErase,
    /// Listed in the data-subject export.
    pub export: bool,
    /// Why it is classified so, for the reader.
    pub why: &'static str,
}

const fn column(table: &'static str, column: &'static str, merge: OnMerge, erase: OnErase, export: bool, why: &'static str) -> CustomerColumn {
    CustomerColumn { table, column, merge, erase, export, why }
}

use OnErase::{Delete, Keep, Strip};

/// An erased customer's events go, and so do the raw channel deliveries they came from (a
/// delivery's event id is `<channel>:<message id>`): the delivery row stays, emptied, so that
/// the channel's retry of it is still recognised and not applied again.
const ERASE_INGESTED: &[&str] = &[
    "UPDATE deliveries SET message = '' WHERE message <> '' AND channel || ':' || message_id IN (SELECT event_id FROM ingested_events WHERE customer_id = ?1)",
    "DELETE FROM ingested_events WHERE customer_id = ?1",
];
use OnMerge::{Fold, Move, Rebuilt, Stays};

/// In an order the foreign keys accept when erasing (a row before the rows it references).
pub const CUSTOMER_COLUMNS: &[CustomerColumn] = &[
    column("ingested_events", "customer_id", Move { key: "event_id" }, Strip(ERASE_INGESTED), false, "which event made which customer: moves so a retried event finds the survivor"),
    column("journey_promises", "customer_id", Rebuilt, Delete, false, "derived from touchpoints"),
    column("journeys", "customer_id", Rebuilt, Delete, false, "derived from touchpoints and orders"),
    column("touchpoints", "customer_id", Move { key: "id" }, Delete, true, "the customer's history"),
    column("identities", "customer_id", Fold { key: &["kind", "value"], rest: &["id", "source", "first_seen_at", "last_seen_at"] }, Delete, true, "channel ids, phones, e-mails"),
    column("id_number_hashes", "customer_id", Fold { key: &["hash"], rest: &["sealed", "masked"] }, Delete, true, "sealed ID and passport numbers (exported opened)"),
    column("customer_tags", "customer_id", Fold { key: &["tag"], rest: &[] }, Delete, true, "staff's tags"),
    column("customer_name_grams", "customer_id", Rebuilt, Delete, false, "the name search index"),
    column("customer_notes", "customer_id", Move { key: "id" }, Delete, true, "staff's notes"),
    column("follow_ups", "customer_id", Move { key: "id" }, Delete, true, "staff's follow-ups and care tasks"),
    column("community_activity", "customer_id", Move { key: "id" }, Delete, true, "what the member did in communities"),
    column("community_activity", "referred_customer_id", Stays, Strip(&["UPDATE community_activity SET referred_customer_id = NULL WHERE referred_customer_id = ?1"]), false, "whom a referral brought: the referrer's activity stays, the name of the referred goes"),
    column("community_members", "customer_id", Fold { key: &["community_id"], rest: &["joined_at"] }, Delete, true, "community memberships"),
    column("event_attendance", "customer_id", Fold { key: &["event_id"], rest: &["attended", "signed_up_at", "checked_in_at", "satisfaction"] }, Delete, true, "sign-ups and check-ins"),
    column("nps_responses", "customer_id", Move { key: "id" }, Delete, true, "NPS answers"),
    column("consents", "customer_id", Move { key: "id" }, Delete, true, "consent history"),
    column("offline_edits", "customer_id", Stays, Delete, false, "keys of the offline edits applied to this record, so a replay applies once"),
    column("orders", "customer_id", Move { key: "id" }, Keep, true, "accounting records: amounts, dates, products"),
    column("disruption_cases", "customer_id", Move { key: "id" }, Keep, false, "a schedule change's case on a booking: who was told and what they chose, for the disruption figures"),
    column("travel_documents", "customer_id", Fold { key: &["kind", "hash"], rest: &["id", "issuing_country", "sealed", "masked", "expires_on", "recorded_at", "recorded_by"] }, Delete, false, "passports, permits and visas (exported with their numbers opened)"),
    column("order_travellers", "customer_id", Move { key: "id" }, Strip(&["UPDATE order_travellers SET name = '' WHERE customer_id = ?1"]), true, "who travelled on a booking: the seat stays with the booking's record, the name on the ticket goes"),
    column("tickets", "customer_id", Move { key: "id" }, Strip(&[
        "UPDATE ticket_history SET body = NULL WHERE ticket_id IN (SELECT id FROM tickets WHERE customer_id = ?1)",
        "UPDATE tickets SET summary = '' WHERE customer_id = ?1",
    ]), true, "complaint statistics stay; the customer's words go"),
    column("loyalty_ledger", "customer_id", Move { key: "id" }, Strip(&["UPDATE loyalty_ledger SET reason = NULL WHERE customer_id = ?1"]), true, "points are accounting records; a manager's reason may name the person"),
    column("merges", "survivor_id", Stays, Strip(&["UPDATE merges SET candidate_id = NULL, undo = '{}', closed_reason = 'erased' WHERE survivor_id = ?1 OR merged_id = ?1"]), false, "the merge log: kept, its undo data (personal) emptied; before its candidate is deleted"),
    column("merges", "merged_id", Stays, Keep, false, "stripped with survivor_id"),
    column("duplicate_candidates", "customer_id", Stays, Delete, false, "pairs to review: the merge settles its own pair"),
    column("duplicate_candidates", "other_id", Stays, Delete, false, "the other side of a pair to review"),
    column("journeys_stale", "customer_id", Stays, Keep, false, "a work queue of ids; the rebuild finds nothing of an erased record"),
];

/// Tables whose rows move to the survivor by a key: (table, key column).
pub fn moved() -> impl Iterator<Item = (&'static str, &'static str)> {
    CUSTOMER_COLUMNS.iter().filter_map(|c| match c.merge {
        Move { key } => Some((c.table, key)),
        _ => None,
    })
}

/// Tables whose rows the survivor may already hold: (table, key columns, other columns).
pub fn folded() -> impl Iterator<Item = (&'static str, &'static [&'static str], &'static [&'static str])> {
    CUSTOMER_COLUMNS.iter().filter_map(|c| match c.merge {
        Fold { key, rest } => Some((c.table, key, rest)),
        _ => None,
    })
}

/// The fold rule of `table`, if it is folded on merge.
pub fn fold_of(table: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    folded().find(|(t, _, _)| *t == table).map(|(_, key, rest)| (key, rest))
}

/// Tables listed in the data-subject export, by their customer column.
pub fn exported() -> impl Iterator<Item = &'static str> {
    CUSTOMER_COLUMNS.iter().filter(|c| c.export).map(|c| c.table)
}
