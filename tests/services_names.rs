//! Service naming: real ambiguity is an error naming both elements and saying how to fix
//! it (asserted word for word); the deterministic renames compile and route by wire name.

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

#[test]
fn rpcs_differing_only_by_case_are_an_error() {
    let e = generate(
        "a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage M {}\nservice S {\n  rpc GetUser(M) returns (M);\n  rpc getUser(M) returns (M);\n}\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "a.proto:6:3: rpc 'getUser' and rpc 'GetUser' (a.proto:5:3) both become 'get_user' in the \
         methods of service 'a.S'; rename one of them"
    );
}

#[test]
fn a_renamed_rpc_meeting_another_is_an_error() {
    let e = generate(
        "a.proto",
        "syntax = \"proto3\";\npackage a;\nmessage M {}\nservice S {\n  rpc New(M) returns (M);\n  rpc NewRpc(M) returns (M);\n}\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "a.proto:6:3: rpc 'NewRpc' and rpc 'New' (a.proto:5:3) both become 'new_rpc' in the \
         methods of service 'a.S'; rename one of them"
    );
}

#[test]
fn a_message_named_like_the_generated_client_is_an_error() {
    let e = generate(
        "user.proto",
        "syntax = \"proto3\";\npackage user;\nmessage UserInfoClient {}\nservice UserInfo {\n  rpc Get(UserInfoClient) returns (UserInfoClient);\n}\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "user.proto:4:1: the client of service 'user.UserInfo' and message 'user.UserInfoClient' \
         (user.proto:3:1) both become 'UserInfoClient' in the Rust module of package 'user'; \
         rename one of them"
    );
    // Without a client there is nothing to clash with.
    let files = generate(
        "user.proto",
        "syntax = \"proto3\";\npackage user;\nmessage UserInfoClient {}\nservice UserInfo {\n  rpc Get(UserInfoClient) returns (UserInfoClient);\n}\n",
        "client=false",
    )
    .unwrap();
    assert!(files.iter().any(|(n, _)| n == "user_grpc.rs"));
}

#[test]
fn a_message_module_named_like_a_generated_module_is_an_error() {
    let e = generate(
        "p.proto",
        "syntax = \"proto3\";\npackage p;\nmessage EchoServer { enum Kind { A = 0; } }\nservice Echo {}\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "p.proto:4:1: the server module of service 'p.Echo' and the nested types of message \
         'p.EchoServer' (p.proto:3:1) both become 'echo_server' in the Rust module of \
         package 'p'; rename one of them"
    );
}

#[test]
fn two_services_with_one_module_are_an_error() {
    let e = generate(
        "p.proto",
        "syntax = \"proto3\";\npackage p;\nservice FooBar {}\nservice Foo_Bar {}\n",
        "",
    )
    .unwrap_err();
    assert_eq!(
        e,
        "p.proto:4:1: the server module of service 'p.Foo_Bar' and the server module of service \
         'p.FooBar' (p.proto:3:1) both become 'foo_bar_server' in the Rust module of package \
         'p'; rename one of them"
    );
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

#[test]
fn a_service_module_where_a_package_goes_is_an_error() {
    let dir = support::tempdir("names");
    std::fs::write(
        dir.join("a.proto"),
        "syntax = \"proto3\";\npackage a;\nservice Svc {}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("b.proto"),
        "syntax = \"proto3\";\npackage a.svc_client;\nmessage M {}\n",
    )
    .unwrap();
    let request = support::request_for(&[&dir], &["a.proto", "b.proto"], "");
    let e = protoc_gen_rustsvc::generate(&request).error.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        e,
        "a.proto:3:1: the generated module 'a::svc_client' of service 'a.Svc' is also where \
         package 'a.svc_client' goes; rename the service or the package"
    );
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
