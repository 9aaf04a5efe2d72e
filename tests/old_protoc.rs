//! Another protoc: 3.21.6 (the one inside grpcio-tools 1.49.1), which predates editions and
//! `source_file_descriptors`, runs the plugin binary over every golden case that is not an
//! editions file; the output must be the golden files, byte for byte.
//!
//! `.ci/run` installs it in a virtualenv and sets `RUSTSVC_OLD_PROTOC_PYTHON`; without it the
//! test says so and passes on a developer's machine, and fails in CI (`CI=true`).

mod support;

use std::path::PathBuf;
use std::process::Command;

fn old_protoc_python() -> Option<PathBuf> {
    let python = std::env::var_os("RUSTSVC_OLD_PROTOC_PYTHON").map(PathBuf::from);
    if python.is_none() {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "RUSTSVC_OLD_PROTOC_PYTHON is not set: .ci/run installs grpcio-tools==1.49.1 for this test"
        );
        eprintln!("skipping: set RUSTSVC_OLD_PROTOC_PYTHON to a python with grpcio-tools==1.49.1");
    }
    python
}

#[test]
fn protoc_3_21_gives_the_golden_output() {
    let Some(python) = old_protoc_python() else {
        return;
    };
    let version = Command::new(&python)
        .args(["-m", "grpc_tools.protoc", "--version"])
        .output()
        .expect("run grpc_tools.protoc");
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        "libprotoc 3.21.6"
    );
    let include = Command::new(&python)
        .args([
            "-c",
            "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))",
        ])
        .output()
        .expect("find grpc_tools' include dir");
    let include = String::from_utf8_lossy(&include.stdout).trim().to_owned();

    let mut compared = 0;
    for support::Case { dir, .. } in support::golden_cases() {
        let protos = support::case_protos(&dir);
        let is_editions = protos.iter().any(|p| {
            std::fs::read_to_string(dir.join(p))
                .unwrap()
                .lines()
                .any(|l| l.trim_start().starts_with("edition"))
        });
        if is_editions {
            continue;
        }
        let out = support::tempdir("old-protoc");
        let run = Command::new(&python)
            .current_dir(&dir)
            .args(["-m", "grpc_tools.protoc", "-I.", &format!("-I{include}")])
            .arg(format!(
                "--plugin=protoc-gen-rustsvc={}",
                support::plugin_bin().display()
            ))
            .arg(format!("--rustsvc_out={}", out.display()))
            .arg(format!("--rustsvc_opt={}", support::case_params(&dir)))
            .args(&protos)
            .output()
            .expect("run protoc 3.21");
        assert!(
            run.status.success(),
            "{}: {}",
            dir.display(),
            String::from_utf8_lossy(&run.stderr)
        );
        let expected = dir.join("expected");
        for entry in std::fs::read_dir(&expected).unwrap().flatten() {
            let name = entry.file_name();
            let got = std::fs::read_to_string(out.join(&name))
                .unwrap_or_else(|_| panic!("{}: protoc 3.21 wrote no {name:?}", dir.display()));
            assert_eq!(
                got,
                std::fs::read_to_string(entry.path()).unwrap(),
                "{}/{name:?} differs under protoc 3.21",
                dir.display()
            );
        }
        let _ = std::fs::remove_dir_all(&out);
        compared += 1;
    }
    assert!(compared >= 40, "compared only {compared} cases");
}
