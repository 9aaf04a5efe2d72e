//! What a user moving from prost-build sees change in the message code, one test each (the
//! README's "Moving from prost-build + tonic-build" lists them). prost-build's output is
//! the version in Cargo.lock, run by build.rs on the same golden protos.

use std::path::Path;

use prost::Message;
use rustsvc_compat::{ours, theirs};

/// Our text of a case's file in the derive form (build.rs), the form that matches
/// prost-build's line for line.
fn ours_text(case: &str, file: &str) -> String {
    let path = Path::new(env!("OUT_DIR"))
        .join("derive_text")
        .join(case)
        .join(file);
    std::fs::read_to_string(path).unwrap()
}

fn theirs_text(case: &str, file: &str) -> String {
    std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(case).join(file)).unwrap()
}

/// The lines without comments and without our clippy allowance on oneofs.
fn code_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with("// ") && l.trim() != "#[allow(clippy::large_enum_variant)]")
        .map(str::to_owned)
        .collect()
}

/// Our lines without each `#[deprecated]` that comes right before an item whose line
/// starts with one of `before` (attributes in between are skipped over).
fn without_deprecated_before(lines: &[String], before: &[&str]) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut removed = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.trim() == "#[deprecated]" {
            let item = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.starts_with("#["))
                .unwrap_or_default();
            if before.iter().any(|b| item.starts_with(b)) {
                removed += 1;
                continue;
            }
        }
        out.push(line.clone());
    }
    (out, removed)
}

/// prost-build marks deprecated fields, oneof variants and enum values; we also mark
/// deprecated messages, enums and map fields. Using them then warns, so a `-D warnings`
/// build that uses them on purpose needs `#[allow(deprecated)]` after switching.
#[test]
fn deprecated_messages_enums_and_map_fields_are_marked_too() {
    let ours = code_lines(&ours_text("deprecated", "deprecated.rs"));
    let theirs = code_lines(&theirs_text("deprecated", "deprecated.rs"));
    let (ours_less, removed) =
        without_deprecated_before(&ours, &["pub struct Old", "pub enum Gone", "pub labels:"]);
    assert_eq!(removed, 3, "the message, the enum and the map field");
    // Where the enum Gone is used, its own code allows the deprecation.
    let ours_less: Vec<String> = ours_less
        .into_iter()
        .filter(|l| l != "#[allow(deprecated)]")
        .collect();
    let theirs: Vec<String> = theirs
        .into_iter()
        .filter(|l| l != "#[allow(deprecated)]")
        .collect();
    assert_eq!(ours_less, theirs, "other differences from prost-build");
    // Both mark the deprecated enum value and oneof variant alike.
    for text in [
        &ours,
        &code_lines(&theirs_text("deprecated", "deprecated.rs")),
    ] {
        let at = |item: &str| {
            let i = text
                .iter()
                .position(|l| l.trim().starts_with(item))
                .unwrap();
            text[..i]
                .iter()
                .rev()
                .take(2)
                .any(|l| l.trim() == "#[deprecated]")
        };
        assert!(at("Legacy = 1,"), "the enum value");
        assert!(
            at("Legacy(::prost::alloc::string::String)"),
            "the oneof variant"
        );
    }
}

/// proto3 repeated scalars are packed unless they say `[packed = false]`. prost-build reads
/// an unset `packed` as false when the field has any other option and writes them
/// unpacked; we pack them, as the spec (and protoc's other runtimes) do. Decoding accepts
/// both forms, so the two interoperate; only the bytes written differ.
#[test]
fn proto3_repeated_scalars_with_other_options_are_packed() {
    let ours_lines = code_lines(&ours_text("packed_with_options", "packed.rs"));
    let theirs_lines = code_lines(&theirs_text("packed_with_options", "packed.rs"));
    let unpacked = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .filter(|l| l.contains("packed = \"false\""))
            .cloned()
            .collect()
    };
    assert_eq!(
        unpacked(&ours_lines),
        ["    #[prost(sint64, repeated, packed = \"false\", tag = \"4\")]"]
    );
    assert_eq!(
        unpacked(&theirs_lines),
        [
            "    #[prost(int32, repeated, packed = \"false\", tag = \"2\")]",
            "    #[prost(double, repeated, packed = \"false\", tag = \"3\")]",
            "    #[prost(sint64, repeated, packed = \"false\", tag = \"4\")]",
        ]
    );

    #[allow(deprecated)]
    fn build<T>(make: impl FnOnce(Vec<i32>, Vec<f64>) -> T) -> T {
        make(vec![1, 2], vec![0.5])
    }
    #[allow(deprecated)]
    let a = build(|ids, weights| ours::packed_with_options::packed::Samples {
        old_ids: ids,
        weights,
        ..Default::default()
    });
    #[allow(deprecated)]
    let b = build(
        |ids, weights| theirs::packed_with_options::packed::Samples {
            old_ids: ids,
            weights,
            ..Default::default()
        },
    );
    // Field 2 packed: one length-delimited record (tag 0x12); unpacked: a varint per value
    // (tag 0x10). Field 3 likewise (0x1a vs 0x19).
    assert_eq!(
        a.encode_to_vec(),
        [0x12, 2, 1, 2, 0x1a, 8, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f]
    );
    assert_eq!(
        b.encode_to_vec(),
        [0x10, 1, 0x10, 2, 0x19, 0, 0, 0, 0, 0, 0, 0xe0, 0x3f]
    );
    let a_from_b =
        ours::packed_with_options::packed::Samples::decode(b.encode_to_vec().as_slice()).unwrap();
    let b_from_a =
        theirs::packed_with_options::packed::Samples::decode(a.encode_to_vec().as_slice()).unwrap();
    assert_eq!(a_from_b, a);
    assert_eq!(b_from_a, b);
}

/// The same module paths: a package's types are at `<package modules>::<Type>`, nested
/// types in the message's snake_case module, as prost-build's `include_proto!` gives them:
/// each path below is written once and must name a type on both sides. The one
/// difference: a nested-types module where a package goes moves aside (`cluster_`), where
/// prost-build's output does not compile.
#[test]
fn module_paths_are_prost_builds() {
    macro_rules! on_both_sides {
        ($($path:ident)::+) => {{
            let a = { use ours as r; $($path)::+::default() };
            let b = { use theirs as r; $($path)::+::default() };
            assert_eq!(a.encode_to_vec(), b.encode_to_vec());
        }};
    }
    on_both_sides!(r::nested::nested::Outer);
    on_both_sides!(r::nested::nested::outer::Middle);
    on_both_sides!(r::nested::nested::outer::middle::Inner);
    on_both_sides!(r::cross_package::common::money::Amount);
    on_both_sides!(r::cross_package::shop::cart::v1::Cart);
    on_both_sides!(r::user::user::UserId);
    let text = ours_text("nested_module_rename", "envoy.api.v2.rs");
    assert!(text.contains("pub mod cluster_ {"));
}
