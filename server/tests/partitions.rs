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

    readers_see_rows_while_maintenance_moves_them(&target, &conn);
    writers_of_the_month_being_made_are_moved_too(&target, &conn);
    a_writer_holding_a_customer_is_not_deadlocked(&target, &conn);
}

/// Readers that run while maintenance moves a month's rows out of the default partition see
/// every row throughout: the rows are in the default before the move and in their month's
/// partition after, never in neither (attaching locks the default partition, so readers wait
/// for the move to commit). Called by the test above: both count what maintenance makes in the
/// one database.
fn readers_see_rows_while_maintenance_moves_them(target: &roundtrip_server::db::Target, conn: &roundtrip_server::db::Conn) {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // a period's query, as the overview's: planned over the partitions its months prune to
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (target, stop) = (target.clone(), stop.clone());
            std::thread::spawn(move || {
                let conn = target.connect().unwrap();
                let mut seen = Vec::new();
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    seen.push(count(&conn, "SELECT count(*) FROM touchpoints WHERE occurred_at >= '1970' AND occurred_at < '1990' AND summary LIKE 'moved visit %'"));
                }
                seen
            })
        })
        .collect();
    // each round: rows for a month with no partition land in the default, then move
    let rounds = 12;
    for year in 1970..1970 + rounds {
        conn.execute(
            "INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary)
             SELECT 3, 'store', 'post_trip', 'visit', ?1 || '-03-0' || g || 'T02:00:00Z', 'moved visit ' || ?1 || '/' || g
               FROM generate_series(1, 5) g",
            [year.to_string()],
        )
        .unwrap();
        // held open a moment after the move, as when maintenance has many months to make
        conn.execute_batch("BEGIN; SELECT roundtrip_maintain_partitions(2); SELECT pg_sleep(0.3); COMMIT").unwrap();
        assert_eq!(count(conn, &format!("SELECT count(*) FROM touchpoints_y{year}m03")), 5, "the month was made");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        let seen = reader.join().unwrap();
        assert!(seen.len() > rounds as usize, "the readers ran beside maintenance ({} reads)", seen.len());
        assert!(seen.windows(2).all(|w| w[1] >= w[0]), "a reader saw moved rows vanish: {seen:?}");
    }
    assert_eq!(count(conn, "SELECT count(*) FROM touchpoints_default"), 0);
}

/// A row for the month maintenance is making, written by a transaction that commits while the
/// move runs, is moved with the others: the default partition is locked before the move, so
/// the month's partition is not attached over a row the move did not see (which failed the
/// attach, and with it a server's start, in CI).
fn writers_of_the_month_being_made_are_moved_too(target: &roundtrip_server::db::Target, conn: &roundtrip_server::db::Conn) {
    let insert = |summary: &str| {
        format!("INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary) VALUES (3, 'store', 'post_trip', 'visit', '1960-08-02T02:00:00Z', '{summary}')")
    };
    conn.execute(&insert("committed visit"), []).unwrap();
    let writer = target.connect().unwrap();
    writer.execute_batch(&format!("BEGIN; {}", insert("visit in flight"))).unwrap();
    let maintenance = {
        let target = target.clone();
        std::thread::spawn(move || partitions::maintain(&target.connect().unwrap()))
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    writer.execute_batch("COMMIT").unwrap();
    let made = maintenance.join().unwrap();
    assert!(made.is_ok(), "maintenance failed beside a writer: {made:?}");
    assert_eq!(count(conn, "SELECT count(*) FROM touchpoints_y1960m08"), 2, "both visits are in their month");
    assert_eq!(count(conn, "SELECT count(*) FROM touchpoints_default"), 0);
}

/// CI's deadlock: a writer holding a customer row (as every ingestion does) and then adding a
/// touchpoint for a month that maintenance is making. Maintenance used to hold the default
/// partition and wait for `customers` (which ATTACH checks the foreign key against) while the
/// writer waited for the default partition: PostgreSQL aborted one of them. Now maintenance
/// waits for `customers` before it takes the default partition, gives way after 500 ms and tries
/// again, so both finish.
fn a_writer_holding_a_customer_is_not_deadlocked(target: &roundtrip_server::db::Target, conn: &roundtrip_server::db::Conn) {
    let visit = |summary: &str| {
        format!("INSERT INTO touchpoints (customer_id, channel, stage, kind, occurred_at, summary) VALUES (3, 'store', 'post_trip', 'visit', '1955-01-02T02:00:00Z', '{summary}')")
    };
    conn.execute(&visit("waiting visit"), []).unwrap();
    let writer = target.connect().unwrap();
    writer.execute_batch("BEGIN; UPDATE customers SET last_active_at = last_active_at WHERE id = 3").unwrap();
    let maintenance = {
        let target = target.clone();
        std::thread::spawn(move || partitions::maintain(&target.connect().unwrap()))
    };
    // long enough for maintenance to give way at least once
    std::thread::sleep(std::time::Duration::from_millis(800));
    let written = writer.execute_batch(&format!("{}; COMMIT", visit("visit by the writer")));
    assert!(written.is_ok(), "the writer was aborted: {written:?}");
    let made = maintenance.join().unwrap();
    assert!(made.is_ok(), "maintenance failed beside a writer: {made:?}");
    assert_eq!(count(conn, "SELECT count(*) FROM touchpoints_y1955m01"), 2, "both visits are in their month");
}
