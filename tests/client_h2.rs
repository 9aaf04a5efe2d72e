//! The examples' h2 transport (examples/support/h2_transport.rs, `H2Pool`) under the generated
//! `UserInfoClient` and the load generator (`--transport h2`): calls are answered and spread
//! over the pool's connections; a unary request leaves as HEADERS and DATA with END_STREAM in
//! one write; a request body that is not ready at once still arrives whole, trailers
//! included; bad input (a pool of 0, refused connections, a server that goes away or never
//! answers) ends in a clear error in bounded time. Everything on 127.0.0.1, port 0.

#![deny(warnings)]

#[allow(dead_code)]
#[path = "../examples/user_server.rs"]
mod user_server;

#[allow(dead_code)]
#[path = "../examples/user_load.rs"]
mod user_load;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tonic::codegen::Service;
use user_load::user_client::generated::user::user_info_client::UserInfoClient;
use user_load::user_client::generated::user::{User, UserId};
use user_load::user_client::h2_transport::H2Pool;
use user_load::{Options, Transport};

async fn bounded<F: std::future::Future>(secs: u64, f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("did not finish within {secs} s"))
}

/// The example server on port 0, with the peers it answered (one per client connection).
async fn example_server() -> (SocketAddr, Arc<Mutex<HashSet<SocketAddr>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let peers = Arc::new(Mutex::new(HashSet::new()));
    let seen = peers.clone();
    let service = user_server::generated::user::user_info_server::UserInfoServer::with_interceptor(
        user_server::Store::default(),
        move |request: tonic::Request<()>| {
            seen.lock().unwrap().insert(request.remote_addr().unwrap());
            Ok(request)
        },
    );
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(incoming),
    );
    (addr, peers)
}

fn jack() -> User {
    User {
        id: String::new(),
        name: "jack".into(),
        description: "strong".into(),
    }
}

#[tokio::test]
async fn the_generated_client_works_over_a_pool_of_three() {
    let (addr, peers) = example_server().await;
    let pool = bounded(10, H2Pool::connect(addr, 3)).await.unwrap();
    assert_eq!(pool.connections(), 3);
    let mut client = UserInfoClient::new(pool);
    for i in 0..9 {
        let id = bounded(10, client.add_user(jack())).await.unwrap();
        assert_eq!(id.into_inner().value, i.to_string());
    }
    let got = bounded(10, client.get_user(UserId { value: "4".into() }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((got.id.as_str(), got.name.as_str()), ("4", "jack"));
    // A status from the server (in the trailers) reaches the caller as it was sent.
    let missing = bounded(10, client.get_user(UserId { value: "99".into() }))
        .await
        .unwrap_err();
    assert_eq!(missing.code(), tonic::Code::NotFound, "{missing:?}");
    assert_eq!(
        peers.lock().unwrap().len(),
        3,
        "calls go to every connection"
    );
}

/// One raw HTTP/2 server connection: the first request's HEADERS arrive together with its
/// DATA when the test reads the bytes the client wrote in its first write after the
/// handshake.
#[tokio::test]
async fn a_unary_call_leaves_as_headers_and_data_with_end_stream_in_one_write() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut tcp, _) = listener.accept().await.unwrap();
        // The preface and the client's SETTINGS come first; answer with empty SETTINGS and
        // an ACK, then collect frames until a HEADERS frame shows up.
        let mut seen = Vec::new();
        let mut buf = vec![0u8; 65536];
        let mut answered = false;
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let n = tokio::time::timeout_at(deadline.into(), tcp.read(&mut buf))
                .await
                .expect("the client writes its request")
                .unwrap();
            assert!(n > 0, "the client closed before its request");
            seen.extend_from_slice(&buf[..n]);
            if !answered {
                use tokio::io::AsyncWriteExt;
                // SETTINGS (empty) and SETTINGS ACK.
                tcp.write_all(&[0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0])
                    .await
                    .unwrap();
                answered = true;
            }
            let frames = frames(&seen);
            if let Some(h) = frames.iter().position(|f| f.0 == 1) {
                // Everything of the request that was in the same read as its HEADERS.
                return (frames[h..].to_vec(), n);
            }
        }
    });
    let pool = bounded(10, H2Pool::connect(addr, 1)).await.unwrap();
    let mut client = UserInfoClient::new(pool);
    let call = tokio::spawn(async move { client.add_user(jack()).await });
    let (frames, _) = bounded(10, server).await.unwrap();
    call.abort();
    let kinds: Vec<(u8, u8)> = frames.iter().map(|f| (f.0, f.1)).collect();
    // HEADERS (type 1, END_HEADERS 0x4, no END_STREAM), then DATA (type 0) with END_STREAM
    // (0x1), in the bytes of one read.
    assert_eq!(kinds.first().map(|k| k.0), Some(1), "{kinds:?}");
    assert_eq!(kinds.first().unwrap().1 & 0x1, 0, "{kinds:?}");
    let data: Vec<&(u8, u8, usize)> = frames.iter().filter(|f| f.0 == 0).collect();
    assert_eq!(data.len(), 1, "one DATA frame: {kinds:?}");
    assert_eq!(
        data[0].1 & 0x1,
        0x1,
        "END_STREAM on the DATA frame: {kinds:?}"
    );
    assert!(data[0].2 > 5, "the gRPC message is in it");
}

/// The frames (type, flags, payload length) in `bytes` after the client preface, as far as
/// they are complete.
fn frames(bytes: &[u8]) -> Vec<(u8, u8, usize)> {
    const PREFACE: &[u8] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    let mut rest = bytes.strip_prefix(PREFACE).unwrap_or(bytes);
    let mut out = Vec::new();
    while rest.len() >= 9 {
        let len = (rest[0] as usize) << 16 | (rest[1] as usize) << 8 | rest[2] as usize;
        if rest.len() < 9 + len {
            break;
        }
        out.push((rest[3], rest[4], len));
        rest = &rest[9 + len..];
    }
    out
}

/// A request body that answers `Pending` first, then its chunks one poll at a time, then
/// trailers: the transport must hand what was not ready at once to its pipe task.
struct Slow {
    chunks: Vec<Bytes>,
    polled: bool,
    trailers: bool,
}

impl http_body::Body for Slow {
    type Data = Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, tonic::Status>>> {
        if !self.polled {
            self.polled = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        if !self.chunks.is_empty() {
            let chunk = self.chunks.remove(0);
            return Poll::Ready(Some(Ok(http_body::Frame::data(chunk))));
        }
        if self.trailers {
            self.trailers = false;
            let mut map = http::HeaderMap::new();
            map.insert("x-end", "yes".parse().unwrap());
            return Poll::Ready(Some(Ok(http_body::Frame::trailers(map))));
        }
        Poll::Ready(None)
    }
}

#[tokio::test]
async fn a_body_that_is_not_ready_at_once_arrives_whole() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The connection is driven by `accept` in its own task (h2 moves no bytes otherwise);
    // each request is read in a task of its own and reported on `tx`.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut conn = h2::server::handshake(tcp).await.unwrap();
        while let Some(Ok((request, mut respond))) = conn.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let path = request.uri().path().to_owned();
                let mut body = request.into_body();
                let mut data = Vec::new();
                while let Some(chunk) = body.data().await {
                    let chunk = chunk.unwrap();
                    let _ = body.flow_control().release_capacity(chunk.len());
                    data.extend_from_slice(&chunk);
                }
                let trailers = body.trailers().await.unwrap();
                respond
                    .send_response(http::Response::new(()), true)
                    .unwrap();
                let _ = tx.send((path, data, trailers.map(|t| t["x-end"].clone())));
            });
        }
    });
    let mut pool = bounded(10, H2Pool::connect(addr, 1)).await.unwrap();
    let big = Bytes::from(vec![7u8; 200_000]);
    for (path, body) in [
        (
            "/a.S/Trailers",
            Slow {
                chunks: vec![Bytes::from_static(b"one"), Bytes::from_static(b"two")],
                polled: false,
                trailers: true,
            },
        ),
        (
            // Past the default 64 KiB window: sent as the server's flow control allows.
            "/a.S/Big",
            Slow {
                chunks: vec![big.clone(), Bytes::from_static(b"end")],
                polled: false,
                trailers: false,
            },
        ),
    ] {
        let request = http::Request::builder()
            .uri(path)
            .body(tonic::body::Body::new(body))
            .unwrap();
        std::future::poll_fn(|cx| pool.poll_ready(cx))
            .await
            .unwrap();
        let response = bounded(10, pool.call(request)).await.unwrap();
        assert_eq!(response.status(), http::StatusCode::OK);
    }
    let mut got = Vec::new();
    for _ in 0..2 {
        got.push(bounded(10, rx.recv()).await.unwrap());
    }
    assert_eq!(got[0].0, "/a.S/Trailers");
    assert_eq!(got[0].1, b"onetwo");
    assert_eq!(got[0].2.as_ref().map(|v| v.to_str().unwrap()), Some("yes"));
    assert_eq!(got[1].0, "/a.S/Big");
    assert_eq!(got[1].1.len(), 200_003);
    assert_eq!(got[1].2, None);
}

#[tokio::test]
async fn a_pool_of_zero_and_refused_connections_are_clear_errors() {
    let (addr, _) = example_server().await;
    let err = H2Pool::connect(addr, 0).await.unwrap_err();
    assert_eq!(err.to_string(), "a pool needs at least 1 connection, got 0");

    let closed = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        listener.local_addr().unwrap()
    };
    let err = bounded(10, H2Pool::connect(closed, 2))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cannot open connection ")
            && err.contains(&format!(" of 2 to {closed}: Connection refused")),
        "{err}"
    );
    let options = Options {
        addr: closed,
        connections: 2,
        transport: Transport::H2,
        ..Options::default()
    };
    let err = bounded(10, user_load::run(&options)).await.unwrap_err();
    assert!(err.contains("Connection refused"), "{err}");
}

#[tokio::test]
async fn a_short_run_over_h2_reports_calls() {
    let (addr, peers) = example_server().await;
    let options = Options {
        addr,
        connections: 2,
        in_flight: 4,
        duration: Duration::from_millis(300),
        warmup: Duration::from_millis(100),
        transport: Transport::H2,
        ..Options::default()
    };
    let report = bounded(20, user_load::run(&options)).await.unwrap();
    assert!(report.calls > 0);
    assert!(report.p50 <= report.p99 && report.p99 <= options.timeout);
    assert_eq!(peers.lock().unwrap().len(), 2);
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let o = user_load::options_from(&args(&["--transport", "h2"])).unwrap();
    assert_eq!(o.transport, Transport::H2);
    let err = user_load::options_from(&args(&["--transport", "quic"])).unwrap_err();
    assert!(
        err.starts_with("--transport 'quic' is not tonic or h2; usage: user_load"),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_that_goes_away_mid_run_ends_the_h2_run_with_an_error() {
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    {
        let _in_server = server.enter();
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        server.spawn(user_server::serve(listener));
    }
    let options = Options {
        addr,
        connections: 2,
        in_flight: 10,
        duration: Duration::from_secs(60),
        warmup: Duration::ZERO,
        timeout: Duration::from_secs(5),
        transport: Transport::H2,
        ..Options::default()
    };
    let run = tokio::spawn(async move { user_load::run(&options).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopped = Instant::now();
    server.shutdown_background();
    let err = bounded(30, run).await.unwrap().unwrap_err();
    assert!(stopped.elapsed() < Duration::from_secs(15));
    assert!(
        err.starts_with(&format!("a call to {addr} failed after ")),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_over_h2() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let held = Arc::new(Mutex::new(Vec::new()));
    let holder = held.clone();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            holder.lock().unwrap().push(conn);
        }
    });
    let options = Options {
        addr,
        timeout: Duration::from_millis(300),
        transport: Transport::H2,
        ..Options::default()
    };
    let err = bounded(20, user_load::run(&options)).await.unwrap_err();
    assert_eq!(
        err,
        format!("the set-up call addUser to {addr} had no answer within 300 ms")
    );
}

/// tonic's server answers each unary call with HEADERS, one small DATA frame without
/// END_STREAM and trailers. h2 counts such frames while they wait unread, against a budget
/// that grows with the receive window; with h2's default 64 KiB window a burst of a few
/// hundred unread answers made the client close the connection (`too_many_data_frames`).
/// Here 400 answers arrive before the client reads any of them.
#[tokio::test]
async fn many_small_answers_read_late_keep_the_connection() {
    const CALLS: usize = 400;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut conn = h2::server::handshake(tcp).await.unwrap();
        while let Some(Ok((_request, mut respond))) = conn.accept().await {
            let mut body = respond
                .send_response(http::Response::new(()), false)
                .unwrap();
            body.send_data(Bytes::from_static(&[0, 0, 0, 0, 3, 10, 1, 48]), false)
                .unwrap();
            let mut trailers = http::HeaderMap::new();
            trailers.insert("grpc-status", "0".parse().unwrap());
            body.send_trailers(trailers).unwrap();
        }
    });
    let pool = bounded(10, H2Pool::connect(addr, 1)).await.unwrap();
    let mut answers = tokio::task::JoinSet::new();
    for _ in 0..CALLS {
        let mut pool = pool.clone();
        answers.spawn(async move {
            std::future::poll_fn(|cx| pool.poll_ready(cx)).await?;
            let request = http::Request::builder()
                .uri("/a.S/M")
                .body(tonic::body::Body::empty())
                .unwrap();
            pool.call(request).await
        });
    }
    let mut bodies = Vec::new();
    while let Some(answer) = bounded(20, answers.join_next()).await {
        bodies.push(answer.unwrap().unwrap().into_body());
    }
    for mut body in bodies {
        use http_body::Body as _;
        let mut body = Pin::new(&mut body);
        let data = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(data.into_data().unwrap().len(), 8);
        let trailers = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(trailers.into_trailers().unwrap()["grpc-status"], "0");
    }
}
