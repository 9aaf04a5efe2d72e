//! The peer for the throughput benchmark: a tonic-build server of the same user.proto as the
//! UserInfo example, answering the same way. Built by bench/server.sh outside the workspace.
//! Usage: tonic_user_server ADDR (e.g. 127.0.0.1:50061).

use tonic::{Request, Response, Status};

#[allow(dead_code)] // UserList is not used by the server.
mod user {
    tonic::include_proto!("user");
}

use user::user_info_server::{UserInfo, UserInfoServer};
use user::{User, UserId};

#[derive(Default)]
struct Service;

#[tonic::async_trait]
impl UserInfo for Service {
    async fn add_user(&self, request: Request<User>) -> Result<Response<UserId>, Status> {
        Ok(Response::new(UserId {
            value: request.into_inner().id,
        }))
    }

    async fn get_user(&self, request: Request<UserId>) -> Result<Response<User>, Status> {
        let id = request.into_inner().value;
        Ok(Response::new(User {
            name: format!("user {id}"),
            description: "a user".into(),
            id,
        }))
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:50061".into())
        .parse()?;
    tonic::transport::Server::builder()
        .add_service(UserInfoServer::new(Service))
        .serve(addr)
        .await?;
    Ok(())
}
