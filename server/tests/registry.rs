//! The personal-data registry covers the schema: every column that holds a customer id is
//! classified for merge, erasure and export, and nothing classified has gone from the schema.

mod common;

use std::collections::BTreeSet;

use roundtrip_server::db::registry::CUSTOMER_COLUMNS;

/// (table, column) of every column that references a customer: a foreign key to `customers`,
/// or a name that says so (`customer_id`, `…_customer_id`), outside the customers table itself.
fn customer_columns_in_schema(conn: &rusqlite::Connection) -> BTreeSet<(String, String)> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'customers'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut found = BTreeSet::new();
    for table in tables {
        let mut keys = conn.prepare(&format!("PRAGMA foreign_key_list({table})")).unwrap();
        for fk in keys.query_map([], |r| Ok((r.get::<_, String>("table")?, r.get::<_, String>("from")?))).unwrap() {
            let (target, from) = fk.unwrap();
            if target == "customers" {
                found.insert((table.clone(), from));
            }
        }
        let mut columns = conn.prepare(&format!("PRAGMA table_info({table})")).unwrap();
        for name in columns.query_map([], |r| r.get::<_, String>("name")).unwrap() {
            let name = name.unwrap();
            if name == "customer_id" || name.ends_with("_customer_id") {
                found.insert((table.clone(), name));
            }
        }
    }
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
    let path = dir.path().join("new.db");
    roundtrip_server::db::Db::open(&path).unwrap();
    let conn = roundtrip_server::db::connect(&path).unwrap();
    conn.execute_batch("CREATE TABLE visa_applications (id INTEGER PRIMARY KEY, applicant INTEGER NOT NULL REFERENCES customers(id), agent_customer_id INTEGER)").unwrap();
    let schema = customer_columns_in_schema(&conn);
    let registry: BTreeSet<(String, String)> = CUSTOMER_COLUMNS.iter().map(|c| (c.table.to_string(), c.column.to_string())).collect();
    let unclassified: BTreeSet<_> = schema.difference(&registry).cloned().collect();
    let expected: BTreeSet<_> = [("visa_applications", "agent_customer_id"), ("visa_applications", "applicant")].map(|(t, c)| (t.to_string(), c.to_string())).into();
    assert_eq!(unclassified, expected);
}
