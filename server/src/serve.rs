//! The HTTP server's own accept loop. `axum::serve` sets no read timeouts, so a client that
//! sent half its headers and stalled held its connection forever and kept SIGTERM from
//! finishing. Here every connection has a header deadline and a body idle deadline (both
//! answered with 408), and shutdown waits for requests in flight only up to a drain deadline.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::error::AppError;

/// How long a client may take over a request's head, and may leave its body without a byte.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub header: Duration,
    pub body_idle: Duration,
    /// After SIGTERM, how long requests in flight may run before the server stops anyway.
    pub drain: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        // the drain deadline leaves room under a supervisor's usual 10 s stop timeout
        Timeouts { header: Duration::from_secs(10), body_idle: Duration::from_secs(20), drain: Duration::from_secs(8) }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains within `timeouts.drain`.
pub async fn run(listener: TcpListener, app: Router, timeouts: Timeouts, shutdown: impl std::future::Future<Output = ()>) {
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(timeouts.header);
    tokio::pin!(shutdown);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // out of file descriptors and the like: back off rather than spin
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok((io, spare, started)) = watch(stream) else { continue };
        let app = app.clone();
        let service = hyper::service::service_fn(move |req: Request<Incoming>| handle(app.clone(), req, remote, timeouts.body_idle));
        let conn = graceful.watch(builder.serve_connection(TokioIo::new(io), service));
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                if e.is_timeout() && started.load(Ordering::Relaxed) {
                    // hyper closes a connection whose head timed out without a word; the client
                    // that had begun a request is told why (through a second handle on the socket)
                    let _ = (&spare).write_all(head_timeout_response().as_bytes());
                }
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(timeouts.drain, graceful.shutdown()).await.is_err() {
        tracing::warn!("requests still running after {:?}; stopping anyway", timeouts.drain);
    }
}

/// The 408 for a head that did not arrive in time, written straight to the socket.
fn head_timeout_response() -> String {
    let body = serde_json::json!({ "error": { "code": "request_timeout", "message": "the request was not sent in time", "details": null } }).to_string();
    format!("HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}", body.len())
}

/// The stream for hyper, a second handle on the same socket, and whether a request has begun
/// since the last response (so an idle keep-alive connection is closed without a 408).
fn watch(stream: TcpStream) -> std::io::Result<(Watched, std::net::TcpStream, Arc<AtomicBool>)> {
    let std_stream = stream.into_std()?;
    let spare = std_stream.try_clone()?;
    let started = Arc::new(AtomicBool::new(false));
    Ok((Watched { stream: TcpStream::from_std(std_stream)?, started: started.clone() }, spare, started))
}

/// Reads the whole body with an idle deadline, then hands the request to the router.
async fn handle(app: Router, req: Request<Incoming>, remote: SocketAddr, body_idle: Duration) -> Result<Response, Infallible> {
    let (mut parts, mut body) = req.into_parts();
    let mut bytes = Vec::new();
    loop {
        match tokio::time::timeout(body_idle, body.frame()).await {
            Err(_) => return Ok(AppError::new(StatusCode::REQUEST_TIMEOUT, "request_timeout", "the request body stopped arriving").into_response()),
            Ok(None) => break,
            Ok(Some(Err(_))) => return Ok(AppError::new(StatusCode::BAD_REQUEST, "invalid_body", "the request body was cut off").into_response()),
            Ok(Some(Ok(frame))) => {
                if let Ok(data) = frame.into_data() {
                    if bytes.len() + data.len() > crate::app::MAX_BODY_BYTES {
                        return Ok(AppError::new(StatusCode::PAYLOAD_TOO_LARGE, "body_too_large", "the body is over 2 MB").into_response());
                    }
                    bytes.extend_from_slice(&data);
                }
            }
        }
    }
    parts.extensions.insert(ConnectInfo(remote));
    app.oneshot(Request::from_parts(parts, Body::from(bytes))).await
}

/// A TCP stream that notes when a request begins (bytes read) and ends (bytes written).
struct Watched {
    stream: TcpStream,
    started: Arc<AtomicBool>,
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.started.store(true, Ordering::Relaxed);
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.started.store(false, Ordering::Relaxed);
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
