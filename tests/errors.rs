//! The errors users meet, word for word. Each tests/errors/<case>/ holds .proto inputs, an
//! optional params.txt (the generator options, one line) and what the case expects:
//!
//! - `expected_error.txt`: protoc reads the inputs and the plugin answers with exactly this
//!   error and no files, whether it is called in-process (`generate`), on the encoded
//!   request (`run_plugin`, `run_plugin_streaming`), or as the binary under protoc (which
//!   prints it after `--rustsvc_out: ` and fails);
//! - `expected_cli_error.txt`: the command line with the built-in parser (no protoc on PATH,
//!   PROTOC unset), run in tests/errors as `protoc-gen-rustsvc -I <case> --out-dir DIR
//!   [--opt <params>] <case>/<file>...`, exits with 1, prints exactly this on stderr and
//!   writes nothing. Most of these are errors protoc reports itself.
//!
//! In either file `<valid options>` stands for the list of option names, which grows with
//! every option. `UPDATE_GOLDEN=1 cargo test --test errors` rewrites the expected files a
//! case has (`expected_error.txt` for a case with neither); read each one before committing.
//!
//! Errors no .proto file can produce (requests protoc would never send) are asserted in
//! `hand_made_requests` below, so every error text a user can meet is asserted in this file
//! or its cases.

mod support;

use std::path::Path;
use std::process::Command;

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

const VALID_OPTIONS: &str = "<valid options>";

/// An expected file's text as the plugin says it: the placeholder filled in.
fn expand(text: &str) -> String {
    text.replace(VALID_OPTIONS, &protoc_gen_rustsvc::options::valid_names())
}

/// The text to write on update: the option list replaced by the placeholder.
fn collapse(text: &str) -> String {
    text.replace(&protoc_gen_rustsvc::options::valid_names(), VALID_OPTIONS)
}

/// The plugin's error for a case read by protoc, after checking that every way of calling
/// the plugin gives the same answer.
fn plugin_error(case: &support::Case, protos: &[&str], params: &str) -> Result<String, String> {
    let request = support::request_for(&[&case.dir], protos, params);
    let response = protoc_gen_rustsvc::generate(&request);
    if !response.file.is_empty() {
        return Err(format!("files next to the error {:?}", response.error));
    }
    if response.supported_features != Some(protoc_gen_rustsvc::SUPPORTED_FEATURES) {
        return Err("the error response declares no supported features".into());
    }
    let error = response.error.clone().ok_or("no error")?;
    let encoded = request.encode_to_vec();
    let whole = protoc_gen_rustsvc::run_plugin(&encoded).map_err(|e| e.to_string())?;
    let whole = CodeGeneratorResponse::decode(whole.as_slice()).unwrap();
    if whole != response {
        return Err(format!("run_plugin answers {:?}", whole.error));
    }
    let input = protoc_gen_rustsvc::pb::read_request(encoded.as_slice()).unwrap();
    let mut streamed = Vec::new();
    protoc_gen_rustsvc::run_plugin_streaming(input, &mut streamed).map_err(|e| e.to_string())?;
    let streamed = CodeGeneratorResponse::decode(streamed.as_slice()).unwrap();
    if streamed.error != response.error {
        return Err(format!("run_plugin_streaming answers {:?}", streamed.error));
    }
    // The binary under protoc: protoc shows the error after the output flag and fails.
    let out = support::tempdir("errors-protoc");
    let mut protoc = Command::new(support::protoc());
    protoc
        .current_dir(&case.dir)
        .arg(format!(
            "--plugin=protoc-gen-rustsvc={}",
            support::plugin_bin().display()
        ))
        .arg(format!("--rustsvc_out={}", out.display()))
        .arg(format!("-I{}", support::protoc_include().display()))
        .arg("-I.");
    if !params.is_empty() {
        protoc.arg(format!("--rustsvc_opt={params}"));
    }
    let run = protoc.args(protos).output().expect("run protoc");
    let written = std::fs::read_dir(&out).unwrap().count();
    let _ = std::fs::remove_dir_all(&out);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let shown = format!("--rustsvc_out: {error}\n");
    if run.status.success() || written != 0 || !stderr.ends_with(&shown) {
        return Err(format!(
            "under protoc: {}, {written} files written, stderr:\n{stderr}",
            run.status
        ));
    }
    Ok(error)
}

/// The command line's stderr for a case, run with the built-in parser; it must fail with
/// exit status 1 and write nothing.
fn cli_error(case: &support::Case, protos: &[&str], params: &str) -> Result<String, String> {
    let errors = case.dir.parent().unwrap();
    let tmp = support::tempdir("errors-cli");
    let empty_path = tmp.join("empty-path");
    std::fs::create_dir_all(&empty_path).unwrap();
    let gen = tmp.join("gen");
    let mut cmd = Command::new(support::plugin_bin());
    cmd.current_dir(errors)
        .env("PATH", &empty_path)
        .env_remove("PROTOC")
        .args(["-I", &case.name, "--out-dir"])
        .arg(&gen);
    if !params.is_empty() {
        cmd.args(["--opt", params]);
    }
    cmd.args(protos.iter().map(|p| format!("{}/{p}", case.name)));
    let out = cmd.output().unwrap();
    let written = gen.exists();
    let _ = std::fs::remove_dir_all(&tmp);
    if out.status.code() != Some(1) || written {
        return Err(format!(
            "the command line: {}, output directory written: {written}, stderr:\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8(out.stderr).expect("UTF-8 on stderr"))
}

/// Compares (or, updating, writes) one expected file of a case.
fn check(
    case: &support::Case,
    file: &str,
    actual: Result<String, String>,
    update: bool,
    failures: &mut Vec<String>,
) {
    let path = case.dir.join(file);
    let actual = match actual {
        Ok(actual) => actual,
        Err(e) => return failures.push(format!("{}/{file}: {e}", case.name)),
    };
    // expected_error.txt ends with a newline the error does not have.
    let text = match file {
        "expected_error.txt" => format!("{actual}\n"),
        _ => actual,
    };
    if update {
        std::fs::write(&path, collapse(&text)).unwrap();
        return;
    }
    let expected = expand(&std::fs::read_to_string(&path).unwrap());
    if expected != text {
        failures.push(format!(
            "{}/{file} differs (UPDATE_GOLDEN=1 to accept, after reading the diff):\n{}",
            case.name,
            support::diff(&expected, &text)
        ));
    }
}

#[test]
fn error_cases() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let cases = support::cases_in(&support::manifest_dir().join("tests/errors"));
    assert!(cases.len() >= 25, "found only {} error cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let protos = support::case_protos(&case.dir);
        let protos: Vec<&str> = protos.iter().map(String::as_str).collect();
        let params = support::case_options(&case.dir);
        let has = |f: &str| case.dir.join(f).is_file();
        let (plugin, cli) = (has("expected_error.txt"), has("expected_cli_error.txt"));
        if protos.is_empty() {
            failures.push(format!("{}: no .proto file", case.name));
            continue;
        }
        if plugin || (update && !cli) {
            let actual = plugin_error(case, &protos, &params);
            check(case, "expected_error.txt", actual, update, &mut failures);
        }
        if cli {
            let actual = cli_error(case, &protos, &params);
            check(
                case,
                "expected_cli_error.txt",
                actual,
                update,
                &mut failures,
            );
        }
        if !plugin && !cli && !update {
            failures.push(format!(
                "{}: neither expected_error.txt nor expected_cli_error.txt",
                case.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Errors for requests no .proto file read by protoc produces: other front ends, or requests
/// built by hand, can still send them.
#[test]
fn hand_made_requests() {
    use protoc_gen_rustsvc::pb::{
        EnumDescriptorProto, EnumValueDescriptorProto, FileDescriptorProto,
    };
    let error_of = |request: &CodeGeneratorRequest| {
        let response = protoc_gen_rustsvc::generate(request);
        assert!(response.file.is_empty(), "no files on error");
        response.error.expect("an error")
    };
    let request = |file: FileDescriptorProto| CodeGeneratorRequest {
        file_to_generate: vec![file.name().to_owned()],
        proto_file: vec![file],
        ..Default::default()
    };

    // protoc rejects enum values that collide once the prefix is stripped; a request
    // without source info names the file alone (tests/errors/enum_variant_collision has
    // the same error through the built-in parser, with positions).
    let value = |name: &str, number| EnumValueDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        options: None,
    };
    let enum_clash = FileDescriptorProto {
        name: Some("enum_clash.proto".into()),
        package: Some("errors".into()),
        syntax: Some("proto3".into()),
        enum_type: vec![EnumDescriptorProto {
            name: Some("Level".into()),
            value: vec![value("LEVEL_HIGH", 0), value("HIGH", 1)],
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(
        error_of(&request(enum_clash)),
        "enum_clash.proto: enum value 'HIGH' of 'errors.Level' and 'LEVEL_HIGH' \
         (enum_clash.proto) both become the Rust variant 'High'; rename one of them"
    );

    // An edition newer than the plugin declares (protoc refuses to send it).
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/editions_2024");
    let mut newer = support::request_for(&[&dir], &["editions_2024.proto"], "versions=false");
    newer.proto_file.last_mut().unwrap().edition =
        Some(protoc_gen_rustsvc::pb::Edition::Edition2026 as i32);
    assert_eq!(
        error_of(&newer),
        "editions_2024.proto: edition 2026 is not supported; protoc-gen-rustsvc generates \
         editions 2023 to 2024 (and proto2, proto3): use edition = \"2024\" or older"
    );

    // Found while reading the service half's output for the hostile case: a file name
    // reaches the doc comment of a service's method table. A newline in it could start a
    // doctest there, and a bidi control would sit raw in the generated source.
    for name in [
        "a\n```rust\npanic!()\n```\n.proto",
        "a\u{202e}b.proto",
        "a\u{200b}.proto",
    ] {
        let file = FileDescriptorProto {
            name: Some(name.to_owned()),
            package: Some("p".into()),
            syntax: Some("proto3".into()),
            ..Default::default()
        };
        assert_eq!(
            error_of(&request(file)),
            format!(
                "file name {name:?} contains control, bidirectional or zero-width characters; \
                 rename the file"
            )
        );
    }
}
