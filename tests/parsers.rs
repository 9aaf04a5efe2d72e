//! The built-in front end (the native one, the default) against protoc: for every golden
//! case (tests/golden/<case>/) and every parser case (tests/parse_cases/<case>/), both build a
//! request and the generated files must be byte-identical. The descriptors must match too, and
//! so must the source info (span and comments) of every element the generator documents.

mod support;

use std::path::{Path, PathBuf};

use protoc_gen_rustsvc::parse::{self, Chosen};
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, FileDescriptorProto, Location};

/// Every golden case, then every parser case.
fn case_dirs() -> Vec<PathBuf> {
    let parse_cases = support::cases_in(&support::manifest_dir().join("tests/parse_cases"));
    support::golden_cases()
        .into_iter()
        .chain(parse_cases)
        .map(|case| case.dir)
        .collect()
}

/// The .proto files of a case, relative to its directory, sorted.
fn protos(dir: &Path) -> Vec<String> {
    support::case_protos(dir)
}

/// params.txt (one line) plus versions=false, as the golden harness does.
fn params(dir: &Path) -> String {
    support::case_params(dir)
}

/// The requests both parsers build for a case (every case: the built-in front end reads
/// all that protoc reads, editions and `\u` escapes included).
fn both(dir: &Path) -> Option<(CodeGeneratorRequest, CodeGeneratorRequest)> {
    let files = protos(dir);
    let names: Vec<&str> = files.iter().map(String::as_str).collect();
    let with_protoc = support::request_for(&[dir], &names, &params(dir));
    let inputs: Vec<PathBuf> = files.iter().map(|f| dir.join(f)).collect();
    let parsed = parse::parse(&Chosen::Native, &[dir.to_path_buf()], &inputs)
        .unwrap_or_else(|e| panic!("{}: the built-in front end failed: {e}", dir.display()));
    let pure = parse::request(&parsed, &params(dir));
    Some((with_protoc, pure))
}

#[test]
fn every_case_generates_the_same_files_with_both_parsers() {
    let dirs = case_dirs();
    assert!(dirs.len() >= 4, "found only {dirs:?}");
    let mut failures = Vec::new();
    for dir in &dirs {
        let Some((with_protoc, pure)) = both(dir) else {
            continue;
        };
        assert_eq!(with_protoc.file_to_generate, pure.file_to_generate);
        let a = protoc_gen_rustsvc::generate(&with_protoc);
        let b = protoc_gen_rustsvc::generate(&pure);
        assert_eq!(a.error, b.error, "{}", dir.display());
        assert!(!a.file.is_empty() || a.error.is_some());
        for (x, y) in a.file.iter().zip(&b.file) {
            if x != y {
                failures.push(format!(
                    "{}/{} differs between protoc (-) and the built-in parser (+):\n{}",
                    dir.display(),
                    x.name(),
                    support::diff(x.content(), y.content())
                ));
            }
        }
        assert_eq!(a.file.len(), b.file.len(), "{}", dir.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_case_has_the_same_descriptors_with_both_parsers() {
    for dir in case_dirs() {
        let Some((with_protoc, pure)) = both(&dir) else {
            continue;
        };
        for want in &with_protoc.proto_file {
            if want.name().starts_with("google/protobuf/") {
                continue;
            }
            let got = pure
                .proto_file
                .iter()
                .find(|f| f.name() == want.name())
                .unwrap_or_else(|| panic!("{}: {} missing", dir.display(), want.name()));
            let strip = |f: &FileDescriptorProto| FileDescriptorProto {
                source_code_info: None,
                ..f.clone()
            };
            let (want, got) = (format!("{:#?}", strip(want)), format!("{:#?}", strip(got)));
            assert!(
                want == got,
                "{}: the descriptors differ between protoc (-) and the built-in parser (+):\n{}",
                dir.display(),
                support::diff(&want, &got)
            );
        }
    }
}

/// Whether a SourceCodeInfo path names a message, field, oneof, enum, enum value,
/// service or method.
fn is_element(path: &[i32]) -> bool {
    #[derive(Clone, Copy)]
    enum S {
        File,
        Message,
        Enum,
        Service,
        Leaf,
    }
    let mut s = S::File;
    for pair in path.chunks(2) {
        let [kind, _] = pair else { return false };
        s = match (s, kind) {
            (S::File, 4) | (S::Message, 3) => S::Message,
            (S::File, 5) | (S::Message, 4) => S::Enum,
            (S::File, 6) => S::Service,
            (S::Message, 2 | 8) | (S::Enum, 2) | (S::Service, 2) => S::Leaf,
            _ => return false,
        };
    }
    !path.is_empty()
}

fn first_location<'a>(f: &'a FileDescriptorProto, path: &[i32]) -> Option<&'a Location> {
    f.source_code_info
        .as_ref()?
        .location
        .iter()
        .find(|l| l.path == path)
}

#[test]
fn every_case_has_the_same_element_positions_and_comments_with_both_parsers() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for dir in case_dirs() {
        let Some((with_protoc, pure)) = both(&dir) else {
            continue;
        };
        for want in &with_protoc.proto_file {
            if want.name().starts_with("google/protobuf/") {
                continue;
            }
            let got = pure.proto_file.iter().find(|f| f.name() == want.name());
            let Some(got) = got else { continue };
            let info = want
                .source_code_info
                .as_ref()
                .expect("protoc gave source info");
            let mut seen = std::collections::HashSet::new();
            for loc in &info.location {
                if !is_element(&loc.path) || !seen.insert(loc.path.clone()) {
                    continue;
                }
                compared += 1;
                match first_location(got, &loc.path) {
                    Some(g) if g == loc => {}
                    other => failures.push(format!(
                        "{}/{} {:?}:\n  protoc: {:?}\n  pure:   {:?}",
                        dir.display(),
                        want.name(),
                        loc.path,
                        loc,
                        other
                    )),
                }
            }
        }
    }
    assert!(compared > 50, "only {compared} elements compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
