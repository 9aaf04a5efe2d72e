//! Every golden case's expected output is compiled, by this crate (src/lib.rs) or by the
//! service goldens test (tests/services_goldens_compile.rs): a new case cannot be forgotten.

#[test]
fn every_golden_case_is_compiled() {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../golden");
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let services = ["services_goldens_compile.rs", "services_migration.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(tests.join(f)).unwrap())
        .collect::<String>();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(golden).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let in_services = services.contains(&format!("golden!({name});"))
            || services.contains(&format!("golden/{name}/expected/mod.rs"));
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
