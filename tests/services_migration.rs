//! Migration from tonic-build: one tonic-build style implementation compiles unchanged and
//! serves with `async_trait=true`, and with only its `#[tonic::async_trait]` line removed
//! against the default native trait.

#![deny(warnings)]

// The shared helpers are not under test here (their lints belong to their owner).
#[allow(clippy::needless_update)]
mod support;

use tonic::transport::server::Router;
use tonic::transport::Server;
use tonic::{Code, Request, Response, Status};

mod with_async_trait {
    #[allow(dead_code)]
    pub mod gen {
        include!("golden/opt_async_trait_user/expected/mod.rs");
    }
    use super::*;
    use gen::user::user_info_server::UserInfo;
    use gen::user::{User, UserId};
    include!("migration/tonic_build_impl.rs");
    pub use gen::user::user_info_client::UserInfoClient;
    pub use gen::user::user_info_server::UserInfoServer;
}

mod native {
    #[allow(dead_code)]
    pub mod gen {
        include!("golden/user/expected/mod.rs");
    }
    use super::*;
    use gen::user::user_info_server::UserInfo;
    use gen::user::{User, UserId};
    include!("migration/native_impl.rs");
    pub use gen::user::user_info_client::UserInfoClient;
    pub use gen::user::user_info_server::UserInfoServer;
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        router.serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    format!("http://{addr}")
}

#[test]
fn the_native_impl_is_the_tonic_build_impl_minus_the_attribute_line() {
    let dir = support::manifest_dir().join("tests/migration");
    let tonic_build = std::fs::read_to_string(dir.join("tonic_build_impl.rs")).unwrap();
    let native = std::fs::read_to_string(dir.join("native_impl.rs")).unwrap();
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("//") && l.trim() != "#[tonic::async_trait]")
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(strip(&tonic_build), strip(&native));
    assert_eq!(
        tonic_build.lines().count(),
        native.lines().count() + 1,
        "exactly one line differs"
    );
}

#[tokio::test]
async fn async_trait_impl_serves() {
    use with_async_trait::*;
    let addr = serve(Server::builder().add_service(UserInfoServer::new(Store::new()))).await;
    let mut client = UserInfoClient::connect(addr).await.unwrap();
    let user = gen::user::User {
        name: "jack".into(),
        ..Default::default()
    };
    let id = client.add_user(user).await.unwrap().into_inner();
    assert_eq!(id.value, "0");
    let got = client.get_user(id).await.unwrap().into_inner();
    assert_eq!(got.name, "jack");
    let missing = gen::user::UserId { value: "9".into() };
    let status = client.get_user(missing).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "no user 9");
}

#[tokio::test]
async fn native_impl_serves() {
    use native::*;
    let addr = serve(Server::builder().add_service(UserInfoServer::new(Store::new()))).await;
    let mut client = UserInfoClient::connect(addr).await.unwrap();
    let user = gen::user::User {
        name: "jack".into(),
        ..Default::default()
    };
    let id = client.add_user(user).await.unwrap().into_inner();
    assert_eq!(id.value, "0");
    let got = client.get_user(id).await.unwrap().into_inner();
    assert_eq!(got.name, "jack");
    let missing = gen::user::UserId { value: "9".into() };
    let status = client.get_user(missing).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "no user 9");
}

/// tonic-build's streaming form: an associated stream type per streaming rpc.
mod streaming_async_trait {
    #[allow(dead_code)]
    pub mod gen {
        include!("golden/opt_async_trait/expected/mod.rs");
    }
    use gen::streaming::streamer_server::Streamer;
    use gen::streaming::Item;
    use tokio_stream::wrappers::ReceiverStream;
    use tonic::{Request, Response, Status};

    pub struct Repeater;

    #[tonic::async_trait]
    impl Streamer for Repeater {
        type RepeatStream = ReceiverStream<Result<Item, Status>>;

        async fn repeat(
            &self,
            request: Request<Item>,
        ) -> Result<Response<Self::RepeatStream>, Status> {
            let item = request.into_inner();
            let (tx, rx) = tokio::sync::mpsc::channel(4);
            tokio::spawn(async move {
                for n in 0..item.count {
                    let next = Item {
                        count: n,
                        ..item.clone()
                    };
                    if tx.send(Ok(next)).await.is_err() {
                        return;
                    }
                }
            });
            Ok(Response::new(ReceiverStream::new(rx)))
        }

        type ChatStream = tonic::Streaming<Item>;

        type LaterStreamStream = tonic::Streaming<Item>;
    }
}

#[tokio::test]
async fn async_trait_streaming_impl_serves() {
    use streaming_async_trait::gen::streaming::streamer_client::StreamerClient;
    use streaming_async_trait::gen::streaming::streamer_server::StreamerServer;
    use streaming_async_trait::gen::streaming::Item;
    use tokio_stream::StreamExt;
    let addr =
        serve(Server::builder().add_service(StreamerServer::new(streaming_async_trait::Repeater)))
            .await;
    let mut client = StreamerClient::connect(addr).await.unwrap();
    let stream = client
        .repeat(Item {
            count: 3,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    let counts: Vec<i32> = stream.map(|i| i.unwrap().count).collect().await;
    assert_eq!(counts, [0, 1, 2]);
    let status = client.echo(Item::default()).await.unwrap_err();
    assert_eq!(status.code(), Code::Unimplemented);
    assert_eq!(
        status.message(),
        "method Echo of service streaming.Streamer is not implemented"
    );
}
