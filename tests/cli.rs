//! The command line end to end: a fresh directory, no protoc on PATH, generate, compile the
//! result; errors in its own arguments, word for word, with nothing written; protoc and the
//! built-in front end giving the same files; plugin mode still answering protoc. The errors in
//! .proto files the command line reports are error cases (tests/errors/, tests/errors.rs).

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
        &[
            "-I",
            "proto",
            "--out-dir",
            "generated",
            "-v",
            "proto/user.proto",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "protoc-gen-rustsvc: parser: the native front end\n\
         protoc-gen-rustsvc: wrote generated/user.rs\n\
         protoc-gen-rustsvc: wrote generated/user_grpc.rs\n\
         protoc-gen-rustsvc: wrote generated/mod.rs\n"
    );
    assert_eq!(
        files_in(&dir.join("generated")),
        vec!["mod.rs", "user.rs", "user_grpc.rs"]
    );
    let user = std::fs::read_to_string(dir.join("generated/user.rs")).unwrap();
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
            "crate/src/generated",
            "--opt",
            "server=false,client=false",
            "proto/user.proto",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(
        dir.join("crate/Cargo.toml"),
        "[package]\nname = \"cli-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
         [dependencies]\nprost = \"0.14\"\n\n[workspace]\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("crate/src/main.rs"),
        "mod generated;\nuse prost::Message;\nfn main() {\n    \
         let u = generated::user::User { id: \"1\".into(), name: \"Ada\".into(), description: String::new() };\n    \
         let back = generated::user::User::decode(u.encode_to_vec().as_slice()).unwrap();\n    \
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
    let args = [
        "-I",
        "proto",
        "--out-dir",
        "generated",
        "-v",
        "proto/user.proto",
    ];
    assert!(run_without_protoc(&dir, &args).status.success());
    std::fs::write(dir.join("generated/mod.rs"), "stale").unwrap();
    let out = run_without_protoc(&dir, &args);
    assert_eq!(
        stderr(&out),
        "protoc-gen-rustsvc: parser: the native front end\n\
         protoc-gen-rustsvc: wrote generated/mod.rs\n\
         protoc-gen-rustsvc: unchanged generated/user.rs\n\
         protoc-gen-rustsvc: unchanged generated/user_grpc.rs\n"
    );
    assert_ne!(
        std::fs::read_to_string(dir.join("generated/mod.rs")).unwrap(),
        "stale"
    );
    assert_eq!(
        files_in(&dir.join("generated")),
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
    let mut args = vec!["-I", "proto", "--out-dir", "generated"];
    args.extend_from_slice(extra);
    args.push(input);
    let out = run_without_protoc(&dir, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.join("generated").exists(), "something was written");
    let _ = std::fs::remove_dir_all(&dir);
    stderr(&out)
}

#[test]
fn missing_file() {
    assert_eq!(
        fails(&[], &[], "proto/nope.proto"),
        "protoc-gen-rustsvc: proto/nope.proto: No such file or directory\n"
    );
}

#[test]
fn parser_protoc_without_protoc() {
    assert_eq!(
        fails(
            &[("a.proto", "syntax = \"proto3\";\n")],
            &["--parser=protoc"],
            "proto/a.proto"
        ),
        "protoc-gen-rustsvc: --parser=protoc: no protoc found; install protoc, set PROTOC to \
         its path, or use --parser=native\n"
    );
}

/// `--parser=auto` takes protoc when there is one; the default does not, even then.
#[test]
fn protoc_and_the_built_in_parser_write_the_same_files() {
    let dir = project();
    let pure = run_without_protoc(
        &dir,
        &["-I", "proto", "--out-dir", "pure", "proto/user.proto"],
    );
    assert!(pure.status.success(), "{}", stderr(&pure));
    let with_protoc = |parser: Option<&str>, out: &str| {
        let mut args = vec!["-I", "proto", "--out-dir", out, "-v", "proto/user.proto"];
        args.extend(parser);
        Command::new(support::plugin_bin())
            .current_dir(&dir)
            .env("PROTOC", support::protoc())
            .args(args)
            .output()
            .unwrap()
    };
    let default = with_protoc(None, "default");
    assert!(
        stderr(&default).starts_with("protoc-gen-rustsvc: parser: the native front end\n"),
        "{}",
        stderr(&default)
    );
    let protoc = with_protoc(Some("--parser=auto"), "protoc");
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

/// Five files broken five ways (syntax, a missing import, two unknown types, a proto3 enum
/// not starting at 0) and one good file.
const BROKEN_TREE: &[(&str, &str)] = &[
    (
        "s1.proto",
        "syntax = \"proto3\";\nmessage A {\n  int32 x = ;\n}\n",
    ),
    (
        "t1.proto",
        "syntax = \"proto3\";\nmessage B {\n  Missing m = 1;\n}\n",
    ),
    (
        "t2.proto",
        "syntax = \"proto3\";\nmessage C {\n  Gone g = 1;\n}\n",
    ),
    (
        "i1.proto",
        "syntax = \"proto3\";\nimport \"nope.proto\";\nmessage D {}\n",
    ),
    ("e1.proto", "syntax = \"proto3\";\nenum E { E_ONE = 1; }\n"),
    (
        "ok.proto",
        "syntax = \"proto3\";\nmessage F { int32 y = 1; }\n",
    ),
];

fn broken_tree(parser: &str) -> Output {
    let dir = support::tempdir("cli-broken");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    let mut args = vec!["-I", "proto", "--out-dir", "generated", parser];
    let inputs: Vec<String> = BROKEN_TREE
        .iter()
        .map(|(name, text)| {
            std::fs::write(dir.join("proto").join(name), text).unwrap();
            format!("proto/{name}")
        })
        .collect();
    args.extend(inputs.iter().map(String::as_str));
    let out = Command::new(support::plugin_bin())
        .current_dir(&dir)
        .env("PROTOC", support::protoc())
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.join("generated").exists(), "something was written");
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn a_tree_of_broken_files_reports_every_one_in_one_run() {
    assert_eq!(
        stderr(&broken_tree("--parser=native")),
        "protoc-gen-rustsvc: proto/s1.proto:3:13: Expected field number.\n\
         protoc-gen-rustsvc: proto/i1.proto:2:1: Import \"nope.proto\" was not found or had \
         errors; no file \"nope.proto\" in the include directories (proto); add the directory \
         that holds it with -I (or .include() in build.rs), or fix the path\n\
         protoc-gen-rustsvc: proto/t1.proto:3:3: \"Missing\" is not defined. Define it, or \
         import the file that defines it.\n\
         protoc-gen-rustsvc: proto/t2.proto:3:3: \"Gone\" is not defined. Define it, or import \
         the file that defines it.\n\
         protoc-gen-rustsvc: proto/e1.proto:2:18: The first enum value must be zero for open \
         enums.\n"
    );
    // protoc stops at the first input that does not parse; each input is then run alone.
    let protoc = stderr(&broken_tree("--parser=protoc"));
    for (file, place) in [
        ("s1", "3:13"),
        ("t1", "3:3"),
        ("t2", "3:3"),
        ("i1", "2:1"),
        ("e1", "2:18"),
    ] {
        assert!(
            protoc.contains(&format!("{file}.proto:{place}: ")),
            "{file} missing:\n{protoc}"
        );
    }
    assert!(!protoc.contains("ok.proto"), "{protoc}");
}

#[test]
fn errors_beyond_fifty_are_counted() {
    let dir = support::tempdir("cli-many");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    let mut inputs = Vec::new();
    for i in 0..53 {
        let name = format!("e{i:02}.proto");
        std::fs::write(
            dir.join("proto").join(&name),
            format!("syntax = \"proto3\";\nmessage M{i} {{\n  Missing{i} m = 1;\n}}\n"),
        )
        .unwrap();
        inputs.push(format!("proto/{name}"));
    }
    let mut args = vec!["-I", "proto", "--out-dir", "generated"];
    args.extend(inputs.iter().map(String::as_str));
    let out = run_without_protoc(&dir, &args);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 51, "{err}");
    assert!(lines[0]
        .starts_with("protoc-gen-rustsvc: proto/e00.proto:3:3: \"Missing0\" is not defined."));
    assert!(lines[49]
        .starts_with("protoc-gen-rustsvc: proto/e49.proto:3:3: \"Missing49\" is not defined."));
    assert_eq!(lines[50], "protoc-gen-rustsvc: and 3 more errors");
    let _ = std::fs::remove_dir_all(&dir);
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
    // Delimited (group) encoding, boxed since M holds itself.
    assert!(
        text.contains("pub next: ::core::option::Option<::prost::alloc::boxed::Box<M>>,"),
        "{text}"
    );
    assert!(
        text.contains("encode_opt(::prost::encoding::group::encode, 2, &self.next, buf);"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A deprecated feature is a warning (protoc's, at protoc's position) and the files are
/// written; the well-known and language feature files need no -I (they are built in).
#[test]
fn deprecated_features_are_warnings_and_bundled_imports_need_no_include() {
    let dir = support::tempdir("cli-warn");
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    std::fs::write(
        dir.join("proto/a.proto"),
        "edition = \"2023\";\npackage w;\nimport \"google/protobuf/java_features.proto\";\n\
         import \"google/protobuf/timestamp.proto\";\nenum E { A = 0; }\n\
         message M {\n  E e = 1 [features.(pb.java).legacy_closed_enum = true];\n  \
         google.protobuf.Timestamp at = 2;\n}\n",
    )
    .unwrap();
    let out = run_without_protoc(
        &dir,
        &["-I", "proto", "--out-dir", "generated", "proto/a.proto"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "protoc-gen-rustsvc: warning: proto/a.proto:7:5: pb.JavaFeatures.legacy_closed_enum has \
         been deprecated in edition 2023: The legacy closed enum behavior in Java is deprecated \
         and is scheduled to be removed in edition 2025.  See \
         http://protobuf.dev/programming-guides/enum/#java for more information.\n"
    );
    assert!(files_in(&dir.join("generated")).contains(&"w.rs".to_owned()));
    let _ = std::fs::remove_dir_all(&dir);
}
