//! The plugin protocol end to end: the binary under protoc, hand runs, and the exact error
//! messages users see.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

fn read(input: &[u8]) -> protoc_gen_rustsvc::pb::RequestBytes {
    protoc_gen_rustsvc::pb::read_request(input).expect("reading from memory")
}

fn errors_dir() -> std::path::PathBuf {
    support::manifest_dir().join("tests/errors")
}

fn error_for(file: &str, parameter: &str) -> String {
    let request = support::request_for(&[&errors_dir()], &[file], parameter);
    let response = protoc_gen_rustsvc::generate(&request);
    assert!(response.file.is_empty(), "no files on error");
    assert_eq!(
        response.supported_features,
        Some(protoc_gen_rustsvc::SUPPORTED_FEATURES)
    );
    response.error.expect("an error")
}

#[test]
fn field_names_colliding_after_case_conversion() {
    assert_eq!(
        error_for("collision.proto", ""),
        "collision.proto:7:3: field 'FOO_BAR' and field 'foo_bar' (collision.proto:6:3) both become \
         'foo_bar' in the Rust struct Clash; rename one of them"
    );
}

#[test]
fn type_names_colliding_after_case_conversion() {
    assert_eq!(
        error_for("type_clash.proto", ""),
        "type_clash.proto:6:1: message 'errors.HttpRequest' and message 'errors.HTTPRequest' \
         (type_clash.proto:5:1) both become 'HttpRequest' in the Rust module of package 'errors'; \
         rename one of them"
    );
}

#[test]
fn enum_variants_colliding_after_prefix_stripping() {
    // protoc rejects this itself; other front ends (or hand-made requests) may not.
    use protoc_gen_rustsvc::pb::{
        EnumDescriptorProto, EnumValueDescriptorProto, FileDescriptorProto,
    };
    let value = |name: &str, number| EnumValueDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        options: None,
    };
    let file = FileDescriptorProto {
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
    let response = protoc_gen_rustsvc::generate(&CodeGeneratorRequest {
        file_to_generate: vec!["enum_clash.proto".into()],
        proto_file: vec![file],
        ..Default::default()
    });
    assert_eq!(
        response.error.as_deref(),
        Some(
            "enum_clash.proto: enum value 'HIGH' of 'errors.Level' and 'LEVEL_HIGH' \
             (enum_clash.proto) both become the Rust variant 'High'; rename one of them"
        )
    );
}

#[test]
fn unknown_parameter_names_it_and_lists_valid_ones() {
    let request = support::request_for(
        &[&support::manifest_dir().join("proto")],
        &["user.proto"],
        "btree_map=.,colour=red",
    );
    let response = protoc_gen_rustsvc::generate(&request);
    assert_eq!(
        response.error.as_deref(),
        Some(
            format!(
                "unknown option 'colour' in 'colour=red'; valid options are: {}",
                protoc_gen_rustsvc::options::valid_names()
            )
            .as_str()
        )
    );
}

#[test]
fn protoc_runs_the_binary_and_reports_errors() {
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
    let bad = run("server=maybe");
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains(
            "option 'server' takes true or false, not 'maybe' (for example 'server=false')"
        ),
        "{stderr}"
    );
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
    for file in ["collision.proto", "type_clash.proto"] {
        let request = support::request_for(&[&errors_dir()], &[file], "");
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
    let failing = support::request_for(&[&errors_dir()], &["collision.proto"], "");
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

fn file(
    name: &str,
    package: &str,
    messages: Vec<protoc_gen_rustsvc::pb::DescriptorProto>,
) -> protoc_gen_rustsvc::pb::FileDescriptorProto {
    protoc_gen_rustsvc::pb::FileDescriptorProto {
        name: Some(name.into()),
        package: Some(package.into()),
        syntax: Some("proto3".into()),
        message_type: messages,
        ..Default::default()
    }
}

fn message(
    name: &str,
    nested: Vec<protoc_gen_rustsvc::pb::DescriptorProto>,
) -> protoc_gen_rustsvc::pb::DescriptorProto {
    protoc_gen_rustsvc::pb::DescriptorProto {
        name: Some(name.into()),
        nested_type: nested,
        ..Default::default()
    }
}

/// The error for a request built by hand, through the binary's decoding path.
fn error_of(files: Vec<protoc_gen_rustsvc::pb::FileDescriptorProto>) -> String {
    let request = CodeGeneratorRequest {
        file_to_generate: files.iter().map(|f| f.name().to_owned()).collect(),
        proto_file: files,
        ..Default::default()
    };
    let mut streamed = Vec::new();
    protoc_gen_rustsvc::run_plugin_streaming(read(&request.encode_to_vec()), &mut streamed)
        .unwrap();
    let response = CodeGeneratorResponse::decode(streamed.as_slice()).unwrap();
    assert_eq!(response.error, protoc_gen_rustsvc::generate(&request).error);
    response.error.expect("an error")
}

#[test]
fn packages_that_become_one_module_are_an_error() {
    assert_eq!(
        error_of(vec![
            file("a.proto", "x.Foo", vec![message("A", vec![])]),
            file("b.proto", "x.foo", vec![message("B", vec![])]),
        ]),
        "packages 'x.Foo' and 'x.foo' both become the Rust module 'x::foo'; rename one of them"
    );
}

#[test]
fn a_nested_module_where_a_package_goes_is_an_error() {
    // Message x.Inner has nested types, so module x::inner; package x.inner also wants it.
    assert_eq!(
        error_of(vec![
            file(
                "a.proto",
                "x",
                vec![message("Inner", vec![message("Deep", vec![])])]
            ),
            file("b.proto", "x.inner", vec![message("B", vec![])]),
        ]),
        "a.proto: the nested types of message 'x.Inner' go in the Rust module 'x::inner', \
         which is also where package 'x.inner' goes; rename the message or the package"
    );
}

#[test]
fn unknown_fields_need_the_own_message_code() {
    assert_eq!(
        error_for("collision.proto", "unknown_fields=."),
        "option 'unknown_fields' needs the generator's own message code: add \
         'message_impl=own' (prost's derive keeps no unknown fields)"
    );
    assert_eq!(
        error_for(
            "collision.proto",
            "message_impl=own,unknown_fields=.,message_impl=derive"
        ),
        "option 'unknown_fields' needs the generator's own message code: add \
         'message_impl=own' (prost's derive keeps no unknown fields)"
    );
    assert_eq!(
        error_for("collision.proto", "message_impl=mine"),
        "option 'message_impl' takes 'derive' or 'own', not 'mine' (for example 'message_impl=own')"
    );
}
