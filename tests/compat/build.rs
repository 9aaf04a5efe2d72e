//! Compiles every golden case's protos with prost-build, so tests can compare our generated
//! types with prost-build's on the wire.

use std::path::{Path, PathBuf};

fn protos(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().unwrap() != "expected" {
                protos(&p, base, out);
            }
        } else if p.extension().is_some_and(|x| x == "proto") {
            out.push(p.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

fn main() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    println!("cargo:rerun-if-changed={}", golden.display());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path().unwrap());
    let include = protoc_bin_vendored::include_path().unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(&golden)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    cases.sort();
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        // Only the message half is compared; cases without messages or needing newer
        // features than prost-build supports are skipped by name.
        // `comments` has bidirectional-control characters that prost-build copies into doc
        // comments verbatim, which rustc rejects; we escape them (see that golden case).
        if name.starts_with("editions")
            || name.starts_with("hostile")
            || name == "comments"
            || name == "opt_message_impl_own"
        {
            continue;
        }
        let mut files = Vec::new();
        protos(&case, &case, &mut files);
        let case_out = out.join(&name);
        std::fs::create_dir_all(&case_out).unwrap();
        let mut config = prost_build::Config::new();
        config.out_dir(&case_out).include_file("_include.rs");
        if name == "maps" {
            config.btree_map([".maps.Maps.ordered"]);
        }
        config
            .compile_protos(
                &files.iter().map(|f| case.join(f)).collect::<Vec<_>>(),
                &[case.clone(), include.clone()],
            )
            .unwrap_or_else(|e| panic!("prost-build on {name}: {e}"));
    }
}
