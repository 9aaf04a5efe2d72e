//! The seed's UserInfo client: adds jack ("strong"), gets him back by the id the server
//! answered, prints him. With `--connections N` the calls go over a pool of N connections
//! (see [`Pool`]).
//!
//! ```sh
//! cargo run --example user_client                        # talks to 127.0.0.1:10010
//! cargo run --example user_client -- --addr 127.0.0.1:9000 --connections 4
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tonic::codegen::{http, Body, Bytes, Service, StdError};
use tonic::transport::{Channel, Endpoint};

#[allow(dead_code)]
#[path = "support/h2_transport.rs"]
pub mod h2_transport;

#[allow(dead_code)]
pub mod generated {
    include!("generated/mod.rs");
}

use generated::user::user_info_client::UserInfoClient;
use generated::user::User;

/// The errors of this example: a message that says what failed and why.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Several HTTP/2 connections to one server behind one generated client: each call goes to
/// the next connection in turn.
///
/// One tonic `Channel` is one connection, and every call on it is a stream of that
/// connection; a pool spreads the calls (and the work of the connection tasks) over several.
/// `Pool` is a tower `Service` like `Channel`, so `UserInfoClient::new(pool)` works as with
/// a channel, and cloning the client is as cheap (one clone of each channel handle).
/// `Channel::balance_list` does not do this for one address: it keys its endpoints by URI,
/// so repeating one endpoint gives a single connection.
#[derive(Debug, Clone)]
pub struct Pool {
    channels: Vec<Channel>,
    /// Shared by all clones: the next connection to use.
    next: Arc<AtomicUsize>,
    /// The connection `poll_ready` reserved a slot on, for the `call` that follows it.
    ready: Option<usize>,
}

impl Pool {
    /// Opens `connections` connections to `endpoint`, all at once; fails when `connections`
    /// is 0 or any of them cannot be opened.
    pub async fn connect(endpoint: Endpoint, connections: usize) -> Result<Self, Error> {
        if connections == 0 {
            return Err("a pool needs at least 1 connection, got 0".into());
        }
        let uri = endpoint.uri().to_string();
        let mut pending = tokio::task::JoinSet::new();
        for i in 0..connections {
            let endpoint = endpoint.clone();
            pending.spawn(async move { (i, endpoint.connect().await) });
        }
        let mut channels: Vec<Option<Channel>> = vec![None; connections];
        while let Some(joined) = pending.join_next().await {
            let (i, connected) = joined.map_err(|e| format!("connecting to {uri}: {e}"))?;
            let channel = connected.map_err(|e| {
                format!(
                    "cannot open connection {} of {connections} to {uri}: {}",
                    i + 1,
                    error_chain(&e)
                )
            })?;
            channels[i] = Some(channel);
        }
        Ok(Self {
            channels: channels.into_iter().flatten().collect(),
            next: Arc::new(AtomicUsize::new(0)),
            ready: None,
        })
    }

    /// How many connections the pool holds.
    pub fn connections(&self) -> usize {
        self.channels.len()
    }

    fn pick(&self) -> usize {
        self.next.fetch_add(1, Ordering::Relaxed) % self.channels.len()
    }
}

impl Service<http::Request<tonic::body::Body>> for Pool {
    type Response = http::Response<tonic::body::Body>;
    type Error = tonic::transport::Error;
    type Future = tonic::transport::channel::ResponseFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        let i = match self.ready {
            Some(i) => i,
            None => {
                let i = self.pick();
                self.ready = Some(i);
                i
            }
        };
        let ready = self.channels[i].poll_ready(cx);
        if let Poll::Ready(Err(_)) = ready {
            self.ready = None;
        }
        ready
    }

    fn call(&mut self, request: http::Request<tonic::body::Body>) -> Self::Future {
        // Without a `poll_ready` first (a broken tower contract) the next channel is asked,
        // and it reports the misuse as a channel would.
        let i = self.ready.take().unwrap_or_else(|| self.pick());
        self.channels[i].call(request)
    }
}

/// A `UserInfoClient` over a pool of `connections` connections to `addr` (`HOST:PORT`).
pub async fn connect_pool(addr: &str, connections: usize) -> Result<UserInfoClient<Pool>, Error> {
    let endpoint = Endpoint::from_shared(format!("http://{addr}"))
        .map_err(|e| format!("'{addr}' is not HOST:PORT: {e}"))?
        .connect_timeout(Duration::from_secs(5));
    Ok(UserInfoClient::new(
        Pool::connect(endpoint, connections).await?,
    ))
}

/// An error and its sources, `: `-separated (tonic's transport errors say only "transport
/// error" at the top).
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    with_sources(error.to_string(), error.source())
}

/// A status as `Code: message: sources`.
pub fn status_text(status: &tonic::Status) -> String {
    with_sources(
        format!("{:?}: {}", status.code(), status.message()),
        std::error::Error::source(status),
    )
}

fn with_sources(
    mut text: String,
    mut source: Option<&(dyn std::error::Error + 'static)>,
) -> String {
    while let Some(e) = source {
        let next = e.to_string();
        if !text.ends_with(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = e.source();
    }
    text
}

/// Adds jack and gets him back from the server at `addr` (`HOST:PORT`), over one connection.
pub async fn add_and_get(addr: &str) -> Result<User, Box<dyn std::error::Error>> {
    let client = UserInfoClient::connect(format!("http://{addr}")).await?;
    Ok(add_and_get_with(client).await?)
}

/// Adds jack and gets him back with `client`: over one channel, or over a pool
/// (`add_and_get_with(connect_pool(addr, 4).await?)`).
pub async fn add_and_get_with<T>(mut client: UserInfoClient<T>) -> Result<User, tonic::Status>
where
    T: tonic::client::GrpcService<tonic::body::Body>,
    T::Error: Into<StdError>,
    T::ResponseBody: Body<Data = Bytes> + Send + 'static,
    <T::ResponseBody as Body>::Error: Into<StdError> + Send,
{
    let user = User {
        name: "jack".to_owned(),
        description: "strong".to_owned(),
        ..Default::default()
    };
    let mut request = tonic::Request::new(user);
    request.set_timeout(Duration::from_secs(10));
    let id = client.add_user(request).await?.into_inner();
    let mut request = tonic::Request::new(id);
    request.set_timeout(Duration::from_secs(10));
    Ok(client.get_user(request).await?.into_inner())
}

/// `--addr HOST:PORT` (default 127.0.0.1:10010) and `--connections N` (default 1).
pub fn args_from(args: &[String]) -> Result<(String, usize), String> {
    let usage = "usage: user_client [--addr HOST:PORT] [--connections N]";
    let (mut addr, mut connections) = ("127.0.0.1:10010".to_owned(), 1);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value; {usage}"))?;
        match flag.as_str() {
            "--addr" => addr = value.clone(),
            "--connections" => {
                connections = value
                    .parse()
                    .map_err(|_| format!("--connections '{value}' is not a number; {usage}"))?;
                if connections == 0 {
                    return Err(format!("--connections must be at least 1; {usage}"));
                }
            }
            _ => return Err(usage.to_owned()),
        }
    }
    Ok((addr, connections))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (addr, connections) = args_from(&args)?;
    let user = add_and_get_with(connect_pool(&addr, connections).await?).await?;
    println!("{user:?}");
    Ok(())
}
