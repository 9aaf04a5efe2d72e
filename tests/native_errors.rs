//! protoc's checks in the native front end, as a table of broken files
//! (tests/native_errors/<case>.txt): each case holds its files (`== name.proto`, the first
//! is compiled), the error the native front end must give word for word (`== error`,
//! file:line:column as protoc counts them), and, when protoc words it differently (our
//! messages add how to fix the problem), the line protoc prints (`== protoc`). Every case
//! is also run through the pinned protoc, which must fail and print that line, so the
//! table proves the messages and positions are protoc's. Where the error is several lines
//! (protoc reports every error of the file it stops at, with its notes), protoc must print
//! exactly those lines, in that order.

mod support;

use std::path::PathBuf;
use std::process::Command;

use protoc_gen_rustsvc::parse::native;

struct Case {
    files: Vec<(String, String)>,
    error: Option<String>,
    protoc: Option<String>,
}

fn read_case(text: &str) -> Case {
    let mut case = Case {
        files: Vec::new(),
        error: None,
        protoc: None,
    };
    let mut current: Option<(String, String)> = None;
    let flush = |current: &mut Option<(String, String)>, case: &mut Case| {
        if let Some((name, body)) = current.take() {
            match name.as_str() {
                "error" => case.error = Some(body.trim_end().to_owned()),
                "protoc" => case.protoc = Some(body.trim_end().to_owned()),
                _ => case.files.push((name, body)),
            }
        }
    };
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.strip_prefix("== ") {
            flush(&mut current, &mut case);
            current = Some((name.trim().to_owned(), String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
        }
    }
    flush(&mut current, &mut case);
    case
}

#[test]
fn broken_files_give_protocs_errors() {
    let dir = support::manifest_dir().join("tests/native_errors");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 30, "{} cases", names.len());
    let mut failures = Vec::new();
    for path in names {
        let label = path.file_stem().unwrap().to_string_lossy().into_owned();
        let case = read_case(&std::fs::read_to_string(&path).unwrap());
        let work = support::tempdir(&format!("native-err-{label}"));
        for (name, body) in &case.files {
            std::fs::write(work.join(name), body).unwrap();
        }
        let input = &case.files[0].0;
        let ours = match native::parse(std::slice::from_ref(&work), &[work.join(input)]) {
            Ok(_) => "(no error)".to_owned(),
            Err(e) => e
                .message()
                .replace(&format!("{}/", work.display()), "")
                .replace(&work.display().to_string(), "."),
        };
        let output = Command::new(support::protoc())
            .current_dir(&work)
            .arg("-I.")
            .arg("--descriptor_set_out=/dev/null")
            .arg(input)
            .output()
            .unwrap();
        let theirs = String::from_utf8_lossy(&output.stderr).into_owned();
        let _ = std::fs::remove_dir_all(&work);
        let Some(expected) = &case.error else {
            failures.push(format!(
                "{label}: no `== error`; ours:\n{ours}\nprotoc:\n{theirs}"
            ));
            continue;
        };
        if &ours != expected {
            failures.push(format!(
                "{label}: expected\n  {expected}\ngot\n  {ours}\n(protoc: {theirs})"
            ));
        }
        let protoc_lines = case.protoc.as_ref().unwrap_or(expected);
        // One line: protoc prints it (among others). Several: protoc prints exactly these,
        // in this order (its whole list of errors).
        let printed = if protoc_lines.contains('\n') {
            theirs.trim_end() == protoc_lines
        } else {
            theirs.lines().any(|l| l == protoc_lines)
        };
        if output.status.success() || !printed {
            failures.push(format!(
                "{label}: protoc does not print `{protoc_lines}`; it printed:\n{theirs}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\n{} failures",
        failures.join("\n\n"),
        failures.len()
    );
}

/// Deprecated features are protoc's warnings, at protoc's position, and not errors.
#[test]
fn deprecated_features_warn_as_protoc_does() {
    let work = support::tempdir("native-warn");
    std::fs::write(
        work.join("a.proto"),
        "edition = \"2023\";\nimport \"google/protobuf/java_features.proto\";\nenum E { A = 0; }\n\
         message M {\n  E e = 1 [features.(pb.java).legacy_closed_enum = true];\n}\n",
    )
    .unwrap();
    let parsed = native::parse(std::slice::from_ref(&work), &[work.join("a.proto")]).unwrap();
    let ours: Vec<String> = parsed
        .warnings
        .iter()
        .map(|w| w.replace(&format!("{}/", work.display()), ""))
        .collect();
    let output = Command::new(support::protoc())
        .current_dir(&work)
        .arg("-I.")
        .arg(format!("-I{}", support::protoc_include().display()))
        .arg("--descriptor_set_out=/dev/null")
        .arg("a.proto")
        .output()
        .unwrap();
    assert!(output.status.success());
    // protoc writes `file:line:column: warning: message`; ours are `file:line:column:
    // message`, printed after `warning: `.
    let theirs: Vec<String> = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(|l| l.replacen(" warning: ", " ", 1))
        .collect();
    assert_eq!(ours.len(), 1, "{ours:?}");
    assert!(ours[0].starts_with(
        "a.proto:5:5: pb.JavaFeatures.legacy_closed_enum has been deprecated in edition 2023: "
    ));
    assert_eq!(ours, theirs);
    let _ = std::fs::remove_dir_all(&work);
}
