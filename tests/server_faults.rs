//! The example UserInfo server (examples/user_server.rs, on the generated code) under
//! faults, through a raw HTTP/2 client: malformed gRPC framing, invalid protobuf, an
//! oversized message, streams and connections cut off mid-message, many concurrent
//! streams. Each bad stream gets its status (or is dropped alone) and the server keeps
//! serving: every test ends with good calls on the same and on a new connection.
//! The longer, mixed version is scripts/soak.sh.

#![deny(warnings)]

#[allow(dead_code)]
#[path = "../examples/user_server.rs"]
mod user_server;

mod raw_grpc;

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use prost::Message;
use raw_grpc::{call, frame, message, Answer, Conn};
use user_server::generated::user::{User, UserId};

const ADD: &str = "/user.UserInfo/addUser";
const GET: &str = "/user.UserInfo/getUser";

const OK: i32 = 0;
const NOT_FOUND: i32 = 5;
const OUT_OF_RANGE: i32 = 11;
const INTERNAL: i32 = 13;

/// tonic's default limit for a received message.
const MAX_MESSAGE: u32 = 4 * 1024 * 1024;

async fn start_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(user_server::serve(listener));
    addr
}

fn user(name: &str) -> Vec<u8> {
    User {
        id: String::new(),
        name: name.to_owned(),
        description: "d".to_owned(),
    }
    .encode_to_vec()
}

/// Fails the test instead of hanging if the server never answers.
async fn guard<T>(what: &str, f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(60), f)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer (hang)"))
}

/// A good AddUser on `conn`: OK and a UserId; returns the id.
async fn add_user(conn: &Conn, name: &str) -> String {
    let answer = guard(
        "add_user",
        call(&conn.send, ADD, &[message(&user(name))], true),
    )
    .await
    .expect("a good call is answered");
    assert_eq!(answer.grpc_status, Some(OK), "{answer:?}");
    assert!(answer.body.len() >= 5, "{answer:?}");
    UserId::decode(&answer.body[5..]).expect("a UserId").value
}

/// The server still serves: on `conn`, and on a new connection.
async fn still_serves(addr: SocketAddr, conn: &Conn) {
    add_user(conn, "after on the same connection").await;
    let fresh = Conn::open(addr).await.expect("a new connection");
    let id = add_user(&fresh, "after on a new connection").await;
    let got = guard(
        "get_user",
        call(
            &fresh.send,
            GET,
            &[message(&UserId { value: id }.encode_to_vec())],
            true,
        ),
    )
    .await
    .expect("answered");
    assert_eq!(got.grpc_status, Some(OK), "{got:?}");
}

fn status(answer: &Answer) -> (u16, Option<i32>) {
    (answer.http_status, answer.grpc_status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_framing_and_invalid_protobuf_get_internal() {
    let addr = start_server().await;
    let conn = Conn::open(addr).await.unwrap();
    let u = user("x");
    let len = u.len() as u32;
    let cases: Vec<(&str, Vec<Vec<u8>>, i32)> = vec![
        (
            "a length prefix longer than the data",
            vec![frame(0, len + 10, &u)],
            INTERNAL,
        ),
        (
            "a length prefix shorter than the data",
            vec![frame(0, 2, &u)],
            INTERNAL,
        ),
        (
            "a frame cut inside its header",
            vec![vec![0, 0, 0]],
            INTERNAL,
        ),
        (
            "a frame cut inside its message",
            vec![frame(0, len, &u[..3])],
            INTERNAL,
        ),
        (
            "the compressed flag without grpc-encoding",
            vec![frame(1, len, &u)],
            INTERNAL,
        ),
        (
            "a flag that is neither 0 nor 1",
            vec![frame(2, len, &u)],
            INTERNAL,
        ),
        (
            "bytes that are not protobuf",
            vec![message(&[0xff; 16])],
            INTERNAL,
        ),
        (
            "a field of the wrong wire type",
            vec![message(&[0x0d, 1, 2, 3, 4])],
            INTERNAL,
        ),
        // Good calls that look odd on the wire.
        ("an empty message", vec![message(&[])], OK),
        (
            "a message split over one DATA frame per byte",
            message(&u).into_iter().map(|b| vec![b]).collect(),
            OK,
        ),
    ];
    for (what, chunks, code) in cases {
        let answer = guard(what, call(&conn.send, ADD, &chunks, true))
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(status(&answer), (200, Some(code)), "{what}: {answer:?}");
    }
    // No message at all for a unary method.
    let answer = guard("no message", call(&conn.send, ADD, &[], true))
        .await
        .unwrap();
    assert_eq!(status(&answer), (200, Some(INTERNAL)), "{answer:?}");
    // A message of the other method's type is valid protobuf (unknown fields are kept
    // apart); a missing user is NOT_FOUND.
    let answer = guard(
        "unknown id",
        call(
            &conn.send,
            GET,
            &[message(
                &UserId {
                    value: "nobody".into(),
                }
                .encode_to_vec(),
            )],
            true,
        ),
    )
    .await
    .unwrap();
    assert_eq!(status(&answer), (200, Some(NOT_FOUND)), "{answer:?}");
    still_serves(addr, &conn).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_message_is_refused_from_its_header() {
    let addr = start_server().await;
    let conn = Conn::open(addr).await.unwrap();
    // Only the header and a little data: the server must not wait for (or buffer) 4 MiB.
    let header_only = guard(
        "oversized header",
        call(
            &conn.send,
            ADD,
            &[frame(0, MAX_MESSAGE + 1, &[0; 1024])],
            false,
        ),
    )
    .await
    .unwrap();
    // tonic answers OUT_OF_RANGE (the gRPC spec suggests RESOURCE_EXHAUSTED).
    assert_eq!(
        status(&header_only),
        (200, Some(OUT_OF_RANGE)),
        "{header_only:?}"
    );
    assert!(
        // grpc-message is percent-encoded.
        header_only
            .grpc_message
            .replace("%20", " ")
            .contains("length too large"),
        "{header_only:?}"
    );
    // The largest length a prefix can declare.
    let max = guard(
        "u32::MAX length",
        call(&conn.send, ADD, &[frame(0, u32::MAX, &[])], true),
    )
    .await
    .unwrap();
    assert_eq!(status(&max), (200, Some(OUT_OF_RANGE)), "{max:?}");
    // A whole message one byte over the limit.
    let mut big = User {
        id: String::new(),
        name: String::new(),
        description: "x".repeat(MAX_MESSAGE as usize),
    }
    .encode_to_vec();
    big.truncate(MAX_MESSAGE as usize + 1);
    let whole = guard(
        "oversized message",
        call(&conn.send, ADD, &[message(&big)], true),
    )
    .await
    .unwrap();
    assert_eq!(status(&whole), (200, Some(OUT_OF_RANGE)), "{whole:?}");
    still_serves(addr, &conn).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_and_connections_cut_mid_message_affect_only_themselves() {
    let addr = start_server().await;
    let u = user("x");

    // On one connection: a stream reset by the client mid-message, next to a good call.
    let conn = Conn::open(addr).await.unwrap();
    let send = conn.send.clone();
    let mut send = send.ready().await.unwrap();
    let (_response, mut cut) = send.send_request(raw_grpc::request(ADD), false).unwrap();
    cut.send_data(Bytes::from(frame(0, 100, &u)), false)
        .unwrap();
    let beside = conn.send.clone();
    let good = tokio::spawn(async move {
        call(
            &beside,
            ADD,
            &[message(&user("beside the cut stream"))],
            true,
        )
        .await
    });
    cut.send_reset(h2::Reason::CANCEL);
    let good = guard("good call beside a cut stream", good)
        .await
        .unwrap()
        .expect("answered");
    assert_eq!(status(&good), (200, Some(OK)), "{good:?}");

    // Connections dropped at once: mid-message, mid-header, and before any data.
    for chunk in [frame(0, 100, &u), vec![0, 0], vec![]] {
        let doomed = Conn::open(addr).await.unwrap();
        let send = doomed.send.clone();
        let mut send = send.ready().await.unwrap();
        let (_response, mut stream) = send.send_request(raw_grpc::request(ADD), false).unwrap();
        if !chunk.is_empty() {
            stream.send_data(Bytes::from(chunk), false).unwrap();
        }
        // Let the server see the stream before the connection goes.
        let probe = Conn::open(addr).await.unwrap();
        add_user(&probe, "probe").await;
        doomed.kill();
    }
    still_serves(addr, &conn).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_concurrent_streams_all_get_their_answer() {
    let addr = start_server().await;
    let conns = 4;
    let per_conn = 150;
    let mut tasks = Vec::new();
    for c in 0..conns {
        let conn = Conn::open(addr).await.unwrap();
        for i in 0..per_conn {
            let send = conn.send.clone();
            let bad = i % 5 == 0;
            tasks.push(tokio::spawn(async move {
                let chunks = if bad {
                    vec![message(&[0xff; 8])]
                } else {
                    vec![message(&user(&format!("c{c}-{i}")))]
                };
                (bad, call(&send, ADD, &chunks, true).await)
            }));
        }
    }
    let mut ids = std::collections::HashSet::new();
    let mut answered = 0;
    for t in tasks {
        let (bad, answer) = guard("concurrent call", t).await.unwrap();
        let answer = answer.unwrap_or_else(|e| panic!("a concurrent call failed: {e}"));
        answered += 1;
        if bad {
            assert_eq!(status(&answer), (200, Some(INTERNAL)), "{answer:?}");
        } else {
            assert_eq!(status(&answer), (200, Some(OK)), "{answer:?}");
            ids.insert(UserId::decode(&answer.body[5..]).unwrap().value);
        }
    }
    assert_eq!(answered, conns * per_conn);
    assert_eq!(
        ids.len(),
        conns * per_conn * 4 / 5,
        "every good call stored once"
    );
    let conn = Conn::open(addr).await.unwrap();
    still_serves(addr, &conn).await;
}
