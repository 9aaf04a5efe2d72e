//! The built-in front end of our own: .proto files → the `FileDescriptorProto`s protoc
//! builds, without protoc and without protobuf-parse (`--parser=native`).
//!
//! `parser` reads one file as protoc's parser does (with the source locations of its
//! declarations and their comments, from the shared lexer); `link` resolves names,
//! writes defaults and JSON names as protoc writes them and interprets options (standard
//! ones against descriptor.proto's schema in `schema.txt`, custom ones against the
//! extensions in scope); `encode` writes each file byte for byte as protoc does, custom
//! options included. Files are read, lexed and parsed on all cores; linking is one pass.

mod checks;
mod encode;
mod link;
mod options;
mod parser;
mod support;
mod text;
pub use text::json_name;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{err, Result};

use super::lexer;
use super::{Parsed, ProtoFile};
use parser::{PFile, Syntax};

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The text of `name` among protoc's bundled include files (the well-known types,
/// descriptor.proto, …), embedded at build time; found after the include directories, as
/// protoc finds its own include directory after the `-I` ones.
pub fn bundled(name: &str) -> Option<&'static str> {
    bundled::BUNDLED
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| bundled::BUNDLED[i].1)
}

/// The proto names of the bundled include files, sorted.
pub fn bundled_names() -> impl Iterator<Item = &'static str> {
    bundled::BUNDLED.iter().map(|(n, _)| *n)
}

/// A file read and parsed.
struct Loaded {
    name: String,
    display: String,
    disk: PathBuf,
    /// Embedded, not read from disk.
    bundled: bool,
    file: PFile,
}

fn display(path: &Path) -> String {
    let s = path.display().to_string();
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

fn join(dir: &Path, name: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(name)
    } else {
        dir.join(name)
    }
}

fn includes_list(includes: &[PathBuf]) -> String {
    includes
        .iter()
        .map(|p| display(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a file's text comes from: the disk, or memory (tests and the fuzz target).
#[derive(Clone)]
enum Source<'a> {
    Disk(PathBuf),
    Memory(&'a str),
    Bundled(&'static str),
}

/// The files a compilation can see: include directories on disk, or files in memory.
struct Tree<'a> {
    includes: &'a [PathBuf],
    memory: Option<&'a HashMap<String, String>>,
}

impl<'a> Tree<'a> {
    fn find(&self, name: &str) -> Option<Source<'a>> {
        let found = match self.memory {
            Some(files) => files.get(name).map(|t| Source::Memory(t.as_str())),
            None => self
                .includes
                .iter()
                .map(|d| join(d, name))
                .find(|p| p.is_file())
                .map(Source::Disk),
        };
        found.or_else(|| bundled(name).map(Source::Bundled))
    }

    fn describe(&self) -> String {
        match self.memory {
            Some(_) => "memory".into(),
            None => includes_list(self.includes),
        }
    }
}

/// Reads, lexes and parses one file; with `declarations_only`, of the source locations only
/// those of element declarations are kept (what the generator reads; the descriptor set
/// needs them all).
fn load_one(name: &str, source: &Source<'_>, declarations_only: bool) -> Result<Loaded> {
    let (shown, disk, owned);
    let text: &str = match source {
        Source::Disk(path) => {
            shown = display(path);
            disk = path.clone();
            let bytes =
                std::fs::read(path).map_err(|e| err!("{shown}: cannot read the file: {e}"))?;
            owned = String::from_utf8(bytes).map_err(|e| {
                err!(
                    "{shown}: the file is not valid UTF-8 (byte {}); protobuf files are UTF-8 text",
                    e.utf8_error().valid_up_to()
                )
            })?;
            &owned
        }
        Source::Memory(text) | Source::Bundled(text) => {
            shown = name.to_owned();
            disk = PathBuf::from(name);
            text
        }
    };
    let lexed = lexer::lex(text).map_err(|e| lex_error(&shown, text, &e))?;
    let mut file = parser::parse(&lexed)
        .map_err(|e| err!("{shown}:{}:{}: {}", e.at.0 + 1, e.at.1 + 1, e.message))?;
    file.desc.name = Some(name.to_owned());
    if declarations_only {
        file.locs.retain(|l| crate::pb::is_declaration(&l.path));
    }
    if file.syntax == Syntax::Proto2 {
        file.desc.syntax = None;
    }
    Ok(Loaded {
        name: name.to_owned(),
        display: shown,
        disk,
        bundled: matches!(source, Source::Bundled(_)),
        file,
    })
}

/// A lexing error as protoc words and places it.
fn lex_error(shown: &str, text: &str, e: &lexer::LexError) -> crate::Error {
    if e.message.starts_with("this string") {
        // protoc stops at the end of the line.
        let line = text.lines().nth(e.line as usize).unwrap_or_default();
        let mut column = 0;
        for b in line.bytes() {
            column = if b == b'\t' {
                column + 8 - column % 8
            } else {
                column + 1
            };
        }
        return err!(
            "{shown}:{}:{}: Multiline strings are not allowed. Did you miss a \"?.",
            e.line + 1,
            column + 1
        );
    }
    // protoc reports the end of the file, then where the comment started.
    let line = text.matches('\n').count();
    let last = text.rsplit('\n').next().unwrap_or_default();
    let mut column = 0;
    for b in last.bytes() {
        column = if b == b'\t' {
            column + 8 - column % 8
        } else {
            column + 1
        };
    }
    err!(
        "{shown}:{}:{}: End-of-file inside block comment (the comment starts at {}:{}; close \
         it with */).",
        line + 1,
        column + 1,
        e.line + 1,
        e.column + 1
    )
}

/// The proto name and disk path of an input: relative to the include directory holding it.
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
                return Ok((name.clone(), join(dir, &name)));
            }
        }
        return Err(err!(
            "{shown}: File does not reside within any path specified using --proto_path (or -I) ({}); \
             add -I with the directory its imports are relative to",
            includes_list(includes)
        ));
    }
    let name = shown.replace('\\', "/");
    includes
        .iter()
        .map(|d| join(d, &name))
        .find(|p| p.is_file())
        .map(|p| (name.clone(), p))
        .ok_or_else(|| err!("{shown}: No such file or directory"))
}

/// Everything read, in protoc's order (each file after its imports), and the encoded
/// files.
pub struct Compiled {
    pub parsed: Parsed,
    /// Each file of `parsed.proto_files` encoded as protoc encodes it, with source info.
    pub encoded: Vec<Vec<u8>>,
}

/// Parses `inputs` with the include directories (`.` when none are given), and encodes
/// every file as protoc does.
pub fn compile(includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Compiled> {
    compile_disk(includes, inputs, true)
}

fn compile_disk(includes: &[PathBuf], inputs: &[PathBuf], encode: bool) -> Result<Compiled> {
    let default_includes = [PathBuf::from(".")];
    let includes = if includes.is_empty() {
        &default_includes[..]
    } else {
        includes
    };
    let mut roots = Vec::new();
    for input in inputs {
        match proto_name(input, includes) {
            Ok((name, disk)) => roots.push((name, Source::Disk(disk))),
            Err(e) => {
                // A bundled file named as an input (`google/protobuf/any.proto`), as protoc
                // takes one from its own include directory.
                let name = display(input).replace('\\', "/");
                match bundled(&name) {
                    Some(text) => roots.push((name, Source::Bundled(text))),
                    None => return Err(e),
                }
            }
        }
    }
    let tree = Tree {
        includes,
        memory: None,
    };
    compile_tree(&tree, roots, encode)
}

/// Compiles files held in memory (name → text); `inputs` are names among them.
pub fn compile_in_memory(files: &HashMap<String, String>, inputs: &[&str]) -> Result<Compiled> {
    let tree = Tree {
        includes: &[],
        memory: Some(files),
    };
    let mut roots = Vec::new();
    for input in inputs {
        let source = tree
            .find(input)
            .ok_or_else(|| err!("{input}: No such file or directory"))?;
        roots.push(((*input).to_owned(), source));
    }
    compile_tree(&tree, roots, true)
}

fn compile_tree(
    tree: &Tree<'_>,
    inputs: Vec<(String, Source<'_>)>,
    encode: bool,
) -> Result<Compiled> {
    let mut names: Vec<String> = Vec::new();
    let mut roots = Vec::new();
    for (name, source) in inputs {
        if !names.contains(&name) {
            names.push(name.clone());
            roots.push((name, source));
        }
    }
    let timing = std::env::var_os("RUSTSVC_NATIVE_TIMING").is_some();
    let t0 = std::time::Instant::now();
    // Read files level by level (all of one level in parallel), following imports.
    let mut loaded: HashMap<String, Loaded> = HashMap::new();
    let mut queued: std::collections::HashSet<String> =
        roots.iter().map(|(n, _)| n.clone()).collect();
    // Every broken file is reported (one run names them all); a file that imports a broken
    // one is left out without an error of its own, as its errors would follow from the other.
    let mut errors: Vec<crate::Error> = Vec::new();
    let mut broken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut frontier = roots;
    while !frontier.is_empty() {
        let results = parallel_map(&frontier, |(name, source)| load_one(name, source, !encode));
        let mut next = Vec::new();
        for ((name, _), r) in frontier.iter().zip(results) {
            let l = match r {
                Ok(l) => l,
                Err(e) => {
                    errors.push(e);
                    broken.insert(name.clone());
                    continue;
                }
            };
            let deps = &l.file.desc.dependency;
            let option_deps = &l.file.desc.option_dependency;
            for dep in deps.iter().chain(option_deps) {
                if queued.contains(dep) {
                    continue;
                }
                match tree.find(dep) {
                    Some(source) => {
                        queued.insert(dep.clone());
                        next.push((dep.clone(), source));
                    }
                    None => {
                        let at = import_at(&l.file, dep);
                        broken.insert(l.name.clone());
                        errors.push(err!(
                            "{}:{}:{}: Import \"{dep}\" was not found or had errors; no file \
                             \"{dep}\" in the include directories ({}); add the directory that \
                             holds it with -I (or .include() in build.rs), or fix the path",
                            l.display,
                            at.0 + 1,
                            at.1 + 1,
                            tree.describe()
                        ));
                    }
                }
            }
            loaded.insert(l.name.clone(), l);
        }
        frontier = next;
    }
    if !broken.is_empty() {
        leave_out_dependents(&mut loaded, broken);
    }
    // Order: each file after its imports, inputs in the order given; cycles are errors.
    let mut order: Vec<String> = Vec::new();
    let mut state: HashMap<String, u8> = HashMap::new();
    for name in &names {
        if let Err(e) = visit(name, &loaded, &mut state, &mut order) {
            errors.push(e);
            return Err(crate::Error::many(errors).unwrap_or(e_none()));
        }
    }
    if order.is_empty() {
        return Err(crate::Error::many(errors).unwrap_or(e_none()));
    }
    let mut files = Vec::with_capacity(order.len());
    let mut shown = Vec::with_capacity(order.len());
    let mut read = Vec::with_capacity(order.len());
    for name in &order {
        let l = loaded.remove(name).expect("visited files are loaded");
        shown.push(l.display.clone());
        if !l.bundled {
            read.push(ProtoFile {
                name: l.name.clone(),
                disk: l.disk.clone(),
            });
        }
        files.push(l.file);
    }
    let locations: Vec<Vec<parser::Loc>> = files
        .iter_mut()
        .map(|f| std::mem::take(&mut f.locs))
        .collect();
    if timing {
        eprintln!(
            "native: read and parsed {} files at {:?}",
            files.len(),
            t0.elapsed()
        );
    }
    let linked = match link::link(files, &order) {
        Ok(linked) if errors.is_empty() => linked,
        Ok(_) => return Err(crate::Error::many(errors).unwrap_or(e_none())),
        Err(link_errors) => {
            errors.extend(link_errors.iter().map(|e| err!("{}", placed(&shown, e))));
            return Err(crate::Error::many(errors).unwrap_or(e_none()));
        }
    };
    if timing {
        eprintln!("native: linked at {:?}", t0.elapsed());
    }
    let mut warnings = Vec::new();
    for l in &linked {
        warnings.extend(l.warnings.iter().map(|w| placed(&shown, w)));
    }
    // Encoded (when asked) and given their source info, files in parallel.
    let done = par_map_vec(linked.into_iter().zip(locations).collect(), |(l, locs)| {
        let bytes = encode.then(|| encode::file(&l.desc, &l.options, Some(&locs)));
        let mut desc = l.desc;
        desc.source_code_info = Some(source_info(locs));
        (desc, bytes)
    });
    let mut proto_files = Vec::with_capacity(done.len());
    let mut encoded = Vec::with_capacity(if encode { done.len() } else { 0 });
    for (desc, bytes) in done {
        proto_files.push(desc);
        encoded.extend(bytes);
    }
    if timing {
        eprintln!("native: done at {:?}", t0.elapsed());
    }
    Ok(Compiled {
        parsed: Parsed {
            files_to_generate: names,
            proto_files,
            read,
            warnings,
        },
        encoded,
    })
}

/// An error as protoc writes it: `file:line:column: message`, or `file: message` where
/// protoc gives no position.
fn placed(shown: &[String], e: &link::LinkError) -> String {
    if e.at == link::NO_POSITION {
        format!("{}: {}", shown[e.file], e.message)
    } else {
        format!(
            "{}:{}:{}: {}",
            shown[e.file],
            e.at.0 + 1,
            e.at.1 + 1,
            e.message
        )
    }
}

/// The error for "errors, but none to show", which cannot happen.
fn e_none() -> crate::Error {
    err!("the compilation failed")
}

/// Removes from `loaded` every file that imports, directly or not, one of `broken` (files
/// that did not parse or miss an import): protoc would stop at the import.
fn leave_out_dependents(
    loaded: &mut HashMap<String, Loaded>,
    mut broken: std::collections::HashSet<String>,
) {
    let mut importers: HashMap<&str, Vec<&str>> = HashMap::new();
    for (name, l) in loaded.iter() {
        for dep in l
            .file
            .desc
            .dependency
            .iter()
            .chain(&l.file.desc.option_dependency)
        {
            importers
                .entry(dep.as_str())
                .or_default()
                .push(name.as_str());
        }
    }
    let mut queue: Vec<String> = broken.iter().cloned().collect();
    while let Some(name) = queue.pop() {
        for importer in importers.get(name.as_str()).into_iter().flatten() {
            if broken.insert((*importer).to_owned()) {
                queue.push((*importer).to_owned());
            }
        }
    }
    loaded.retain(|name, _| !broken.contains(name));
}

/// Where `file` imports `name`.
fn import_at(file: &PFile, name: &str) -> (i32, i32) {
    file.import_at
        .iter()
        .find(|(n, _)| n == name)
        .map_or((0, 0), |(_, at)| *at)
}

/// The locations as the crate's descriptor types hold them.
fn source_info(locs: Vec<parser::Loc>) -> crate::pb::SourceCodeInfo {
    let non_empty = |s: String| (!s.is_empty()).then_some(s);
    crate::pb::SourceCodeInfo {
        location: locs
            .into_iter()
            .map(|l| crate::pb::Location {
                path: l.path,
                span: l.span,
                leading_comments: non_empty(l.leading),
                trailing_comments: non_empty(l.trailing),
                leading_detached_comments: l.detached,
            })
            .collect(),
    }
}

/// Adds `root` and what it imports to `order`, each file after its imports (depth first,
/// without recursion: a chain of 10,000 imports is fine); an import cycle is protoc's error
/// at the import statement that starts it.
fn visit(
    root: &str,
    loaded: &HashMap<String, Loaded>,
    state: &mut HashMap<String, u8>,
    order: &mut Vec<String>,
) -> Result<()> {
    const VISITING: u8 = 1;
    const DONE: u8 = 2;
    if state.contains_key(root) || !loaded.contains_key(root) {
        return Ok(());
    }
    let deps = |name: &str| -> Vec<&str> {
        loaded.get(name).map_or_else(Vec::new, |l| {
            l.file
                .desc
                .dependency
                .iter()
                .chain(&l.file.desc.option_dependency)
                .map(String::as_str)
                .collect()
        })
    };
    let mut stack: Vec<(&str, Vec<&str>, usize)> = vec![(root, deps(root), 0)];
    state.insert(root.to_owned(), VISITING);
    while let Some((name, imports, next)) = stack.last_mut() {
        let Some(&dep) = imports.get(*next) else {
            state.insert((*name).to_owned(), DONE);
            order.push((*name).to_owned());
            stack.pop();
            continue;
        };
        *next += 1;
        match state.get(dep) {
            Some(&DONE) => {}
            Some(_) => {
                let pos = stack.iter().position(|(n, ..)| *n == dep).unwrap_or(0);
                let mut chain: Vec<&str> = stack[pos..].iter().map(|(n, ..)| *n).collect();
                chain.push(dep);
                let first = loaded.get(chain[0]);
                let place = first.map_or_else(String::new, |l| {
                    let at = import_at(&l.file, chain[1]);
                    format!("{}:{}:{}: ", l.display, at.0 + 1, at.1 + 1)
                });
                return Err(err!(
                    "{place}File recursively imports itself: {}; protobuf files cannot import \
                     each other in a circle, move the shared definitions into a file both import",
                    chain.join(" -> ")
                ));
            }
            None if loaded.contains_key(dep) => {
                state.insert(dep.to_owned(), VISITING);
                stack.push((dep, deps(dep), 0));
            }
            None => {}
        }
    }
    Ok(())
}

/// `f` over `items` on the available cores, results in order.
fn parallel_map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync) -> Vec<R> {
    crate::pool::map_on_all_cores(items, f)
}

/// `f` over `items` on the available cores, each worker taking the next item when it is
/// free (files differ a lot in size, and similar ones sit together), results in order.
fn par_map_vec<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.into_iter().map(f).collect();
    }
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (queue, f) = (&queue, &f);
                s.spawn(move || {
                    let mut out = Vec::new();
                    loop {
                        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).next();
                        let Some((i, item)) = next else { break };
                        out.push((i, f(item)));
                    }
                    out
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Parses `inputs`: what the generator needs.
pub fn parse(includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Parsed> {
    compile_disk(includes, inputs, false).map(|c| c.parsed)
}

/// The encoded `FileDescriptorSet` protoc writes with `--include_imports
/// --include_source_info --descriptor_set_out`.
pub fn descriptor_set(includes: &[PathBuf], inputs: &[PathBuf]) -> Result<Vec<u8>> {
    let compiled = compile(includes, inputs)?;
    let mut out = Vec::new();
    for f in &compiled.encoded {
        options::varint(1 << 3 | 2, &mut out);
        options::varint(f.len() as u64, &mut out);
        out.extend_from_slice(f);
    }
    Ok(out)
}
