//! The example client's connection pool (examples/user_client.rs, `Pool`) and the load
//! generator built on it (examples/user_load.rs): the pool really opens N connections and
//! spreads the calls over them; bad input (a pool of 0, refused connections, a server that
//! goes away or never answers, a non-loopback address) ends in a clear error, in bounded
//! time. Everything on 127.0.0.1, port 0.

#![deny(warnings)]

#[allow(dead_code)]
#[path = "../examples/user_server.rs"]
mod user_server;

#[allow(dead_code)]
#[path = "../examples/user_load.rs"]
mod user_load;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio_stream::StreamExt;
use user_load::user_client::{self, generated::user::User, Pool};
use user_load::{Call, Options};

/// What the counting server saw: connections accepted, and calls per client address.
#[derive(Default)]
struct Seen {
    accepted: AtomicUsize,
    calls_by_peer: Mutex<HashMap<SocketAddr, usize>>,
}

/// The example's store, behind a listener that counts accepted connections and an
/// interceptor that counts calls by the client's address (one per connection).
async fn counting_server() -> (SocketAddr, Arc<Seen>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Seen::default());
    let (on_accept, on_call) = (seen.clone(), seen.clone());
    let incoming = tonic::transport::server::TcpIncoming::from(listener)
        .with_nodelay(Some(true))
        .map(move |conn| {
            if conn.is_ok() {
                on_accept.accepted.fetch_add(1, Ordering::SeqCst);
            }
            conn
        });
    let service = user_server::generated::user::user_info_server::UserInfoServer::with_interceptor(
        user_server::Store::default(),
        move |request: tonic::Request<()>| {
            let peer = request
                .remote_addr()
                .expect("the server knows the peer address");
            *on_call
                .calls_by_peer
                .lock()
                .unwrap()
                .entry(peer)
                .or_default() += 1;
            Ok(request)
        },
    );
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(incoming),
    );
    (addr, seen)
}

/// The server's count of accepted connections once it stops changing: the client sees a
/// connection open before the server's accept loop has counted it.
async fn accepted(seen: &Seen) -> usize {
    let mut last = seen.accepted.load(Ordering::SeqCst);
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(25)).await;
        let now = seen.accepted.load(Ordering::SeqCst);
        if now == last {
            return now;
        }
        last = now;
    }
    last
}

fn jack() -> User {
    User {
        id: String::new(),
        name: "jack".into(),
        description: "strong".into(),
    }
}

/// Runs `f` under a time limit: these tests must end, whatever the code under test does.
async fn bounded<F: std::future::Future>(secs: u64, f: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("did not finish within {secs} s"))
}

#[tokio::test]
async fn a_pool_of_four_opens_four_connections_and_uses_each_in_turn() {
    let (addr, seen) = counting_server().await;
    let mut client = bounded(10, user_client::connect_pool(&addr.to_string(), 4))
        .await
        .unwrap();
    for i in 0..40 {
        let id = bounded(10, client.add_user(jack())).await.unwrap();
        assert_eq!(id.into_inner().value, i.to_string());
    }
    assert_eq!(accepted(&seen).await, 4);
    let mut per_connection: Vec<usize> = seen
        .calls_by_peer
        .lock()
        .unwrap()
        .values()
        .copied()
        .collect();
    per_connection.sort();
    assert_eq!(
        per_connection,
        [10, 10, 10, 10],
        "round robin over 4 connections"
    );

    // Concurrent callers on clones of the client share the same 4 connections.
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let mut client = client.clone();
        tasks.spawn(async move {
            for _ in 0..25 {
                client
                    .get_user(user_client::generated::user::UserId { value: "0".into() })
                    .await
                    .unwrap();
            }
        });
    }
    bounded(20, async {
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
    })
    .await;
    assert_eq!(
        seen.accepted.load(Ordering::SeqCst),
        4,
        "no new connections"
    );
    let calls = seen.calls_by_peer.lock().unwrap();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls.values().sum::<usize>(), 240);
    assert!(
        calls.values().all(|&n| n == 60),
        "each connection carries a quarter: {calls:?}"
    );
}

/// Why the README's pool is not tonic's `Channel::balance_list` over one repeated endpoint: the
/// balancer keys its endpoints by URI, so four copies of one endpoint make one connection. If
/// tonic changes that, this fails and the README's advice should change with it.
#[tokio::test]
async fn balance_list_over_one_repeated_endpoint_opens_one_connection() {
    let (addr, seen) = counting_server().await;
    let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{addr}")).unwrap();
    let channel = tonic::transport::Channel::balance_list(std::iter::repeat_n(endpoint, 4));
    let mut client = user_client::generated::user::user_info_client::UserInfoClient::new(channel);
    for _ in 0..20 {
        bounded(10, client.add_user(jack())).await.unwrap();
    }
    assert_eq!(accepted(&seen).await, 1);
    assert_eq!(seen.calls_by_peer.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn the_example_client_runs_over_a_pool() {
    let (addr, seen) = counting_server().await;
    let args: Vec<String> = ["--addr", &addr.to_string(), "--connections", "3"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (addr_arg, connections) = user_client::args_from(&args).unwrap();
    assert_eq!(connections, 3);
    let pool = bounded(10, user_client::connect_pool(&addr_arg, connections))
        .await
        .unwrap();
    let jack = bounded(10, user_client::add_and_get_with(pool))
        .await
        .unwrap();
    assert_eq!((jack.id.as_str(), jack.name.as_str()), ("0", "jack"));
    assert_eq!(accepted(&seen).await, 3);
    // addUser went to one connection, getUser to the next.
    assert_eq!(seen.calls_by_peer.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_pool_of_zero_is_an_error() {
    let (addr, seen) = counting_server().await;
    let err = user_client::connect_pool(&addr.to_string(), 0)
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "a pool needs at least 1 connection, got 0");
    let endpoint = tonic::transport::Endpoint::from_shared(format!("http://{addr}")).unwrap();
    let err = Pool::connect(endpoint.clone(), 0).await.unwrap_err();
    assert_eq!(err.to_string(), "a pool needs at least 1 connection, got 0");
    assert_eq!(accepted(&seen).await, 0);
    let pool = bounded(10, Pool::connect(endpoint, 2)).await.unwrap();
    assert_eq!(pool.connections(), 2);
    assert_eq!(accepted(&seen).await, 2);

    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        user_client::args_from(&args(&["--connections", "0"])).unwrap_err(),
        "--connections must be at least 1; usage: user_client [--addr HOST:PORT] [--connections N]"
    );
    assert_eq!(
        user_client::args_from(&args(&["--connections", "many"])).unwrap_err(),
        "--connections 'many' is not a number; usage: user_client [--addr HOST:PORT] [--connections N]"
    );
    let err = user_load::options_from(&args(&["--connections", "0"])).unwrap_err();
    assert!(
        err.starts_with("--connections '0' is not a whole number of at least 1; usage: user_load"),
        "{err}"
    );
    let zero = Options {
        addr,
        connections: 0,
        ..Options::default()
    };
    assert_eq!(
        bounded(10, user_load::run(&zero)).await.unwrap_err(),
        "--connections must be at least 1"
    );
}

/// An address nothing listens on: bound, then closed.
async fn closed_port() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

#[tokio::test]
async fn refused_connections_are_a_clear_error() {
    let addr = closed_port().await;
    let err = bounded(10, user_client::connect_pool(&addr.to_string(), 2))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("cannot open connection ")
            && err.contains(&format!(
                " of 2 to http://{addr}/: transport error: tcp connect error: Connection refused"
            )),
        "{err}"
    );
    let options = Options {
        addr,
        connections: 2,
        ..Options::default()
    };
    let err = bounded(10, user_load::run(&options)).await.unwrap_err();
    assert!(err.contains("Connection refused"), "{err}");
}

#[tokio::test]
async fn only_loopback_addresses() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for addr in ["10.0.0.1:80", "192.168.1.1:10010", "[2001:db8::1]:80"] {
        let err = user_load::options_from(&args(&["--addr", addr])).unwrap_err();
        assert_eq!(
            err,
            format!(
                "{addr} is not a loopback address: the load generator only talks to this machine (127.0.0.0/8 or ::1)"
            )
        );
    }
    let o = user_load::options_from(&args(&["--addr", "[::1]:9", "--in-flight", "3"])).unwrap();
    assert_eq!((o.addr.to_string().as_str(), o.in_flight), ("[::1]:9", 3));
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(o.threads, cores, "one runtime thread per core by default");
    let o = user_load::options_from(&args(&["--threads", "1"])).unwrap();
    assert_eq!(o.threads, 1);
    for (bad, expected) in [
        (
            &["--seconds", "0"][..],
            "--seconds '0' is not a number of seconds from 0.001 to 3600",
        ),
        (
            &["--seconds", "inf"][..],
            "--seconds 'inf' is not a number of seconds from 0.001 to 3600",
        ),
        (
            &["--max-calls", "-1"][..],
            "--max-calls '-1' is not a whole number of at least 1",
        ),
        (
            &["--call", "delete"][..],
            "--call 'delete' is not get or add",
        ),
        (
            &["--threads", "0"][..],
            "--threads '0' is not a whole number of at least 1",
        ),
        (&["--in-flight"][..], "--in-flight needs a value"),
        (&["--port", "1"][..], "unknown argument '--port'"),
    ] {
        let err = user_load::options_from(&args(bad)).unwrap_err();
        assert!(err.starts_with(expected), "{err}");
    }
}

#[tokio::test]
async fn a_short_run_reports_calls_and_latencies() {
    let (addr, seen) = counting_server().await;
    let options = Options {
        addr,
        connections: 2,
        in_flight: 4,
        duration: Duration::from_millis(300),
        warmup: Duration::from_millis(100),
        ..Options::default()
    };
    let report = bounded(20, user_load::run(&options)).await.unwrap();
    assert!(report.calls > 0);
    assert!(report.p50 <= report.p99 && report.p99 <= options.timeout);
    assert_eq!(
        report.elapsed, options.duration,
        "time-bounded runs measure the whole window"
    );
    assert_eq!(accepted(&seen).await, 2);
    let answered: usize = seen.calls_by_peer.lock().unwrap().values().sum();
    // The set-up addUser, the warm-up and the calls cut by the deadline come on top.
    assert!(
        answered as u64 > report.calls,
        "{answered} vs {}",
        report.calls
    );
    let line = report.to_string();
    assert!(
        line.starts_with("calls_per_s=")
            && line.ends_with(&format!(" connections=2 in_flight=4 answered={answered}")),
        "{line}"
    );
}

#[tokio::test]
async fn a_run_stops_at_its_call_budget() {
    let (addr, seen) = counting_server().await;
    let options = Options {
        addr,
        connections: 1,
        in_flight: 10,
        duration: Duration::from_secs(60),
        warmup: Duration::ZERO,
        max_calls: 500,
        call: Call::Add,
        ..Options::default()
    };
    let started = Instant::now();
    let report = bounded(30, user_load::run(&options)).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(report.calls, 500);
    assert!(report.elapsed < Duration::from_secs(30));
    // 500 addUser calls and the set-up one.
    assert_eq!(
        seen.calls_by_peer.lock().unwrap().values().sum::<usize>(),
        501
    );
}

#[tokio::test]
async fn a_server_that_goes_away_mid_run_ends_the_run_with_an_error() {
    // The server has a runtime of its own: shutting it down closes every connection, as when
    // a server process dies.
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
        ..Options::default()
    };
    let run = tokio::spawn(async move { user_load::run(&options).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopped = Instant::now();
    server.shutdown_background();
    let err = bounded(30, run).await.unwrap().unwrap_err();
    assert!(
        stopped.elapsed() < Duration::from_secs(15),
        "took {:?}",
        stopped.elapsed()
    );
    assert!(
        err.starts_with(&format!("a call to {addr} failed after ")),
        "{err}"
    );
    let answered: u64 = err
        .split("failed after ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of answered calls in: {err}"));
    assert!(
        answered > 0,
        "calls were answered before the server went away: {err}"
    );
    let why = err.split(" answered calls: ").nth(1).unwrap_or_default();
    assert!(
        ["Unknown: ", "Unavailable: ", "Internal: ", "Cancelled: "]
            .iter()
            .any(|code| why.starts_with(code)),
        "the error names the status code: {err}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    // Accepts connections and holds them, reading nothing and writing nothing.
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
        ..Options::default()
    };
    let err = bounded(20, user_load::run(&options)).await.unwrap_err();
    assert_eq!(
        err,
        format!("the set-up call addUser to {addr} had no answer within 300 ms")
    );
}

/// The README's snippet ("Several connections behind one client"), line for line between
/// the markers (tests/readme.rs checks that they agree), against a server on port 0.
#[tokio::test]
async fn the_readme_pool_snippet_runs() {
    use tonic::transport::Endpoint;
    use user_client::generated::user::user_info_client::UserInfoClient;
    let (addr, seen) = counting_server().await;
    let user = jack();
    let run = async move {
        let endpoint = Endpoint::from_shared(format!("http://{addr}"))?;
        // README snippet start
        let pool = Pool::connect(endpoint, 4).await?; // 4 connections; 0 is an error
        let mut client = UserInfoClient::new(pool); // the generated client, as over a Channel
        let id = client.add_user(user).await?; // the next connection in turn
        let c2 = client.clone(); // clones share the 4 connections
                                 // README snippet end
        drop(c2);
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(id.into_inner())
    };
    let id = bounded(10, run).await.unwrap();
    assert!(!id.value.is_empty());
    assert_eq!(accepted(&seen).await, 4);
}
