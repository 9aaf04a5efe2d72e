//! The peer for the throughput benchmark: a tonic-build server of the same user.proto as the
//! UserInfo example (examples/user_server.rs), with the same store and the same answers, so
//! the two differ only in the generated code. Built by bench/server.sh outside the workspace.
//! Usage: tonic_user_server [--addr HOST:PORT]   (default 127.0.0.1:10010, as the example)

use std::collections::HashMap;
use std::sync::Mutex;

use tonic::{Request, Response, Status};

#[allow(dead_code)] // UserList is not used by the server.
mod user {
    tonic::include_proto!("user");
}

use user::user_info_server::{UserInfo, UserInfoServer};
use user::{User, UserId};

/// The users added so far, by id.
#[derive(Default)]
struct Store {
    users: Mutex<HashMap<String, User>>,
}

#[tonic::async_trait]
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

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match args.as_slice() {
        [] => "127.0.0.1:10010".parse()?,
        [flag, addr] if flag == "--addr" => addr.parse()?,
        _ => return Err("usage: tonic_user_server [--addr HOST:PORT]".into()),
    };
    tonic::transport::Server::builder()
        .add_service(UserInfoServer::new(Store::default()))
        .serve(addr)
        .await?;
    Ok(())
}
