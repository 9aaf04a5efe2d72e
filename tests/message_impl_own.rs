//! `message_impl=own` output as a crate of edition 2024 (tests/compat builds it in edition
//! 2021): the `opt_message_impl_own` golden case, the `hostile` case (text in every place a
//! name or comment reaches the impls, with unknown fields kept) and the cases whose options
//! add to messages (attributes, type names, descriptor sets, comments, keywords, deprecation)
//! build with `-D warnings`, and clippy and rustdoc report nothing. Like tests/hostile_docs.rs, the crate builds offline against the crates in
//! Cargo.lock in its own target dir under the target dir.

mod support;

use std::path::Path;
use std::process::Command;

fn cargo(crate_dir: &Path, args: &[&str]) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["--offline", "--quiet"])
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", crate_dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !stderr.contains("warning"),
        "cargo {args:?}:\n{}\n{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn own_message_code_builds_clean_in_edition_2024() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("message-impl-own-2024");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    let golden = support::manifest_dir().join("tests/golden");
    let mut lib = String::from("//! Generated with message_impl=own.\n");
    let own = ",message_impl=own";
    let unknown = ",message_impl=own,unknown_fields=.";
    for (module, case, extra) in [
        ("case_own", "opt_message_impl_own", ""),
        ("case_hostile", "hostile", unknown),
        ("case_comments", "comments", own),
        ("case_deprecated", "deprecated", own),
        ("case_keywords", "keywords", unknown),
        ("case_name_clashes", "name_clashes", own),
        ("case_type_names", "opt_enable_type_names", own),
        ("case_descriptor_set", "opt_file_descriptor_set", own),
        ("case_message_attribute", "opt_message_attribute", own),
        ("case_disable_comments", "opt_disable_comments", own),
        ("case_type_attribute", "opt_type_attribute", own),
        ("case_field_attribute", "opt_field_attribute", own),
        ("case_enum_attribute", "opt_enum_attribute", own),
        ("case_typed_enums", "opt_typed_enums", ""),
        (
            "case_typed_enums_prefix",
            "opt_typed_enums_retain_enum_prefix",
            "",
        ),
        (
            "case_typed_enums_all",
            "opt_message_impl_own",
            ",typed_enums=.",
        ),
        (
            "case_typed_enums_hostile",
            "hostile",
            ",message_impl=own,unknown_fields=.,typed_enums=.",
        ),
    ] {
        let case_dir = golden.join(case);
        let files = support::case_protos(&case_dir);
        let files: Vec<&str> = files.iter().map(String::as_str).collect();
        let params = format!("{}{extra}", support::case_params(&case_dir));
        let request = support::request_for(&[&case_dir], &files, &params);
        let response = protoc_gen_rustsvc::generate(&request);
        assert_eq!(response.error, None, "{case}");
        let out = src.join(module);
        std::fs::create_dir_all(&out).unwrap();
        for f in &response.file {
            std::fs::write(out.join(f.name()), f.content()).unwrap();
        }
        lib.push_str(&format!(
            "pub mod {module} {{\n    include!(\"{module}/mod.rs\");\n}}\n"
        ));
    }
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let runtime = support::manifest_dir().join("runtime");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"message_impl_own\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nprost = \"0.14\"\nprost-types = \"0.14\"\n\
             tonic = \"0.14\"\ntonic-prost = \"0.14\"\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             rustsvc-runtime = {{ path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(
        support::manifest_dir().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
    cargo(&dir, &["build", "--lib"]);
    cargo(&dir, &["clippy", "--lib"]);
    cargo(&dir, &["doc", "--no-deps", "--lib"]);
}
