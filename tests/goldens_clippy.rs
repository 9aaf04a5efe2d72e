//! Every golden case's expected output in one edition-2024 crate, one module each, under
//! `cargo clippy -- -D warnings`: generated code is clippy-clean on real trees too (the
//! `lint_*` cases are the shapes that made clippy speak: `cel.expr.Expr`'s module
//! inception, protovalidate's `len` field). The crate builds offline against the versions in
//! Cargo.lock, in a target dir kept between runs.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// What the option cases point at: `crate::reexport::…`, serde, the common-types crate, and
/// the Debug impls `skip_debug` leaves to the user.
const SUPPORT: &str = r#"
/// What `prost_path`, `prost_types_path`, `tonic_path` and `codec_path` point at.
pub mod reexport {
    pub use prost;
    pub use prost_types;
    pub use tonic;
    pub use tonic_prost;
}
"#;

const SKIP_DEBUG_IMPLS: &str = r#"
impl core::fmt::Debug for case_opt_skip_debug::opts::v1::Item {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Item { .. }")
    }
}
impl core::fmt::Debug for case_opt_skip_debug::opts::v1::item::Choice {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Choice")
    }
}
impl core::fmt::Debug for case_opt_skip_debug::opts::v1::Kind {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str_name())
    }
}
"#;

pub fn golden_cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(support::manifest_dir().join("tests/golden"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A crate at `dir` (edition 2024) whose lib.rs is `lib`, with the dependencies generated
/// code and the option cases need.
pub fn write_crate(dir: &Path, name: &str, lib: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    let common = support::manifest_dir().join("tests/common-types");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nprost = \"0.14\"\nprost-types = \"0.14\"\ntonic = \"0.14\"\n\
             tonic-prost = \"0.14\"\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             rustsvc-common-types = {{ path = {:?} }}\n\n[workspace]\n",
            common.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(
        support::manifest_dir().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
}

/// `cargo clippy -- -D warnings` on the crate, offline; its output when it fails.
pub fn clippy(dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("goldens-clippy-target");
    let out = Command::new(cargo)
        .args(["clippy", "--offline", "--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo clippy");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() || stderr.contains("warning") {
        return Err(stderr);
    }
    Ok(())
}

#[test]
fn every_golden_case_is_clippy_clean_in_edition_2024() {
    let dir: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("goldens-clippy");
    let mut lib = String::from("//! Every golden case, generated.\n");
    lib.push_str(SUPPORT);
    lib.push_str(SKIP_DEBUG_IMPLS);
    let cases = golden_cases();
    assert!(cases.iter().any(|c| c == "lint_module_inception"));
    for case in &cases {
        let expected = support::manifest_dir()
            .join("tests/golden")
            .join(case)
            .join("expected/mod.rs");
        lib.push_str(&format!(
            "pub mod case_{case} {{\n    include!({:?});\n}}\n",
            expected.display().to_string()
        ));
    }
    write_crate(&dir, "goldens-clippy", &lib);
    if let Err(stderr) = clippy(&dir) {
        panic!("clippy -D warnings on the golden cases:\n{stderr}");
    }
}
