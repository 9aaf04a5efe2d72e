//! Arbitrary bytes as .proto files for the native front end (fuzz/src/front.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    rustsvc_fuzz::front::check_proto_bytes(data);
});
