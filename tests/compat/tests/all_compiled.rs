//! Every golden case's expected output is compiled by this crate: a new case cannot be
//! forgotten in the list in src/lib.rs.

#[test]
fn every_golden_case_is_compiled() {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(golden).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && !rustsvc_compat::COMPILED.contains(&name.as_str()) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "golden cases not compiled in tests/compat/src/lib.rs: {missing:?}"
    );
}
