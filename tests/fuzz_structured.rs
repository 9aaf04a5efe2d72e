//! The `structured` fuzz target's request builder (fuzz/src/structured.rs), run on a fixed
//! set of pseudo-random inputs: keeps the fuzz harness compiling with the crate, and checks
//! the fuzz properties on requests that reach code generation (awkward names, every field
//! kind, services, hostile comments) in every test run, both through `generate` and
//! through the binary's streaming path.

#[allow(dead_code, clippy::all)]
#[path = "../fuzz/src/structured.rs"]
mod structured;

use arbitrary::{Arbitrary, Unstructured};
use prost::Message;
use protoc_gen_rustsvc::pb::CodeGeneratorResponse;

/// xorshift64*: the same bytes on every run.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

#[test]
fn structured_requests_generate_rust_or_a_clear_error() {
    let (mut generated, mut errors) = (0, 0);
    for seed in 0..300u64 {
        let data = bytes(seed, 64 + (seed as usize % 8) * 256);
        let Ok(spec) = structured::Spec::arbitrary(&mut Unstructured::new(&data)) else {
            continue;
        };
        let request = spec.request();
        let response = protoc_gen_rustsvc::generate(&request);
        let encoded = request.encode_to_vec();
        let mut streamed = Vec::new();
        protoc_gen_rustsvc::run_plugin_streaming(
            protoc_gen_rustsvc::pb::read_request(encoded.as_slice()).unwrap(),
            &mut streamed,
        )
        .unwrap();
        let streamed = CodeGeneratorResponse::decode(streamed.as_slice()).unwrap();
        assert_eq!(streamed.error, response.error, "seed {seed}");
        if let Some(error) = &response.error {
            assert!(response.file.is_empty() && !error.is_empty(), "seed {seed}");
            errors += 1;
            continue;
        }
        assert_eq!(streamed.file, response.file, "seed {seed}");
        for f in &response.file {
            if let Err(e) = syn::parse_file(f.content()) {
                panic!(
                    "seed {seed}: {} does not parse: {e}\n{}",
                    f.name(),
                    f.content()
                );
            }
        }
        generated += 1;
    }
    println!("{generated} generated, {errors} errors");
    // The inputs reach code generation, not only the error paths.
    assert!(generated >= 50, "{generated} generated, {errors} errors");
}
