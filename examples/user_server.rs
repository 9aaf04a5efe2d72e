//! The seed's UserInfo server, done right: a thread-safe store, AddUser answers the new id,
//! GetUser answers the stored user or NOT_FOUND.
//!
//! ```sh
//! cargo run --example user_server                        # listens on 127.0.0.1:10010
//! cargo run --example user_server -- --addr 127.0.0.1:9000
//! ```
//!
//! The code in `generated/` is the plugin's output for `proto/user.proto` (with `versions=false`);
//! a test regenerates it and fails if it is stale.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;

use tonic::{Request, Response, Status};

#[allow(dead_code)]
pub mod generated {
    include!("generated/mod.rs");
}

use generated::user::user_info_server::{UserInfo, UserInfoServer};
use generated::user::{User, UserId};

/// The users added so far, by id.
#[derive(Default)]
pub struct Store {
    users: Mutex<HashMap<String, User>>,
}

impl UserInfo for Store {
    async fn add_user(&self, request: Request<User>) -> Result<Response<UserId>, Status> {
        let mut user = request.into_inner();
        let mut users = self
            .users
            .lock()
            .map_err(|_| Status::internal("the user store is poisoned"))?;
        let id = users.len().to_string();
        user.id = id.clone();
        users.insert(id.clone(), user);
        Ok(Response::new(UserId { value: id }))
    }

    async fn get_user(&self, request: Request<UserId>) -> Result<Response<User>, Status> {
        let id = request.into_inner().value;
        let users = self
            .users
            .lock()
            .map_err(|_| Status::internal("the user store is poisoned"))?;
        match users.get(&id) {
            Some(user) => Ok(Response::new(user.clone())),
            None => Err(Status::not_found(format!("no user with id '{id}'"))),
        }
    }
}

/// Serves a fresh store on an already bound listener until the process ends.
pub async fn serve(listener: tokio::net::TcpListener) -> Result<(), tonic::transport::Error> {
    tonic::transport::Server::builder()
        .add_service(UserInfoServer::new(Store::default()))
        // TCP_NODELAY as `Server::serve` sets it: with Nagle on, small unary answers wait
        // for the client's delayed ACK (up to 40 ms each).
        .serve_with_incoming(
            tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true)),
        )
        .await
}

/// `--addr HOST:PORT` from the command line, 127.0.0.1:10010 without it.
pub fn addr_from_args(args: &[String]) -> Result<SocketAddr, String> {
    let usage = "usage: user_server [--addr HOST:PORT]";
    match args {
        [] => Ok(SocketAddr::from(([127, 0, 0, 1], 10010))),
        [flag, addr] if flag == "--addr" => addr
            .parse()
            .map_err(|e| format!("--addr '{addr}' is not HOST:PORT ({e}); {usage}")),
        _ => Err(usage.to_owned()),
    }
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = addr_from_args(&args)?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!("UserInfo listening on {}", listener.local_addr()?);
    serve(listener).await?;
    Ok(())
}
