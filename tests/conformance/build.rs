//! Generates the suite's messages with protoc-gen-rustsvc, run by protoc, into OUT_DIR.
//!
//! - `RUSTSVC_CONFORMANCE_INCLUDE`: the suite's include directory (from
//!   scripts/conformance-install.sh: `target/conformance/include`);
//! - `RUSTSVC_PLUGIN`: the plugin binary (default: `protoc-gen-rustsvc` on PATH);
//! - `PROTOC`: protoc, 27 or newer for editions (default: `protoc` on PATH).

use std::path::PathBuf;
use std::process::Command;

/// The protocol and every file of messages the suite tests.
const PROTOS: [&str; 6] = [
    "conformance/conformance.proto",
    "google/protobuf/test_messages_proto2.proto",
    "google/protobuf/test_messages_proto3.proto",
    "google/protobuf/test_messages_edition2023.proto",
    "google/protobuf/test_messages_proto2_editions.proto",
    "google/protobuf/test_messages_proto3_editions.proto",
];

fn env(name: &str) -> Option<PathBuf> {
    println!("cargo:rerun-if-env-changed={name}");
    std::env::var_os(name).map(PathBuf::from)
}

fn main() {
    let include = env("RUSTSVC_CONFORMANCE_INCLUDE").unwrap_or_else(|| {
        panic!(
            "RUSTSVC_CONFORMANCE_INCLUDE is not set: point it at the include directory that \
             scripts/conformance-install.sh installs (target/conformance/include)"
        )
    });
    let plugin = env("RUSTSVC_PLUGIN").unwrap_or_else(|| "protoc-gen-rustsvc".into());
    let protoc = env("PROTOC").unwrap_or_else(|| "protoc".into());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if plugin.components().count() > 1 {
        println!("cargo:rerun-if-changed={}", plugin.display());
    }
    for proto in PROTOS {
        println!("cargo:rerun-if-changed={}", include.join(proto).display());
    }
    let status = Command::new(&protoc)
        .arg(format!("--plugin=protoc-gen-rustsvc={}", plugin.display()))
        .arg(format!("--rustsvc_out={}", out.display()))
        .arg("--rustsvc_opt=versions=false,message_impl=own,unknown_fields=.protobuf_test_messages,json=.")
        .arg(format!("-I{}", include.display()))
        .args(PROTOS)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", protoc.display()));
    assert!(status.success(), "{} failed: {status}", protoc.display());
}
