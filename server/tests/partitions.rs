//! Monthly partitions on PostgreSQL: the seeded history sits in one partition per month, a row
//! for a month without one waits in the default partition until maintenance gives the month its
//! own, the customer sees the same history throughout, and a redemption's client key stays
//! unique across months.

mod common;

use roundtrip_server::db::{partitions, Db};

fn count(conn: &roundtrip_server::db::Conn, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[tokio::test]
async fn history_is_kept_in_monthly_partitions() {
    if !common::on_postgres() {
        return eprintln!("skipped: SQLite has no partitions");
    }
    let target = common::target();
    let conn = target.connect().unwrap();
    for (table, _) in partitions::partitioned(&conn).unwrap() {
        assert_eq!(count(&conn, &format!("SELECT count(*) FROM {table}_default")), 0, "{table}: rows left in the default partition");
        let months = count(&conn, &format!("SELECT count(*) FROM pg_inherits WHERE inhparent = '{table}'::regclass")) - 1;
        assert!(months >= 3, "{table}: {months} monthly partitions");
    }
    // the seed's months each have a partition of their own, and each partition one month
    let spread = count(
        &conn,
        "SELECT count(*) FROM (SELECT tableoid FROM touchpoints GROUP BY tableoid HAVING count(DISTINCT left(occurred_at, 7)) > 1) t",
    );
    assert_eq!(spread, 0, "a partition holds more than one month");

    // a touchpoint from a month long before the data: the default takes it, maintenance moves it
    let app = common::app_on(Db::open(&target).unwrap());
    let cookie = common::login(&app, "admin").await;
    let before = common::get(&app, "/api/v1/customers/3", Some(&cookie)).await;
    conn.execute(
        "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary) VALUES (3, 'store', 'post_trip', 'visit', '1999-05-04T02:00:00Z', 'an old visit')",
        [],
    )
    .unwrap();
    assert_eq!(count(&conn, "SELECT count(*) FROM touchpoints_default"), 1);
    let made = partitions::maintain(&conn).unwrap();
    assert_eq!(made, 1, "one month was found in a default partition");
    assert_eq!(count(&conn, "SELECT count(*) FROM touchpoints_default"), 0);
    assert_eq!(count(&conn, "SELECT count(*) FROM touchpoints_y1999m05 WHERE summary = 'an old visit'"), 1);
    assert_eq!(partitions::maintain(&conn).unwrap(), 0, "maintenance twice makes nothing new");
    let after = common::get(&app, "/api/v1/customers/3", Some(&cookie)).await;
    assert_eq!(after.status, 200);
    let touchpoints = |reply: &common::Reply| reply.json["touchpoints"].as_array().map_or(0, Vec::len);
    assert_eq!(touchpoints(&after), touchpoints(&before) + 1, "the profile shows the moved touchpoint");

    // the same client key in two months is still one redemption
    conn.execute("INSERT INTO loyalty_ledger (customer_id, at, kind, points, client_key) VALUES (3, '2001-01-01T00:00:00Z', 'adjust', 1, 'k-partitions')", []).unwrap();
    let again = conn.execute("INSERT INTO loyalty_ledger (customer_id, at, kind, points, client_key) VALUES (3, '2002-02-02T00:00:00Z', 'adjust', 1, 'k-partitions')", []);
    assert!(again.is_err(), "a client key was accepted twice");
}
