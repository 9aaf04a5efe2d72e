//! The plugin protocol end to end: the binary under protoc, hand runs, stdin and stdout,
//! streamed responses. The exact error messages users see are error cases (tests/errors/,
//! run through protoc, the binary and the library by tests/errors.rs).

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

fn read(input: &[u8]) -> protoc_gen_rustsvc::pb::RequestBytes {
    protoc_gen_rustsvc::pb::read_request(input).expect("reading from memory")
}

/// The directory of an error case (tests/errors/<case>/).
fn error_case(case: &str) -> std::path::PathBuf {
    support::manifest_dir().join("tests/errors").join(case)
}

#[test]
fn protoc_runs_the_binary() {
    let out = support::tempdir("protoc-out");
    let run = |opt: &str| {
        Command::new(support::protoc())
            .arg(format!(
                "--plugin=protoc-gen-rustsvc={}",
                support::plugin_bin().display()
            ))
            .arg(format!("--rustsvc_out={}", out.display()))
            .arg(format!("--rustsvc_opt={opt}"))
            .arg(format!(
                "-I{}",
                support::manifest_dir().join("proto").display()
            ))
            .arg("user.proto")
            .output()
            .expect("run protoc")
    };
    let ok = run("versions=false");
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let golden = support::manifest_dir().join("tests/golden/user/expected");
    for name in ["user.rs", "mod.rs"] {
        assert_eq!(
            std::fs::read_to_string(out.join(name)).unwrap(),
            std::fs::read_to_string(golden.join(name)).unwrap(),
            "{name} through protoc differs from the golden file"
        );
    }
}

#[test]
fn undecodable_stdin_is_a_clear_error_with_exit_code_1() {
    let mut child = Command::new(support::plugin_bin())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\xff\xff\xff\xff not a request")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("protoc-gen-rustsvc: stdin is not a CodeGeneratorRequest ("),
        "{stderr}"
    );
    assert!(
        stderr.contains("This is a protoc plugin: run it as protoc --rustsvc_out=DIR file.proto")
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn empty_stdin_is_an_empty_request() {
    let out = Command::new(support::plugin_bin())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    let response = CodeGeneratorResponse::decode(out.stdout.as_slice()).unwrap();
    assert_eq!(response.error, None);
    assert_eq!(
        response.supported_features,
        Some(protoc_gen_rustsvc::SUPPORTED_FEATURES)
    );
}

#[test]
fn version_and_help_by_hand() {
    let v = Command::new(support::plugin_bin())
        .arg("--version")
        .output()
        .unwrap();
    assert!(v.status.success());
    assert_eq!(
        String::from_utf8_lossy(&v.stdout),
        format!("protoc-gen-rustsvc {}\n", env!("CARGO_PKG_VERSION"))
    );
    let h = Command::new(support::plugin_bin())
        .arg("--help")
        .output()
        .unwrap();
    assert!(h.status.success());
    let help = String::from_utf8_lossy(&h.stdout);
    for spec in protoc_gen_rustsvc::options::SPECS {
        assert!(help.contains(spec.name), "--help lacks {}", spec.name);
    }
}

#[test]
fn declares_proto3_optional() {
    let response = protoc_gen_rustsvc::generate(&CodeGeneratorRequest::default());
    let f = response.supported_features.unwrap();
    assert_ne!(f & 1, 0, "FEATURE_PROTO3_OPTIONAL");
}

#[test]
fn readme_documents_every_option() {
    // The README's table is the options' own declaration, rendered; this fails when either
    // changes alone.
    let readme = std::fs::read_to_string(support::manifest_dir().join("README.md")).unwrap();
    let table = protoc_gen_rustsvc::options::markdown_table();
    assert!(
        readme.contains(&table),
        "README's options table is not options::markdown_table(); paste this:\n{table}"
    );
    for spec in protoc_gen_rustsvc::options::SPECS {
        assert!(
            table.contains(&format!("| `{}=", spec.name)),
            "{}",
            spec.name
        );
    }
}

#[test]
fn streaming_response_is_byte_identical() {
    let request = support::request_for(
        &[&support::manifest_dir().join("tests/golden/cross_package")],
        &[
            "acme/store/v1/store.proto",
            "shop/cart.proto",
            "acme/common/v1/common.proto",
        ],
        "versions=false",
    );
    let input = request.encode_to_vec();
    let whole = protoc_gen_rustsvc::run_plugin(&input).unwrap();
    let mut streamed = Vec::new();
    protoc_gen_rustsvc::run_plugin_streaming(read(&input), &mut streamed).unwrap();
    assert_eq!(streamed, whole);
    let response = CodeGeneratorResponse::decode(streamed.as_slice()).unwrap();
    assert!(response.file.len() >= 4);
    // And for an error response.
    let mut bad = request.clone();
    bad.parameter = Some("nope".into());
    let input = bad.encode_to_vec();
    let whole = protoc_gen_rustsvc::run_plugin(&input).unwrap();
    let mut streamed = Vec::new();
    protoc_gen_rustsvc::run_plugin_streaming(read(&input), &mut streamed).unwrap();
    assert_eq!(streamed, whole);
}

/// The plugin reads each file's source info from the input bytes (comments borrowed, only
/// declarations kept); `generate` reads it decoded. Both give the same files and the same
/// error positions.
#[test]
fn source_info_read_from_the_wire_matches_decoded() {
    let golden = support::manifest_dir().join("tests/golden");
    for (dir, file) in [
        ("comments", "comments.proto"),
        ("service_docs", "docs.proto"),
    ] {
        let request = support::request_for(&[&golden.join(dir)], &[file], "");
        let decoded = protoc_gen_rustsvc::generate(&request);
        assert!(decoded.error.is_none(), "{:?}", decoded.error);
        assert!(decoded.file[0].content().contains("///"), "{dir} has docs");
        let wire = protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).unwrap();
        assert_eq!(
            CodeGeneratorResponse::decode(wire.as_slice()).unwrap(),
            decoded,
            "{dir}"
        );
    }
    for (case, file) in [
        ("field_collision", "collision.proto"),
        ("type_collision", "type_clash.proto"),
    ] {
        let request = support::request_for(&[&error_case(case)], &[file], "");
        let wire = protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).unwrap();
        let wire = CodeGeneratorResponse::decode(wire.as_slice()).unwrap();
        assert!(wire.file.is_empty());
        assert_eq!(wire.error, protoc_gen_rustsvc::generate(&request).error);
        assert!(
            wire.error().starts_with(&format!("{file}:")),
            "{}",
            wire.error()
        );
    }
}

/// protoc 27+ sends the files to generate a second time in `source_file_descriptors`
/// (field 17); the binary leaves them out while reading stdin and answers the same.
#[test]
fn source_file_descriptors_are_skipped_while_reading() {
    let dir = support::manifest_dir().join("tests/golden/user");
    let request = support::request_for(&[&dir], &["user.proto"], "");
    let mut with_sources = request.clone();
    with_sources.source_file_descriptors = request.proto_file.clone();
    let input = with_sources.encode_to_vec();
    assert_eq!(read(&input), read(&request.encode_to_vec()));
    assert_eq!(
        protoc_gen_rustsvc::run_plugin(&input).unwrap(),
        protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).unwrap()
    );
    // Cut anywhere, the input decodes exactly when prost decodes it: truncation stays
    // visible to the decoder.
    for cut in 0..input.len() {
        assert_eq!(
            protoc_gen_rustsvc::pb::decode_request(read(&input[..cut])).is_ok(),
            CodeGeneratorRequest::decode(&input[..cut]).is_ok(),
            "cut at {cut}"
        );
    }
    let mut out = Command::new(env!("CARGO_BIN_EXE_protoc-gen-rustsvc"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    out.stdin.take().unwrap().write_all(&input).unwrap();
    let out = out.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).unwrap()
    );
}

/// A package that fails after others were streamed: the streamed response carries those
/// files and the error (protoc then writes nothing); `run_plugin` answers with the error
/// alone. Both report the same error.
#[test]
fn a_failing_package_after_streamed_ones_is_reported() {
    let golden = support::manifest_dir().join("tests/golden");
    let mut request = support::request_for(&[&golden.join("user")], &["user.proto"], "");
    // `errors` sorts before `user`: rename the failing file's package so it comes last.
    let failing = support::request_for(&[&error_case("field_collision")], &["collision.proto"], "");
    let mut bad = failing.proto_file.last().unwrap().clone();
    bad.package = Some("zzz".into());
    request.file_to_generate.push(bad.name().to_owned());
    request.proto_file.push(bad);
    let input = request.encode_to_vec();
    let whole =
        CodeGeneratorResponse::decode(protoc_gen_rustsvc::run_plugin(&input).unwrap().as_slice())
            .unwrap();
    assert!(whole.file.is_empty());
    assert!(
        whole.error().contains("both become 'foo_bar'"),
        "{}",
        whole.error()
    );
    let mut streamed = Vec::new();
    protoc_gen_rustsvc::run_plugin_streaming(read(&input), &mut streamed).unwrap();
    let streamed = CodeGeneratorResponse::decode(streamed.as_slice()).unwrap();
    assert_eq!(streamed.error, whole.error);
    assert!(streamed.file.iter().any(|f| f.name() == "user.rs"));
}
