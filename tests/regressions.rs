//! One test per problem the fuzz targets found (fuzz/, scripts/fuzz.sh), with the minimised
//! input written out as descriptors or as a .proto under tests/regressions/.

mod support;

use prost::Message;
use protoc_gen_rustsvc::pb::{
    CodeGeneratorRequest, CodeGeneratorResponse, DescriptorProto, EnumDescriptorProto,
    EnumValueDescriptorProto, FieldDescriptorProto, FileDescriptorProto, MethodDescriptorProto,
    OneofDescriptorProto, ServiceDescriptorProto,
};

/// Runs the plugin through its byte entry point (as the fuzz targets do) and checks what
/// they check: an error and no files, or files that all parse as Rust.
fn run(request: &CodeGeneratorRequest) -> CodeGeneratorResponse {
    let out = protoc_gen_rustsvc::run_plugin(&request.encode_to_vec()).expect("decodes");
    let response = CodeGeneratorResponse::decode(out.as_slice()).expect("response decodes");
    if response.error.is_some() {
        assert!(response.file.is_empty(), "files next to an error");
    } else {
        for f in &response.file {
            if let Err(e) = syn::parse_file(f.content()) {
                panic!("{} does not parse: {e}\n{}", f.name(), f.content());
            }
        }
    }
    response
}

fn field(name: &str, number: i32) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        label: Some(1),
        r#type: Some(5),
        ..Default::default()
    }
}

/// A proto3 file with one of each element kind, every name given by `name(kind)`.
fn file_with_names(name: impl Fn(&str) -> String) -> FileDescriptorProto {
    let mut oneof_field = field(&name("oneof_field"), 2);
    oneof_field.oneof_index = Some(0);
    FileDescriptorProto {
        name: Some("a.proto".into()),
        package: Some(name("package")),
        syntax: Some("proto3".into()),
        message_type: vec![DescriptorProto {
            name: Some(name("message")),
            field: vec![field(&name("field"), 1), oneof_field],
            oneof_decl: vec![OneofDescriptorProto {
                name: Some(name("oneof")),
                options: None,
            }],
            ..Default::default()
        }],
        enum_type: vec![EnumDescriptorProto {
            name: Some(name("enum")),
            value: vec![EnumValueDescriptorProto {
                name: Some(name("enum_value")),
                number: Some(0),
                options: None,
            }],
            ..Default::default()
        }],
        service: vec![ServiceDescriptorProto {
            name: Some(name("service")),
            method: vec![MethodDescriptorProto {
                name: Some(name("method")),
                input_type: Some(format!(".{}.{}", name("package"), name("message"))),
                output_type: Some(format!(".{}.{}", name("package"), name("message"))),
                ..Default::default()
            }],
            options: None,
        }],
        ..Default::default()
    }
}

fn request(file: FileDescriptorProto) -> CodeGeneratorRequest {
    CodeGeneratorRequest {
        file_to_generate: vec![file.name().to_owned()],
        parameter: Some("versions=false".into()),
        proto_file: vec![file],
        ..Default::default()
    }
}

/// Fuzz finding 1 (structured target): a request from something other than protoc may name
/// elements with any text; `Ident::new` panicked on it. Now every element kind answers
/// with an error naming the element.
#[test]
fn names_that_are_not_proto_identifiers_are_errors() {
    let ok = |kind: &str| match kind {
        "package" => "pkg.v1".to_owned(),
        "message" => "Msg".to_owned(),
        "enum" => "Color".to_owned(),
        other => format!("x_{other}"),
    };
    // The valid file generates: the test below changes one name at a time.
    let response = run(&request(file_with_names(ok)));
    assert_eq!(response.error, None);

    let kinds = [
        "package",
        "message",
        "field",
        "oneof_field",
        "oneof",
        "enum",
        "enum_value",
        "service",
        "method",
    ];
    for bad in ["", "1a", "a b", "é", "a-b", "r#type", "a\u{202e}b", "x\n}"] {
        for kind in kinds {
            if kind == "package" && bad.is_empty() {
                continue; // no package: legal
            }
            let response = run(&request(file_with_names(|k| {
                if k == kind {
                    bad.to_owned()
                } else {
                    ok(k)
                }
            })));
            let error = response
                .error
                .unwrap_or_else(|| panic!("{kind} named {bad:?} was accepted"));
            assert!(
                error.contains("is not a proto identifier") && error.starts_with("a.proto: "),
                "{kind} {bad:?}: {error}"
            );
            let shown = match kind {
                "oneof_field" => "field",
                "enum_value" => "enum value",
                k => k,
            };
            assert!(
                error.contains(&format!("{shown} name {bad:?}")),
                "{kind} {bad:?}: {error}"
            );
        }
    }
    // A package with an empty segment.
    for package in ["a..b", ".a", "a.", "a.1b"] {
        let response = run(&request(file_with_names(|k| {
            if k == "package" {
                package.to_owned()
            } else {
                ok(k)
            }
        })));
        let error = response.error.expect("bad package accepted");
        assert!(
            error.contains(&format!("package name {package:?}")),
            "{error}"
        );
    }
}

/// Fuzz finding 1, the part protoc can reach: `_`, `__`, … are legal proto names, and heck
/// turned them into empty identifiers. Fuzz finding 2: a service `_6` became `6Server`.
#[test]
fn names_made_of_underscores_generate() {
    let dir = support::manifest_dir().join("tests/regressions");
    let request = support::request_for(&[&dir], &["underscores.proto"], "versions=false");
    let response = run(&request);
    assert_eq!(response.error, None);
    let file = response
        .file
        .iter()
        .find(|f| f.name() == "__.rs")
        .unwrap_or_else(|| {
            panic!(
                "no __.rs in {:?}",
                response.file.iter().map(|f| f.name()).collect::<Vec<_>>()
            )
        });
    let content = file.content();
    for expected in [
        "pub struct __ {",
        "pub __: i32,",
        "pub ___: ::core::option::Option<holder::___>,",
        "pub enum ___ {",
        "______ = 1,",
        "_____ = 0,",
        "pub __: ::core::option::Option<__>,",
        "pub enum ____ {",
    ] {
        assert!(
            content.contains(expected),
            "missing {expected:?} in\n{content}"
        );
    }
    let grpc = response
        .file
        .iter()
        .find(|f| f.name() == "___grpc.rs")
        .expect("___grpc.rs")
        .content();
    for expected in [
        "pub const _6_SERVICE_NAME: &str = \"_._6\";",
        "pub const _6_1X_PATH: &str = \"/_._6/_1x\";",
        "pub mod _6_server {",
        "pub struct _6Server<T>",
        "pub mod _6_client {",
        "pub struct _6Client<T>",
        "pub mod s_server {",
    ] {
        assert!(grpc.contains(expected), "missing {expected:?} in\n{grpc}");
    }
}
