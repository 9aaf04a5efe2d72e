//! The linker: names resolved as protoc resolves them, default values and JSON names as
//! protoc writes them, options interpreted.

use std::collections::HashMap;

use crate::fasthash::{FastMap, FastSet};

use crate::pb::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use super::checks;
use super::options::{self, PField, Pool};
use super::parser::{OValue, OptKind, PFile, Syntax, UOpt};
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymKind {
    Package,
    Message,
    Enum,
    Value,
    Field,
    Extension,
    Oneof,
    Service,
    Method,
}

impl SymKind {
    fn is_aggregate(self) -> bool {
        matches!(
            self,
            SymKind::Package | SymKind::Message | SymKind::Enum | SymKind::Service
        )
    }
    fn is_type(self) -> bool {
        matches!(self, SymKind::Message | SymKind::Enum)
    }
}

/// A link error: file index, position (0-based) and message.
pub struct LinkError {
    pub file: usize,
    pub at: (i32, i32),
    pub message: String,
}

struct Symbols<'a> {
    map: FastMap<&'a str, (SymKind, usize)>,
}

/// An element of a file: its path, full name, kind and file index.
type Element = (Vec<i32>, String, SymKind, usize);

/// The full names of one file's elements, by path.
type FullNames<'a> = FastMap<&'a [i32], &'a str>;

impl Symbols<'_> {
    fn get(&self, name: &str) -> Option<(SymKind, usize)> {
        self.map.get(name).copied()
    }
}

/// The files one file can see: itself, its imports and what they import publicly (and for
/// extensions, its option imports), as protoc's `FindSymbol` enforces them.
struct Vis {
    file: usize,
    deps: FastSet<usize>,
    option_deps: FastSet<usize>,
}

/// Symbols as one file sees them.
struct View<'v, 'a> {
    symbols: &'v Symbols<'a>,
    vis: &'v Vis,
    /// The package of every file.
    packages: &'v [&'v str],
    /// A symbol found in a file that is not imported: its name and file.
    undeclared: std::cell::RefCell<Option<(String, usize)>>,
    /// File names, for messages.
    names: &'v [String],
}

/// Why a name was not found: what it resolved to (protoc's innermost-scope hint) and a
/// definition in a file that is not imported.
struct NotFound {
    resolved: Option<String>,
    undeclared: Option<(String, usize)>,
}

impl View<'_, '_> {
    fn in_package(&self, file: usize, name: &str) -> bool {
        let pkg = self.packages[file];
        pkg == name || (pkg.starts_with(name) && pkg.as_bytes().get(name.len()) == Some(&b'.'))
    }

    fn find(&self, name: &str) -> Option<SymKind> {
        let (kind, file) = self.symbols.get(name)?;
        let vis = self.vis;
        if file == vis.file
            || vis.deps.contains(&file)
            || (kind == SymKind::Extension && vis.option_deps.contains(&file))
        {
            return Some(kind);
        }
        if kind == SymKind::Package
            && (self.in_package(vis.file, name)
                || vis
                    .deps
                    .iter()
                    .chain(&vis.option_deps)
                    .any(|&d| self.in_package(d, name)))
        {
            return Some(kind);
        }
        *self.undeclared.borrow_mut() = Some((name.to_owned(), file));
        None
    }

    /// protoc's `LookupSymbolNoPlaceholder`: the full name and kind of what `name` means
    /// from `relative_to`.
    fn lookup(
        &self,
        name: &str,
        relative_to: &str,
        types_only: bool,
    ) -> Result<(String, SymKind), NotFound> {
        self.undeclared.borrow_mut().take();
        let not_found = |resolved: Option<String>| NotFound {
            resolved,
            undeclared: self.undeclared.borrow_mut().take(),
        };
        if let Some(full) = name.strip_prefix('.') {
            return self
                .find(full)
                .map(|k| (full.to_owned(), k))
                .ok_or_else(|| not_found(None));
        }
        let first = name.split('.').next().unwrap_or(name);
        let mut scope = relative_to.to_owned();
        loop {
            let Some(dot) = scope.rfind('.') else {
                return self
                    .find(name)
                    .map(|k| (name.to_owned(), k))
                    .ok_or_else(|| not_found(None));
            };
            scope.truncate(dot);
            let old = scope.len();
            scope.push('.');
            scope.push_str(first);
            if let Some(kind) = self.find(&scope) {
                if first.len() < name.len() {
                    if kind.is_aggregate() {
                        scope.push_str(&name[first.len()..]);
                        return match self.find(&scope) {
                            Some(k) => Ok((scope, k)),
                            None => Err(not_found(Some(scope))),
                        };
                    }
                } else if !types_only || kind.is_type() {
                    return Ok((scope, kind));
                }
            }
            scope.truncate(old);
        }
    }
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

/// Every element of a file with its path and full name.
struct Walk<'a> {
    file: usize,
    out: &'a mut Vec<Element>,
}

impl Walk<'_> {
    fn message(&mut self, m: &DescriptorProto, path: Vec<i32>, full: String) {
        self.out
            .push((path.clone(), full.clone(), SymKind::Message, self.file));
        for (i, f) in m.field.iter().enumerate() {
            self.out.push((
                child(&path, 2, i),
                join(&full, f.name()),
                SymKind::Field,
                self.file,
            ));
        }
        for (i, o) in m.oneof_decl.iter().enumerate() {
            self.out.push((
                child(&path, 8, i),
                join(&full, o.name()),
                SymKind::Oneof,
                self.file,
            ));
        }
        for (i, f) in m.extension.iter().enumerate() {
            self.out.push((
                child(&path, 6, i),
                join(&full, f.name()),
                SymKind::Extension,
                self.file,
            ));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(n, child(&path, 3, i), join(&full, n.name()));
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enumeration(e, child(&path, 4, i), &full);
        }
    }

    fn enumeration(&mut self, e: &crate::pb::EnumDescriptorProto, path: Vec<i32>, scope: &str) {
        self.out.push((
            path.clone(),
            join(scope, e.name()),
            SymKind::Enum,
            self.file,
        ));
        for (i, v) in e.value.iter().enumerate() {
            self.out.push((
                child(&path, 2, i),
                join(scope, v.name()),
                SymKind::Value,
                self.file,
            ));
        }
    }

    fn file(&mut self, f: &FileDescriptorProto) {
        let pkg = f.package();
        for (i, m) in f.message_type.iter().enumerate() {
            self.message(m, vec![4, i as i32], join(pkg, m.name()));
        }
        for (i, e) in f.enum_type.iter().enumerate() {
            self.enumeration(e, vec![5, i as i32], pkg);
        }
        for (i, s) in f.service.iter().enumerate() {
            let full = join(pkg, s.name());
            self.out
                .push((vec![6, i as i32], full.clone(), SymKind::Service, self.file));
            for (j, m) in s.method.iter().enumerate() {
                self.out.push((
                    vec![6, i as i32, 2, j as i32],
                    join(&full, m.name()),
                    SymKind::Method,
                    self.file,
                ));
            }
        }
        for (i, x) in f.extension.iter().enumerate() {
            self.out.push((
                vec![7, i as i32],
                join(pkg, x.name()),
                SymKind::Extension,
                self.file,
            ));
        }
    }
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.push(field);
    p.push(index as i32);
    p
}

/// The result for one file: its descriptor (options decoded into it) and the encoded
/// options of each element, by path, for the byte-exact encoder.
pub struct Linked {
    pub desc: FileDescriptorProto,
    pub options: FastMap<Vec<i32>, Vec<u8>>,
    /// protoc's warnings (deprecated features), with where they are.
    pub warnings: Vec<LinkError>,
}

fn where_is(file: &PFile, path: &[i32], field: i32) -> (i32, i32) {
    file.refs
        .iter()
        .find(|(p, f, _)| p == path && *f == field)
        .map(|r| r.2)
        .or_else(|| file.names_at.iter().find(|(p, _)| p == path).map(|n| n.1))
        .unwrap_or((0, 0))
}

fn name_at(file: &PFile, path: &[i32]) -> (i32, i32) {
    file.names_at
        .iter()
        .find(|(p, _)| p == path)
        .map_or((0, 0), |n| n.1)
}

/// Links `files` (dependencies before dependents; `deps[i]` the files file `i` sees).
/// Links `files` (each after its imports); the errors are every file's, each in protoc's
/// order.
pub fn link(files: Vec<PFile>, names: &[String]) -> Result<Vec<Linked>, Vec<LinkError>> {
    let timing = std::env::var_os("RUSTSVC_NATIVE_TIMING").is_some();
    let t0 = std::time::Instant::now();
    let lap = |what: &str| {
        if timing {
            eprintln!("link: {what} at {:?}", t0.elapsed());
        }
    };
    // Symbols: every element of every file (files in parallel), then the table in file
    // order (packages first).
    let elements: Vec<Vec<Element>> = super::parallel_map(&files, |f| {
        let mut out = Vec::new();
        Walk {
            file: 0,
            out: &mut out,
        }
        .file(&f.desc);
        out
    });
    let elements: Vec<Vec<Element>> = elements
        .into_iter()
        .enumerate()
        .map(|(i, mut list)| {
            list.iter_mut().for_each(|e| e.3 = i);
            list
        })
        .collect();
    let mut packages: Vec<Vec<String>> = Vec::with_capacity(files.len());
    for f in &files {
        let pkg = f.desc.package();
        let mut prefixes = Vec::new();
        if !pkg.is_empty() {
            let mut end = 0;
            for part in pkg.split('.') {
                end += part.len();
                prefixes.push(pkg[..end].to_owned());
                end += 1;
            }
        }
        packages.push(prefixes);
    }
    let mut symbols = Symbols {
        map: FastMap::with_capacity_and_hasher(
            elements.iter().map(Vec::len).sum::<usize>() + files.len(),
            Default::default(),
        ),
    };
    for (i, f) in files.iter().enumerate() {
        for acc in &packages[i] {
            match symbols.map.get(acc.as_str()) {
                None => {
                    symbols.map.insert(acc.as_str(), (SymKind::Package, i));
                }
                Some((SymKind::Package, _)) => {}
                Some((_, other)) => {
                    return Err(vec![LinkError {
                        file: i,
                        at: name_at(f, &[2]),
                        message: format!(
                            "\"{acc}\" is already defined (as something other than a package) in file \"{}\".",
                            names[*other]
                        ),
                    }])
                }
            }
        }
        for (path, full, kind, file) in &elements[i] {
            let slot = match symbols.map.entry(full.as_str()) {
                std::collections::hash_map::Entry::Vacant(slot) => slot,
                std::collections::hash_map::Entry::Occupied(taken) => {
                    let other = &taken.get().1;
                    let at = || name_at(f, path);
                    let (scope, short) = full.rsplit_once('.').unwrap_or(("", full));
                    let message = if *kind == SymKind::Value {
                        let scope_shown = if scope.is_empty() {
                            "the global scope".to_owned()
                        } else {
                            format!("\"{scope}\"")
                        };
                        let enum_name = enum_of_value(&f.desc, path);
                        let defined = if *other == i && scope.is_empty() {
                            format!("\"{short}\" is already defined.")
                        } else if *other == i {
                            format!("\"{short}\" is already defined in \"{scope}\".")
                        } else {
                            format!(
                                "\"{full}\" is already defined in file \"{}\".",
                                names[*other]
                            )
                        };
                        format!(
                        "{defined} Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, \"{short}\" must be unique within {scope_shown}, not just within \"{enum_name}\"."
                    )
                    } else if *other == i {
                        if scope.is_empty() {
                            format!("\"{short}\" is already defined.")
                        } else {
                            format!("\"{short}\" is already defined in \"{scope}\".")
                        }
                    } else {
                        format!(
                            "\"{full}\" is already defined in file \"{}\".",
                            names[*other]
                        )
                    };
                    // protoc writes the note on enum scoping as a second error at the same
                    // place.
                    let mut errors = Vec::new();
                    for message in
                        message
                            .split(" Note that enum values")
                            .enumerate()
                            .map(|(k, part)| {
                                if k == 0 {
                                    part.to_owned()
                                } else {
                                    format!("Note that enum values{part}")
                                }
                            })
                    {
                        errors.push(LinkError {
                            file: *file,
                            at: at(),
                            message,
                        });
                    }
                    return Err(errors);
                }
            };
            slot.insert((*kind, *file));
        }
    }
    lap("symbols");
    // Full names by file and path (borrowed from `elements`), files in parallel.
    let full_names: Vec<FullNames<'_>> = super::parallel_map(&elements, |list| {
        let mut map = FastMap::with_capacity_and_hasher(list.len(), Default::default());
        map.extend(
            list.iter()
                .map(|(p, full, _, _)| (p.as_slice(), full.as_str())),
        );
        map
    });

    lap("full names");
    // Resolve names, files in parallel.
    let mut files = files;
    let package_names: Vec<String> = files.iter().map(|f| f.desc.package().to_owned()).collect();
    let packages: Vec<&str> = package_names.iter().map(String::as_str).collect();
    let visibility = visibility(&files, names);
    let view = |i: usize| View {
        symbols: &symbols,
        vis: &visibility[i],
        packages: &packages,
        undeclared: std::cell::RefCell::new(None),
        names,
    };
    let resolved = super::par_map_vec(files.iter_mut().enumerate().collect(), |(i, f)| {
        resolve_file(&view(i), i, f)
    });

    lap("resolved");
    // protoc's checks while it builds and cross-links.
    let ranges = checks::extension_ranges(&files.iter().map(|f| &f.desc).collect::<Vec<_>>());
    let work: Vec<_> = files.iter().zip(resolved).enumerate().collect();
    let built = super::par_map_vec(work, |(i, (f, r))| checks::build_and_link(i, f, &ranges, r));

    lap("checked");
    // The pool options are interpreted against.
    let mut pool = Pool::default();
    // Only what options can reach: every extension, and the messages and enums their
    // types lead to (most of a large tree's messages are never an option's type).
    let mut types: FastMap<&str, (usize, &[i32], SymKind)> = FastMap::default();
    for (i, _) in files.iter().enumerate() {
        for (path, full, kind, _) in &elements[i] {
            match kind {
                SymKind::Message | SymKind::Enum => {
                    types.insert(full.as_str(), (i, path.as_slice(), *kind));
                }
                SymKind::Extension => {
                    if let Some(x) = extension_at(&files[i].desc, path) {
                        pool.extensions
                            .insert(full.clone(), pfield(&files[i], path, x, full.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    let mut queue: Vec<String> = pool
        .extensions
        .values()
        .map(|x| x.type_name.trim_start_matches('.').to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    // Types named in message literals as `[type.googleapis.com/pkg.Msg]` (Any).
    for f in &files {
        for item in f.opts.iter().flat_map(|o| o.items.iter()) {
            if let OValue::Aggregate(tokens) = &item.value {
                let mut name = String::new();
                let mut inside = false;
                for t in tokens {
                    match t.text.as_str() {
                        "[" => {
                            inside = true;
                            name.clear();
                        }
                        "]" if inside => {
                            inside = false;
                            if let Some((_, ty)) = name.rsplit_once('/') {
                                queue.push(ty.to_owned());
                            }
                        }
                        text if inside => name.push_str(text),
                        _ => {}
                    }
                }
            }
        }
    }
    let mut message_sets = Vec::new();
    while let Some(name) = queue.pop() {
        if pool.messages.contains_key(&name) || pool.enums.contains_key(&name) {
            continue;
        }
        let Some(&(i, path, kind)) = types.get(name.as_str()) else {
            continue;
        };
        let f = &files[i];
        if kind == SymKind::Enum {
            if let Some(e) = enum_at(&f.desc, path) {
                let values = e.value.iter().map(|v| (v.name().to_owned(), v.number()));
                pool.enums.insert(name, values.collect());
            }
            continue;
        }
        let Some(m) = message_at(&f.desc, path) else {
            continue;
        };
        let fields: Vec<PField> = m
            .field
            .iter()
            .enumerate()
            .map(|(k, fd)| pfield(f, &child(path, 2, k), fd, join(&name, fd.name())))
            .collect();
        queue.extend(
            fields
                .iter()
                .map(|fd| fd.type_name.trim_start_matches('.').to_owned())
                .filter(|t| !t.is_empty()),
        );
        if matches!(raw_opt(f, path, "message_set_wire_format"), Some(OValue::Ident(v)) if v == "true")
        {
            message_sets.push(name.clone());
        }
        pool.messages.insert(name, fields);
    }
    pool.message_sets.extend(message_sets);
    pool.add_builtin();

    lap("pool");
    // Interpret options, files in parallel.
    // protoc validates a file once it built, linked and its options were interpreted:
    // its errors count only where the options had none.
    let validated = super::par_map_vec(files.iter().enumerate().collect(), |(i, f)| {
        let (errors, warnings) = support_checks(i, f, &files, &types, &pool, &view(i), &full_names);
        let errors = if errors.is_empty() {
            checks::validate(i, f, &ranges)
        } else {
            errors
        };
        (errors, warnings)
    });
    let results = super::par_map_vec(files.into_iter().enumerate().collect(), |(i, f)| {
        finish_file(i, f, &pool, &view(i), &full_names)
    });
    // Each file's errors are those of the first phase that has any, as protoc stops after
    // a phase with errors: building and cross-linking, options, then feature support and
    // validation. Every file's, so that one run names every broken file.
    let mut linked = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for ((r, (v, warnings)), b) in results.into_iter().zip(validated).zip(built) {
        match r {
            _ if !b.is_empty() => errors.extend(b),
            Ok(mut l) => {
                l.warnings = warnings;
                linked.push(l);
                errors.extend(v);
            }
            Err(e) => errors.push(e),
        }
    }
    lap("validated");
    if errors.is_empty() {
        Ok(linked)
    } else {
        Err(errors)
    }
}

/// Where protoc reports an error without a position.
pub const NO_POSITION: (i32, i32) = (-1, -1);

/// Features and options used outside their editions (`support`), and features outside
/// editions: the errors, and the warnings for deprecated ones.
fn support_checks(
    i: usize,
    f: &PFile,
    files: &[PFile],
    types: &FastMap<&str, (usize, &[i32], SymKind)>,
    pool: &Pool,
    view: &View<'_, '_>,
    full_names: &[FullNames<'_>],
) -> (Vec<LinkError>, Vec<LinkError>) {
    use super::support::{self, Verdict};
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let edition = support::file_edition(f);
    let builtin = support::descriptor_proto();
    let pkg = f.desc.package();
    for set in &f.opts {
        for u in &set.items {
            let Some((first, first_ext)) = u.name.first() else {
                continue;
            };
            // (file, message path, field name, full name of the field) of what is set.
            let target: Option<(&PFile, Vec<i32>, &str, String)> = if first == "features"
                && !first_ext
            {
                if f.syntax != Syntax::Editions {
                    if errors.is_empty() {
                        errors.push(LinkError {
                            file: i,
                            at: (0, 0),
                            message: "Features are only valid under editions.".into(),
                        });
                    }
                    continue;
                }
                match &u.name[1..] {
                    [(name, false)] => builtin.and_then(|d| {
                        let (path, _) = support::type_path(&d.desc, "google.protobuf.FeatureSet")?;
                        Some((
                            d,
                            path,
                            name.as_str(),
                            format!("google.protobuf.FeatureSet.{name}"),
                        ))
                    }),
                    [(ext, true), (name, false)] => {
                        let scope = match set.kind {
                            OptKind::File => join(pkg, "dummy"),
                            _ => full_names[i]
                                .get(set.path.as_slice())
                                .map(|s| (*s).to_owned())
                                .unwrap_or_default(),
                        };
                        match view.lookup(ext, &scope, false) {
                            Ok((full, SymKind::Extension)) => {
                                pool.extensions.get(&full).and_then(|x| {
                                    let ty = x.type_name.trim_start_matches('.');
                                    let &(j, path, _) = types.get(ty)?;
                                    Some((
                                        &files[j],
                                        path.to_vec(),
                                        name.as_str(),
                                        format!("{ty}.{name}"),
                                    ))
                                })
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                }
            } else if !first_ext && u.name.len() == 1 {
                builtin.and_then(|d| {
                    let (path, _) = support::type_path(&d.desc, set.kind.message())?;
                    Some((
                        d,
                        path,
                        first.as_str(),
                        format!("{}.{first}", set.kind.message()),
                    ))
                })
            } else {
                None
            };
            let Some((def, message, field, full)) = target else {
                continue;
            };
            let Some((field_path, field_type)) = support::field_of(def, &message, field) else {
                continue;
            };
            let mut verdicts = Vec::new();
            if let Some(s) = support::support_at(def, &field_path) {
                verdicts.push(support::verdict(&s, &full, edition));
            }
            // The enum value a feature is set to.
            if let OValue::Ident(value) = &u.value {
                let ty = field_type.trim_start_matches('.');
                if let Some((enum_path, true)) = support::type_path(&def.desc, ty) {
                    if let Some(value_path) = support::value_of(def, &enum_path, value) {
                        if let Some(s) = support::support_at(def, &value_path) {
                            verdicts.push(support::verdict(&s, &format!("{ty}.{value}"), edition));
                        }
                    }
                }
            }
            for v in verdicts {
                match v {
                    Verdict::Fine => {}
                    Verdict::Error(message) => errors.push(LinkError {
                        file: i,
                        at: NO_POSITION,
                        message,
                    }),
                    Verdict::Warning(message) => warnings.push(LinkError {
                        file: i,
                        at: name_at(f, &set.path),
                        message,
                    }),
                }
            }
        }
    }
    (errors, warnings)
}

/// The name of the enum that holds the value at `path`.
fn enum_of_value(f: &FileDescriptorProto, path: &[i32]) -> String {
    enum_at(f, &path[..path.len().saturating_sub(2)])
        .map(|e| e.name().to_owned())
        .unwrap_or_default()
}

/// What each file sees: its imports, and what those import publicly, transitively.
fn visibility(files: &[PFile], names: &[String]) -> Vec<Vis> {
    let index: HashMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let public = |k: usize| -> Vec<usize> {
        let d = &files[k].desc;
        d.public_dependency
            .iter()
            .filter_map(|&p| d.dependency.get(usize::try_from(p).ok()?))
            .filter_map(|n| index.get(n.as_str()).copied())
            .collect()
    };
    let closure = |start: Vec<usize>| {
        let mut seen = FastSet::default();
        let mut stack = start;
        while let Some(k) = stack.pop() {
            if seen.insert(k) {
                stack.extend(public(k));
            }
        }
        seen
    };
    files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let direct = |list: &[String]| -> Vec<usize> {
                list.iter()
                    .filter_map(|n| index.get(n.as_str()).copied())
                    .collect()
            };
            Vis {
                file: i,
                deps: closure(direct(&f.desc.dependency)),
                option_deps: closure(direct(&f.desc.option_dependency)),
            }
        })
        .collect()
}

/// Resolves the type names, extendees and method types of one file.
/// Resolves the names of one file; the errors with the path of the field or method at
/// fault.
fn resolve_file(view: &View<'_, '_>, i: usize, f: &mut PFile) -> Vec<(Vec<i32>, LinkError)> {
    let pkg = f.desc.package().to_owned();
    let mut desc = std::mem::take(&mut f.desc);
    let mut errors = Vec::new();
    for (j, m) in desc.message_type.iter_mut().enumerate() {
        let full = join(&pkg, m.name());
        resolve_message(view, f, i, m, vec![4, j as i32], &full, &mut errors);
    }
    for (j, x) in desc.extension.iter_mut().enumerate() {
        let full = join(&pkg, x.name());
        if let Err(e) = resolve_field(view, f, i, x, &[7, j as i32], &full) {
            errors.push((vec![7, j as i32], e));
        }
    }
    let res = (|| -> Result<(), (Vec<i32>, LinkError)> {
        for (j, s) in desc.service.iter_mut().enumerate() {
            let sfull = join(&pkg, s.name());
            for (k, m) in s.method.iter_mut().enumerate() {
                let path = [6, j as i32, 2, k as i32];
                let mfull = join(&sfull, m.name());
                for (field, slot) in [(2, &mut m.input_type), (3, &mut m.output_type)] {
                    let name = slot.clone().unwrap_or_default();
                    let at = || where_is(f, &path, field);
                    match view.lookup(&name, &mfull, false) {
                        Ok((full, SymKind::Message)) => *slot = Some(format!(".{full}")),
                        Ok(_) => {
                            return Err((
                                path.to_vec(),
                                LinkError {
                                    file: i,
                                    at: at(),
                                    message: format!("\"{name}\" is not a message type."),
                                },
                            ))
                        }
                        Err(e) => {
                            return Err((path.to_vec(), undefined(i, at(), &name, e, view.names)))
                        }
                    }
                }
            }
        }
        Ok(())
    })();
    f.desc = desc;
    errors.extend(res.err());
    errors
}

/// Interprets one file's options and writes its options and JSON names into it.
fn finish_file(
    i: usize,
    f: PFile,
    pool: &Pool,
    view: &View<'_, '_>,
    full_names: &[FullNames<'_>],
) -> Result<Linked, LinkError> {
    let mut opts_bytes = FastMap::default();
    let pkg = f.desc.package().to_owned();
    for set in &f.opts {
        let scope: std::borrow::Cow<'_, str> = match set.kind {
            OptKind::File => join(&pkg, "dummy").into(),
            OptKind::ExtRange => {
                let msg = &set.path[..set.path.len() - 2];
                full_names[i].get(msg).copied().unwrap_or_default().into()
            }
            _ => full_names[i]
                .get(set.path.as_slice())
                .copied()
                .unwrap_or_default()
                .into(),
        };
        let resolve = |name: &str| -> Option<String> {
            match view.lookup(name, &scope, false) {
                Ok((full, SymKind::Extension)) => Some(full),
                _ => None,
            }
        };
        let message = set.kind.message();
        let mut dynamic = options::preset_dyn(pool, message, &set.preset);
        options::interpret(
            pool,
            message,
            set.kind.target(),
            &set.items,
            &resolve,
            &mut dynamic,
        )
        .map_err(|e| LinkError {
            file: i,
            at: e.at,
            message: e.message,
        })?;
        let mut bytes = Vec::new();
        dynamic.encode(true, &mut bytes);
        let had_any = !set.items.is_empty() || !set.preset.is_empty();
        if bytes.is_empty() && had_any {
            continue;
        }
        opts_bytes.insert(set.path.clone(), bytes);
    }
    let mut desc = f.desc;
    set_options(&mut desc, &opts_bytes);
    fill_json_names(&mut desc);
    Ok(Linked {
        desc,
        options: opts_bytes,
        warnings: Vec::new(),
    })
}

fn undefined(file: usize, at: (i32, i32), name: &str, e: NotFound, names: &[String]) -> LinkError {
    let message = match (e.undeclared, e.resolved) {
        (Some((symbol, other)), _) => format!(
            "\"{symbol}\" seems to be defined in \"{}\", which is not imported by \"{}\".  To use it here, please add the necessary import.",
            names[other], names[file]
        ),
        (None, Some(r)) => format!(
            "\"{name}\" is resolved to \"{r}\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".{name}\") to start from the outermost scope."
        ),
        // protoc's words, and how to fix it.
        (None, None) => format!(
            "\"{name}\" is not defined. Define it, or import the file that defines it."
        ),
    };
    LinkError { file, at, message }
}

fn raw_opt<'a>(f: &'a PFile, path: &[i32], name: &str) -> Option<&'a OValue> {
    f.opts_at(path)
        .iter()
        .flat_map(|o| o.items.iter())
        .find(|u: &&UOpt| u.name.len() == 1 && !u.name[0].1 && u.name[0].0 == name)
        .map(|u| &u.value)
}

fn raw_feature<'a>(f: &'a PFile, path: &[i32], feature: &str) -> Option<&'a str> {
    f.feature(path, feature)
}

fn pfield(f: &PFile, path: &[i32], fd: &FieldDescriptorProto, full_name: String) -> PField {
    let repeated = fd.label == Some(3);
    let ty = fd.r#type.unwrap_or(11);
    let packable = repeated && !matches!(ty, 9..=12);
    let packed = packable
        && match raw_opt(f, path, "packed") {
            Some(OValue::Ident(v)) => v == "true",
            _ => {
                match f.syntax {
                    Syntax::Proto2 => false,
                    Syntax::Proto3 => true,
                    Syntax::Editions => {
                        // The nearest repeated_field_encoding, field → file (messages between
                        // are rare in options schemas).
                        let on_field = raw_feature(f, path, "repeated_field_encoding");
                        let on_file = raw_feature(f, &[], "repeated_field_encoding");
                        on_field.or(on_file) != Some("EXPANDED")
                    }
                }
            }
        };
    let targets = f
        .opts_at(path)
        .iter()
        .flat_map(|o| o.items.iter())
        .filter(|u| u.name.len() == 1 && !u.name[0].1 && u.name[0].0 == "targets")
        .filter_map(|u| match &u.value {
            OValue::Ident(v) => target_number(v),
            _ => None,
        })
        .fold(0u16, |m, n| m | 1 << n);
    let source_retention =
        matches!(raw_opt(f, path, "retention"), Some(OValue::Ident(v)) if v == "RETENTION_SOURCE");
    PField {
        name: fd.name().to_owned(),
        number: fd.number(),
        repeated,
        ty,
        type_name: fd.type_name().to_owned(),
        packed,
        source_retention,
        extendee: fd.extendee().trim_start_matches('.').to_owned(),
        full_name,
        targets,
    }
}

/// An `OptionTargetType` value's number.
fn target_number(name: &str) -> Option<u16> {
    Some(match name {
        "TARGET_TYPE_FILE" => 1,
        "TARGET_TYPE_EXTENSION_RANGE" => 2,
        "TARGET_TYPE_MESSAGE" => 3,
        "TARGET_TYPE_FIELD" => 4,
        "TARGET_TYPE_ONEOF" => 5,
        "TARGET_TYPE_ENUM" => 6,
        "TARGET_TYPE_ENUM_ENTRY" => 7,
        "TARGET_TYPE_SERVICE" => 8,
        "TARGET_TYPE_METHOD" => 9,
        _ => return None,
    })
}

fn resolve_message(
    view: &View<'_, '_>,
    f: &PFile,
    file: usize,
    m: &mut DescriptorProto,
    path: Vec<i32>,
    full: &str,
    errors: &mut Vec<(Vec<i32>, LinkError)>,
) {
    for (k, fd) in m.field.iter_mut().enumerate() {
        let fp = child(&path, 2, k);
        let ffull = join(full, fd.name());
        if let Err(e) = resolve_field(view, f, file, fd, &fp, &ffull) {
            errors.push((fp, e));
        }
    }
    for (k, fd) in m.extension.iter_mut().enumerate() {
        let fp = child(&path, 6, k);
        let ffull = join(full, fd.name());
        if let Err(e) = resolve_field(view, f, file, fd, &fp, &ffull) {
            errors.push((fp, e));
        }
    }
    for (k, n) in m.nested_type.iter_mut().enumerate() {
        let nfull = join(full, n.name());
        resolve_message(view, f, file, n, child(&path, 3, k), &nfull, errors);
    }
}

fn resolve_field(
    view: &View<'_, '_>,
    f: &PFile,
    file: usize,
    fd: &mut FieldDescriptorProto,
    path: &[i32],
    full: &str,
) -> Result<(), LinkError> {
    if let Some(extendee) = fd.extendee.clone() {
        let at = || where_is(f, path, 2);
        match view.lookup(&extendee, full, false) {
            Ok((name, SymKind::Message)) => fd.extendee = Some(format!(".{name}")),
            Ok(_) => {
                return Err(LinkError {
                    file,
                    at: at(),
                    message: format!("\"{extendee}\" is not a message type."),
                })
            }
            Err(e) => return Err(undefined(file, at(), &extendee, e, view.names)),
        }
    }
    if let Some(type_name) = fd.type_name.clone() {
        let at = || where_is(f, path, 6);
        match view.lookup(&type_name, full, true) {
            Ok((name, kind)) => {
                match (fd.r#type, kind) {
                    (None, SymKind::Message) => fd.r#type = Some(11),
                    (None, SymKind::Enum) => fd.r#type = Some(14),
                    (Some(10), SymKind::Message) => {}
                    _ => {
                        return Err(LinkError {
                            file,
                            at: at(),
                            message: format!("\"{type_name}\" is not a type."),
                        })
                    }
                }
                fd.type_name = Some(format!(".{name}"));
                if kind == SymKind::Enum {
                    if let Some(d) = &fd.default_value {
                        let value_full = match name.rsplit_once('.') {
                            Some((scope, _)) => format!("{scope}.{d}"),
                            None => d.clone(),
                        };
                        if view.find(&value_full) != Some(SymKind::Value) {
                            return Err(LinkError {
                                file,
                                at: where_is(f, path, 7),
                                message: format!(
                                    "Enum type \"{name}\" has no value named \"{d}\"."
                                ),
                            });
                        }
                    }
                } else if fd.default_value.is_some() {
                    return Err(LinkError {
                        file,
                        at: at(),
                        message: "Messages can't have default values.".into(),
                    });
                }
            }
            Err(e) => return Err(undefined(file, at(), &type_name, e, view.names)),
        }
    }
    // Float and double defaults as protoc writes them back.
    if let (Some(ty @ (1 | 2)), Some(d)) = (fd.r#type, fd.default_value.as_ref()) {
        let v = match d.as_str() {
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            "nan" | "-nan" => f64::NAN,
            s => s.parse::<f64>().unwrap_or(0.0),
        };
        fd.default_value = Some(if ty == 2 {
            text::simple_ftoa(text::double_to_float(v))
        } else {
            text::simple_dtoa(v)
        });
    }
    Ok(())
}

fn message_at<'a>(f: &'a FileDescriptorProto, path: &[i32]) -> Option<&'a DescriptorProto> {
    let mut m = f.message_type.get(*path.get(1)? as usize)?;
    let mut rest = &path[2..];
    while let [3, i, tail @ ..] = rest {
        m = m.nested_type.get(*i as usize)?;
        rest = tail;
    }
    rest.is_empty().then_some(m)
}

fn enum_at<'a>(
    f: &'a FileDescriptorProto,
    path: &[i32],
) -> Option<&'a crate::pb::EnumDescriptorProto> {
    match path {
        [5, i] => f.enum_type.get(*i as usize),
        [.., 4, i] => message_at(f, &path[..path.len() - 2])?
            .enum_type
            .get(*i as usize),
        _ => None,
    }
}

fn extension_at<'a>(f: &'a FileDescriptorProto, path: &[i32]) -> Option<&'a FieldDescriptorProto> {
    match path {
        [7, i] => f.extension.get(*i as usize),
        [.., 6, i] => message_at(f, &path[..path.len() - 2])?
            .extension
            .get(*i as usize),
        _ => None,
    }
}

/// Decodes each element's encoded options into its descriptor (only elements with options
/// are visited).
fn set_options(f: &mut FileDescriptorProto, opts: &FastMap<Vec<i32>, Vec<u8>>) {
    fn dec<T: prost::Message + Default>(bytes: &[u8]) -> Option<Box<T>> {
        Some(Box::new(T::decode(bytes).unwrap_or_default()))
    }
    fn message<'a, 'p>(
        f: &'a mut FileDescriptorProto,
        path: &'p [i32],
    ) -> Option<(&'a mut DescriptorProto, &'p [i32])> {
        let [4, i, tail @ ..] = path else {
            return None;
        };
        let mut rest = tail;
        let mut m = f.message_type.get_mut(usize::try_from(*i).ok()?)?;
        while let [3, j, tail @ ..] = rest {
            m = m.nested_type.get_mut(usize::try_from(*j).ok()?)?;
            rest = tail;
        }
        Some((m, rest))
    }
    for (path, bytes) in opts {
        let idx = |k: i32| usize::try_from(k).ok();
        match path.as_slice() {
            [] => f.options = dec(bytes),
            [5, e] => {
                if let Some(e) = idx(*e).and_then(|e| f.enum_type.get_mut(e)) {
                    e.options = dec(bytes);
                }
            }
            [5, e, 2, v] => {
                if let Some(v) = idx(*e)
                    .and_then(|e| f.enum_type.get_mut(e))
                    .and_then(|e| idx(*v).and_then(|v| e.value.get_mut(v)))
                {
                    v.options = dec(bytes);
                }
            }
            [6, s] => {
                if let Some(s) = idx(*s).and_then(|s| f.service.get_mut(s)) {
                    s.options = dec(bytes);
                }
            }
            [6, s, 2, m] => {
                if let Some(m) = idx(*s)
                    .and_then(|s| f.service.get_mut(s))
                    .and_then(|s| idx(*m).and_then(|m| s.method.get_mut(m)))
                {
                    m.options = dec(bytes);
                }
            }
            [7, x] => {
                if let Some(x) = idx(*x).and_then(|x| f.extension.get_mut(x)) {
                    x.options = dec(bytes);
                }
            }
            _ => {
                let Some((m, rest)) = message(f, path) else {
                    continue;
                };
                match rest {
                    [] => m.options = dec(bytes),
                    [2, i] => {
                        if let Some(x) = idx(*i).and_then(|i| m.field.get_mut(i)) {
                            x.options = dec(bytes);
                        }
                    }
                    [6, i] => {
                        if let Some(x) = idx(*i).and_then(|i| m.extension.get_mut(i)) {
                            x.options = dec(bytes);
                        }
                    }
                    [8, i] => {
                        if let Some(x) = idx(*i).and_then(|i| m.oneof_decl.get_mut(i)) {
                            x.options = dec(bytes);
                        }
                    }
                    [5, i] => {
                        if let Some(x) = idx(*i).and_then(|i| m.extension_range.get_mut(i)) {
                            x.options = dec(bytes);
                        }
                    }
                    [4, e] => {
                        if let Some(e) = idx(*e).and_then(|e| m.enum_type.get_mut(e)) {
                            e.options = dec(bytes);
                        }
                    }
                    [4, e, 2, v] => {
                        if let Some(v) = idx(*e)
                            .and_then(|e| m.enum_type.get_mut(e))
                            .and_then(|e| idx(*v).and_then(|v| e.value.get_mut(v)))
                        {
                            v.options = dec(bytes);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn fill_json_names(f: &mut FileDescriptorProto) {
    fn field(f: &mut FieldDescriptorProto) {
        if f.json_name.is_none() {
            f.json_name = Some(text::json_name(f.name()));
        }
    }
    fn message(m: &mut DescriptorProto) {
        m.field.iter_mut().for_each(field);
        m.extension.iter_mut().for_each(field);
        m.nested_type.iter_mut().for_each(message);
    }
    f.message_type.iter_mut().for_each(message);
    f.extension.iter_mut().for_each(field);
}
