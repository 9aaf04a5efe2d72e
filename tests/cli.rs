//! The command line end to end: a fresh directory, no protoc on PATH, generate, compile the
//! result; the errors a user meets, word for word, with nothing written; protoc and the
//! built-in parser giving the same files; plugin mode still answering protoc.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use prost::Message;
use protoc_gen_rustsvc::pb::{CodeGeneratorRequest, CodeGeneratorResponse};

/// The plugin binary run in `dir` with PATH holding no protoc and PROTOC unset.
fn run_without_protoc(dir: &Path, args: &[&str]) -> Output {
    let empty = dir.join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    Command::new(support::plugin_bin())
        .current_dir(dir)
        .env("PATH", &empty)
        .env_remove("PROTOC")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A fresh directory with proto/user.proto copied from the repository.
fn project() -> PathBuf {
    let dir = support::tempdir("cli");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    std::fs::copy(
        support::manifest_dir().join("proto/user.proto"),
        dir.join("proto/user.proto"),
    )
    .unwrap();
    dir
}

#[test]
fn generates_user_proto_without_protoc_and_the_result_compiles() {
    let dir = project();
    let out = run_without_protoc(
        &dir,
        &["-I", "proto", "--out-dir", "gen", "-v", "proto/user.proto"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "protoc-gen-rustsvc: parser: the built-in parser (protobuf-parse)\n\
         protoc-gen-rustsvc: wrote gen/user.rs\n\
         protoc-gen-rustsvc: wrote gen/user_grpc.rs\n\
         protoc-gen-rustsvc: wrote gen/mod.rs\n"
    );
    assert_eq!(
        files_in(&dir.join("gen")),
        vec!["mod.rs", "user.rs", "user_grpc.rs"]
    );
    let user = std::fs::read_to_string(dir.join("gen/user.rs")).unwrap();
    syn::parse_file(&user).expect("user.rs parses as Rust");
    assert!(user.contains("pub struct User {"));

    // Compile it for real in a throwaway crate, offline, with the prost already downloaded.
    // Messages only (server=false,client=false) so the crate needs nothing but prost.
    let out = run_without_protoc(
        &dir,
        &[
            "-I",
            "proto",
            "--out-dir",
            "crate/src/gen",
            "--opt",
            "server=false,client=false",
            "proto/user.proto",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(
        dir.join("crate/Cargo.toml"),
        "[package]\nname = \"cli-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nprost = \"0.14\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("crate/src/main.rs"),
        "mod gen;\nuse prost::Message;\nfn main() {\n    \
         let u = gen::user::User { id: \"1\".into(), name: \"Ada\".into(), description: String::new() };\n    \
         let back = gen::user::User::decode(u.encode_to_vec().as_slice()).unwrap();\n    \
         assert_eq!(back, u);\n    println!(\"round trip ok\");\n}\n",
    )
    .unwrap();
    // A target directory kept between runs, so only the first run compiles prost.
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-check-target");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = Command::new(cargo)
        .current_dir(dir.join("crate"))
        .env("CARGO_TARGET_DIR", &target)
        .args(["run", "--offline", "--quiet"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the generated code does not build:\n{}",
        stderr(&run)
    );
    assert_eq!(String::from_utf8_lossy(&run.stdout), "round trip ok\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = project();
    let args = ["-I", "proto", "--out-dir", "gen", "-v", "proto/user.proto"];
    assert!(run_without_protoc(&dir, &args).status.success());
    std::fs::write(dir.join("gen/mod.rs"), "stale").unwrap();
    let out = run_without_protoc(&dir, &args);
    assert_eq!(
        stderr(&out),
        "protoc-gen-rustsvc: parser: the built-in parser (protobuf-parse)\n\
         protoc-gen-rustsvc: wrote gen/mod.rs\n\
         protoc-gen-rustsvc: unchanged gen/user.rs\n\
         protoc-gen-rustsvc: unchanged gen/user_grpc.rs\n"
    );
    assert_ne!(
        std::fs::read_to_string(dir.join("gen/mod.rs")).unwrap(),
        "stale"
    );
    assert_eq!(
        files_in(&dir.join("gen")),
        vec!["mod.rs", "user.rs", "user_grpc.rs"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Writes `files` into a fresh proto/ dir, runs the command line on `input`, and returns
/// the exit status and stderr; nothing may be written to the output directory.
fn fails(files: &[(&str, &str)], extra: &[&str], input: &str) -> String {
    let dir = support::tempdir("cli-err");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join("proto").join(name), text).unwrap();
    }
    let mut args = vec!["-I", "proto", "--out-dir", "gen"];
    args.extend_from_slice(extra);
    args.push(input);
    let out = run_without_protoc(&dir, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.join("gen").exists(), "something was written");
    let _ = std::fs::remove_dir_all(&dir);
    stderr(&out)
}

#[test]
fn missing_file() {
    assert_eq!(
        fails(&[], &[], "proto/nope.proto"),
        "protoc-gen-rustsvc: proto/nope.proto: no such file\n"
    );
    assert_eq!(
        fails(
            &[(
                "a.proto",
                "syntax = \"proto3\";\n\nimport \"gone.proto\";\n"
            )],
            &[],
            "proto/a.proto"
        ),
        "protoc-gen-rustsvc: proto/a.proto:3:1: import \"gone.proto\" was not found in the \
         include directories (proto); add the directory that holds it with -I (or .include() \
         in build.rs), or fix the path\n"
    );
}

#[test]
fn syntax_error() {
    assert_eq!(
        fails(
            &[(
                "bad.proto",
                "syntax = \"proto3\";\nmessage A {\n  int32 a = 1\n}\n"
            )],
            &[],
            "proto/bad.proto"
        ),
        "protoc-gen-rustsvc: proto/bad.proto:4:1: syntax error: While parsing field, \
         expecting char `;`\n"
    );
}

#[test]
fn unknown_type() {
    assert_eq!(
        fails(
            &[(
                "t.proto",
                "syntax = \"proto3\";\npackage shop;\n\nmessage Order {\n  Custmer buyer = 1;\n}\n"
            )],
            &[],
            "proto/t.proto"
        ),
        "protoc-gen-rustsvc: proto/t.proto:5:3: unknown type 'Custmer' in field 'buyer' of \
         message 'shop.Order'; define it, or import the file that defines it\n"
    );
    assert_eq!(
        fails(
            &[(
                "s.proto",
                "syntax = \"proto3\";\npackage shop;\nmessage Req {}\n\nservice Shop {\n  \
                 rpc Buy(Req) returns (Receipt);\n}\n"
            )],
            &[],
            "proto/s.proto"
        ),
        "protoc-gen-rustsvc: proto/s.proto:6:25: unknown type 'Receipt' in method 'Buy' of \
         service 'shop.Shop'; define it, or import the file that defines it\n"
    );
}

#[test]
fn duplicate_field_number() {
    assert_eq!(
        fails(
            &[(
                "d.proto",
                "syntax = \"proto3\";\npackage x;\nmessage A {\n  int32 a = 1;\n  int32 b = 1;\n}\n"
            )],
            &[],
            "proto/d.proto"
        ),
        "protoc-gen-rustsvc: proto/d.proto:5:9: field 'b' of message 'x.A' uses number 1, \
         already used by field 'a'; give each field its own number\n"
    );
}

#[test]
fn what_protoc_also_rejects() {
    assert_eq!(
        fails(
            &[(
                "z.proto",
                "syntax = \"proto3\";\npackage x;\nmessage M {\n  enum E {\n    ONE = 1;\n  }\n}\n"
            )],
            &[],
            "proto/z.proto"
        ),
        "protoc-gen-rustsvc: proto/z.proto:5:5: the first value of enum 'x.M.E' is ONE = 1, \
         but in proto3 the first value must be 0; add a value such as E_UNSPECIFIED = 0 \
         before it\n"
    );
    assert_eq!(
        fails(
            &[(
                "d.proto",
                "syntax = \"proto3\";\npackage x;\nmessage M {\n  int32 a = 1 [default = 5];\n}\n"
            )],
            &[],
            "proto/d.proto"
        ),
        "protoc-gen-rustsvc: proto/d.proto:4:3: field 'a' of message 'x.M' has a default value, \
         which proto3 does not allow; remove [default = ...]\n"
    );
    assert_eq!(
        fails(
            &[(
                "r.proto",
                "syntax = \"proto3\";\npackage x;\nenum Level { L = 0; }\nmessage M {}\n\
                 service S {\n  rpc Get(M) returns (Level);\n}\n"
            )],
            &[],
            "proto/r.proto"
        ),
        "protoc-gen-rustsvc: proto/r.proto:6:23: 'x.Level' is not a message, but method 'Get' \
         of service 'x.S' uses it as its request or response; methods take and return \
         messages, so wrap it in one\n"
    );
}

#[test]
fn import_cycle() {
    assert_eq!(
        fails(
            &[
                ("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\n"),
                ("b.proto", "syntax = \"proto3\";\n\nimport \"a.proto\";\n"),
            ],
            &[],
            "proto/a.proto"
        ),
        "protoc-gen-rustsvc: proto/b.proto:3:1: import cycle: a.proto -> b.proto -> a.proto; \
         protobuf files cannot import each other in a circle, move the shared definitions \
         into a file both import\n"
    );
}

#[test]
fn unknown_option() {
    assert_eq!(
        fails(
            &[(
                "o.proto",
                "syntax = \"proto3\";\noption java_pakage = \"x\";\n"
            )],
            &[],
            "proto/o.proto"
        ),
        "protoc-gen-rustsvc: proto/o.proto:2:8: unknown option 'java_pakage'; check its \
         spelling, or import the .proto that defines it and write its name in parentheses\n"
    );
    assert_eq!(
        fails(
            &[(
                "c.proto",
                "syntax = \"proto3\";\nmessage A {\n  int32 a = 1 [(validate) = true];\n}\n"
            )],
            &[],
            "proto/c.proto"
        ),
        "protoc-gen-rustsvc: proto/c.proto:3:16: unknown option '(validate)'; check its \
         spelling, or import the .proto that defines it\n"
    );
    // A generator option, given on the command line.
    let e = fails(
        &[("a.proto", "syntax = \"proto3\";\n")],
        &["--opt", "sever=false"],
        "proto/a.proto",
    );
    assert_eq!(
        e,
        format!(
            "protoc-gen-rustsvc: unknown option 'sever' in 'sever=false'; valid options are: {}\n",
            protoc_gen_rustsvc::options::valid_names()
        )
    );
}

#[test]
fn editions_need_protoc() {
    assert_eq!(
        fails(
            &[("e.proto", "edition = \"2023\";\npackage x;\n")],
            &[],
            "proto/e.proto"
        ),
        "protoc-gen-rustsvc: proto/e.proto:1:1: this is an editions file, which the built-in \
         parser cannot read; install protoc or set PROTOC to its path (the command line then \
         uses it, or force it with --parser=protoc)\n"
    );
    assert_eq!(
        fails(
            &[("a.proto", "syntax = \"proto3\";\n")],
            &["--parser=protoc"],
            "proto/a.proto"
        ),
        "protoc-gen-rustsvc: --parser=protoc: no protoc found; install protoc, set PROTOC to \
         its path, or use --parser=pure\n"
    );
}

#[test]
fn unicode_escapes_need_protoc() {
    // protobuf-parse would read "\u00e9" as "u00e9": refuse rather than change the value.
    assert_eq!(
        fails(
            &[(
                "u.proto",
                "syntax = \"proto2\";\nmessage M {\n  optional string s = 1 [default = \"\\u00e9\"];\n}\n"
            )],
            &[],
            "proto/u.proto"
        ),
        "protoc-gen-rustsvc: proto/u.proto:3:36: a \\u or \\U escape in a string, which the \
         built-in parser cannot read; write the character itself, or install protoc or set \
         PROTOC to its path (the command line then uses it, or force it with --parser=protoc)\n"
    );
}

#[test]
fn protoc_and_the_built_in_parser_write_the_same_files() {
    let dir = project();
    let pure = run_without_protoc(
        &dir,
        &["-I", "proto", "--out-dir", "pure", "proto/user.proto"],
    );
    assert!(pure.status.success(), "{}", stderr(&pure));
    let protoc = Command::new(support::plugin_bin())
        .current_dir(&dir)
        .env("PROTOC", support::protoc())
        .args([
            "-I",
            "proto",
            "--out-dir",
            "protoc",
            "-v",
            "proto/user.proto",
        ])
        .output()
        .unwrap();
    assert!(protoc.status.success(), "{}", stderr(&protoc));
    assert!(
        stderr(&protoc).starts_with("protoc-gen-rustsvc: parser: protoc ("),
        "{}",
        stderr(&protoc)
    );
    for name in files_in(&dir.join("pure")) {
        assert_eq!(
            std::fs::read_to_string(dir.join("pure").join(&name)).unwrap(),
            std::fs::read_to_string(dir.join("protoc").join(&name)).unwrap(),
            "{name}"
        );
    }
    assert_eq!(files_in(&dir.join("pure")), files_in(&dir.join("protoc")));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_arguments_it_is_still_a_protoc_plugin() {
    use std::io::Write;
    let request = CodeGeneratorRequest {
        parameter: Some("bogus".into()),
        ..Default::default()
    };
    let mut child = Command::new(support::plugin_bin())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&request.encode_to_vec())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let response = CodeGeneratorResponse::decode(out.stdout.as_slice()).unwrap();
    assert!(response
        .error()
        .starts_with("unknown option 'bogus' in 'bogus'"));
}

#[test]
fn native_front_end_writes_what_protoc_writes_without_protoc() {
    let dir = project();
    let native = run_without_protoc(
        &dir,
        &[
            "-I",
            "proto",
            "--out-dir",
            "native",
            "--parser=native",
            "-v",
            "proto/user.proto",
        ],
    );
    assert!(native.status.success(), "{}", stderr(&native));
    assert!(
        stderr(&native).starts_with("protoc-gen-rustsvc: parser: the native front end\n"),
        "{}",
        stderr(&native)
    );
    let protoc = Command::new(support::plugin_bin())
        .current_dir(&dir)
        .env("PROTOC", support::protoc())
        .args([
            "-I",
            "proto",
            "--out-dir",
            "protoc",
            "--parser=protoc",
            "proto/user.proto",
        ])
        .output()
        .unwrap();
    assert!(protoc.status.success(), "{}", stderr(&protoc));
    assert_eq!(files_in(&dir.join("native")), files_in(&dir.join("protoc")));
    for name in files_in(&dir.join("native")) {
        assert_eq!(
            std::fs::read_to_string(dir.join("native").join(&name)).unwrap(),
            std::fs::read_to_string(dir.join("protoc").join(&name)).unwrap(),
            "{name}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn native_front_end_reads_editions_without_protoc() {
    let dir = support::tempdir("cli-native-editions");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    std::fs::write(
        dir.join("proto/e.proto"),
        "edition = \"2023\";\npackage e;\noption features.field_presence = IMPLICIT;\n\
         message M {\n  string name = 1 [json_name = \"n\"];\n  M next = 2 [features.message_encoding = DELIMITED];\n  \
         map<string, M> children = 3;\n}\n",
    )
    .unwrap();
    let out = run_without_protoc(
        &dir,
        &[
            "-I",
            "proto",
            "--out-dir",
            "gen",
            "--parser=native",
            "proto/e.proto",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.join("gen/e.rs")).unwrap();
    assert!(
        text.contains("pub name: ::prost::alloc::string::String,"),
        "{text}"
    );
    assert!(
        text.contains("#[prost(group, optional, boxed, tag = \"2\")]"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
