//! The same request gives byte-identical output whatever the order of `file_to_generate`
//! and of `proto_file`, and however many times it runs (the plugin generates packages on
//! several threads). Every golden case is checked, plus one request that joins them all.

#[allow(clippy::needless_update)]
mod support;

use prost::Message;
use protoc_gen_rustsvc::pb::CodeGeneratorRequest;

use support::{case_params as params, case_protos as protos};

/// A small deterministic generator, so a failure names a reproducible order.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

/// The encoded response, as protoc would receive it.
fn output(request: &CodeGeneratorRequest) -> Vec<u8> {
    protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).expect("the request decodes")
}

/// Shuffles both lists many times (and reverses them once) and compares with the first run.
fn check_orders(what: &str, request: &CodeGeneratorRequest, seed: u64) {
    let first = output(request);
    let names = |r: &CodeGeneratorRequest| -> Vec<String> {
        r.proto_file.iter().map(|f| f.name().to_owned()).collect()
    };
    let mut rng = Lcg(seed);
    let mut variants = Vec::new();
    let mut reversed = request.clone();
    reversed.file_to_generate.reverse();
    reversed.proto_file.reverse();
    variants.push(reversed);
    for _ in 0..8 {
        let mut shuffled = request.clone();
        rng.shuffle(&mut shuffled.file_to_generate);
        rng.shuffle(&mut shuffled.proto_file);
        variants.push(shuffled);
    }
    for variant in variants {
        let again = output(&variant);
        assert!(
            again == first,
            "{what}: output differs with file_to_generate {:?} and proto_file {:?}",
            variant.file_to_generate,
            names(&variant)
        );
    }
}

#[test]
fn golden_cases_are_byte_identical_in_any_file_order() {
    let cases = support::golden_cases();
    assert!(cases.len() > 10, "{cases:?}");
    for (i, case) in cases.iter().enumerate() {
        let dir = &case.dir;
        let protos = protos(dir);
        let files: Vec<&str> = protos.iter().map(String::as_str).collect();
        let request = support::request_for(&[dir], &files, &params(dir));
        // The shuffles reach something: a case has several files or imports.
        check_orders(&case.name, &request, i as u64 + 1);
    }
}

#[test]
fn repeated_runs_are_byte_identical() {
    // The case with the most packages, run many times: packages are generated on threads.
    let dir = support::manifest_dir().join("tests/golden/cross_package");
    let protos = protos(&dir);
    let files: Vec<&str> = protos.iter().map(String::as_str).collect();
    let request = support::request_for(&[&dir], &files, &params(&dir));
    let first = output(&request);
    let response = protoc_gen_rustsvc::pb::CodeGeneratorResponse::decode(first.as_slice()).unwrap();
    assert_eq!(response.error, None);
    assert!(response.file.len() >= 3, "{:?}", response.file.len());
    for run in 0..20 {
        assert!(
            output(&request) == first,
            "run {run} differs from the first"
        );
    }
}

#[test]
fn many_packages_at_once_are_byte_identical_in_any_order() {
    // Several golden cases' files joined in one request: many packages, many threads.
    let mut request = CodeGeneratorRequest {
        parameter: Some("versions=false".into()),
        ..Default::default()
    };
    for case in [
        "cross_package",
        "nested",
        "enums",
        "maps",
        "streaming",
        "hostile",
    ] {
        let dir = support::manifest_dir().join("tests/golden").join(case);
        let protos = protos(&dir);
        let files: Vec<&str> = protos.iter().map(String::as_str).collect();
        let r = support::request_for(&[&dir], &files, "versions=false");
        for f in r.proto_file {
            if !request.proto_file.iter().any(|g| g.name() == f.name()) {
                request.proto_file.push(f);
            }
        }
        request.file_to_generate.extend(r.file_to_generate);
    }
    let response =
        protoc_gen_rustsvc::pb::CodeGeneratorResponse::decode(output(&request).as_slice()).unwrap();
    assert_eq!(response.error, None, "the joined request generates");
    assert!(response.file.len() >= 8, "{}", response.file.len());
    check_orders("joined cases", &request, 42);
}
