//! Requests built with `arbitrary` that reach code generation (see `src/structured.rs`):
//! the same properties as the `plugin` target.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rustsvc_fuzz::structured::Spec;

fuzz_target!(|spec: Spec| {
    rustsvc_fuzz::check_request(&spec.request());
});
