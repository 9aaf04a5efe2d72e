//! Our message files are prost-build's output, line for line, apart from the header and
//! where we deliberately differ (`#[deprecated]` on messages and enums, and an
//! `#[allow(clippy::large_enum_variant)]` on oneofs so generated code passes clippy).

use std::path::Path;

fn body(text: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with("// ") && l.trim() != "#[allow(clippy::large_enum_variant)]")
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn message_files_match_prost_build() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let theirs_root = Path::new(env!("OUT_DIR"));
    let mut compared = 0;
    for case in rustsvc_compat::CASES {
        // Where we differ on purpose: tests/migration.rs.
        if *case == "deprecated" || *case == "packed_with_options" {
            continue;
        }
        let expected = golden.join(case).join("expected");
        for entry in std::fs::read_dir(&expected).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "mod.rs" || name.ends_with("_grpc.rs") {
                continue;
            }
            // prost-build keeps `r#` of keyword segments in file names; we do not.
            let theirs_name = std::fs::read_dir(theirs_root.join(case))
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.replace("r#", "") == name)
                .unwrap_or_else(|| panic!("{case}: prost-build wrote no {name}"));
            let ours = std::fs::read_to_string(entry.path()).unwrap();
            let theirs = std::fs::read_to_string(theirs_root.join(case).join(theirs_name)).unwrap();
            assert_eq!(
                body(&ours),
                body(&theirs),
                "{case}/{name} differs from prost-build"
            );
            compared += 1;
        }
    }
    assert!(compared >= 14, "compared only {compared} files");
}
