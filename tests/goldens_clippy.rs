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
             rustsvc-common-types = {{ path = {:?} }}\n\
             rustsvc-runtime = {{ path = {:?}, features = [\"json\"] }}\n\n[workspace]\n",
            common.display().to_string(),
            support::manifest_dir().join("runtime").display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(
        support::manifest_dir().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
}

/// `cargo clippy -- -D warnings` on the crate, offline, in the target dir tests/readme.rs
/// shares (the dependencies are built once); its output when it fails.
pub fn clippy(dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition2024-target");
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

/// The broadest value of every option that takes a path, or why it has none that compiles
/// on its own.
fn broadest(spec: &protoc_gen_rustsvc::options::OptionSpec) -> Result<String, &'static str> {
    use protoc_gen_rustsvc::options::ValueKind;
    match (spec.name, spec.kind) {
        ("skip_debug", _) => Err("the user writes the Debug impls it leaves out"),
        ("extern_path", _) => Err("everything would come from the user's crate"),
        ("type_name_domain", _) => Ok("enable_type_names,type_name_domain=.=example.com".into()),
        ("unknown_fields", _) => Ok("message_impl=own,unknown_fields=.".into()),
        (name, ValueKind::Path) => Ok(format!("{name}=.")),
        // A doc line goes wherever an attribute can, and says which option put it there.
        (name, ValueKind::PathAttribute) => Ok(format!("{name}=.=#[doc = \"{name}\"]")),
        (name, kind) => panic!("teach this test the broadest value of {name} ({kind:?})"),
    }
}

/// Generates a golden case with its own params plus `extra`.
fn generate(case: &str, extra: &str) -> Result<Vec<(String, String)>, String> {
    let dir = support::manifest_dir().join("tests/golden").join(case);
    let protos = support::case_protos(&dir);
    let files: Vec<&str> = protos.iter().map(String::as_str).collect();
    let params = format!("{},{extra}", support::case_params(&dir));
    let request = support::request_for(&[&dir], &files, &params);
    let response = protoc_gen_rustsvc::generate(&request);
    match response.error {
        Some(e) => Err(e),
        None => Ok(response
            .file
            .into_iter()
            .map(|f| (f.name().to_owned(), f.content().to_owned()))
            .collect()),
    }
}

/// Every option that takes a path, with the broadest path (`.`), over every golden case:
/// each alone generates without an error, and all of them at once give code that compiles
/// clippy-clean (one crate, so the test stays fast).
#[test]
fn every_option_with_the_broadest_path_generates_code_that_compiles() {
    use protoc_gen_rustsvc::options::{ValueKind, SPECS};
    let values: Vec<String> = SPECS
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                ValueKind::Path | ValueKind::PathAttribute | ValueKind::PathValue
            )
        })
        .filter_map(|s| broadest(s).ok())
        .collect();
    assert!(values.len() >= 12, "{values:?}");
    let cases = golden_cases();
    let mut failures = Vec::new();
    for value in &values {
        for case in &cases {
            if let Err(e) = generate(case, value) {
                failures.push(format!("{case} with {value}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let all = values.join(",");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("broadest-options");
    let _ = std::fs::remove_dir_all(dir.join("src"));
    let mut lib = format!("//! Every golden case with {all}.\n");
    lib.push_str(SUPPORT);
    lib.push_str(SKIP_DEBUG_IMPLS);
    // These cases derive serde's traits themselves, which bytes::Bytes (from bytes=.) only
    // has with the bytes crate's `serde` feature.
    let serde_cases = [
        "opt_enum_attribute",
        "opt_field_attribute",
        "opt_type_attribute",
    ];
    // opt_extern_path's extern types come from rustsvc-common-types, which has no JSON impls
    // (a user's extern types bring their own): that case goes without `json`.
    let all_but_json = values
        .iter()
        .filter(|v| !v.starts_with("json="))
        .cloned()
        .collect::<Vec<_>>()
        .join(",");
    for case in cases.iter().filter(|c| !serde_cases.contains(&c.as_str())) {
        let all = if case == "opt_extern_path" {
            &all_but_json
        } else {
            &all
        };
        let files = generate(case, all).unwrap_or_else(|e| panic!("{case} with {all}: {e}"));
        let out = dir.join("src").join(case);
        std::fs::create_dir_all(&out).unwrap();
        for (name, content) in files {
            std::fs::write(out.join(name), content).unwrap();
        }
        lib.push_str(&format!(
            "pub mod case_{case} {{\n    include!(\"{case}/mod.rs\");\n}}\n"
        ));
    }
    write_crate(&dir, "broadest-options", &lib);
    if let Err(stderr) = clippy(&dir) {
        panic!("the golden cases with {all} do not compile clippy-clean:\n{stderr}");
    }
}
