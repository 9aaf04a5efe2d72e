//! The `front` fuzz target's check (fuzz/src/front.rs) on its committed seeds
//! (fuzz/seeds/front/) and on pseudo-random cuts and splices of them: keeps the harness
//! compiling with the crate and runs its properties in every test run. Most seeds must
//! compile, so the fuzzer starts from inputs that reach the linker and the generator.

#[allow(dead_code, clippy::all)]
#[path = "../fuzz/src/front.rs"]
mod front;

mod support;

use std::collections::HashMap;

use protoc_gen_rustsvc::parse::native;

fn seeds() -> Vec<Vec<u8>> {
    let dir = support::manifest_dir().join("fuzz/seeds/front");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
}

#[test]
fn seeds_compile_and_pass_the_checks() {
    let seeds = seeds();
    assert!(seeds.len() >= 10, "{} seeds", seeds.len());
    let mut compiled = 0;
    for seed in &seeds {
        front::check_proto_bytes(seed);
        let mut files = HashMap::new();
        for (i, part) in seed.splitn(3, |&b| b == 0).enumerate() {
            files.insert(
                ["a.proto", "b.proto", "c.proto"][i].to_owned(),
                String::from_utf8_lossy(part).into_owned(),
            );
        }
        if native::compile_in_memory(&files, &["a.proto"]).is_ok() {
            compiled += 1;
        }
    }
    assert!(
        compiled * 3 >= seeds.len() * 2,
        "only {compiled} of {} seeds compile",
        seeds.len()
    );
}

#[test]
fn spliced_seeds_pass_the_checks() {
    let seeds = seeds();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    };
    for _ in 0..500 {
        let a = &seeds[next() as usize % seeds.len()];
        let b = &seeds[next() as usize % seeds.len()];
        let cut_a = next() as usize % (a.len() + 1);
        let cut_b = next() as usize % (b.len() + 1);
        let mut input = a[..cut_a].to_vec();
        input.extend_from_slice(&b[cut_b..]);
        front::check_proto_bytes(&input);
    }
}
