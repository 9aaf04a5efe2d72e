//! Service goldens used from a crate: what their descriptors and constants say, and the
//! service options' output serving and calling. Every golden case (these included) is
//! compiled warning-free by tests/compat (`rustsvc_compat::ours`, from the shared listing of
//! tests/support/cases.rs); the behaviour of the generated code is tested over loopback in
//! the other `services_*` tests.

#![deny(warnings)]
#![allow(dead_code)]

macro_rules! golden {
    ($name:ident) => {
        pub mod $name {
            pub mod gen {
                include!(concat!("golden/", stringify!($name), "/expected/mod.rs"));
            }
        }
    };
}

golden!(user);
golden!(streaming);
golden!(empty_service);
golden!(no_package);
golden!(opt_service_paths);

/// What `tonic_path=crate::reexport::tonic` and `codec_path=crate::reexport::tonic_prost::ProstCodec`
/// point at in the opt_service_paths case.
pub mod reexport {
    pub use tonic;
    pub use tonic_prost;
}

/// The service options put the runtime paths and attributes where they were asked for, and
/// the result serves and calls like the default.
#[tokio::test]
async fn service_paths_and_attributes_work() {
    use opt_service_paths::gen::user::{user_info_client::UserInfoClient, user_info_server};
    struct Svc;
    impl user_info_server::UserInfo for Svc {}
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(user_info_server::UserInfoServer::new(Svc))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut client = UserInfoClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    let status = client
        .add_user(opt_service_paths::gen::user::User::default())
        .await
        .unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unimplemented);
    let text = include_str!("golden/opt_service_paths/expected/user_grpc.rs");
    assert!(text.contains("#[doc(alias = \"user_service\")]\n    pub trait UserInfo"));
    assert!(text.contains("#[cfg(all())]\npub mod user_info_server"));
    assert!(text.contains("#[allow(clippy::all)]\npub mod user_info_client"));
    assert!(
        !text.contains(" ::tonic::"),
        "every tonic path goes through tonic_path"
    );
}

/// The descriptor and constants say what the .proto says, wire names as written.
#[test]
fn descriptors_and_constants() {
    use user::gen::user::*;
    assert_eq!(USER_INFO_SERVICE_NAME, "user.UserInfo");
    assert_eq!(user_info_server::SERVICE_NAME, "user.UserInfo");
    assert_eq!(USER_INFO_ADD_USER_PATH, "/user.UserInfo/addUser");
    assert_eq!(USER_INFO_GET_USER_PATH, "/user.UserInfo/getUser");
    assert_eq!(USER_INFO_DESCRIPTOR.name, "user.UserInfo");
    assert_eq!(USER_INFO_DESCRIPTOR.file, "user.proto");
    let names: Vec<_> = USER_INFO_DESCRIPTOR
        .methods
        .iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["addUser", "getUser"]);

    use streaming::gen::streaming::{__rustsvc::StreamingKind, STREAMER_DESCRIPTOR};
    let kinds: Vec<_> = STREAMER_DESCRIPTOR
        .methods
        .iter()
        .map(|m| (m.path, m.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("/streaming.Streamer/Echo", StreamingKind::Unary),
            ("/streaming.Streamer/Repeat", StreamingKind::ServerStreaming),
            (
                "/streaming.Streamer/Collect",
                StreamingKind::ClientStreaming
            ),
            ("/streaming.Streamer/Chat", StreamingKind::Bidi),
            ("/streaming.Streamer/Later", StreamingKind::Unary),
            ("/streaming.Streamer/LaterStream", StreamingKind::Bidi),
        ]
    );
    assert_eq!(
        <empty_service::gen::empty::placeholder_server::PlaceholderServer<()> as tonic::server::NamedService>::NAME,
        "empty.Placeholder"
    );

    assert_eq!(no_package::gen::FIRST_PUT_PATH, "/First/Put");
    assert_eq!(no_package::gen::SECOND_DESCRIPTOR.file, "second.proto");
    assert_eq!(no_package::gen::second_server::SERVICE_NAME, "Second");
}

/// A client method is awaited as tonic-build's `async fn` is, for every kind: its future is
/// `Send` (the calls run in a spawned task that owns the client) and borrows the client only
/// until it is awaited, so the same client calls again afterwards.
#[tokio::test]
async fn client_method_futures_are_send_and_borrow_until_awaited() {
    use streaming::gen::streaming::{streamer_client::StreamerClient, streamer_server, Item};
    struct Svc;
    impl streamer_server::Streamer for Svc {}
    fn send<F: std::future::Future + Send>(f: F) -> F {
        f
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(streamer_server::StreamerServer::new(Svc))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut client = StreamerClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    let stream = || tokio_stream::iter(vec![Item::default()]);
    let task = tokio::spawn(async move {
        vec![
            send(client.echo(Item::default())).await.unwrap_err().code(),
            send(client.repeat(Item::default()))
                .await
                .unwrap_err()
                .code(),
            send(client.collect(stream())).await.unwrap_err().code(),
            send(client.chat(stream())).await.unwrap_err().code(),
        ]
    });
    assert_eq!(task.await.unwrap(), [tonic::Code::Unimplemented; 4]);
}
