//! Golden files: each tests/golden/<case>/ holds .proto inputs, an optional params.txt and
//! the expected output under expected/. A real protoc builds the request (with source info);
//! the plugin's output must match byte for byte. `UPDATE_GOLDEN=1 cargo test --test golden`
//! rewrites the expected files; a normal run never writes.

mod support;

use std::collections::BTreeMap;
use std::path::Path;

/// Generates a case through the library with a request built by protoc.
fn generate_case(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let protos = support::case_protos(dir);
    let files: Vec<&str> = protos.iter().map(String::as_str).collect();
    let request = support::request_for(&[dir], &files, &support::case_params(dir));
    let response = protoc_gen_rustsvc::generate(&request);
    if let Some(e) = response.error {
        return Err(e);
    }
    Ok(response
        .file
        .into_iter()
        .map(|f| (f.name.unwrap_or_default(), f.content.unwrap_or_default()))
        .collect())
}

#[test]
fn golden_cases_match() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let cases = support::golden_cases();
    assert!(
        cases.len() >= 13,
        "expected the golden cases, found {cases:?}"
    );
    for support::Case { name: case, dir } in &cases {
        let expected_dir = dir.join("expected");
        let actual = match generate_case(dir) {
            Ok(files) => files,
            Err(e) => {
                failures.push(format!("{case}: the plugin failed: {e}"));
                continue;
            }
        };
        if update {
            let _ = std::fs::remove_dir_all(&expected_dir);
            std::fs::create_dir_all(&expected_dir).unwrap();
            for (name, content) in &actual {
                std::fs::write(expected_dir.join(name), content).unwrap();
            }
            continue;
        }
        let mut expected = BTreeMap::new();
        if let Ok(rd) = std::fs::read_dir(&expected_dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                expected.insert(name, std::fs::read_to_string(e.path()).unwrap());
            }
        }
        let names_e: Vec<&String> = expected.keys().collect();
        let names_a: Vec<&String> = actual.keys().collect();
        if names_e != names_a {
            failures.push(format!(
                "{case}: files differ: expected {names_e:?}, got {names_a:?}"
            ));
            continue;
        }
        for (name, content) in &actual {
            if &expected[name] != content {
                failures.push(format!(
                    "{case}/{name} differs (UPDATE_GOLDEN=1 to accept, after reading the diff):\n{}",
                    support::diff(&expected[name], content)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn output_is_deterministic_whatever_the_file_order() {
    for support::Case { name: case, dir } in support::golden_cases() {
        let protos = support::case_protos(&dir);
        if protos.len() < 2 {
            continue;
        }
        let files: Vec<&str> = protos.iter().map(String::as_str).collect();
        let mut request = support::request_for(&[&dir], &files, &support::case_params(&dir));
        let first = protoc_gen_rustsvc::generate(&request);
        request.file_to_generate.reverse();
        let second = protoc_gen_rustsvc::generate(&request);
        assert_eq!(first, second, "{case}: output depends on file order");
    }
}

/// A case that sets generator options is named `opt_<option>` after one of the options it
/// sets (`opt_<option>_<what else>` when there are several), and an `opt_` case sets one:
/// a newcomer looking for an option's output finds it by name.
#[test]
fn option_cases_are_named_after_an_option_they_set() {
    // Cases that set options but are about something else, and why.
    const NOT_NAMED_AFTER_AN_OPTION: &[(&str, &str)] = &[
        (
            "maps",
            "the maps feature case; btree_map on one field shows both map types",
        ),
        (
            "opt_service_paths",
            "tonic_path, codec_path and the five service attribute options together",
        ),
    ];
    let known: Vec<&str> = protoc_gen_rustsvc::options::SPECS
        .iter()
        .map(|s| s.name)
        .collect();
    let mut wrong = Vec::new();
    for case in support::golden_cases() {
        let params = support::case_options(&case.dir);
        // The option names: what precedes '=' (or the whole entry) where that is an option;
        // commas inside attribute values leave pieces that are not.
        let set: Vec<&str> = params
            .split(',')
            .map(|entry| entry.split('=').next().unwrap())
            .filter(|name| known.contains(name))
            .collect();
        if NOT_NAMED_AFTER_AN_OPTION
            .iter()
            .any(|(n, _)| *n == case.name)
        {
            assert!(
                !set.is_empty(),
                "{}: listed as an exception but sets no option",
                case.name
            );
            continue;
        }
        let named_after = case.name.strip_prefix("opt_").is_some_and(|rest| {
            set.iter()
                .any(|o| rest == *o || rest.starts_with(&format!("{o}_")))
        });
        // Options set, so an opt_ name after one of them; or neither.
        let is_opt = case.name.starts_with("opt_");
        if set.is_empty() == is_opt || (is_opt && !named_after) {
            wrong.push(format!("{} (sets {set:?})", case.name));
        }
    }
    assert!(
        wrong.is_empty(),
        "golden cases not named opt_<an option they set>: {wrong:?}"
    );
}
