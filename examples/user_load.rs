//! A closed-loop load generator on the generated `UserInfoClient`: C connections (a [`Pool`])
//! with K calls in flight on each, for a fixed time and at most a fixed number of calls;
//! reports calls per second and the median and 99th percentile latency. It talks to loopback
//! addresses only. bench/client.sh runs it side by side with the same generator written on
//! grpc-go's client (bench/grpc-go/load/main.go).
//!
//! ```sh
//! cargo run --release --example user_server &
//! cargo run --release --example user_load -- --addr 127.0.0.1:10010 --connections 4 --in-flight 100
//! ```
//!
//! Each of the C × K workers sends one call, waits for its answer, and sends the next: K calls
//! in flight per connection at all times. Calls that start after the warm-up and end before
//! the deadline are measured. The first failed or timed-out call stops the run with an error.
//!
//! [`Pool`]: user_client::Pool

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[allow(dead_code)]
#[path = "user_client.rs"]
pub mod user_client;

use user_client::generated::user::__rustsvc::client::Channel;
use user_client::generated::user::user_info_client::UserInfoClient;
use user_client::generated::user::{User, UserId};
use user_client::h2_transport::H2Pool;

/// Which transport carries the generated client's calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// tonic's `Channel` (hyper's HTTP/2 client), one per connection, in a [`Pool`].
    ///
    /// [`Pool`]: user_client::Pool
    Tonic,
    /// The [`H2Pool`] of examples/support/h2_transport.rs, straight on h2.
    H2,
}

/// Which rpc the workers call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `getUser` of the user added before the run.
    Get,
    /// `addUser`: every call stores a new user.
    Add,
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// A loopback address.
    pub addr: SocketAddr,
    /// C: connections (at least 1).
    pub connections: usize,
    /// K: calls in flight on each connection (at least 1).
    pub in_flight: usize,
    /// Measured time, after the warm-up.
    pub duration: Duration,
    /// Time before measuring starts.
    pub warmup: Duration,
    /// No more calls than this in all, warm-up included.
    pub max_calls: u64,
    /// A call unanswered after this fails the run.
    pub timeout: Duration,
    pub call: Call,
    /// `--transport tonic|h2` (default tonic).
    pub transport: Transport,
    /// Runtime threads for `main` (`--threads`; default: one per core, as tokio's default
    /// runtime; 1 is a current-thread runtime).
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 10010)),
            connections: 1,
            in_flight: 100,
            duration: Duration::from_secs(5),
            warmup: Duration::from_secs(1),
            max_calls: 10_000_000,
            timeout: Duration::from_secs(5),
            call: Call::Get,
            transport: Transport::Tonic,
            threads: 0,
        }
    }
}

const USAGE: &str = "usage: user_load [--addr HOST:PORT] [--connections C] [--in-flight K] \
    [--seconds S] [--warmup S] [--max-calls N] [--timeout-ms MS] [--call get|add] [--threads T] \
    [--transport tonic|h2]";

/// The options from the command line; every value is checked (loopback address, counts of at
/// least 1, finite times).
pub fn options_from(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {USAGE}"))?;
        let count = |min: u64| -> Result<u64, String> {
            match value.parse::<u64>() {
                Ok(n) if n >= min => Ok(n),
                _ => Err(format!(
                    "{flag} '{value}' is not a whole number of at least {min}; {USAGE}"
                )),
            }
        };
        let seconds = |min: f64| -> Result<Duration, String> {
            match value.parse::<f64>() {
                Ok(s) if s.is_finite() && s >= min && s <= 3600.0 => Ok(Duration::from_secs_f64(s)),
                _ => Err(format!(
                    "{flag} '{value}' is not a number of seconds from {min} to 3600; {USAGE}"
                )),
            }
        };
        match flag.as_str() {
            "--addr" => {
                o.addr = value
                    .parse()
                    .map_err(|e| format!("--addr '{value}' is not HOST:PORT ({e}); {USAGE}"))?
            }
            "--connections" => o.connections = count(1)? as usize,
            "--in-flight" => o.in_flight = count(1)? as usize,
            "--seconds" => o.duration = seconds(0.001)?,
            "--warmup" => o.warmup = seconds(0.0)?,
            "--max-calls" => o.max_calls = count(1)?,
            "--timeout-ms" => o.timeout = Duration::from_millis(count(1)?),
            "--threads" => o.threads = count(1)?.min(1024) as usize,
            "--call" => {
                o.call = match value.as_str() {
                    "get" => Call::Get,
                    "add" => Call::Add,
                    _ => return Err(format!("--call '{value}' is not get or add; {USAGE}")),
                }
            }
            "--transport" => {
                o.transport = match value.as_str() {
                    "tonic" => Transport::Tonic,
                    "h2" => Transport::H2,
                    _ => return Err(format!("--transport '{value}' is not tonic or h2; {USAGE}")),
                }
            }
            _ => return Err(format!("unknown argument '{flag}'; {USAGE}")),
        }
    }
    check(&o)?;
    if o.threads == 0 {
        o.threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    }
    Ok(o)
}

/// What [`run`] refuses before it sends anything.
fn check(o: &Options) -> Result<(), String> {
    if !o.addr.ip().is_loopback() {
        return Err(format!(
            "{} is not a loopback address: the load generator only talks to this machine \
             (127.0.0.0/8 or ::1)",
            o.addr
        ));
    }
    if o.connections == 0 {
        return Err("--connections must be at least 1".into());
    }
    if o.in_flight == 0 {
        return Err("--in-flight must be at least 1".into());
    }
    if o.max_calls == 0 || o.duration.is_zero() || o.timeout.is_zero() {
        return Err("--max-calls, --seconds and --timeout-ms must be above 0".into());
    }
    Ok(())
}

/// The result of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Calls measured (started after the warm-up, answered before the deadline).
    pub calls: u64,
    /// The measured time: from the end of the warm-up to the deadline, or to the last answer
    /// when the call budget ran out first.
    pub elapsed: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub connections: usize,
    pub in_flight: usize,
    /// Every call answered, the set-up call, the warm-up and the calls cut by the deadline
    /// included (what the process's CPU time pays for).
    pub answered: u64,
}

impl Report {
    pub fn calls_per_second(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }
}

impl std::fmt::Display for Report {
    /// One line of `key=value` pairs, the same as the grpc-go generator prints.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "calls_per_s={:.0} p50_ms={:.3} p99_ms={:.3} calls={} seconds={:.3} connections={} in_flight={} answered={}",
            self.calls_per_second(),
            self.p50.as_secs_f64() * 1e3,
            self.p99.as_secs_f64() * 1e3,
            self.calls,
            self.elapsed.as_secs_f64(),
            self.connections,
            self.in_flight,
            self.answered
        )
    }
}

/// One call with the per-call timeout, as a message when it fails.
async fn one_call<T>(
    client: &mut UserInfoClient<T>,
    call: Call,
    id: &str,
    timeout: Duration,
) -> Result<(), String>
where
    T: Channel,
{
    let answer = match call {
        Call::Get => {
            let mut request = tonic::Request::new(UserId {
                value: id.to_owned(),
            });
            request.set_timeout(timeout);
            tokio::time::timeout(timeout, client.get_user(request))
                .await
                .map(|r| r.map(drop))
        }
        Call::Add => {
            let mut request = tonic::Request::new(User {
                id: String::new(),
                name: "Ada".to_owned(),
                description: "load".to_owned(),
            });
            request.set_timeout(timeout);
            tokio::time::timeout(timeout, client.add_user(request))
                .await
                .map(|r| r.map(drop))
        }
    };
    match answer {
        Ok(Ok(())) => Ok(()),
        Ok(Err(status)) => Err(user_client::status_text(&status)),
        Err(_) => Err(format!("no answer within {} ms", timeout.as_millis())),
    }
}

/// What one worker saw.
struct Worker {
    latencies: Vec<u64>,
    last_answer: Option<Instant>,
}

/// Runs the load and reports it; an error says what failed (connecting, the set-up call, or
/// the first failed call with how many calls had been answered).
pub async fn run(o: &Options) -> Result<Report, String> {
    check(o)?;
    match o.transport {
        Transport::Tonic => {
            let pool = user_client::connect_pool(&o.addr.to_string(), o.connections).await;
            load(pool.map_err(|e| e.to_string())?, o).await
        }
        Transport::H2 => {
            let pool = H2Pool::connect(o.addr, o.connections).await;
            load(UserInfoClient::new(pool.map_err(|e| e.to_string())?), o).await
        }
    }
}

/// [`run`] over a connected client.
async fn load<T>(client: UserInfoClient<T>, o: &Options) -> Result<Report, String>
where
    T: Channel + Clone + Send + 'static,
    T::Future: Send,
{
    let addr = o.addr.to_string();

    // The user the getUser workers read.
    let id = {
        let mut client = client.clone();
        let user = User {
            id: String::new(),
            name: "jack".to_owned(),
            description: "strong".to_owned(),
        };
        match tokio::time::timeout(o.timeout, client.add_user(user)).await {
            Ok(Ok(answer)) => answer.into_inner().value,
            Ok(Err(status)) => {
                return Err(format!(
                    "the set-up call addUser to {addr} failed: {}",
                    user_client::status_text(&status)
                ))
            }
            Err(_) => {
                return Err(format!(
                    "the set-up call addUser to {addr} had no answer within {} ms",
                    o.timeout.as_millis()
                ))
            }
        }
    };
    let id: Arc<str> = id.into();

    let start = Instant::now();
    let warm = start + o.warmup;
    let deadline = warm + o.duration;
    let stop = Arc::new(AtomicBool::new(false));
    let issued = Arc::new(AtomicU64::new(0));
    let answered = Arc::new(AtomicU64::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..o.connections * o.in_flight {
        let mut client = client.clone();
        let (stop, issued, answered, id) =
            (stop.clone(), issued.clone(), answered.clone(), id.clone());
        let (call, timeout, max_calls) = (o.call, o.timeout, o.max_calls);
        workers.spawn(async move {
            let mut me = Worker {
                latencies: Vec::new(),
                last_answer: None,
            };
            loop {
                if stop.load(Ordering::Relaxed)
                    || issued.fetch_add(1, Ordering::Relaxed) >= max_calls
                {
                    return Ok(me);
                }
                let sent = Instant::now();
                if sent >= deadline {
                    return Ok(me);
                }
                if let Err(e) = one_call(&mut client, call, &id, timeout).await {
                    stop.store(true, Ordering::Relaxed);
                    return Err(e);
                }
                let now = Instant::now();
                answered.fetch_add(1, Ordering::Relaxed);
                if sent >= warm && now <= deadline {
                    me.latencies.push((now - sent).as_nanos() as u64);
                    me.last_answer = Some(now);
                }
            }
        });
    }
    drop(client);

    let mut latencies = Vec::new();
    let mut last_answer: Option<Instant> = None;
    let mut first_error = None;
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(Ok(w)) => {
                latencies.extend(w.latencies);
                last_answer = last_answer.max(w.last_answer);
            }
            Ok(Err(e)) => {
                first_error.get_or_insert(e);
            }
            Err(e) => {
                first_error.get_or_insert(format!("a worker failed: {e}"));
            }
        }
    }
    if let Some(e) = first_error {
        return Err(format!(
            "a call to {addr} failed after {} answered calls: {e}",
            answered.load(Ordering::Relaxed)
        ));
    }
    let Some(last_answer) = last_answer else {
        return Err(format!(
            "no call was measured: all {} calls were made in the {:.1} s warm-up; raise \
             --max-calls or lower --warmup",
            answered.load(Ordering::Relaxed),
            o.warmup.as_secs_f64()
        ));
    };
    let end = if Instant::now() >= deadline {
        deadline
    } else {
        last_answer
    };
    latencies.sort_unstable();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1;
        Duration::from_nanos(latencies[i])
    };
    Ok(Report {
        calls: latencies.len() as u64,
        elapsed: end
            .saturating_duration_since(warm)
            .max(Duration::from_micros(1)),
        p50: at(0.50),
        p99: at(0.99),
        connections: o.connections,
        in_flight: o.in_flight,
        answered: answered.load(Ordering::Relaxed) + 1,
    })
}

/// The runtime for `threads` worker threads: 1 is tokio's current-thread runtime (every task
/// of the run on one thread, no wake-ups across threads), more a multi-thread runtime.
pub fn runtime(threads: usize) -> std::io::Result<tokio::runtime::Runtime> {
    if threads <= 1 {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
    }
}

#[allow(dead_code)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = options_from(&args).and_then(|options| {
        let runtime = runtime(options.threads)
            .map_err(|e| format!("cannot start a runtime of {} threads: {e}", options.threads))?;
        runtime.block_on(run(&options))
    });
    match result {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("user_load: {e}");
            std::process::exit(1);
        }
    }
}
