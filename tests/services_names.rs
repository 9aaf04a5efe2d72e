//! Service naming: the deterministic renames compile and route by wire name. Real ambiguity
//! is an error naming both elements and saying how to fix it, asserted word for word by the
//! error cases (tests/errors/, tests/errors.rs).

// The shared helpers are not under test here (their lints belong to their owner).
#[allow(clippy::needless_update)]
mod support;

/// Runs the plugin on one proto file written to a fresh directory.
fn generate(name: &str, proto: &str, params: &str) -> Result<Vec<(String, String)>, String> {
    let dir = support::tempdir("names");
    std::fs::write(dir.join(name), proto).unwrap();
    let request = support::request_for(&[&dir], &[name], params);
    let response = protoc_gen_rustsvc::generate(&request);
    let _ = std::fs::remove_dir_all(&dir);
    match response.error {
        Some(e) => Err(e),
        None => Ok(response
            .file
            .into_iter()
            .map(|f| (f.name.unwrap_or_default(), f.content.unwrap_or_default()))
            .collect()),
    }
}

/// A message named like the generated client is an error (tests/errors/
/// client_message_collision); without a client there is nothing to clash with.
#[test]
fn a_message_named_like_the_client_is_fine_without_a_client() {
    let files = generate(
        "user.proto",
        "syntax = \"proto3\";\npackage user;\nmessage UserInfoClient {}\nservice UserInfo {\n  rpc Get(UserInfoClient) returns (UserInfoClient);\n}\n",
        "client=false",
    )
    .unwrap();
    assert!(files.iter().any(|(n, _)| n == "user_grpc.rs"));
}

#[test]
fn no_grpc_file_for_a_package_without_services() {
    let files = generate(
        "m.proto",
        "syntax = \"proto3\";\npackage m;\nmessage M {}\n",
        "",
    )
    .unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["m.rs", "mod.rs"]);
    let (_, m) = &files[0];
    assert!(!m.contains("tonic"), "the message file needs no gRPC crate");
}

#[allow(dead_code)]
mod gen {
    include!("golden/name_clashes/expected/mod.rs");
}

use gen::clashes::result_client::ResultClient;
use gen::clashes::result_server::{Result as ResultService, ResultServer};
use gen::clashes::{Req, Res};
use tonic::{Request, Response, Status};

struct Clashing;

impl ResultService for Clashing {
    async fn new_rpc(&self, _: Request<Req>) -> Result<Response<Res>, Status> {
        Ok(Response::new(Res {}))
    }

    async fn r#type(&self, _: Request<Req>) -> Result<Response<Res>, Status> {
        Err(Status::already_exists("type"))
    }
}

/// Renamed methods keep their wire names: `new_rpc` calls `/clashes.Result/New`.
#[tokio::test]
async fn renamed_rpcs_route_by_wire_name() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(ResultServer::new(Clashing))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut client = ResultClient::connect(format!("http://{addr}"))
        .await
        .unwrap();
    client.new_rpc(Req {}).await.unwrap();
    assert_eq!(client.r#type(Req {}).await.unwrap_err().message(), "type");
    let status = client.call_rpc(Req {}).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::Unimplemented);
    assert_eq!(
        status.message(),
        "method Call of service clashes.Result is not implemented"
    );
    assert_eq!(gen::clashes::RESULT_NEW_PATH, "/clashes.Result/New");
}
