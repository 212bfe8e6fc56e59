//! The write-ahead log is copied back into the database by the `Db`'s own thread, not by the
//! request whose commit happens to fill it.

use std::time::{Duration, Instant};

use roundtrip_server::db::Db;

fn file_len(path: &std::path::Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

#[tokio::test]
async fn committed_pages_reach_the_database_file_soon_without_a_full_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wal.db");
    let db = Db::open(&roundtrip_server::db::Target::Sqlite(path.clone())).unwrap();
    // measured before the write: the thread may copy the pages back as soon as they commit
    let before = file_len(&path);
    // ~1,500 pages: past the 1,000 that call for a checkpoint, far below the backstop at which
    // the commit would copy them itself
    db.write(|conn| {
        let tx = conn.begin()?;
        tx.execute_batch("CREATE TABLE filler (blob BLOB NOT NULL)")?;
        for _ in 0..1500 {
            tx.execute("INSERT INTO filler (blob) VALUES (zeroblob(4000))", [])?;
        }
        tx.commit()?;
        Ok(())
    })
    .await
    .unwrap();
    let wal = file_len(&dir.path().join("wal.db-wal"));
    assert!(wal > 6_000_000, "the commit went to the log first ({wal} B)");

    let deadline = Instant::now() + Duration::from_secs(10);
    while file_len(&path) < before + 6_000_000 {
        assert!(Instant::now() < deadline, "the log was not copied back: database {} B, log {wal} B", file_len(&path));
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // and the data is whole
    let rows: i64 = db.call(|conn| Ok(conn.query_row("SELECT count(*) FROM filler", [], |r| r.get(0))?)).await.unwrap();
    assert_eq!(rows, 1500);
}
