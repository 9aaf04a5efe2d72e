//! protobuf's conformance suite against the code we generate for its messages.
//!
//! The runner is protobuf's own `conformance_test_runner` (v33.2), which
//! `scripts/conformance-install.sh` installs into `target/conformance/` (or the directory
//! `RUSTSVC_CONFORMANCE_DIR` names) together with the suite's .proto files. This test installs
//! nothing: without the runner it says so and passes on a developer's machine; in CI
//! (`CI=true`) it fails, so a missing install step cannot go unnoticed.
//!
//! The testee is the crate in tests/conformance/: its build.rs runs protoc (the vendored one)
//! with our plugin binary over the installed .proto files. It is not a member of the workspace
//! (it cannot build before the install); this test copies it under the target dir and builds it
//! offline against the project's Cargo.lock, in its own target dir that later runs reuse.
//!
//! The runner runs with `--enforce_recommended` and every edition up to 2023, and its list of
//! expected failures is tests/conformance/failing_tests.txt: a test that fails and is not listed
//! fails this test, and so does a listed test that passes (or no longer exists).

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where scripts/conformance-install.sh put the runner.
fn runner_dir() -> PathBuf {
    match std::env::var_os("RUSTSVC_CONFORMANCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => support::manifest_dir().join("target/conformance"),
    }
}

/// The runner's directory when it is installed; in CI a missing runner is a failure.
fn installed_runner() -> Option<PathBuf> {
    let dir = runner_dir();
    let installed = dir.join("conformance_test_runner").is_file()
        && dir.join("include/conformance/conformance.proto").is_file();
    if !installed {
        let msg = format!(
            "protobuf's conformance runner is not installed in {}: run \
             `scripts/conformance-install.sh{}` first",
            dir.display(),
            match std::env::var_os("RUSTSVC_CONFORMANCE_DIR") {
                Some(d) => format!(" {}", PathBuf::from(d).display()),
                None => String::new(),
            }
        );
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{msg}");
        }
        eprintln!("skipping the conformance suite: {msg}");
        return None;
    }
    Some(dir)
}

/// Writes `content` to `path` unless it is there already, so that cargo sees no change.
fn write_if_changed(path: &Path, content: &[u8]) {
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
    std::fs::write(path, content).unwrap();
}

/// Builds the testee crate under the target dir; returns its binary.
fn build_testee(include: &Path) -> PathBuf {
    let source = support::manifest_dir().join("tests/conformance");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-testee");
    for file in ["Cargo.toml", "build.rs", "src/lib.rs", "src/main.rs"] {
        let mut content = std::fs::read(source.join(file)).expect("the testee's sources");
        if file == "Cargo.toml" {
            // The runtime crate by its path in this checkout, wherever the copy is.
            let runtime = support::manifest_dir().join("runtime");
            content = String::from_utf8(content)
                .expect("Cargo.toml is UTF-8")
                .replace(
                    "path = \"../../runtime\"",
                    &format!("path = {:?}", runtime.display().to_string()),
                )
                .into_bytes();
        }
        write_if_changed(&dir.join(file), &content);
    }
    // The project's lock file pins the versions the workspace uses, already downloaded.
    let lock = std::fs::read(support::manifest_dir().join("Cargo.lock")).unwrap();
    write_if_changed(&dir.join("Cargo.lock"), &lock);

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let out = Command::new(cargo)
        .args(["build", "--offline", "--quiet"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTSVC_CONFORMANCE_INCLUDE", include)
        .env("RUSTSVC_PLUGIN", support::plugin_bin())
        .env("PROTOC", support::protoc())
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "building the conformance testee failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("target/debug/rustsvc-conformance-testee")
}

#[test]
fn conformance_suite_has_no_unexpected_results() {
    let Some(runner) = installed_runner() else {
        return;
    };
    let testee = build_testee(&runner.join("include"));
    let failure_list = support::manifest_dir().join("tests/conformance/failing_tests.txt");
    let output_dir = support::tempdir("conformance");
    let run = Command::new(runner.join("conformance_test_runner"))
        .arg("--enforce_recommended")
        .args(["--maximum_edition", "2023"])
        .arg("--failure_list")
        .arg(&failure_list)
        .arg("--output_dir")
        .arg(&output_dir)
        .arg(&testee)
        .output()
        .expect("run conformance_test_runner");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    // The runner logs every test it starts (I…) and each failure's request; the rest is the
    // report: failures, listed tests that passed or exist no more, and one summary per suite.
    let report: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|l| !l.starts_with("I0000 ") && !l.starts_with("WARNING: All log messages"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let summaries: Vec<&str> = report
        .iter()
        .copied()
        .filter(|l| l.starts_with("CONFORMANCE SUITE"))
        .collect();
    // Two suites, binary + JSON and text format; the second runs only if the first passed.
    assert!(
        run.status.success()
            && summaries.len() == 2
            && summaries
                .iter()
                .all(|s| s.starts_with("CONFORMANCE SUITE PASSED") && s.contains(" 0 unexpected")),
        "the conformance suite has unexpected results (expected failures: \
         tests/conformance/failing_tests.txt; the runner exited with {}; its lists of failing \
         and succeeding tests are in {}):\n{}",
        run.status,
        output_dir.display(),
        report.join("\n")
    );
    let _ = std::fs::remove_dir_all(&output_dir);
    for summary in summaries {
        eprintln!("{summary}");
    }
}
