//! Bad input to the native front end: each is a clear error or a result, never a panic, a
//! stack overflow or unbounded memory. Files are compiled from memory
//! (`native::compile_in_memory`), the same path the `front` fuzz target takes.

mod support;

use std::collections::HashMap;

use protoc_gen_rustsvc::parse::native;

fn compile(files: &[(&str, String)]) -> Result<native::Compiled, String> {
    let map: HashMap<String, String> = files
        .iter()
        .map(|(n, t)| ((*n).to_owned(), t.clone()))
        .collect();
    native::compile_in_memory(&map, &[files[0].0]).map_err(|e| e.message().to_owned())
}

#[test]
fn thousand_levels_of_nesting_is_protocs_error() {
    // protoc allows 31 levels and stops at the 32nd `message`, as here.
    let mut text = String::from("syntax = \"proto3\";\n");
    for i in 0..1000 {
        text.push_str(&format!("message M{i} {{\n"));
    }
    text.push_str(&"}\n".repeat(1000));
    let e = compile(&[("a.proto", text)]).err().unwrap();
    assert_eq!(
        e,
        "a.proto:33:1: Reached maximum recursion limit for nested messages."
    );
}

#[test]
fn deep_groups_and_message_literals_are_bounded() {
    let mut text = String::from("syntax = \"proto2\";\nmessage A {\n");
    for i in 0..1000 {
        text.push_str(&format!("optional group G{i} = 1 {{\n"));
    }
    text.push_str(&"}\n".repeat(1001));
    assert!(compile(&[("a.proto", text)])
        .err()
        .unwrap()
        .ends_with("Reached maximum recursion limit for nested messages."));
    // A message literal nested 100,000 deep: read without recursion, refused at depth 100.
    let text = format!(
        "syntax = \"proto2\";\nimport \"google/protobuf/descriptor.proto\";\n\
         message R {{ optional R r = 1; }}\nextend google.protobuf.FileOptions {{ optional R o = 5000; }}\n\
         option (o) = {}{};\n",
        "{ r ".repeat(100_000),
        "}".repeat(100_000)
    );
    let e = compile(&[
        ("a.proto", text),
        ("google/protobuf/descriptor.proto", descriptor_proto()),
    ])
    .err()
    .unwrap();
    assert!(
        e.contains("the parser exceeded the configured recursion limit of 100"),
        "{e}"
    );
    // An option name with 10,000 parts.
    let text = format!(
        "syntax = \"proto3\";\noption a{};\n",
        ".a".repeat(10_000) + " = 1"
    );
    let e = compile(&[("a.proto", text)]).err().unwrap();
    assert!(
        e.ends_with("Option name has too many parts (at most 100)."),
        "{e}"
    );
}

/// protoc's own descriptor.proto, from the include directory of the vendored protoc.
fn descriptor_proto() -> String {
    std::fs::read_to_string(support::protoc_include().join("google/protobuf/descriptor.proto"))
        .unwrap()
}

#[test]
fn a_file_importing_itself_is_a_cycle() {
    let e = compile(&[(
        "a.proto",
        "syntax = \"proto3\";\nimport \"a.proto\";\n".into(),
    )])
    .err()
    .unwrap();
    assert!(
        e.starts_with("a.proto:2:1: File recursively imports itself: a.proto -> a.proto;"),
        "{e}"
    );
}

#[test]
fn ten_thousand_files_in_an_import_chain() {
    let n = 10_000;
    let files: Vec<(String, String)> = (0..n)
        .map(|i| {
            let import = if i + 1 < n {
                format!("import \"f{}.proto\";\n", i + 1)
            } else {
                String::new()
            };
            (
                format!("f{i}.proto"),
                format!(
                    "syntax = \"proto3\";\npackage p;\n{import}message M{i} {{ int32 x = 1; }}\n"
                ),
            )
        })
        .collect();
    let refs: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    let compiled = compile(&refs).unwrap();
    assert_eq!(compiled.parsed.proto_files.len(), n);
    assert_eq!(
        compiled.parsed.proto_files[0].name(),
        format!("f{}.proto", n - 1)
    );
    // And closed into a cycle.
    let mut refs = refs;
    refs[n - 1].1.push_str("import \"f0.proto\";\n");
    let e = compile(&refs).err().unwrap();
    assert!(
        e.contains(": File recursively imports itself: f0.proto -> f1.proto -> "),
        "{}",
        &e[..200]
    );
}

#[test]
fn binary_junk_and_huge_lines_are_errors() {
    let junk: String = (0..4096u32)
        .map(|i| char::from_u32(i.wrapping_mul(2_654_435_761) >> 24).unwrap_or('?'))
        .collect();
    assert!(compile(&[("a.proto", junk)]).is_err());
    // A 20 MB line: an identifier, then a string, then a comment.
    let big = "x".repeat(20 << 20);
    let e = compile(&[("a.proto", format!("syntax = \"proto3\";\n{big}"))])
        .err()
        .unwrap();
    assert!(
        e.starts_with("a.proto:2:1: Expected top-level statement"),
        "{}",
        &e[..80]
    );
    let e = compile(&[(
        "a.proto",
        format!("syntax = \"proto3\";\noption java_package = \"{big}"),
    )])
    .err()
    .unwrap();
    assert!(
        e.contains("Multiline strings are not allowed."),
        "{}",
        &e[..80]
    );
    let ok = compile(&[(
        "a.proto",
        format!("syntax = \"proto3\";\n// {big}\nmessage A {{}}\n"),
    )]);
    assert!(ok.is_ok());
}

/// xorshift64*: the same bytes on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Every golden and parse case's files, mutated a few thousand ways (bytes replaced,
/// tokens dropped or repeated, cut short): never a panic.
#[test]
fn mutated_golden_files_never_panic() {
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ";",
        "=",
        "-",
        ".",
        ",",
        "<",
        ">",
        "\"",
        "'",
        "/*",
        "//",
        "message",
        "enum",
        "oneof",
        "map",
        "group",
        "extend",
        "extensions",
        "reserved",
        "option",
        "optional",
        "repeated",
        "required",
        "import",
        "package",
        "syntax",
        "edition",
        "to",
        "max",
        "default",
        "json_name",
        "(foo)",
        "inf",
        "nan",
        "0x",
        "1e999",
        "-9223372036854775809",
        "\\u00e9",
        "\\x",
        "features",
        "stream",
        "rpc",
        "returns",
    ];
    let mut sources = Vec::new();
    for parent in ["tests/golden", "tests/parse_cases"] {
        let base = support::manifest_dir().join(parent);
        for case in std::fs::read_dir(&base).unwrap().flatten() {
            for f in support::case_protos(&case.path()) {
                let text = std::fs::read_to_string(case.path().join(&f)).unwrap();
                sources.push((f, text));
            }
        }
    }
    sources.sort();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut errors = 0;
    let rounds = 3000;
    for round in 0..rounds {
        let (name, text) = &sources[rng.below(sources.len())];
        let mut t = text.clone().into_bytes();
        for _ in 0..=rng.below(4) {
            let at = rng.below(t.len());
            match rng.below(4) {
                0 => t.truncate(at),
                1 => {
                    let tok = tokens[rng.below(tokens.len())].as_bytes();
                    t.splice(at..at, tok.iter().copied());
                }
                2 => {
                    let end = (at + rng.below(16)).min(t.len());
                    t.drain(at..end);
                }
                _ => {
                    if let Some(b) = t.get_mut(at) {
                        *b = (rng.next() >> 56) as u8;
                    }
                }
            }
        }
        let text = String::from_utf8_lossy(&t).into_owned();
        let result = std::panic::catch_unwind(|| compile(&[(name.as_str(), text.clone())]));
        match result {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => {
                errors += 1;
                assert!(
                    e.contains(".proto"),
                    "round {round}: error without a file: {e}"
                );
            }
            Err(_) => panic!("round {round}: the native front end panicked on {name}:\n{text}"),
        }
    }
    assert!(
        errors > rounds / 4,
        "only {errors} of {rounds} mutations were errors"
    );
}

#[test]
fn well_known_types_are_built_in_and_other_missing_imports_are_errors() {
    let ok = compile(&[(
        "a.proto",
        "syntax = \"proto3\";\nimport \"google/protobuf/empty.proto\";\n\
         message A { google.protobuf.Empty e = 1; }\n"
            .into(),
    )])
    .unwrap();
    let names: Vec<&str> = ok.parsed.proto_files.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["google/protobuf/empty.proto", "a.proto"]);
    let e = compile(&[(
        "a.proto",
        "syntax = \"proto3\";\nimport \"google/protobuf/nope.proto\";\n".into(),
    )])
    .err()
    .unwrap();
    assert_eq!(
        e,
        "a.proto:2:1: Import \"google/protobuf/nope.proto\" was not found or had errors; no \
         file \"google/protobuf/nope.proto\" in the include directories (memory); add the \
         directory that holds it with -I (or .include() in build.rs), or fix the path"
    );
}
