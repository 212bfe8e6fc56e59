//! The soak the channel receivers must survive: 10,000 Douyin deliveries, 20% of them
//! repeats, in shuffled order from eight senders, with the server killed (SIGKILL) part-way.
//! The platform retries what was not acknowledged, as Douyin does. Afterwards every message
//! is on a profile exactly once: 0 lost, 0 duplicated.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rand::seq::SliceRandom;
use rand::SeedableRng;
use tokio::sync::Mutex;

use common::channels::{douyin_message, douyin_signature};
use common::process::{free_port, request, request_with, seeded, serve, sign_in, wait_until_up};

const DISTINCT: usize = 8_000;
const REPEATS: usize = 2_000;
const SENDERS: usize = 8;
const SECRET: &str = "soak-client-secret";

/// One delivery: its Msg-Id and body.
type Delivery = (String, String);

/// Sends from the shared queue until it is empty or the server goes away; what was not
/// acknowledged goes back for the platform's retry.
async fn send_all(port: u16, queue: Arc<Mutex<Vec<Delivery>>>, retry: Arc<Mutex<Vec<Delivery>>>, acknowledged: Arc<Mutex<HashSet<String>>>) {
    loop {
        let Some((id, body)) = queue.lock().await.pop() else { return };
        let signature = douyin_signature(SECRET, &body);
        let headers = [("Content-Type", "application/json"), ("X-Douyin-Signature", signature.as_str()), ("Msg-Id", id.as_str())];
        match request_with(port, "POST", "/hooks/douyin/soak", &headers, &body).await {
            Some((200, _)) => {
                acknowledged.lock().await.insert(id);
            }
            Some((503, _)) => retry.lock().await.push((id, body)),
            Some((status, text)) => panic!("delivery {id} answered {status}: {text}"),
            None => {
                retry.lock().await.push((id, body));
                return;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_deliveries_through_a_sigkill_lose_and_repeat_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (target, db_args) = seeded(&dir, "60");
    let db_args: Vec<&str> = db_args.iter().map(String::as_str).collect();
    let port = free_port();
    let mut server = serve(&db_args, port);
    wait_until_up(port).await;
    let cookie = sign_in(port, "admin").await;
    let connector = format!(r#"{{"channel":"douyin","account":"soak","secrets":{{"client_secret":"{SECRET}"}}}}"#);
    let (status, answer) = request(port, "POST", "/api/v1/connectors", &cookie, &connector).await.unwrap();
    assert_eq!(status, 201, "{answer}");

    // 8,000 messages from 400 people, 2,000 of them sent twice, all shuffled
    let at = chrono::Utc::now().timestamp() - 86_400;
    let mut all: Vec<Delivery> =
        (0..DISTINCT).map(|n| (format!("soak-{n}"), douyin_message("awx-soak", &format!("dy-soak-{}", n % 400), &format!("soak-{n}"), at + n as i64))).collect();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(24);
    let repeats: Vec<Delivery> = all.choose_multiple(&mut rng, REPEATS).cloned().collect();
    all.extend(repeats);
    all.shuffle(&mut rng);
    let (queue, retry, acknowledged) = (Arc::new(Mutex::new(all)), Arc::new(Mutex::new(Vec::new())), Arc::new(Mutex::new(HashSet::new())));

    // the first run, killed once about a third has been sent
    let senders: Vec<_> = (0..SENDERS).map(|_| tokio::spawn(send_all(port, queue.clone(), retry.clone(), acknowledged.clone()))).collect();
    while queue.lock().await.len() > (DISTINCT + REPEATS) * 2 / 3 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for s in senders {
        s.await.unwrap();
    }
    let before = acknowledged.lock().await.len();
    eprintln!("{before} distinct deliveries acknowledged before SIGKILL");
    assert!(before > 500, "the load was too light to mean anything: {before}");

    // restarted: the platform retries what was not acknowledged, then sends the rest
    let mut server = serve(&db_args, port);
    wait_until_up(port).await;
    let pending: Vec<Delivery> = retry.lock().await.drain(..).collect();
    queue.lock().await.extend(pending);
    while !queue.lock().await.is_empty() {
        let senders: Vec<_> = (0..SENDERS).map(|_| tokio::spawn(send_all(port, queue.clone(), retry.clone(), acknowledged.clone()))).collect();
        for s in senders {
            s.await.unwrap();
        }
        let again: Vec<Delivery> = retry.lock().await.drain(..).collect();
        queue.lock().await.extend(again);
    }
    assert_eq!(acknowledged.lock().await.len(), DISTINCT, "every message acknowledged in the end");

    // the worker turns the inbox into events; then every message is on a profile once
    let conn = target.connect().unwrap();
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    let started = Instant::now();
    while count("SELECT count(*) FROM deliveries WHERE status = 'pending'") > 0 {
        assert!(started.elapsed() < Duration::from_secs(120), "the inbox did not drain");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(count("SELECT count(*) FROM deliveries"), DISTINCT as i64, "one inbox row per message");
    assert_eq!(count("SELECT count(*) FROM deliveries WHERE status <> 'done'"), 0, "every delivery processed");
    assert_eq!(count("SELECT count(*) FROM ingested_events WHERE event_id LIKE 'douyin:soak-%'"), DISTINCT as i64, "one event per message");
    let on_profiles = count("SELECT count(DISTINCT summary) FROM touchpoints WHERE summary LIKE '抖音私信：soak-%'");
    let touchpoints = count("SELECT count(*) FROM touchpoints WHERE summary LIKE '抖音私信：soak-%'");
    assert_eq!((on_profiles, touchpoints), (DISTINCT as i64, DISTINCT as i64), "0 lost, 0 duplicated");
}
