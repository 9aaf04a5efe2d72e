//! The committed seed corpus of the `plugin` fuzz target (fuzz/seeds/plugin/): encoded
//! CodeGeneratorRequests of golden cases, as protoc builds them. Each must still decode and
//! generate without an error, so the fuzzer starts from inputs that reach code generation.
//! `UPDATE_SEEDS=1 cargo test --test fuzz_seeds` rewrites them.

#[allow(clippy::needless_update)]
mod support;

use prost::Message;
use protoc_gen_rustsvc::pb::CodeGeneratorRequest;

const CASES: &[&str] = &[
    "user",
    "hostile",
    "scalars",
    "nested",
    "oneof",
    "maps",
    "enums",
    "keywords",
    "proto2",
    "groups",
    "recursive",
    "streaming",
    "cross_package",
    "editions_2023",
    "opt_extern_path",
];

fn seed_dir() -> std::path::PathBuf {
    support::manifest_dir().join("fuzz/seeds/plugin")
}

fn request(case: &str) -> CodeGeneratorRequest {
    let dir = support::manifest_dir().join("tests/golden").join(case);
    let protos = support::case_protos(&dir);
    let files: Vec<&str> = protos.iter().map(String::as_str).collect();
    let params = std::fs::read_to_string(dir.join("params.txt")).unwrap_or_default();
    support::request_for(&[&dir], &files, params.trim())
}

#[test]
fn plugin_seeds_are_requests_that_generate() {
    if std::env::var_os("UPDATE_SEEDS").is_some() {
        std::fs::create_dir_all(seed_dir()).unwrap();
        for case in CASES {
            let bytes = request(case).encode_to_vec();
            std::fs::write(seed_dir().join(format!("{case}.bin")), bytes).unwrap();
        }
    }
    for case in CASES {
        let path = seed_dir().join(format!("{case}.bin"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let request = CodeGeneratorRequest::decode(bytes.as_slice()).expect("a request");
        let response = protoc_gen_rustsvc::generate(&request);
        assert_eq!(response.error, None, "seed {case}");
        assert!(!response.file.is_empty(), "seed {case}");
    }
}
