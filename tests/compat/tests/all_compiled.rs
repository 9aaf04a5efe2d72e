//! Every golden case's expected output is compiled: build.rs includes each case of the
//! shared listing (tests/support/cases.rs) as a module of `ours`, warnings denied. This fails
//! when a case is left out, or has no expected/mod.rs to compile.

#[path = "../../support/cases.rs"]
mod cases;

#[test]
fn every_golden_case_is_compiled() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cases = cases::golden_cases_at(&root);
    assert!(cases.len() > 40, "found only {} golden cases", cases.len());
    let mut missing = Vec::new();
    for case in &cases {
        if !case.dir.join("expected/mod.rs").is_file() {
            missing.push(format!("{} has no expected/mod.rs", case.name));
        } else if !rustsvc_compat::ours::COMPILED.contains(&case.name.as_str()) {
            missing.push(format!("{} is not in rustsvc_compat::ours", case.name));
        }
    }
    assert!(missing.is_empty(), "golden cases not compiled: {missing:?}");
    assert_eq!(rustsvc_compat::ours::COMPILED.len(), cases.len());
    for case in rustsvc_compat::CASES {
        assert!(
            rustsvc_compat::ours::COMPILED.contains(case),
            "{case} is compared with prost-build but is not a golden case"
        );
    }
}
