//! Arbitrary bytes as a CodeGeneratorRequest: no panic, no hang, and a response without an
//! error holds only files that parse as Rust.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rustsvc_fuzz::check_bytes(data);
});
