//! A transport for generated clients written straight on the `h2` crate: [`H2Pool`], a tower
//! `Service` like tonic's `Channel`, so `UserInfoClient::new(pool)` works as with a channel.
//!
//! Why it exists: hyper 1.x's HTTP/2 client (under tonic's `Channel`) hands a request's body
//! to h2 only once h2 has granted the new stream send capacity, and h2 grants none until the
//! connection task has written the stream's HEADERS. Every unary call then leaves in two
//! writes, `HEADERS` and then `DATA DATA(END_STREAM)`, and a tonic server wakes twice per
//! call (bench/README.md, "Client throughput", has the strace counts). Here the message is
//! queued on the stream in the same step that opens it, with END_STREAM on the last frame, so
//! a unary call leaves as one `HEADERS DATA(END_STREAM)` write, as grpc-go's client sends it.
//! Everything else is h2's own: flow control, stream limits, pings.
//!
//! What it does not do that `Channel` does: TLS, reconnecting after the connection is lost
//! (a call on a dead connection fails with the connection's error), timeouts per request
//! (use tokio's `timeout` around the call), load-aware balancing (calls go to the pool's
//! connections in turn).

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use tonic::codegen::{http, Body, Bytes, Service};

/// The errors of this transport: a message that says what failed and why.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// HTTP/2 connections to one server, used in turn, one h2 stream per call.
#[derive(Clone)]
pub struct H2Pool {
    connections: Arc<[h2::client::SendRequest<Bytes>]>,
    /// `http://HOST:PORT`, the scheme and authority of every request.
    origin: http::uri::Uri,
    /// Shared by all clones: the next connection to use.
    next: Arc<AtomicUsize>,
    /// The connection `poll_ready` found ready, for the `call` that follows it; each clone
    /// has its own, as tower's contract asks.
    ready: Option<h2::client::SendRequest<Bytes>>,
}

impl std::fmt::Debug for H2Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("H2Pool")
            .field("origin", &self.origin)
            .field("connections", &self.connections.len())
            .finish()
    }
}

impl H2Pool {
    /// Opens `connections` HTTP/2 connections (prior knowledge, no TLS) to `addr`, all at
    /// once; fails when `connections` is 0 or any of them cannot be opened within 5 seconds.
    pub async fn connect(addr: SocketAddr, connections: usize) -> Result<Self, Error> {
        if connections == 0 {
            return Err("a pool needs at least 1 connection, got 0".into());
        }
        let mut pending = tokio::task::JoinSet::new();
        for i in 0..connections {
            pending.spawn(async move { (i, connect_one(addr).await) });
        }
        let mut opened: Vec<Option<h2::client::SendRequest<Bytes>>> = vec![None; connections];
        while let Some(joined) = pending.join_next().await {
            let (i, connected) = joined.map_err(|e| format!("connecting to {addr}: {e}"))?;
            let send = connected.map_err(|e| {
                format!(
                    "cannot open connection {} of {connections} to {addr}: {e}",
                    i + 1
                )
            })?;
            opened[i] = Some(send);
        }
        let origin = format!("http://{addr}")
            .parse()
            .map_err(|e| format!("'{addr}' makes no URI: {e}"))?;
        Ok(Self {
            connections: opened.into_iter().flatten().collect(),
            origin,
            next: Arc::new(AtomicUsize::new(0)),
            ready: None,
        })
    }

    /// How many connections the pool holds.
    pub fn connections(&self) -> usize {
        self.connections.len()
    }
}

/// The receive windows hyper's HTTP/2 client opens with: 2 MiB per stream, 5 MiB per
/// connection.
const STREAM_WINDOW: u32 = 2 * 1024 * 1024;
const CONNECTION_WINDOW: u32 = 5 * 1024 * 1024;

/// One connection: TCP without Nagle's delay, the HTTP/2 handshake, and a task that drives
/// the connection until it closes.
async fn connect_one(addr: SocketAddr) -> Result<h2::client::SendRequest<Bytes>, Error> {
    let tcp = tokio::time::timeout(Duration::from_secs(5), tokio::net::TcpStream::connect(addr))
        .await
        .map_err(|_| "no answer within 5 s")??;
    tcp.set_nodelay(true)?;
    // hyper's client windows (tonic's `Channel` runs with them): h2's own 64 KiB defaults
    // make h2 count a burst of small unread response DATA frames (tonic's server sends one
    // per unary answer) as abuse and close the connection (`too_many_data_frames`).
    let (send, connection) = h2::client::Builder::new()
        .initial_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .handshake(tcp)
        .await?;
    tokio::spawn(async move {
        // The connection's end, orderly or not, reaches every call on it as that call's
        // error; there is nobody else to tell.
        let _ = connection.await;
    });
    Ok(send)
}

impl Service<http::Request<tonic::body::Body>> for H2Pool {
    type Response = http::Response<H2Body>;
    type Error = h2::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, h2::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), h2::Error>> {
        if self.ready.is_none() {
            let i = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
            self.ready = Some(self.connections[i].clone());
        }
        let send = self.ready.as_mut().expect("set above");
        let ready = send.poll_ready(cx);
        if let Poll::Ready(Err(_)) = ready {
            self.ready = None;
        }
        ready
    }

    fn call(&mut self, request: http::Request<tonic::body::Body>) -> Self::Future {
        // Without a `poll_ready` first (a broken tower contract) the next connection is used
        // as it is; h2 refuses the stream if it cannot take it.
        let mut send = match self.ready.take() {
            Some(send) => send,
            None => {
                let i = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
                self.connections[i].clone()
            }
        };
        let (mut parts, body) = request.into_parts();
        parts.uri = with_origin(&self.origin, &parts.uri);
        parts.version = http::Version::HTTP_2;
        let end_stream = body.is_end_stream();
        let opened = send.send_request(http::Request::from_parts(parts, ()), end_stream);
        let (response, stream) = match opened {
            Ok(opened) => opened,
            Err(e) => return Box::pin(std::future::ready(Err(e))),
        };
        if !end_stream {
            send_body(body, stream);
        }
        Box::pin(async move {
            let (parts, body) = response.await?.into_parts();
            Ok(http::Response::from_parts(parts, H2Body::new(body)))
        })
    }
}

/// `origin` with the path and query of `uri` (tonic's client gives the path alone).
fn with_origin(origin: &http::Uri, uri: &http::Uri) -> http::Uri {
    let mut parts = origin.clone().into_parts();
    parts.path_and_query = uri.path_and_query().cloned();
    http::Uri::from_parts(parts).unwrap_or_else(|_| uri.clone())
}

/// Queues on `stream` every frame `body` has ready now, END_STREAM on the last one, so they
/// leave with the HEADERS; whatever is not ready yet (a streaming request) goes on in a task.
fn send_body(mut body: tonic::body::Body, mut stream: h2::SendStream<Bytes>) {
    // Polling with a waker that does nothing is sound here: a `Pending` answer hands the body
    // to a task that polls it again with its own waker before it waits.
    let mut cx = Context::from_waker(Waker::noop());
    let mut held: Option<Bytes> = None;
    loop {
        match Pin::new(&mut body).poll_frame(&mut cx) {
            Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => {
                    if let Some(previous) = held.replace(data) {
                        if stream.send_data(previous, false).is_err() {
                            return;
                        }
                    }
                }
                Err(frame) => {
                    if let Some(previous) = held.take() {
                        if stream.send_data(previous, false).is_err() {
                            return;
                        }
                    }
                    if let Ok(trailers) = frame.into_trailers() {
                        let _ = stream.send_trailers(trailers);
                        return;
                    }
                }
            },
            Poll::Ready(None) => {
                let _ = stream.send_data(held.unwrap_or_default(), true);
                return;
            }
            Poll::Ready(Some(Err(_))) => {
                stream.send_reset(h2::Reason::CANCEL);
                return;
            }
            Poll::Pending => {
                if let Some(previous) = held.take() {
                    if stream.send_data(previous, false).is_err() {
                        return;
                    }
                }
                tokio::spawn(pipe(body, stream));
                return;
            }
        }
    }
}

/// The rest of a request body that was not ready when the call started. Each chunk waits
/// for some send capacity first, so a streaming request is held back by the server's flow
/// control instead of piling up in h2's buffers.
async fn pipe(mut body: tonic::body::Body, mut stream: h2::SendStream<Bytes>) {
    loop {
        match std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
            None => {
                let _ = stream.send_data(Bytes::new(), true);
                return;
            }
            Some(Err(_)) => {
                stream.send_reset(h2::Reason::CANCEL);
                return;
            }
            Some(Ok(frame)) => match frame.into_data() {
                Ok(data) => {
                    stream.reserve_capacity(data.len());
                    while stream.capacity() == 0 {
                        match std::future::poll_fn(|cx| stream.poll_capacity(cx)).await {
                            Some(Ok(_)) => {}
                            _ => return,
                        }
                    }
                    if stream.send_data(data, false).is_err() {
                        return;
                    }
                }
                Err(frame) => {
                    if let Ok(trailers) = frame.into_trailers() {
                        let _ = stream.send_trailers(trailers);
                        return;
                    }
                }
            },
        }
    }
}

/// A response body read from an h2 stream: its DATA frames, then its trailers (where gRPC's
/// status is). Received data is released to the flow control as it is handed on.
pub struct H2Body {
    stream: h2::RecvStream,
    data_done: bool,
}

impl H2Body {
    fn new(stream: h2::RecvStream) -> Self {
        Self {
            stream,
            data_done: false,
        }
    }
}

impl Body for H2Body {
    type Data = Bytes;
    type Error = h2::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, h2::Error>>> {
        if !self.data_done {
            match std::task::ready!(self.stream.poll_data(cx)) {
                Some(Ok(data)) => {
                    let _ = self.stream.flow_control().release_capacity(data.len());
                    return Poll::Ready(Some(Ok(http_body::Frame::data(data))));
                }
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => self.data_done = true,
            }
        }
        match std::task::ready!(self.stream.poll_trailers(cx)) {
            Ok(Some(trailers)) => Poll::Ready(Some(Ok(http_body::Frame::trailers(trailers)))),
            Ok(None) => Poll::Ready(None),
            Err(e) => Poll::Ready(Some(Err(e))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.stream.is_end_stream()
    }
}
