//! Arbitrary bytes decoded by both message forms (`message_impl=derive` and `own`) of every
//! message type tests/compat compares: the first byte picks the type, the rest is the input.
//! Both forms must accept or reject it alike (the same `DecodeError`), re-encode it to the
//! same bytes and print the same `Debug`, and never panic (tests/compat's `forms::compare`);
//! the same for the `i32` and typed enum fields (`typed_enums=.`, `forms::compare_typed`).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rustsvc_compat::forms::{all, Form};

fuzz_target!(|data: &[u8]| {
    static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
    let forms = FORMS.get_or_init(all);
    if let Some((&pick, bytes)) = data.split_first() {
        let form = &forms[usize::from(pick) % forms.len()];
        (form.compare)(form.name, bytes);
        (form.compare_typed)(form.name, bytes);
    }
});
