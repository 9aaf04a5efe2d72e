//! The README as a new user meets it: its first command runs on a fresh copy of the
//! repository's files, and every Rust snippet a user would paste compiles, unchanged, in a
//! crate made by today's `cargo new` (edition 2024), with `-D warnings` and clippy.
//!
//! Each ```rust block of the README starts with a comment saying where it goes
//! (`// src/lib.rs`, `// build.rs`, or `// in `impl Streamer for MyStreamer``); a block
//! this test does not know where to put fails it, so a new snippet cannot go unchecked.
//! The crates build offline against the versions in Cargo.lock, in one target dir kept
//! between runs.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(support::manifest_dir().join("README.md")).unwrap()
}

/// The fenced blocks of the README whose info string starts with `lang`, unindented.
fn blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    if info.split(',').next() == Some(lang) {
                        current = Some((indent, String::new()));
                    }
                }
            }
            Some((ind, body)) => {
                if trimmed == "```" {
                    out.push(std::mem::take(body));
                    current = None;
                } else {
                    body.push_str(line.get(*ind..).unwrap_or(trimmed));
                    body.push('\n');
                }
            }
        }
    }
    out
}

fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{cmd:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A directory with the repository's proto/user.proto, as a user's crate would have it.
fn crate_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("readme")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("proto")).unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(
        support::manifest_dir().join("proto/user.proto"),
        dir.join("proto/user.proto"),
    )
    .unwrap();
    std::fs::copy(
        support::manifest_dir().join("Cargo.lock"),
        dir.join("Cargo.lock"),
    )
    .unwrap();
    dir
}

/// `cargo clippy` (which type-checks everything) with `-D warnings`, offline, in the target
/// dir tests/goldens_clippy.rs shares (the dependencies are built once).
fn clippy(dir: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition2024-target");
    let out = run(Command::new(cargo)
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTFLAGS"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "warnings:\n{stderr}");
}

const DEPENDENCIES: &str = "prost = \"0.14\"\ntonic = \"0.14\"\ntonic-prost = \"0.14\"\n";

/// The words of a README command line, without `# comment`.
fn words(line: &str) -> Vec<String> {
    line.split(" #")
        .next()
        .unwrap()
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_first_command_works_on_a_fresh_copy() {
    let text = readme();
    let first = blocks(&text, "sh")
        .into_iter()
        .next()
        .expect("a first sh block");
    let line = first.lines().next().unwrap();
    let words = words(line);
    assert_eq!(&words[..2], ["cargo", "run"], "{line}");
    let args = &words[words.iter().position(|w| w == "--").unwrap() + 1..];
    let out_dir = &args[args.iter().position(|w| w == "--out-dir").unwrap() + 1];
    let dir = crate_dir("first-command");
    run(Command::new(support::plugin_bin())
        .args(args)
        .current_dir(&dir));
    for name in ["mod.rs", "user.rs", "user_grpc.rs"] {
        assert!(
            dir.join(out_dir).join(name).is_file(),
            "no {out_dir}/{name}"
        );
    }
    // What the command writes in a clone is not committed by accident.
    let gitignore = std::fs::read_to_string(support::manifest_dir().join(".gitignore")).unwrap();
    assert!(
        gitignore.lines().any(|l| l == format!("/{out_dir}/")),
        ".gitignore does not list /{out_dir}/"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Where a README snippet goes.
#[derive(Debug, PartialEq)]
enum Place {
    /// src/lib.rs of a crate whose code protoc generated (the "Use with protoc" section).
    ProtocLib,
    /// build.rs of a crate that uses the Builder.
    BuildRs,
    /// src/lib.rs of that crate.
    BuilderLib,
    /// A method of the server trait of tests/golden/streaming's `Streamer`.
    StreamerMethod,
    /// Lines that tests/client_pool.rs runs with the example's `Pool`.
    PoolUsage,
    /// Lines that tests/compat/tests/json.rs runs with the types of tests/golden/opt_json.
    JsonUsage,
}

fn place(snippet: &str) -> Place {
    let first = snippet.lines().next().unwrap_or_default();
    match first {
        "// src/lib.rs" if snippet.contains("env!(\"OUT_DIR\")") => Place::BuilderLib,
        "// src/lib.rs" => Place::ProtocLib,
        "// build.rs" => Place::BuildRs,
        _ if first.starts_with("// in `impl Streamer for MyStreamer`") => Place::StreamerMethod,
        _ if first.starts_with("// with `Pool` from examples/user_client.rs") => Place::PoolUsage,
        _ if first.starts_with("// with the types of tests/golden/opt_json") => Place::JsonUsage,
        _ => panic!(
            "a README snippet that tests/readme.rs does not compile (start it with a comment \
             saying where it goes, and teach the test):\n{snippet}"
        ),
    }
}

#[test]
fn every_rust_snippet_compiles_in_an_edition_2024_crate() {
    let text = readme();
    let mut snippets: Vec<(Place, String)> = blocks(&text, "rust")
        .into_iter()
        .map(|s| (place(&s), s))
        .collect();
    let mut take = |p: Place| -> String {
        let i = snippets
            .iter()
            .position(|(q, _)| *q == p)
            .unwrap_or_else(|| panic!("the README has no {p:?} snippet"));
        snippets.remove(i).1
    };
    let protoc_lib = take(Place::ProtocLib);
    let build_rs = take(Place::BuildRs);
    let builder_lib = take(Place::BuilderLib);
    let streamer_method = take(Place::StreamerMethod);
    let pool_usage = take(Place::PoolUsage);
    // tests/client_pool.rs runs these lines (all but the first, which says so, and the
    // `endpoint` line, which there points at its own server) between its markers.
    let test =
        std::fs::read_to_string(support::manifest_dir().join("tests/client_pool.rs")).unwrap();
    let start = test.find("// README snippet start\n").expect("marker") + 24;
    let end = test.find("        // README snippet end").expect("marker");
    // Compared word by word: rustfmt may space the trailing comments differently.
    let spaced = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let ran: Vec<String> = test[start..end].trim_end().lines().map(spaced).collect();
    let shown: Vec<String> = pool_usage.lines().skip(2).map(spaced).collect();
    assert_eq!(
        ran, shown,
        "the README's pool snippet and tests/client_pool.rs differ"
    );
    // tests/compat/tests/json.rs runs the JSON lines (all but the first) between its markers.
    let json_usage = take(Place::JsonUsage);
    let test = std::fs::read_to_string(support::manifest_dir().join("tests/compat/tests/json.rs"))
        .unwrap();
    let start = test.find("// README snippet start\n").expect("marker") + 24;
    let end = test.find("    // README snippet end").expect("marker");
    let ran: Vec<String> = test[start..end].trim_end().lines().map(spaced).collect();
    let shown: Vec<String> = json_usage.lines().skip(1).map(spaced).collect();
    assert_eq!(
        ran, shown,
        "the README's JSON snippet and tests/compat/tests/json.rs differ"
    );
    assert!(
        snippets.is_empty(),
        "README snippets with the same place: {snippets:?}"
    );

    // "Use with protoc": the README's protoc command (after its mkdir), then its src/lib.rs.
    let protoc_line = blocks(&text, "sh")
        .iter()
        .flat_map(|b| b.lines().map(str::to_owned).collect::<Vec<_>>())
        .find(|l| l.starts_with("protoc --rustsvc_out="))
        .expect("the README's protoc command");
    let dir = crate_dir("with-protoc");
    let args = words(&protoc_line);
    let out_dir = args[1].strip_prefix("--rustsvc_out=").unwrap();
    std::fs::create_dir_all(dir.join(out_dir)).unwrap();
    run(Command::new(support::protoc())
        .arg(format!(
            "--plugin=protoc-gen-rustsvc={}",
            support::plugin_bin().display()
        ))
        .args(&args[1..])
        .current_dir(&dir));
    std::fs::write(dir.join("src/lib.rs"), &protoc_lib).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"with-protoc\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n{DEPENDENCIES}\n[workspace]\n"
        ),
    )
    .unwrap();
    clippy(&dir);

    // "Use from build.rs": its build.rs and src/lib.rs, with the plugin as the README's
    // path dependency; and the streaming method in a server of tests/golden/streaming.
    let dir = crate_dir("with-builder");
    std::fs::write(dir.join("build.rs"), &build_rs).unwrap();
    let streaming = support::manifest_dir().join("tests/golden/streaming");
    let request = support::request_for(&[&streaming], &["streaming.proto"], "versions=false");
    let response = protoc_gen_rustsvc::generate(&request);
    assert_eq!(response.error, None);
    std::fs::create_dir_all(dir.join("src/streaming")).unwrap();
    for f in &response.file {
        std::fs::write(dir.join("src/streaming").join(f.name()), f.content()).unwrap();
    }
    let indented: String = streamer_method
        .lines()
        .map(|l| format!("        {l}\n"))
        .collect();
    std::fs::write(
        dir.join("src/lib.rs"),
        format!(
            "{builder_lib}\n\
             pub mod streaming_example {{\n    \
                 pub mod generated {{\n        include!(\"streaming/mod.rs\");\n    }}\n    \
                 use generated::streaming::Item;\n    \
                 use generated::streaming::streamer_server::Streamer;\n    \
                 use tonic::codegen::tokio_stream::Stream;\n    \
                 use tonic::{{Request, Response, Status, Streaming}};\n\n    \
                 pub struct MyStreamer;\n\n    \
                 impl Streamer for MyStreamer {{\n{indented}    }}\n\
             }}\n"
        ),
    )
    .unwrap();
    let plugin = support::manifest_dir();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"with-builder\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n\
             [dependencies]\n{DEPENDENCIES}\n\
             [build-dependencies]\nprotoc-gen-rustsvc = {{ path = {:?} }}\n\n[workspace]\n",
            plugin.display().to_string()
        ),
    )
    .unwrap();
    clippy(&dir);
}
