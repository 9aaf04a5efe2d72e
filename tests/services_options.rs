//! The service options change what `_grpc.rs` holds: server=false, client=false,
//! transport=false, unimplemented_defaults=false, async_trait=true. Each option also has a
//! golden case, tests/golden/opt_<option>/, compiled by tests/compat.

// The shared helpers are not under test here (their lints belong to their owner).
#[allow(clippy::needless_update)]
mod support;

const PROTO: &str = "syntax = \"proto3\";\npackage p;\nmessage M {}\n\
    service Svc {\n  rpc Unary(M) returns (M);\n  rpc Both(stream M) returns (stream M);\n}\n";

/// The `_grpc.rs` file generated for PROTO with `params`.
fn grpc_file(params: &str) -> String {
    let dir = support::tempdir("options");
    std::fs::write(dir.join("p.proto"), PROTO).unwrap();
    let request = support::request_for(&[&dir], &["p.proto"], params);
    let response = protoc_gen_rustsvc::generate(&request);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(response.error, None);
    let names: Vec<&str> = response.file.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["p.rs", "p_grpc.rs", "mod.rs"]);
    let m = response.file[2].content();
    assert!(m.contains("include!(\"p_grpc.rs\");"), "{m}");
    response.file[1].content().to_owned()
}

#[test]
fn defaults_generate_server_client_and_connect() {
    let f = grpc_file("");
    assert!(f.contains("pub mod svc_server {"));
    assert!(f.contains("pub struct SvcServer<T>"));
    assert!(f.contains("pub mod svc_client {"));
    assert!(f.contains("pub async fn connect<D>"));
    assert!(f.contains("pub const SVC_UNARY_PATH: &str = \"/p.Svc/Unary\";"));
    assert!(f.contains("pub static SVC_DESCRIPTOR:"));
    assert!(f.contains("\"method Unary of service p.Svc is not implemented\""));
    assert!(!f.contains("async_trait"));
}

#[test]
fn server_false_leaves_out_the_server() {
    let f = grpc_file("server=false");
    assert!(!f.contains("svc_server"), "{f}");
    assert!(!f.contains("pub mod server"), "no server plumbing either");
    assert!(f.contains("pub mod svc_client {"));
    assert!(f.contains("pub static SVC_DESCRIPTOR:"));
}

#[test]
fn client_false_leaves_out_the_client() {
    let f = grpc_file("client=false");
    assert!(!f.contains("svc_client"), "{f}");
    assert!(!f.contains("pub mod client"), "no client plumbing either");
    assert!(f.contains("pub mod svc_server {"));
}

#[test]
fn transport_false_leaves_out_connect() {
    let f = grpc_file("transport=false");
    assert!(!f.contains("connect"), "{f}");
    assert!(!f.contains("transport"), "{f}");
    assert!(f.contains("pub fn new(inner: T) -> Self"));
}

#[test]
fn unimplemented_defaults_false_has_no_default_bodies() {
    let f = grpc_file("unimplemented_defaults=false");
    assert!(!f.contains("is not implemented"), "{f}");
    assert!(!f.contains("server::NoStream<"), "{f}");
    assert_eq!(f.matches("> + ::core::marker::Send;").count(), 2, "{f}");
}

#[test]
fn async_trait_true_is_tonic_build_s_form() {
    let f = grpc_file("async_trait=true");
    assert!(
        f.contains("#[::tonic::async_trait]\n    pub trait Svc"),
        "{f}"
    );
    assert!(f.contains("type BothStream: ::tonic::codegen::tokio_stream::Stream<"));
    assert!(f.contains("async fn unary("));
    // The trait's methods are `async fn`s; only the client's return `impl Future`.
    let (server, client) = f.split_once("pub mod svc_client {").unwrap();
    assert!(!server.contains("impl ::core::future::Future"), "{server}");
    assert!(client.contains("pub fn unary("), "{client}");
}
