//! The built-in parser: protobuf-parse in pure mode, plus the comments and positions it
//! does not keep, plus errors that name file:line:column.
//!
//! Files are read here first, so that a missing import, an import cycle, an editions file
//! or a syntax error are found with the position of the statement at fault (protobuf-parse
//! would recurse forever on a cycle); protobuf-parse then reads and type-checks them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prost::Message as _;

use crate::error::{err, Result};
use crate::pb::FileDescriptorProto;

use super::lexer::{self, Lexed};
use super::skeleton::{self, Skeleton};
use super::{Parsed, ProtoFile};

/// The well-known types protobuf-parse carries inside itself, found without an include
/// directory (as protoc finds them beside itself).
const EMBEDDED: &[&str] = &[
    "google/protobuf/any.proto",
    "google/protobuf/api.proto",
    "google/protobuf/descriptor.proto",
    "google/protobuf/duration.proto",
    "google/protobuf/empty.proto",
    "google/protobuf/field_mask.proto",
    "google/protobuf/source_context.proto",
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
    "google/protobuf/type.proto",
    "google/protobuf/wrappers.proto",
];

/// A file read from disk.
struct Loaded {
    /// Where it was read, as shown in messages (`proto/user.proto`).
    display: String,
    disk: PathBuf,
    text: String,
    /// Imports as protobuf-parse read them.
    imports: Vec<String>,
    skeleton: Skeleton,
}

struct Loader<'a> {
    includes: &'a [PathBuf],
    files: BTreeMap<String, Loaded>,
}

/// Whether a string literal token contains a `\u` or `\U` escape (not `\\u`).
fn has_unicode_escape(literal: &str) -> bool {
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('u' | 'U') => return true,
                _ => continue,
            }
        }
    }
    false
}

fn display(path: &Path) -> String {
    clean(&path.display().to_string())
}

/// A path as shown in messages: without a leading `./`.
fn clean(path: &str) -> String {
    path.strip_prefix("./").unwrap_or(path).to_owned()
}

/// `file:line:column` (1-based) of a token.
fn at(display: &str, lexed: &Lexed<'_>, token: usize) -> String {
    match lexed.tokens.get(token) {
        Some(t) => format!("{display}:{}:{}", t.line + 1, t.column + 1),
        None => display.to_owned(),
    }
}

fn includes_list(includes: &[PathBuf]) -> String {
    includes
        .iter()
        .map(|p| display(p))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Loader<'_> {
    /// Finds `name` under the include directories.
    fn find(&self, name: &str) -> Option<PathBuf> {
        self.includes
            .iter()
            .map(|dir| join(dir, name))
            .find(|p| p.is_file())
    }

    /// Reads, lexes and syntax-checks `name` and, recursively, what it imports.
    /// `importer` is the place of the import statement that asked for it.
    fn load(&mut self, name: &str, disk: PathBuf, importer: Option<&str>) -> Result<()> {
        if self.files.contains_key(name) {
            return Ok(());
        }
        let shown = display(&disk);
        let text = std::fs::read_to_string(&disk).map_err(|e| match importer {
            Some(place) => err!("{place}: cannot read the imported file {shown}: {e}"),
            None => err!("{shown}: cannot read the file: {e}"),
        })?;
        let lexed = lexer::lex(&text).map_err(|e| {
            err!(
                "{shown}:{}:{}: syntax error: {}",
                e.line + 1,
                e.column + 1,
                e.message
            )
        })?;
        let outline = skeleton::outline(&lexed);
        if let Some(token) = outline.edition {
            return Err(err!(
                "{}: this is an editions file, which the built-in parser cannot read; \
                 install protoc or set PROTOC to its path (the command line then uses it, \
                 or force it with --parser=protoc)",
                at(&shown, &lexed, token)
            ));
        }
        // protobuf-parse reads `\u` and `\U` escapes in string literals as plain text, which
        // would silently change default values and option strings.
        if let Some(token) = lexed
            .tokens
            .iter()
            .position(|t| t.kind == lexer::Kind::String && has_unicode_escape(t.text))
        {
            return Err(err!(
                "{}: a \\u or \\U escape in a string, which the built-in parser cannot read; \
                 write the character itself, or install protoc or set PROTOC to its path (the \
                 command line then uses it, or force it with --parser=protoc)",
                at(&shown, &lexed, token)
            ));
        }
        let deps = guard(&shown, || protobuf_parse::pure::parse_dependencies(&text))?
            .map_err(|e| err!("{shown}:{}:{}: syntax error: {}", e.line, e.col, e.error))?;
        let imports: Vec<String> = deps.dependency.clone();
        // Remember the file before its imports, so a cycle does not recurse forever.
        let import_places: Vec<(String, String)> = imports
            .iter()
            .map(|imp| {
                let place = outline
                    .imports
                    .iter()
                    .find(|i| &i.path == imp)
                    .map_or_else(|| shown.clone(), |i| at(&shown, &lexed, i.token));
                (imp.clone(), place)
            })
            .collect();
        self.files.insert(
            name.to_owned(),
            Loaded {
                display: shown,
                disk,
                text,
                imports,
                skeleton: outline,
            },
        );
        for (imp, place) in import_places {
            match self.find(&imp) {
                Some(path) => self.load(&imp, path, Some(&place))?,
                None if EMBEDDED.contains(&imp.as_str()) => {}
                None => {
                    return Err(err!(
                        "{place}: import \"{imp}\" was not found in the include directories \
                         ({}); add the directory that holds it with -I (or .include() in \
                         build.rs), or fix the path",
                        includes_list(self.includes)
                    ))
                }
            }
        }
        Ok(())
    }

    /// The first import cycle reachable from `name`, as an error at the import that closes it.
    fn check_cycles(
        &self,
        name: &str,
        stack: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Result<()> {
        if done.iter().any(|d| d == name) {
            return Ok(());
        }
        let Some(file) = self.files.get(name) else {
            return Ok(());
        };
        stack.push(name.to_owned());
        for imp in &file.imports {
            if let Some(pos) = stack.iter().position(|s| s == imp) {
                let mut chain: Vec<&str> = stack[pos..].iter().map(String::as_str).collect();
                chain.push(imp);
                let place = file
                    .skeleton
                    .imports
                    .iter()
                    .find(|i| &i.path == imp)
                    .and_then(|i| {
                        lexer::lex(&file.text)
                            .ok()
                            .map(|l| at(&file.display, &l, i.token))
                    })
                    .unwrap_or_else(|| file.display.clone());
                return Err(err!(
                    "{place}: import cycle: {}; protobuf files cannot import each other in a \
                     circle, move the shared definitions into a file both import",
                    chain.join(" -> ")
                ));
            }
            self.check_cycles(imp, stack, done)?;
        }
        stack.pop();
        done.push(name.to_owned());
        Ok(())
    }
}

/// Runs protobuf-parse, turning a panic inside it into an error naming the files.
fn guard<T>(files: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|_| {
        err!(
            "{files}: the built-in parser (protobuf-parse) crashed on this input; please \
             report it, and meanwhile install protoc or set PROTOC to use protoc instead"
        )
    })
}

/// `dir/name`, or just `name` in the current directory.
fn join(dir: &Path, name: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

/// The proto name of an input file: its path relative to the include directory holding it.
fn proto_name(input: &Path, includes: &[PathBuf]) -> Result<(String, PathBuf)> {
    let shown = display(input);
    if input.is_file() {
        let canonical = input
            .canonicalize()
            .map_err(|e| err!("{shown}: cannot read the file: {e}"))?;
        for dir in includes {
            let Ok(canonical_dir) = dir.canonicalize() else {
                continue;
            };
            if let Ok(rel) = canonical.strip_prefix(&canonical_dir) {
                let parts: Option<Vec<&str>> =
                    rel.components().map(|c| c.as_os_str().to_str()).collect();
                let Some(parts) = parts else {
                    return Err(err!(
                        "{shown}: the path is not valid UTF-8; rename the file"
                    ));
                };
                let name = parts.join("/");
                let disk = join(dir, &name);
                return Ok((name, disk));
            }
        }
        return Err(err!(
            "{shown}: the file is not inside any include directory ({}); add -I with the \
             directory its imports are relative to (for example -I {})",
            includes_list(includes),
            input
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| ".".to_owned(), display)
        ));
    }
    // Not a path on disk: maybe a name relative to an include directory, as protoc allows.
    let name = shown.replace('\\', "/");
    if let Some(found) = includes
        .iter()
        .map(|d| join(d, &name))
        .find(|p| p.is_file())
    {
        return Ok((name, found));
    }
    Err(err!("{shown}: no such file"))
}

/// Parses `inputs` with the include directories (`.` when none are given).
pub fn parse(includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Parsed> {
    let default_includes = [PathBuf::from(".")];
    let includes = if includes.is_empty() {
        &default_includes[..]
    } else {
        includes
    };
    let mut loader = Loader {
        includes,
        files: BTreeMap::new(),
    };
    let mut names = Vec::new();
    // Every input is read and checked, so that one run reports every broken file.
    let mut errors = Vec::new();
    for input in inputs {
        let loaded = proto_name(input, includes)
            .and_then(|(name, disk)| loader.load(&name, disk, None).map(|()| name));
        match loaded {
            Ok(name) if !names.contains(&name) => names.push(name),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    let mut done = Vec::new();
    // An input in an import cycle is not type-checked (protobuf-parse would recurse forever).
    names.retain(
        |name| match loader.check_cycles(name, &mut Vec::new(), &mut done) {
            Ok(()) => true,
            Err(e) => {
                errors.push(e);
                false
            }
        },
    );
    // The inputs that read and lexed are type-checked even when others did not.
    if names.is_empty() {
        return Err(crate::Error::many(errors).expect("no input loaded, so one failed"));
    }
    let typecheck = |names: &[String]| {
        // protobuf-parse names an input by stripping the include directory off its path, so
        // give it each input as include directory + name.
        let mut parser = protobuf_parse::Parser::new();
        parser.pure().includes(includes);
        for name in names {
            if let Some(f) = loader.files.get(name) {
                parser.input(&f.disk);
            }
        }
        let shown = names.join(", ");
        guard(&shown, || parser.parse_and_typecheck())?
            .map_err(|e| typecheck_error(&loader, e.chain().map(|c| c.to_string()).collect()))
    };
    let descriptors = match typecheck(&names) {
        Ok(parsed) => parsed.file_descriptors,
        // protobuf-parse stops at the first error: each input on its own finds the others.
        Err(first) if names.len() > 1 => {
            let mut each = Vec::new();
            for name in &names {
                match typecheck(std::slice::from_ref(name)) {
                    Err(e) => each.push(e),
                    // What protoc checks beyond that, in an input that type-checks alone.
                    Ok(parsed) => {
                        for d in parsed.file_descriptors {
                            let Some(loaded) = loader.files.get(d.name()) else {
                                continue;
                            };
                            if d.name() == name {
                                let shown = &loaded.display;
                                if let Err(e) = convert(d, &loader).and_then(|f| check(&f, shown)) {
                                    each.push(e);
                                }
                            }
                        }
                    }
                }
            }
            // Alone, none may fail (two inputs defining one name): then the first error.
            errors.extend(if each.is_empty() { vec![first] } else { each });
            return Err(crate::Error::many(errors).expect("errors were added"));
        }
        Err(e) => {
            errors.push(e);
            return Err(crate::Error::many(errors).expect("errors were added"));
        }
    };

    let mut proto_files = Vec::with_capacity(descriptors.len());
    for d in descriptors {
        proto_files.push(convert(d, &loader)?);
    }
    for file in &proto_files {
        if let Some(loaded) = loader.files.get(file.name()) {
            if let Err(e) = check(file, &loaded.display) {
                errors.push(e);
            }
        }
    }
    if let Some(e) = crate::Error::many(errors) {
        return Err(e);
    }
    Ok(Parsed {
        files_to_generate: names,
        proto_files,
        read: loader
            .files
            .into_iter()
            .map(|(name, f)| ProtoFile { name, disk: f.disk })
            .collect(),
        warnings: Vec::new(),
    })
}

/// A protobuf-parse descriptor as protoc would give it: prost's type, normalized, with the
/// source info rebuilt from the file's text.
fn convert(
    d: protobuf::descriptor::FileDescriptorProto,
    loader: &Loader<'_>,
) -> Result<FileDescriptorProto> {
    let bytes = protobuf::Message::write_to_bytes(&d).map_err(|e| {
        err!(
            "internal error: cannot encode the descriptor of {}: {e}",
            d.name()
        )
    })?;
    let mut file = FileDescriptorProto::decode(bytes.as_slice()).map_err(|e| {
        err!(
            "internal error: cannot decode the descriptor of {}: {e}",
            d.name()
        )
    })?;
    normalize(&mut file);
    if let Some(loaded) = loader.files.get(file.name()) {
        if let Ok(lexed) = lexer::lex(&loaded.text) {
            file.source_code_info = Some(skeleton::source_code_info(&lexed, &loaded.skeleton));
            // protoc gives a method written with a `{ }` body options, even empty ones.
            for e in &loaded.skeleton.elements {
                if let [6, s, 2, m] = e.path[..] {
                    let braces = lexed.tokens.get(e.end).is_some_and(|t| t.is("{"));
                    let method = file
                        .service
                        .get_mut(s as usize)
                        .and_then(|s| s.method.get_mut(m as usize));
                    if let (true, Some(method)) = (braces, method) {
                        method.options.get_or_insert_with(Default::default);
                    }
                }
            }
        }
    }
    Ok(file)
}

/// What protoc checks and protobuf-parse does not: in proto3, the first value of an enum
/// is 0 and fields have no default values.
fn check(file: &FileDescriptorProto, shown: &str) -> Result<()> {
    let place = |path: &[i32]| {
        let span = file
            .source_code_info
            .as_ref()
            .and_then(|i| i.location.iter().find(|l| l.path == path))
            .map(|l| l.span.clone())
            .unwrap_or_default();
        match span.as_slice() {
            [line, column, ..] => format!("{shown}:{}:{}", line + 1, column + 1),
            _ => shown.to_owned(),
        }
    };
    let package = file.package();
    let prefix = if package.is_empty() {
        String::new()
    } else {
        format!("{package}.")
    };
    if file.syntax() == "proto3" {
        let mut enums: Vec<(Vec<i32>, String, &crate::pb::EnumDescriptorProto)> = file
            .enum_type
            .iter()
            .enumerate()
            .map(|(i, e)| (vec![5, i as i32], format!("{prefix}{}", e.name()), e))
            .collect();
        let mut messages: Vec<(Vec<i32>, String, &crate::pb::DescriptorProto)> = file
            .message_type
            .iter()
            .enumerate()
            .map(|(i, m)| (vec![4, i as i32], format!("{prefix}{}", m.name()), m))
            .collect();
        while let Some((path, name, m)) = messages.pop() {
            if let Some((i, f)) = m
                .field
                .iter()
                .enumerate()
                .find(|(_, f)| f.default_value.is_some())
            {
                let mut p = path.clone();
                p.extend([2, i as i32]);
                return Err(err!(
                    "{}: field '{}' of message '{name}' has a default value, which proto3 does \
                     not allow; remove [default = ...]",
                    place(&p),
                    f.name()
                ));
            }
            for (i, e) in m.enum_type.iter().enumerate() {
                let mut p = path.clone();
                p.extend([4, i as i32]);
                enums.push((p, format!("{name}.{}", e.name()), e));
            }
            for (i, n) in m.nested_type.iter().enumerate() {
                let mut p = path.clone();
                p.extend([3, i as i32]);
                messages.push((p, format!("{name}.{}", n.name()), n));
            }
        }
        enums.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, name, e) in enums {
            if let Some(first) = e.value.first().filter(|v| v.number() != 0) {
                let mut p = path.clone();
                p.extend([2, 0]);
                return Err(err!(
                    "{}: the first value of enum '{name}' is {} = {}, but in proto3 the first \
                     value must be 0; add a value such as {}_UNSPECIFIED = 0 before it",
                    place(&p),
                    first.name(),
                    first.number(),
                    heck::AsShoutySnakeCase(e.name())
                ));
            }
        }
    }
    Ok(())
}

/// Makes a descriptor from protobuf-parse look like protoc's: no `syntax` for proto2, the
/// synthetic oneofs of proto3 `optional` fields after the real oneofs, no empty field
/// options.
fn normalize(file: &mut FileDescriptorProto) {
    if file.syntax.as_deref() == Some("proto2") {
        file.syntax = None;
    }
    for m in &mut file.message_type {
        normalize_message(m);
    }
    for f in &mut file.extension {
        if f.options.as_ref().is_some_and(|o| *o == Default::default()) {
            f.options = None;
        }
    }
}

fn normalize_message(m: &mut crate::pb::DescriptorProto) {
    for n in &mut m.nested_type {
        normalize_message(n);
    }
    // `[json_name = "x"]` alone is not an option for protoc: no empty options left behind.
    for f in m.field.iter_mut().chain(m.extension.iter_mut()) {
        if f.options.as_ref().is_some_and(|o| *o == Default::default()) {
            f.options = None;
        }
    }
    let synthetic: Vec<bool> = (0..m.oneof_decl.len())
        .map(|i| {
            let members: Vec<_> = m
                .field
                .iter()
                .filter(|f| f.oneof_index == Some(i as i32))
                .collect();
            members.len() == 1 && members[0].proto3_optional()
        })
        .collect();
    let mut order: Vec<usize> = (0..m.oneof_decl.len()).filter(|&i| !synthetic[i]).collect();
    order.extend((0..m.oneof_decl.len()).filter(|&i| synthetic[i]));
    if order.iter().enumerate().all(|(new, &old)| new == old) {
        return;
    }
    let mut new_index = vec![0i32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new as i32;
    }
    let old = std::mem::take(&mut m.oneof_decl);
    m.oneof_decl = order.iter().map(|&i| old[i].clone()).collect();
    for f in &mut m.field {
        if let Some(i) = f.oneof_index {
            if let Some(&n) = new_index.get(i as usize) {
                f.oneof_index = Some(n);
            }
        }
    }
}

/// Turns a protobuf-parse type-check error into one with file:line:column when it names a
/// type that is not defined.
fn typecheck_error(loader: &Loader<'_>, chain: Vec<String>) -> crate::Error {
    // The outermost error is "error in `FILE`: ..."; the innermost says what is wrong.
    let file = chain.iter().find_map(|m| {
        let rest = m.strip_prefix("error in `")?;
        let end = rest.find("`: ")?;
        Some(clean(&rest[..end]))
    });
    let inner = chain.last().cloned().unwrap_or_default();
    let loaded = file
        .as_deref()
        .and_then(|f| loader.files.values().find(|l| l.display == f));
    if let (Some(loaded), Some(name)) = (loaded, unknown_type_name(&inner)) {
        let scope = inner
            .split_once("` in scope `")
            .map(|(_, s)| s.trim_end_matches('`').trim_start_matches('.').to_owned());
        let refs = &loaded.skeleton.type_refs;
        let found = refs
            .iter()
            .find(|r| {
                r.name == name
                    && scope
                        .as_deref()
                        .is_some_and(|s| r.owner.contains(&format!("'{s}'")))
            })
            .or_else(|| refs.iter().find(|r| r.name == name));
        if let (Some(r), Ok(lexed)) = (found, lexer::lex(&loaded.text)) {
            return err!(
                "{}: unknown type '{}' in {}; define it, or import the file that defines it",
                at(&loaded.display, &lexed, r.token),
                r.name,
                r.owner
            );
        }
    }
    if let (Some(loaded), Some(full)) = (loaded, not_a_message(&inner)) {
        let found = loaded.skeleton.type_refs.iter().find(|r| {
            let name = r.name.trim_start_matches('.');
            r.owner.starts_with("method ") && (full == name || full.ends_with(&format!(".{name}")))
        });
        if let (Some(r), Ok(lexed)) = (found, lexer::lex(&loaded.text)) {
            return err!(
                "{}: '{full}' is not a message, but {} uses it as its request or response; \
                 methods take and return messages, so wrap it in one",
                at(&loaded.display, &lexed, r.token),
                r.owner
            );
        }
    }
    if let (Some(loaded), Some(name)) = (loaded, duplicate_field_name(&inner)) {
        if let Some(e) = duplicate_field(loaded, &name) {
            return e;
        }
    }
    if let (Some(loaded), Some(name)) = (loaded, unknown_option_name(&inner)) {
        if let Ok(lexed) = lexer::lex(&loaded.text) {
            if let Some(token) = find_option(&lexed, &name) {
                let custom = lexed.tokens[token].is("(");
                return err!(
                    "{}: unknown option '{}'; check its spelling, or import the .proto that \
                     defines it{}",
                    at(&loaded.display, &lexed, token),
                    if custom {
                        format!("({name})")
                    } else {
                        name.clone()
                    },
                    if custom {
                        ""
                    } else {
                        " and write its name in parentheses"
                    }
                );
            }
        }
    }
    match file {
        Some(f) => err!("{f}: {inner}"),
        None => err!("{inner}"),
    }
}

/// The type in rust-protobuf's error for a method whose request or response is no message.
fn not_a_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Message `")?;
    let (name, tail) = rest.split_once('`')?;
    tail.starts_with(" not found in files")
        .then(|| name.trim_start_matches('.').to_owned())
}

/// The field named in rust-protobuf's error for two fields with the same number, name or
/// JSON name.
fn duplicate_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("Non-unique field name: `")?;
    rest.split('`').next().map(str::to_owned)
}

/// protoc's default JSON name: underscores dropped, the letter after one upper-cased.
fn json_name(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The error for the field `name` that clashes with an earlier field of its message.
fn duplicate_field(loaded: &Loaded, name: &str) -> Option<crate::Error> {
    let lexed = lexer::lex(&loaded.text).ok()?;
    let fields = &loaded.skeleton.fields;
    for (i, f) in fields.iter().enumerate().filter(|(_, f)| f.name == name) {
        let earlier = fields[..i].iter().filter(|g| g.message == f.message);
        for g in earlier {
            let what = if g.number == f.number {
                format!(
                    "uses number {}, already used by field '{}'; give each field its own number",
                    f.number, g.name
                )
            } else if g.name == f.name {
                "is declared twice; rename one of them".to_owned()
            } else if json_name(&g.name) == json_name(&f.name) {
                format!(
                    "has the same JSON name '{}' as field '{}'; rename one of them",
                    json_name(&f.name),
                    g.name
                )
            } else {
                continue;
            };
            return Some(err!(
                "{}: field '{}' of message '{}' {what}",
                at(&loaded.display, &lexed, f.token),
                f.name,
                f.message
            ));
        }
    }
    None
}

/// The option name in protobuf-parse's errors for an unknown option.
fn unknown_option_name(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("extension not found: ") {
        return Some(rest.trim().to_owned());
    }
    if message.starts_with("builtin option ") {
        let (_, name) = message.split_once(" not found for options ")?;
        return Some(name.trim().to_owned());
    }
    None
}

/// The token where option `name` is set: after `option`, `[` or `,`, with or without
/// parentheses (pointing at the `(` of a custom option).
fn find_option(lexed: &Lexed<'_>, name: &str) -> Option<usize> {
    let toks = &lexed.tokens;
    (0..toks.len()).find(|&i| {
        let preceded = i
            .checked_sub(1)
            .and_then(|p| toks.get(p))
            .is_some_and(|t| t.is("option") || t.is("[") || t.is(","));
        if !preceded {
            return false;
        }
        let mut spelled = String::new();
        for t in &toks[i..] {
            if t.is("=") {
                break;
            }
            if !t.is("(") && !t.is(")") {
                spelled.push_str(t.text);
            }
            if spelled.len() >= name.len() {
                break;
            }
        }
        spelled == name
    })
}

/// The name in protobuf-parse's "object is not found by path" errors.
fn unknown_type_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("object is not found by path")?;
    if let Some(rest) = rest.strip_prefix(" `") {
        return rest.split('`').next().map(str::to_owned);
    }
    rest.strip_prefix(": ").map(|s| s.trim().to_owned())
}

/// Parses one file from memory, for unit tests: name → descriptor with source info.
#[cfg(test)]
pub fn parse_text(name: &str, text: &str) -> Result<FileDescriptorProto> {
    let dir = std::env::temp_dir().join(format!(
        "rustsvc-pure-{}-{}",
        std::process::id(),
        name.replace(['/', '.'], "_")
    ));
    std::fs::create_dir_all(dir.join(Path::new(name).parent().unwrap_or(Path::new(""))))
        .map_err(|e| err!("{e}"))?;
    std::fs::write(dir.join(name), text).map_err(|e| err!("{e}"))?;
    let parsed = parse(std::slice::from_ref(&dir), &[dir.join(name)]);
    let _ = std::fs::remove_dir_all(&dir);
    let parsed = parsed?;
    let map: std::collections::HashMap<_, _> = parsed
        .proto_files
        .into_iter()
        .map(|f| (f.name().to_owned(), f))
        .collect();
    map.get(name)
        .cloned()
        .ok_or_else(|| err!("{name} was not parsed"))
}
