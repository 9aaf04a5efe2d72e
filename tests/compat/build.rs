//! For every golden case (the listing of tests/support/cases.rs): includes our expected
//! output as a module of `ours` ($OUT_DIR/ours.rs), so every case is compiled and a new one
//! is picked up; and compiles its protos with prost-build, so tests can compare our generated
//! types with prost-build's on the wire.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "../support/cases.rs"]
mod cases;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    println!(
        "cargo:rerun-if-changed={}",
        root.join("tests/golden").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        root.join("tests/support/cases.rs").display()
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::env::set_var("PROTOC", protoc_bin_vendored::protoc_bin_path().unwrap());
    let include = protoc_bin_vendored::include_path().unwrap();
    let cases = cases::golden_cases_at(&root);
    let mut ours = String::new();
    for case in &cases {
        let mod_rs = case.dir.join("expected/mod.rs");
        writeln!(
            ours,
            "pub mod {} {{\n    include!({:?});\n}}",
            case.name,
            mod_rs.display()
        )
        .unwrap();
    }
    let names: Vec<String> = cases.iter().map(|c| format!("{:?}", c.name)).collect();
    writeln!(
        ours,
        "/// Every golden case, each compiled above.\npub const COMPILED: &[&str] = &[{}];",
        names.join(", ")
    )
    .unwrap();
    std::fs::write(out.join("ours.rs"), ours).unwrap();
    for cases::Case { name, dir: case } in cases {
        // Only the message half is compared; cases without messages or needing newer
        // features than prost-build supports are skipped by name.
        // `comments` has bidirectional-control characters that prost-build copies into doc
        // comments verbatim, which rustc rejects; we escape them (see that golden case).
        if name.starts_with("editions") || name.starts_with("hostile") || name == "comments" {
            continue;
        }
        let files = cases::case_protos(&case);
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
