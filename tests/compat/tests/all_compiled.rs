//! Every golden case's expected output is compiled, by this crate (src/lib.rs) or by an
//! integration test of the main crate (tests/*.rs): a new case cannot be forgotten.

#[test]
fn every_golden_case_is_compiled() {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    // Integration tests of the main crate that include goldens.
    let services = std::fs::read_dir(&tests)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect::<String>();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(golden).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let in_services = services.contains(&format!("golden!({name});"))
            || services.contains(&format!("golden/{name}/expected/mod.rs"))
            || services.contains(&format!("\"tests/golden/{name}\""));
        if entry.path().is_dir()
            && !rustsvc_compat::COMPILED.contains(&name.as_str())
            && !in_services
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "golden cases not compiled in tests/compat/src/lib.rs: {missing:?}"
    );
}
