//! The personal-data registry covers the schema: every column that holds a customer id is
//! classified for merge, erasure and export, and nothing classified has gone from the schema.

mod common;

use std::collections::BTreeSet;

use roundtrip_server::db::registry::CUSTOMER_COLUMNS;
use roundtrip_server::db::Engine;

/// (table, column) of every column that references a customer: a foreign key to `customers`,
/// or a name that says so (`customer_id`, `…_customer_id`), outside the customers table itself.
fn customer_columns_in_schema(conn: &roundtrip_server::db::Conn) -> BTreeSet<(String, String)> {
    let (keys, columns) = match conn.engine() {
        Engine::Sqlite => (
            "SELECT m.name AS tbl, f.\"from\" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f
              WHERE m.type = 'table' AND f.\"table\" = 'customers'",
            "SELECT m.name AS tbl, c.name AS col FROM sqlite_master m, pragma_table_info(m.name) c
              WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        ),
        // partitions are left out: their parent is the table the registry names
        Engine::Postgres => (
            "SELECT c.conrelid::regclass::text AS tbl, a.attname::text AS col FROM pg_constraint c
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
              WHERE c.contype = 'f' AND c.confrelid = 'customers'::regclass AND NOT c.conrelid IN (SELECT inhrelid FROM pg_inherits)",
            "SELECT c.relname::text AS tbl, a.attname::text AS col FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
              WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                AND a.attnum > 0 AND NOT a.attisdropped",
        ),
    };
    let pairs = |sql: &str| conn.query_map(sql, [], |r| Ok((r.get::<_, String>("tbl")?, r.get::<_, String>("col")?))).unwrap();
    let mut found: BTreeSet<(String, String)> = pairs(keys).into_iter().collect();
    found.extend(pairs(columns).into_iter().filter(|(_, c)| c == "customer_id" || c.ends_with("_customer_id")));
    found.retain(|(t, _)| t != "customers");
    found
}

#[test]
fn every_customer_column_of_the_schema_is_classified_once() {
    let schema = customer_columns_in_schema(&common::conn());
    let listed: Vec<(String, String)> = CUSTOMER_COLUMNS.iter().map(|c| (c.table.to_string(), c.column.to_string())).collect();
    let registry: BTreeSet<(String, String)> = listed.iter().cloned().collect();
    assert_eq!(registry.len(), listed.len(), "a column is classified twice");
    let unclassified: Vec<_> = schema.difference(&registry).collect();
    assert!(unclassified.is_empty(), "customer columns nobody decided about (add them to db/registry.rs): {unclassified:?}");
    let gone: Vec<_> = registry.difference(&schema).collect();
    assert!(gone.is_empty(), "classified but not in the schema: {gone:?}");
}

#[test]
fn a_new_customer_table_is_caught() {
    // a migrated database with one more table, as a careless migration would add it
    let dir = tempfile::tempdir().unwrap();
    let target = common::fresh_target(&dir);
    roundtrip_server::db::Db::open(&target).unwrap();
    let conn = target.connect().unwrap();
    conn.execute_batch("CREATE TABLE visa_applications (id INTEGER PRIMARY KEY, applicant INTEGER NOT NULL REFERENCES customers(id), agent_customer_id INTEGER)").unwrap();
    let schema = customer_columns_in_schema(&conn);
    let registry: BTreeSet<(String, String)> = CUSTOMER_COLUMNS.iter().map(|c| (c.table.to_string(), c.column.to_string())).collect();
    let unclassified: BTreeSet<_> = schema.difference(&registry).cloned().collect();
    let expected: BTreeSet<_> = [("visa_applications", "agent_customer_id"), ("visa_applications", "applicant")].map(|(t, c)| (t.to_string(), c.to_string())).into();
    assert_eq!(unclassified, expected);
}
