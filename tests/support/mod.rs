//! Shared helpers for integration tests: a real protoc (vendored, or $PROTOC) and the plugin.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

mod cases;
pub use cases::*;

use prost::Message;
use protoc_gen_rustsvc::pb::CodeGeneratorRequest;

/// protoc from $PROTOC, or the one vendored by protoc-bin-vendored.
pub fn protoc() -> PathBuf {
    match std::env::var_os("PROTOC") {
        Some(p) => PathBuf::from(p),
        None => protoc_bin_vendored::protoc_bin_path().expect("vendored protoc for this platform"),
    }
}

/// The include directory with the well-known types that ships beside the vendored protoc.
pub fn protoc_include() -> PathBuf {
    protoc_bin_vendored::include_path().expect("vendored protoc include path")
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs protoc to produce the CodeGeneratorRequest it would send a plugin, with source info,
/// by asking for a descriptor set and building the request from it.
pub fn request_for(
    include_dirs: &[&Path],
    files: &[&str],
    parameter: &str,
) -> CodeGeneratorRequest {
    let out = tempdir("descset");
    let set_path = out.join("set.pb");
    let mut cmd = Command::new(protoc());
    cmd.arg("--include_imports")
        .arg("--include_source_info")
        .arg(format!("--descriptor_set_out={}", set_path.display()));
    for dir in include_dirs {
        cmd.arg(format!("-I{}", dir.display()));
    }
    cmd.arg(format!("-I{}", protoc_include().display()));
    cmd.args(files);
    let status = cmd.output().expect("run protoc");
    assert!(
        status.status.success(),
        "protoc failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(&set_path).expect("read descriptor set");
    let set =
        protoc_gen_rustsvc::pb::FileDescriptorSet::decode(bytes.as_slice()).expect("decode set");
    let _ = std::fs::remove_dir_all(&out);
    CodeGeneratorRequest {
        file_to_generate: files.iter().map(|f| f.to_string()).collect(),
        parameter: Some(parameter.to_owned()),
        proto_file: set.file,
        source_file_descriptors: Vec::new(),
        compiler_version: None,
    }
}

/// A fresh, empty directory under the target dir.
pub fn tempdir(tag: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "rustsvc-test-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// The plugin binary built by cargo for this test run.
pub fn plugin_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_protoc-gen-rustsvc"))
}

/// A readable line diff of two texts (first differences only).
pub fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            out.push_str(&format!(
                "line {}:\n  - {}\n  + {}\n",
                i + 1,
                x.unwrap_or(&"<missing>"),
                y.unwrap_or(&"<missing>")
            ));
            shown += 1;
            if shown >= 20 {
                out.push_str("  ...\n");
                break;
            }
        }
    }
    out
}

/// The parameter string of a case: its params.txt (one line) plus versions=false.
pub fn case_params(dir: &Path) -> String {
    match case_options(dir).as_str() {
        "" => "versions=false".to_owned(),
        extra => format!("{extra},versions=false"),
    }
}

/// Every golden case (tests/golden/<case>/), sorted by name: the one listing every test
/// that walks the golden cases uses.
pub fn golden_cases() -> Vec<Case> {
    golden_cases_at(&manifest_dir())
}
