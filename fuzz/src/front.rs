//! The `front` target: arbitrary bytes as .proto files for the native front end.
//!
//! The input is split at NUL bytes into up to three files, `a.proto` (compiled), `b.proto`
//! and `c.proto` (importable). Properties: no panic, no hang, bounded memory (libFuzzer's
//! limits); an error names a file; a result compiles to the same bytes twice and goes
//! through the generator without a panic.

use std::collections::HashMap;

use protoc_gen_rustsvc::parse::{self, native};

/// Runs the front end (and on success the generator) on `data`.
pub fn check_proto_bytes(data: &[u8]) {
    let mut files = HashMap::new();
    for (i, part) in data.splitn(3, |&b| b == 0).enumerate() {
        let name = ["a.proto", "b.proto", "c.proto"][i];
        files.insert(name.to_owned(), String::from_utf8_lossy(part).into_owned());
    }
    match native::compile_in_memory(&files, &["a.proto"]) {
        Err(e) => assert!(
            e.message().contains(".proto"),
            "an error without a file: {e}"
        ),
        Ok(compiled) => {
            let again = native::compile_in_memory(&files, &["a.proto"]).expect("the same input");
            assert_eq!(compiled.encoded, again.encoded, "not deterministic");
            let request = parse::request(&compiled.parsed, "");
            let _ = protoc_gen_rustsvc::generate(&request);
        }
    }
}
