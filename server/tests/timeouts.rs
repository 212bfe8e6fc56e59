//! Stalled clients over a real socket: a head or a body that stops arriving gets 408 and its
//! connection back, and shutdown finishes within its drain deadline whatever clients do.

mod common;

use std::time::{Duration, Instant};

use roundtrip_server::serve::{self, Timeouts};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

const QUICK: Timeouts = Timeouts { header: Duration::from_millis(800), body_idle: Duration::from_millis(800), drain: Duration::from_secs(2) };

/// Starts the real server on a free port; sending on the returned channel shuts it down, and
/// the join handle ends when it has.
async fn start(timeouts: Timeouts) -> (std::net::SocketAddr, oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(serve::run(listener, common::app(), timeouts, async move {
        let _ = stopped.await;
    }));
    (addr, stop, server)
}

/// Everything the server sends until it closes the connection (or 5 s pass).
async fn read_all(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_a_head_gets_408_and_the_connection_closes() {
    let (addr, _stop, _server) = start(QUICK).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: appl").await.unwrap();
    let started = Instant::now();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stops_arriving_gets_408() {
    let (addr, _stop, _server) = start(QUICK).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n";
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(br#"{"username":"adm"#).await.unwrap();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_request_is_answered_and_an_idle_connection_is_closed_without_a_408() {
    let (addr, _stop, _server) = start(QUICK).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n").await.unwrap();
    let answer = read_all(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer:?}");
    assert_eq!(answer.matches("HTTP/1.1").count(), 1, "a kept-alive connection left idle is closed quietly: {answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_within_the_drain_deadline_while_a_client_stalls() {
    // a head deadline far past the drain deadline: only the drain can end this connection
    let (addr, stop, server) = start(Timeouts { header: Duration::from_secs(60), ..QUICK }).await;
    let mut stalled = TcpStream::connect(addr).await.unwrap();
    stalled.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: loc").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(5), server).await.expect("server stopped").unwrap();
    assert!(started.elapsed() < QUICK.drain + Duration::from_millis(500), "took {:?}", started.elapsed());
    assert!(TcpStream::connect(addr).await.is_err(), "the port no longer accepts");
}
