//! The seed's UserInfo client: adds jack ("strong"), gets him back by the id the server
//! answered, prints him.
//!
//! ```sh
//! cargo run --example user_client                        # talks to 127.0.0.1:10010
//! cargo run --example user_client -- --addr 127.0.0.1:9000
//! ```

use std::time::Duration;

#[allow(dead_code)]
pub mod generated {
    include!("generated/mod.rs");
}

use generated::user::user_info_client::UserInfoClient;
use generated::user::User;

/// Adds jack and gets him back from the server at `addr` (`HOST:PORT`).
pub async fn add_and_get(addr: &str) -> Result<User, Box<dyn std::error::Error>> {
    let mut client = UserInfoClient::connect(format!("http://{addr}")).await?;
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

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = match args.as_slice() {
        [] => "127.0.0.1:10010".to_owned(),
        [flag, addr] if flag == "--addr" => addr.clone(),
        _ => return Err("usage: user_client [--addr HOST:PORT]".into()),
    };
    let user = add_and_get(&addr).await?;
    println!("{user:?}");
    Ok(())
}
