//! The test cases that live as directories: golden cases (tests/golden/<case>/), parser
//! cases (tests/parse_cases/<case>/) and error cases (tests/errors/<case>/). Every test that
//! walks them takes them from here, so a new case is picked up everywhere. This file has no
//! dependencies: tests/support/mod.rs re-exports it, and tests/compat (its build script and
//! its tests) includes it by path.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// One case: a directory holding .proto inputs (possibly in subdirectories), an optional
/// params.txt, and what the case expects (`expected/`, `expected_error.txt`, …).
#[derive(Clone, Debug)]
pub struct Case {
    /// The directory name, which names the case in failures.
    pub name: String,
    pub dir: PathBuf,
}

/// The cases under `parent`: its subdirectories, sorted by name. Missing `parent` is a
/// failure, not an empty list.
pub fn cases_in(parent: &Path) -> Vec<Case> {
    let mut cases: Vec<Case> = std::fs::read_dir(parent)
        .unwrap_or_else(|e| panic!("{}: {e}", parent.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .map(|dir| Case {
            name: dir.file_name().unwrap().to_string_lossy().into_owned(),
            dir,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

/// The golden cases of the repository at `root` (the main crate's directory).
pub fn golden_cases_at(root: &Path) -> Vec<Case> {
    cases_in(&root.join("tests/golden"))
}

/// The .proto files of a case, relative to its directory with `/` separators, sorted; the
/// `expected/` folder is skipped.
pub fn case_protos(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().unwrap() != "expected" {
                    walk(base, &p, out);
                }
            } else if p.extension().is_some_and(|x| x == "proto") {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The parameter line of a case: its params.txt (one line, trimmed), empty without one.
pub fn case_options(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("params.txt"))
        .unwrap_or_default()
        .trim()
        .to_owned()
}
