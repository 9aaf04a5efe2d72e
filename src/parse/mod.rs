//! .proto files → the `CodeGeneratorRequest` protoc would send, with or without protoc.
//!
//! Two parsers give the same descriptors: [`ParserKind::Native`] (the default) is our own
//! front end (src/parse/native), byte for byte what protoc builds; [`ParserKind::Protoc`]
//! runs protoc for a descriptor set with source info. [`ParserKind::Auto`] takes protoc
//! when one is found ($PROTOC, then PATH) and the native front end otherwise.

mod lexer;
pub mod native;

use std::path::{Path, PathBuf};
use std::process::Command;

use prost::Message as _;

use crate::error::{err, Result};
use crate::pb::{CodeGeneratorRequest, FileDescriptorProto, FileDescriptorSet};

/// Which parser reads the .proto files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParserKind {
    /// protoc when one is found ($PROTOC, then PATH), the native front end otherwise.
    Auto,
    /// protoc, from $PROTOC or PATH.
    Protoc,
    /// The same as [`ParserKind::Native`]: the name of the built-in parser before the
    /// native front end replaced protobuf-parse, kept so that existing build scripts and
    /// command lines work.
    Pure,
    /// Our own front end (src/parse/native); no protoc needed. The default.
    #[default]
    Native,
}

impl std::str::FromStr for ParserKind {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(ParserKind::Auto),
            "protoc" => Ok(ParserKind::Protoc),
            "pure" => Ok(ParserKind::Pure),
            "native" => Ok(ParserKind::Native),
            other => Err(err!(
                "unknown parser '{other}'; use --parser=native (the default), --parser=protoc \
                 or --parser=auto"
            )),
        }
    }
}

/// A .proto file that was read: its proto name and where it is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtoFile {
    pub name: String,
    pub disk: PathBuf,
}

/// What a parser produced.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Proto names of the inputs, in the order given.
    pub files_to_generate: Vec<String>,
    /// Every file with its imports, dependencies first.
    pub proto_files: Vec<FileDescriptorProto>,
    /// Every file read from disk (inputs and imports), for cargo:rerun-if-changed.
    pub read: Vec<ProtoFile>,
    /// Warnings with where they are (`file:line:column: …`, as protoc places them): the
    /// native front end's (deprecated features); empty for the other parsers.
    pub warnings: Vec<String>,
}

/// The parser that ran, and why, for `-v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Protoc(PathBuf),
    Native,
}

impl std::fmt::Display for Chosen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Chosen::Protoc(p) => write!(f, "protoc ({})", p.display()),
            Chosen::Native => f.write_str("the native front end"),
        }
    }
}

/// Finds protoc: $PROTOC, then `protoc` on PATH.
pub fn find_protoc() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROTOC").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let exe = format!("protoc{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&exe))
        .find(|p| p.is_file())
}

/// Which parser `kind` means here.
pub fn choose(kind: ParserKind) -> Result<Chosen> {
    match kind {
        ParserKind::Pure | ParserKind::Native => Ok(Chosen::Native),
        ParserKind::Auto => Ok(find_protoc().map_or(Chosen::Native, Chosen::Protoc)),
        ParserKind::Protoc => find_protoc().map(Chosen::Protoc).ok_or_else(|| {
            err!(
                "--parser=protoc: no protoc found; install protoc, set PROTOC to its path, \
                 or use --parser=native"
            )
        }),
    }
}

/// Parses `inputs` (paths on disk, or names relative to an include directory) with the
/// include directories (`.` when none are given).
pub fn parse(chosen: &Chosen, includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Parsed> {
    if inputs.is_empty() {
        return Err(err!("no .proto files given"));
    }
    match chosen {
        Chosen::Native => native::parse(includes, inputs),
        Chosen::Protoc(protoc) => parse_with_protoc(protoc, includes, inputs),
    }
}

/// The request protoc would send the plugin for `parsed` with `parameter`, taking the
/// descriptors over (no copy); the files read are given back.
pub fn into_request(parsed: Parsed, parameter: &str) -> (CodeGeneratorRequest, Vec<ProtoFile>) {
    let request = CodeGeneratorRequest {
        file_to_generate: parsed.files_to_generate,
        parameter: (!parameter.is_empty()).then(|| parameter.to_owned()),
        proto_file: parsed.proto_files,
        ..Default::default()
    };
    (request, parsed.read)
}

/// The request protoc would send the plugin for `parsed` with `parameter`.
pub fn request(parsed: &Parsed, parameter: &str) -> CodeGeneratorRequest {
    CodeGeneratorRequest {
        file_to_generate: parsed.files_to_generate.clone(),
        parameter: (!parameter.is_empty()).then(|| parameter.to_owned()),
        proto_file: parsed.proto_files.clone(),
        ..Default::default()
    }
}

fn parse_with_protoc(protoc: &Path, includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Parsed> {
    let default_includes = [PathBuf::from(".")];
    let includes = if includes.is_empty() {
        &default_includes[..]
    } else {
        includes
    };
    let dir = std::env::temp_dir().join(format!(
        "protoc-gen-rustsvc-{}-{}",
        std::process::id(),
        unique()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| {
        err!(
            "cannot create the temporary directory {}: {e}",
            dir.display()
        )
    })?;
    let set_path = dir.join("set.pb");
    let run = |inputs: &[PathBuf]| {
        let mut cmd = Command::new(protoc);
        cmd.arg("--include_imports")
            .arg("--include_source_info")
            .arg(format!("--descriptor_set_out={}", set_path.display()));
        for inc in includes {
            cmd.arg(format!("-I{}", inc.display()));
        }
        cmd.args(inputs);
        cmd.output()
    };
    let result = run(inputs);
    let bytes = std::fs::read(&set_path);
    let output = result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&dir);
        err!(
            "cannot run protoc ({}): {e}; install protoc, fix PROTOC, or use --parser=native",
            protoc.display()
        )
    })?;
    if !output.status.success() {
        let mut stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        // protoc stops at the first input that does not parse: each input on its own
        // reports the others, so one run names every broken file.
        if inputs.len() > 1 {
            let mut lines: Vec<String> = Vec::new();
            for input in inputs {
                if let Ok(out) = run(std::slice::from_ref(input)) {
                    for line in String::from_utf8_lossy(&out.stderr).lines() {
                        if !lines.iter().any(|l| l == line) {
                            lines.push(line.to_owned());
                        }
                    }
                }
            }
            if !lines.is_empty() {
                stderr = lines.join("\n");
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        return Err(err!("protoc failed:\n{}", stderr.trim_end()));
    }
    let _ = std::fs::remove_dir_all(&dir);
    let bytes = bytes.map_err(|e| err!("protoc wrote no descriptor set: {e}"))?;
    let set = FileDescriptorSet::decode(bytes.as_slice())
        .map_err(|e| err!("protoc wrote a descriptor set that does not decode: {e}"))?;
    let mut files_to_generate = Vec::new();
    for input in inputs {
        let name = name_in_set(&set, input, includes).ok_or_else(|| {
            err!(
                "{}: protoc did not report this file; pass it relative to an include directory",
                input.display()
            )
        })?;
        if !files_to_generate.contains(&name) {
            files_to_generate.push(name);
        }
    }
    let read = set
        .file
        .iter()
        .filter_map(|f| {
            includes
                .iter()
                .map(|inc| inc.join(f.name()))
                .find(|p| p.is_file())
                .map(|disk| ProtoFile {
                    name: f.name().to_owned(),
                    disk,
                })
        })
        .collect();
    Ok(Parsed {
        files_to_generate,
        proto_files: set.file,
        read,
        warnings: Vec::new(),
    })
}

/// The proto name protoc gave an input path: the one whose include-relative path it is.
fn name_in_set(set: &FileDescriptorSet, input: &Path, includes: &[PathBuf]) -> Option<String> {
    let canonical = input.canonicalize().ok();
    set.file.iter().map(|f| f.name().to_owned()).find(|name| {
        let as_given = input.to_string_lossy().replace('\\', "/");
        as_given == *name
            || includes.iter().any(|inc| {
                let candidate = inc.join(name);
                canonical.is_some() && candidate.canonicalize().ok() == canonical
            })
    })
}

fn unique() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::Location;

    fn location<'a>(f: &'a FileDescriptorProto, path: &[i32]) -> &'a Location {
        let info = f.source_code_info.as_ref().unwrap();
        info.location.iter().find(|l| l.path == path).unwrap()
    }

    fn native_text(name: &str, text: &str) -> Result<FileDescriptorProto> {
        let files = std::collections::HashMap::from([(name.to_owned(), text.to_owned())]);
        let compiled = native::compile_in_memory(&files, &[name])?;
        Ok(compiled.parsed.proto_files.into_iter().last().unwrap())
    }

    #[test]
    fn native_comments_and_spans() {
        let f = native_text(
            "c.proto",
            "syntax = \"proto3\";\npackage p;\n\n// Leading M.\nmessage M { // Trailing M.\n  \
             // Field a.\n  int32 a = 1; // After a.\n  optional string b = 2;\n  \
             oneof o {\n    // In oneof.\n    string c = 3;\n  }\n  map<string, M> m = 4;\n  \
             message N {}\n}\n",
        )
        .unwrap();
        let m = location(&f, &[4, 0]);
        assert_eq!(m.span, vec![4, 0, 14, 1]);
        assert_eq!(m.leading_comments.as_deref(), Some(" Leading M.\n"));
        assert_eq!(m.trailing_comments.as_deref(), Some(" Trailing M.\n"));
        let a = location(&f, &[4, 0, 2, 0]);
        assert_eq!(a.span, vec![6, 2, 14]);
        assert_eq!(a.leading_comments.as_deref(), Some(" Field a.\n"));
        assert_eq!(a.trailing_comments.as_deref(), Some(" After a.\n"));
        let c = location(&f, &[4, 0, 2, 2]);
        assert_eq!(c.leading_comments.as_deref(), Some(" In oneof.\n"));
        assert_eq!(location(&f, &[4, 0, 8, 0]).span, vec![8, 2, 11, 3]);
        // The map entry is nested type 0, so N is nested type 1.
        assert_eq!(location(&f, &[4, 0, 3, 1]).span, vec![13, 2, 14]);
        // The synthetic oneof of `optional b` comes after the real one.
        let msg = &f.message_type[0];
        assert_eq!(msg.oneof_decl[0].name(), "o");
        assert_eq!(msg.oneof_decl[1].name(), "_b");
        assert_eq!(msg.field[1].oneof_index, Some(1));
        assert_eq!(msg.field[2].oneof_index, Some(0));
    }

    #[test]
    fn native_errors_name_the_place() {
        let e = native_text(
            "s.proto",
            "syntax = \"proto3\";\nmessage A {\n  int32 x = ;\n}\n",
        )
        .unwrap_err();
        assert_eq!(e.message(), "s.proto:3:13: Expected field number.");
        let e = native_text(
            "t.proto",
            "syntax = \"proto3\";\npackage p;\nmessage A {\n  Missing x = 1;\n}\n",
        )
        .unwrap_err();
        assert_eq!(
            e.message(),
            "t.proto:4:3: \"Missing\" is not defined. Define it, or import the file that \
             defines it."
        );
    }

    #[test]
    fn parser_kind_from_str() {
        assert_eq!("pure".parse::<ParserKind>().unwrap(), ParserKind::Pure);
        assert_eq!(choose(ParserKind::Pure).unwrap(), Chosen::Native);
        assert_eq!(choose(ParserKind::default()).unwrap(), Chosen::Native);
        assert_eq!(
            "x".parse::<ParserKind>().unwrap_err().message(),
            "unknown parser 'x'; use --parser=native (the default), --parser=protoc or \
             --parser=auto"
        );
    }
}
