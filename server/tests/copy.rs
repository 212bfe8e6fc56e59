//! Moving an agency from SQLite to PostgreSQL: `roundtrip-server copy` copies every row,
//! verifies counts and checksums, refuses a database that already holds data, and the copied
//! agency answers the API exactly as the original does.

mod common;

use common::process::command;
use roundtrip_server::db::{Db, Target};
use roundtrip_server::seed::{seed, SeedOptions};

#[tokio::test]
async fn a_sqlite_agency_moves_to_postgresql_whole() {
    if !common::on_postgres() {
        return eprintln!("skipped: needs the PostgreSQL server of the test run");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("agency.db");
    let sqlite = Target::Sqlite(file.clone());
    Db::open(&sqlite).unwrap();
    let opts = SeedOptions { people: 80, seed: 11, anchor: chrono::Utc::now().date_naive(), zone: roundtrip_server::clock::DEFAULT_ZONE };
    seed(&mut sqlite.connect().unwrap(), opts, &common::vault()).unwrap();
    let Target::Postgres(url) = common::fresh_target(&dir) else { unreachable!() };

    let copied = command(&["copy", "--from", file.to_str().unwrap(), "--to", &url]).output().unwrap();
    let report = String::from_utf8_lossy(&copied.stdout);
    assert!(copied.status.success(), "{report}{}", String::from_utf8_lossy(&copied.stderr));
    assert!(report.contains("row counts and checksums match"), "{report}");
    let customers = report.lines().find(|l| l.starts_with("customers ")).expect("a line for customers");
    assert!(!customers.contains(" 0 rows"), "{customers}");

    // a second copy finds the data there and changes nothing
    let again = command(&["copy", "--from", file.to_str().unwrap(), "--to", &url]).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&again.stderr));

    // the moved agency answers as the original: same lists, dashboards and profiles
    let postgres = Target::Postgres(url);
    let count = |t: &Target| -> i64 { t.connect().unwrap().query_row("SELECT count(*) FROM touchpoints", [], |r| r.get(0)).unwrap() };
    assert_eq!(count(&sqlite), count(&postgres));
    // every copied month went straight to its own partition
    let waiting: i64 = postgres.connect().unwrap().query_row("SELECT count(*) FROM touchpoints_default", [], |r| r.get(0)).unwrap();
    assert_eq!(waiting, 0, "copied touchpoints left in the default partition");
    let mut answers = Vec::new();
    for target in [&sqlite, &postgres] {
        let app = common::app_on(Db::open(target).unwrap());
        let cookie = common::login(&app, "admin").await;
        let mut seen = Vec::new();
        for uri in ["/api/v1/customers?page_size=40&sort=name", "/api/v1/overview", "/api/v1/service/dashboard", "/api/v1/kpis/identity", "/api/v1/journeys/matrix", "/api/v1/communities/dashboard", "/api/v1/duplicates", "/api/v1/customers/7", "/api/v1/customers/7/journeys", "/api/v1/customers/7/loyalty"] {
            let mut reply = common::get(&app, uri, Some(&cookie)).await;
            assert_eq!(reply.status, 200, "{uri}: {:?}", reply.json);
            // when the matrix was computed is the one field that may differ
            if let Some(o) = reply.json.as_object_mut() {
                o.remove("computed_at");
            }
            seen.push((uri, reply.json));
        }
        answers.push(seen);
    }
    for ((uri, on_sqlite), (_, on_postgres)) in answers[0].iter().zip(&answers[1]) {
        assert_eq!(on_sqlite, on_postgres, "{uri} differs after the move");
    }
}
