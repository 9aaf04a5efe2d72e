//! The `hostile` golden case (tests/golden/hostile/) as a crate: it builds with
//! `-D warnings`, clippy and `cargo doc` with `-D warnings` report nothing, `cargo test --doc` runs no
//! doctest (no text from the .proto becomes code), and the rendered HTML shows the text
//! escaped. The crate lives under the target dir and builds offline against the prost (and,
//! once services are generated, tonic) already in Cargo.lock; its own target dir is kept
//! between runs, so only the first run compiles the dependencies.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn cargo(crate_dir: &Path, args: &[&str], rustflags: &str) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["--offline", "--quiet"])
        .args(args)
        .current_dir(crate_dir)
        .env("CARGO_TARGET_DIR", crate_dir.join("target"))
        .env("RUSTFLAGS", rustflags)
        .env("RUSTDOCFLAGS", rustflags)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Generates the hostile case (and the underscore names of tests/regressions/) into a
/// crate, one module each, and returns the crate dir.
fn hostile_crate() -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-doccheck");
    let src = dir.join("src");
    let _ = std::fs::remove_dir_all(&src);
    let mut services = false;
    for (module, case_dir, proto) in [
        ("hostile", "tests/golden/hostile", "hostile.proto"),
        ("underscores", "tests/regressions", "underscores.proto"),
    ] {
        let case = support::manifest_dir().join(case_dir);
        let request = support::request_for(&[&case], &[proto], "versions=false");
        let response = protoc_gen_rustsvc::generate(&request);
        assert_eq!(response.error, None, "{proto}");
        let out = src.join(module);
        std::fs::create_dir_all(&out).unwrap();
        for f in &response.file {
            services |= f.name().ends_with("_grpc.rs");
            std::fs::write(out.join(f.name()), f.content()).unwrap();
        }
    }
    std::fs::write(
        src.join("lib.rs"),
        "//! The hostile golden case, generated.\n//!\n//! ```\n//! assert_eq!(1 + 1, 2);\n//! ```\n\
         pub mod case_hostile {\n    include!(\"hostile/mod.rs\");\n}\n\
         pub mod case_underscores {\n    include!(\"underscores/mod.rs\");\n}\n",
    )
    .unwrap();
    let mut manifest = String::from(
        "[package]\nname = \"hostile_doccheck\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[lib]\npath = \"src/lib.rs\"\n\n[dependencies]\nprost = \"0.14\"\n",
    );
    if services {
        manifest.push_str("tonic = \"0.14\"\ntonic-prost = \"0.14\"\n");
    }
    manifest.push_str("\n[workspace]\n");
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The project's lock file pins the same versions the tests use, already downloaded.
    std::fs::copy(
        support::manifest_dir().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
    dir
}

#[test]
fn hostile_text_builds_documents_cleanly_and_never_runs() {
    let dir = hostile_crate();

    let build = cargo(&dir, &["build", "--lib"], "-D warnings");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(!stderr.contains("warning"), "build warnings:\n{stderr}");

    // clippy on the generated code too (it found the tabs proto comments bring).
    let clippy = cargo(&dir, &["clippy", "--lib"], "-D warnings");
    let stderr = String::from_utf8_lossy(&clippy.stderr);
    assert!(!stderr.contains("warning"), "clippy warnings:\n{stderr}");

    let doc = cargo(&dir, &["doc", "--no-deps", "--lib"], "-D warnings");
    let stderr = String::from_utf8_lossy(&doc.stderr);
    assert!(!stderr.contains("warning"), "rustdoc warnings:\n{stderr}");

    // lib.rs has one doctest of its own, so rustdoc did look for them: it must be the only
    // one that ran.
    let doctest = cargo(
        &dir,
        &["test", "--doc", "--", "--format=pretty"],
        "-D warnings",
    );
    let stdout = String::from_utf8_lossy(&doctest.stdout);
    let ran: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && !l.starts_with("test result"))
        .collect();
    assert!(
        stdout.contains("running 1 test")
            && ran.len() == 1
            && ran[0].starts_with("test src/lib.rs"),
        "doctests ran from proto text:\n{stdout}"
    );

    // The text is in the docs, shown, not interpreted.
    let html = std::fs::read_to_string(
        dir.join("target/doc/hostile_doccheck/case_hostile/hostile/v1/struct.Option.html"),
    )
    .expect("the page of message Option");
    assert!(!html.contains("<script>alert"), "raw <script> in the docs");
    assert!(!html.contains("<img src=x"), "raw <img> in the docs");
    assert!(
        html.contains("&lt;script&gt;alert"),
        "the <script> text is not shown"
    );
    assert!(html.contains("rust fence"), "a fence's text is not shown");
    assert!(
        html.contains(r"\u{202e}"),
        "the bidi override is not shown as an escape"
    );
    assert!(
        !html.contains('\u{202e}'),
        "a raw bidi override in the docs"
    );

    // A comment whose markdown the escaping cannot follow is shown whole as text.
    let html = std::fs::read_to_string(
        dir.join("target/doc/hostile_doccheck/case_hostile/hostile/v1/struct.None.html"),
    )
    .expect("the page of message None");
    assert!(
        html.contains("&lt;b&gt;None&lt;/b&gt;"),
        "the comment is not shown as text"
    );
    assert!(html.contains("panic!("), "the fence's text is not shown");
}
