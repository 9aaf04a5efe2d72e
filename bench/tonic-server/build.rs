//! Compiles user.proto with tonic-prost-build (protoc from $PROTOC, set by bench/server.sh).
fn main() -> std::io::Result<()> {
    let proto = std::env::var("USER_PROTO").expect("USER_PROTO is set by bench/server.sh");
    let dir = std::path::Path::new(&proto)
        .parent()
        .expect("a file path")
        .to_owned();
    tonic_prost_build::configure()
        .build_client(false)
        .compile_protos(&[proto.as_str()], &[dir.to_str().expect("UTF-8 path")])
}
