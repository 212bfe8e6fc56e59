//! Two server processes on one PostgreSQL database behave as one: a session made on one works on
//! the other, sign-in throttling counts failures made on both, concurrent edits through both
//! give one success and 409 for the rest, the same events sent to both at once are applied
//! exactly once, and care tasks generated on both at once are made once.

mod common;

use std::process::Child;

use common::process::{body, command, free_port, request, serve, sign_in, wait_until_up};
use roundtrip_server::db::Target;

/// Both servers are stopped however the test ends.
struct Servers(Vec<Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Every task's result, in order (the tasks run at once; this only collects them).
async fn join_all<T: Send + 'static>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(tasks.len());
    for t in tasks {
        out.push(t.await.expect("task"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_behave_as_one() {
    if !common::on_postgres() {
        return eprintln!("skipped: several servers share a PostgreSQL database (SQLite is one process's file)");
    }
    let dir = tempfile::tempdir().unwrap();
    let Target::Postgres(url) = common::fresh_target(&dir) else { unreachable!() };
    let key_file = dir.path().join("cluster.db");
    let db_args = ["--database-url", url.as_str(), "--db", key_file.to_str().unwrap()];
    let mut seed_args = vec!["seed", "--size", "60"];
    seed_args.extend_from_slice(&db_args);
    let seeded = command(&seed_args).output().unwrap();
    assert!(seeded.status.success(), "{}", String::from_utf8_lossy(&seeded.stderr));
    let (a, b) = (free_port(), free_port());
    let _servers = Servers(vec![serve(&db_args, a), serve(&db_args, b)]);
    wait_until_up(a).await;
    wait_until_up(b).await;

    // a session made on one server is good on the other, and ends on both
    let cookie = sign_in(a, "admin").await;
    let (status, me) = request(b, "GET", "/api/v1/me", &cookie, "").await.unwrap();
    assert_eq!((status, body(&me)["username"].as_str()), (200, Some("admin")), "{me}");

    // five wrong passwords spread over both servers: the sixth try waits on either
    let wrong = r#"{"username":"staff.sh01","password":"not-the-password"}"#;
    for (i, port) in [a, b, a, b, a].into_iter().enumerate() {
        let (status, answer) = request(port, "POST", "/api/v1/session", "", wrong).await.unwrap();
        assert_eq!(status, 401, "failure {i}: {answer}");
    }
    for port in [a, b] {
        let (status, answer) = request(port, "POST", "/api/v1/session", "", wrong).await.unwrap();
        assert_eq!(status, 429, "{answer}");
        assert_eq!(body(&answer)["error"]["code"], "too_many_attempts");
    }

    // eight notes on the same version of one profile, through both servers at once
    let (_, list) = request(a, "GET", "/api/v1/customers?page_size=1", &cookie, "").await.unwrap();
    let id = body(&list)["items"][0]["id"].as_i64().expect("a customer");
    let (_, profile) = request(b, "GET", &format!("/api/v1/customers/{id}"), &cookie, "").await.unwrap();
    let version = body(&profile)["version"].as_i64().expect("a version");
    let notes: Vec<_> = (0..8)
        .map(|n| {
            let cookie = cookie.clone();
            let port = if n % 2 == 0 { a } else { b };
            tokio::spawn(async move {
                let note = format!(r#"{{"version":{version},"body":"两台服务器 {n}"}}"#);
                request(port, "POST", &format!("/api/v1/customers/{id}/notes"), &cookie, &note).await.unwrap().0
            })
        })
        .collect();
    let mut statuses = join_all(notes).await;
    statuses.sort();
    assert_eq!(statuses, [200, 409, 409, 409, 409, 409, 409, 409], "one edit wins, the others are told the profile changed");

    // the same forty events sent to both servers at once are applied once
    let events: Vec<String> = (0..40)
        .map(|n| {
            format!(
                r#"{{"event_id":"cluster-{n}","source":"wechat","source_customer_id":"WX-CLUSTER-{}","occurred_at":"2026-11-20T10:30:00+08:00","type":"inquiry","identity":{{"name":"双机客户{}"}},"payload":{{"summary":"两台服务器"}}}}"#,
                n % 10,
                n % 10
            )
        })
        .collect();
    let batch = format!(r#"{{"events":[{}]}}"#, events.join(","));
    let sent: Vec<_> = [a, b, a, b]
        .into_iter()
        .map(|port| {
            let (cookie, batch) = (cookie.clone(), batch.clone());
            tokio::spawn(async move { request(port, "POST", "/api/v1/events", &cookie, &batch).await.unwrap() })
        })
        .collect();
    let (mut accepted, mut duplicates, mut created) = (0, 0, 0);
    for (status, answer) in join_all(sent).await {
        assert_eq!(status, 200, "{answer}");
        let report = body(&answer);
        assert_eq!(report["rejected"], serde_json::json!([]), "{answer}");
        accepted += report["accepted"].as_u64().unwrap();
        duplicates += report["duplicates"].as_u64().unwrap();
        created += report["customers_created"].as_u64().unwrap();
    }
    assert_eq!((accepted, duplicates, created), (40, 120, 10), "each event once, each new member once");
    let conn = Target::Postgres(url.clone()).connect().unwrap();
    let stored: i64 = conn.query_row("SELECT count(*) FROM ingested_events WHERE event_id LIKE 'cluster-%'", [], |r| r.get(0)).unwrap();
    let members: i64 = conn.query_row("SELECT count(*) FROM customers WHERE name LIKE '双机客户%'", [], |r| r.get(0)).unwrap();
    assert_eq!((stored, members), (40, 10));

    // care tasks generated on both at once are made once
    let generate = |port: u16| {
        let cookie = cookie.clone();
        tokio::spawn(async move { request(port, "POST", "/api/v1/care-tasks/generate", &cookie, r#"{"days":31}"#).await.unwrap() })
    };
    let made: u64 = join_all(vec![generate(a), generate(b)])
        .await
        .into_iter()
        .map(|(status, answer)| {
            assert_eq!(status, 200, "{answer}");
            body(&answer)["created"].as_u64().unwrap()
        })
        .sum();
    let tasks: i64 = conn.query_row("SELECT count(*) FROM follow_ups WHERE care_kind IS NOT NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(made as i64, tasks, "every task counted once");
    let (_, again) = request(b, "POST", "/api/v1/care-tasks/generate", &cookie, r#"{"days":31}"#).await.unwrap();
    assert_eq!(body(&again)["created"], 0, "{again}");

    // signing out on one ends the session on the other
    assert_eq!(request(b, "DELETE", "/api/v1/session", &cookie, "").await.unwrap().0, 204);
    assert_eq!(request(a, "GET", "/api/v1/me", &cookie, "").await.unwrap().0, 401);
}
