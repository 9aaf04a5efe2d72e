//! The table of every message and enum in the request, and what follows from the whole
//! graph of messages: which fields must be boxed and which types can derive Copy/Eq/Hash.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::{err, Result};
use crate::names;
use crate::pb::{
    DescriptorProto, EnumDescriptorProto, EnumType, FeatureSet, FieldDescriptorProto,
    FileDescriptorProto, Label, Type,
};

/// What a fully qualified proto name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeKind {
    Message,
    Enum,
}

/// A message or enum of the request: an index into the [`TypeTable`]. Fields and methods
/// point at their types by id; a lookup by id cannot fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeId(u32);

/// One message or enum of the request.
#[derive(Debug, Clone)]
pub struct TypeInfo<'a> {
    pub kind: TypeKind,
    /// `.pkg.Outer.Inner`
    pub full_name: String,
    pub file: &'a str,
    /// The proto package declaring the type.
    pub package: &'a str,
    /// Rust module path of the module holding the type (shared by the types it holds).
    pub module: Arc<[String]>,
    /// The Rust name of the type.
    pub rust_name: String,
    /// The Rust path when the type is provided by another crate (well-known types).
    pub extern_path: Option<String>,
    /// The module of a message's nested types and oneof enums (messages only; decided by
    /// [`names::PackageModules::nested_module`]).
    pub nested_module: Option<String>,
    /// The message descriptor (messages only).
    pub message: Option<&'a DescriptorProto>,
    /// A closed enum (proto2, editions `enum_type = CLOSED`): numbers it does not name are
    /// unknown fields, not values. Enums only.
    pub closed: bool,
}

/// Rust paths for proto paths that live in other crates; prefixes map whole packages.
#[derive(Debug, Clone, Default)]
pub struct ExternPaths {
    map: HashMap<String, String>,
}

impl ExternPaths {
    /// The paths from the options: `extern_path` entries, then (unless
    /// `compile_well_known_types`) prost-build's defaults: the well-known types from
    /// prost-types, wrappers as primitives.
    pub fn from_options(options: &crate::options::Options) -> Result<Self> {
        let mut paths = ExternPaths::default();
        for pv in &options.extern_path {
            paths.insert(&pv.path, &pv.value)?;
        }
        if !options.compile_well_known_types {
            let prost = options
                .prost_path
                .as_deref()
                .unwrap_or(super::settings::DEFAULT_PROST);
            paths.insert(".google.protobuf", &options.prost_types_path)?;
            for (proto, rust) in [
                ("BoolValue", "bool".to_owned()),
                ("BytesValue", format!("{prost}::alloc::vec::Vec<u8>")),
                ("DoubleValue", "f64".to_owned()),
                ("Empty", "()".to_owned()),
                ("FloatValue", "f32".to_owned()),
                ("Int32Value", "i32".to_owned()),
                ("Int64Value", "i64".to_owned()),
                ("StringValue", format!("{prost}::alloc::string::String")),
                ("UInt32Value", "u32".to_owned()),
                ("UInt64Value", "u64".to_owned()),
            ] {
                paths.insert(&format!(".google.protobuf.{proto}"), &rust)?;
            }
        }
        Ok(paths)
    }

    fn insert(&mut self, proto: &str, rust: &str) -> Result<()> {
        if self.map.insert(proto.to_owned(), rust.to_owned()).is_some() {
            return Err(err!(
                "option 'extern_path' maps '{proto}' twice; keep one mapping (the well-known \
                 types under .google.protobuf are mapped already unless compile_well_known_types is set)"
            ));
        }
        Ok(())
    }

    /// The Rust path for a fully qualified proto name, if an extern path covers it.
    pub fn resolve(&self, fq_name: &str) -> Option<String> {
        if let Some(p) = self.map.get(fq_name) {
            return Some(p.clone());
        }
        for (idx, _) in fq_name.rmatch_indices('.') {
            if let Some(prefix) = self.map.get(&fq_name[..idx]) {
                return Some(names::extern_type_path(prefix, &fq_name[idx + 1..]));
            }
        }
        None
    }
}

/// Every type of the request, by id and by fully qualified name (`.pkg.Outer.Inner`).
pub struct TypeTable<'a> {
    types: Vec<TypeInfo<'a>>,
    index: HashMap<String, TypeId>,
    graph: MessageGraph,
    /// What the user should know about the names decided (nested-types modules renamed),
    /// sorted.
    pub warnings: Vec<String>,
}

impl<'a> TypeTable<'a> {
    /// `boxed` and `unknown_fields` are the options' paths (a message keeping unknown
    /// fields holds a `Vec` and cannot be `Copy`).
    pub fn new(
        files: &'a [FileDescriptorProto],
        externs: &ExternPaths,
        boxed: &[String],
        unknown_fields: &[String],
    ) -> Self {
        let mut types = Vec::new();
        let packages = names::PackageModules::new(files.iter().map(|f| f.package()));
        let mut warnings = Vec::new();
        for file in files {
            let package = file.package();
            let prefix = if package.is_empty() {
                String::new()
            } else {
                format!(".{package}")
            };
            let module: Arc<[String]> = names::package_modules(package).into();
            let closed = file_enums_closed(file);
            for msg in &file.message_type {
                let mut t = Types {
                    types: &mut types,
                    packages: &packages,
                    warnings: &mut warnings,
                };
                add_message(&mut t, file, &prefix, &module, msg, externs, closed);
            }
            for e in &file.enum_type {
                add_enum(&mut types, file, &prefix, &module, e, externs, closed);
            }
        }
        // A name defined twice (protoc refuses it; another front end might not): the last
        // definition wins, as it did when the table was keyed by name.
        let mut index = HashMap::with_capacity(types.len());
        for (i, t) in types.iter().enumerate() {
            index.insert(t.full_name.clone(), TypeId(i as u32));
        }
        let graph = MessageGraph::new(&types, &index, boxed, unknown_fields);
        warnings.sort();
        warnings.dedup();
        TypeTable {
            types,
            index,
            graph,
            warnings,
        }
    }

    /// The type with this fully qualified name, if the request defines one.
    pub fn id(&self, fq_name: &str) -> Option<TypeId> {
        self.index.get(fq_name).copied()
    }

    pub fn get(&self, fq_name: &str) -> Option<&TypeInfo<'a>> {
        self.id(fq_name).map(|id| self.info(id))
    }

    /// The type an id points at.
    pub fn info(&self, id: TypeId) -> &TypeInfo<'a> {
        &self.types[id.0 as usize]
    }

    /// Looks a referenced type up, or says which element refers to an unknown type.
    pub fn lookup(&self, fq_name: &str, referrer: &dyn std::fmt::Display) -> Result<TypeId> {
        self.id(fq_name)
            .ok_or_else(|| err!("{referrer} refers to unknown type '{fq_name}'; is the file that defines it imported?"))
    }

    /// The path to a type from the module `from`: the extern path as the options give it,
    /// or the relative path (`super::foo::Bar`).
    pub fn path_from(&self, id: TypeId, from: &[String]) -> String {
        let info = self.info(id);
        match &info.extern_path {
            Some(path) => path.clone(),
            None => names::relative_path_string(from, &info.module, &info.rust_name),
        }
    }

    /// Whether the field must be boxed because its message type contains, directly or
    /// through other singular message fields, the message that holds it.
    pub fn is_recursive(&self, holder: &str, field: &FieldDescriptorProto) -> bool {
        if field.label() == Label::Repeated {
            return false;
        }
        match field.r#type() {
            Type::Message => self.graph.reaches(field.type_name(), holder),
            // Groups are not edges of the graph (as in prost-build), so ask the long way.
            Type::Group => self.graph.reaches_by_search(field.type_name(), holder),
            _ => false,
        }
    }

    /// Whether the message can derive `Copy` (prost-build's rule).
    pub fn message_copy(&self, fq_name: &str) -> bool {
        self.graph
            .index
            .get(fq_name)
            .is_some_and(|&i| self.graph.copy[i])
    }

    /// Whether the message can derive `Eq` and `Hash` (prost-build's rule).
    pub fn message_eq(&self, fq_name: &str) -> bool {
        self.graph
            .index
            .get(fq_name)
            .is_some_and(|&i| self.graph.eq[i])
    }

    /// Whether a field of `holder` allows deriving `Copy`.
    pub fn field_copy(&self, holder: &str, field: &FieldDescriptorProto, boxed: bool) -> bool {
        field_copy(&self.graph, holder, field, boxed, &|t| self.message_copy(t))
    }

    /// Whether a field of `holder` allows deriving `Eq` and `Hash`.
    pub fn field_eq(&self, holder: &str, field: &FieldDescriptorProto) -> bool {
        field_eq(&self.graph, holder, field, &|t| self.message_eq(t))
    }
}

/// What [`add_message`] adds to.
struct Types<'t, 'a> {
    types: &'t mut Vec<TypeInfo<'a>>,
    packages: &'t names::PackageModules,
    warnings: &'t mut Vec<String>,
}

fn add_message<'a>(
    t: &mut Types<'_, 'a>,
    file: &'a FileDescriptorProto,
    prefix: &str,
    module: &Arc<[String]>,
    msg: &'a DescriptorProto,
    externs: &ExternPaths,
    closed: bool,
) {
    let fq = format!("{prefix}.{}", msg.name());
    let closed = closed_under(
        msg.options.as_ref().and_then(|o| o.features.as_deref()),
        closed,
    );
    let (name, package) = t.packages.nested_module(module, msg.name());
    let mut nested_module = module.to_vec();
    nested_module.push(name.clone());
    if let Some(package) = package {
        let has_nested = msg.nested_type.iter().any(|m| {
            !m.options
                .as_ref()
                .and_then(|o| o.map_entry)
                .unwrap_or(false)
        }) || !msg.enum_type.is_empty()
            || msg.oneof_decl.iter().enumerate().any(|(i, _)| {
                msg.field
                    .iter()
                    .any(|f| f.oneof_index == Some(i as i32) && !f.proto3_optional())
            });
        if has_nested {
            let mut prost_build = module.to_vec();
            prost_build.push(names::nested_module(msg.name()));
            t.warnings.push(format!(
                "{}: the nested types of message '{}' go in the Rust module '{}', not in \
                 prost-build's '{}', which is where package '{package}' goes",
                file.name(),
                &fq[1..],
                nested_module.join("::"),
                prost_build.join("::"),
            ));
        }
    }
    let nested_module: Arc<[String]> = nested_module.into();
    for nested in &msg.nested_type {
        add_message(t, file, &fq, &nested_module, nested, externs, closed);
    }
    for e in &msg.enum_type {
        add_enum(t.types, file, &fq, &nested_module, e, externs, closed);
    }
    let extern_path = externs.resolve(&fq);
    t.types.push(TypeInfo {
        full_name: fq,
        kind: TypeKind::Message,
        file: file.name(),
        package: file.package(),
        module: module.clone(),
        rust_name: names::type_name(msg.name()),
        nested_module: Some(name),
        extern_path,
        message: Some(msg),
        closed: false,
    });
}

fn add_enum<'a>(
    types: &mut Vec<TypeInfo<'a>>,
    file: &'a FileDescriptorProto,
    prefix: &str,
    module: &Arc<[String]>,
    e: &EnumDescriptorProto,
    externs: &ExternPaths,
    closed: bool,
) {
    let fq = format!("{prefix}.{}", e.name());
    let extern_path = externs.resolve(&fq);
    types.push(TypeInfo {
        full_name: fq,
        kind: TypeKind::Enum,
        file: file.name(),
        package: file.package(),
        module: module.clone(),
        rust_name: names::type_name(e.name()),
        nested_module: None,
        extern_path,
        message: None,
        closed: closed_under(
            e.options.as_ref().and_then(|o| o.features.as_deref()),
            closed,
        ),
    });
}

/// Whether the enums of a file are closed unless a message or enum says otherwise:
/// proto2's are, proto3's are not, an editions file's follow its `enum_type` feature (or
/// its edition's default).
fn file_enums_closed(file: &FileDescriptorProto) -> bool {
    match file.syntax() {
        "proto3" => false,
        "editions" => {
            let default = super::features::defaults_for(file.edition())
                .ok()
                .flatten()
                .is_some_and(|f| f.enum_type() == EnumType::Closed);
            closed_under(
                file.options.as_ref().and_then(|o| o.features.as_deref()),
                default,
            )
        }
        _ => true,
    }
}

/// The `enum_type` feature of a scope: its own when set, else its parent's.
fn closed_under(features: Option<&FeatureSet>, parent: bool) -> bool {
    match features.and_then(|f| f.enum_type) {
        Some(t) => t == EnumType::Closed as i32,
        None => parent,
    }
}

fn is_copy_scalar(t: Type) -> bool {
    !matches!(t, Type::String | Type::Bytes | Type::Message | Type::Group)
}

fn is_eq_scalar(t: Type) -> bool {
    !matches!(t, Type::Float | Type::Double | Type::Message | Type::Group)
}

fn field_copy(
    graph: &MessageGraph,
    holder: &str,
    field: &FieldDescriptorProto,
    boxed: bool,
    message_copy: &dyn Fn(&str) -> bool,
) -> bool {
    if field.label() == Label::Repeated {
        return false;
    }
    match field.r#type() {
        Type::Message => {
            !boxed && !graph.reaches(field.type_name(), holder) && message_copy(field.type_name())
        }
        t => is_copy_scalar(t),
    }
}

fn field_eq(
    graph: &MessageGraph,
    holder: &str,
    field: &FieldDescriptorProto,
    message_eq: &dyn Fn(&str) -> bool,
) -> bool {
    match field.r#type() {
        Type::Message => {
            field.label() != Label::Repeated
                && !graph.reaches(field.type_name(), holder)
                && message_eq(field.type_name())
        }
        t => is_eq_scalar(t),
    }
}

/// Messages as nodes, singular message-typed fields as edges (prost-build's message graph).
/// Strongly connected components answer "does A reach B" for the common case in O(1);
/// derive facts are computed once, in reverse topological order of the components.
struct MessageGraph {
    index: HashMap<String, usize>,
    edges: Vec<Vec<usize>>,
    scc: Vec<usize>,
    comp_size: Vec<usize>,
    /// Per node: whether the message can derive Copy, and Eq + Hash.
    copy: Vec<bool>,
    eq: Vec<bool>,
}

impl MessageGraph {
    fn new(
        types: &[TypeInfo<'_>],
        by_name: &HashMap<String, TypeId>,
        boxed: &[String],
        unknown_fields: &[String],
    ) -> Self {
        let mut names: Vec<&String> = by_name
            .iter()
            .filter(|(_, id)| types[id.0 as usize].kind == TypeKind::Message)
            .map(|(n, _)| n)
            .collect();
        names.sort();
        let index: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| ((*n).clone(), i))
            .collect();
        let edges: Vec<Vec<usize>> = names
            .iter()
            .map(|n| {
                let msg = types[by_name[*n].0 as usize]
                    .message
                    .expect("messages have descriptors");
                msg.field
                    .iter()
                    .filter(|f| f.r#type() == Type::Message && f.label() != Label::Repeated)
                    .filter_map(|f| index.get(f.type_name()).copied())
                    .collect()
            })
            .collect();
        let (scc, order) = tarjan(&edges);
        let mut comp_size = vec![0; order.len()];
        for &c in &scc {
            comp_size[c] += 1;
        }
        let mut graph = MessageGraph {
            index,
            edges,
            scc,
            comp_size,
            copy: vec![false; names.len()],
            eq: vec![false; names.len()],
        };
        // `order` lists nodes so that everything a node reaches outside its own component
        // comes before it.
        for node in order {
            let name = names[node];
            let msg = types[by_name[name].0 as usize]
                .message
                .expect("messages have descriptors");
            let keeps_unknown = crate::options::Options::matches(unknown_fields, name);
            let copy = !keeps_unknown
                && msg.field.iter().all(|f| {
                    let is_boxed = !boxed.is_empty()
                        && crate::options::Options::matches(boxed, &format!("{name}.{}", f.name()));
                    field_copy(&graph, name, f, is_boxed, &|t| {
                        graph.index.get(t).is_some_and(|&i| graph.copy[i])
                    })
                });
            let eq = msg.field.iter().all(|f| {
                field_eq(&graph, name, f, &|t| {
                    graph.index.get(t).is_some_and(|&i| graph.eq[i])
                })
            });
            graph.copy[node] = copy;
            graph.eq[node] = eq;
        }
        graph
    }

    /// Whether the message type of a singular message field of `holder` reaches `holder`
    /// back. The field is an edge `holder → from`, so that is the case exactly when both
    /// are in one strongly connected component that has a cycle.
    fn reaches(&self, from: &str, holder: &str) -> bool {
        let (Some(&a), Some(&b)) = (self.index.get(from), self.index.get(holder)) else {
            return false;
        };
        self.scc[a] == self.scc[b]
            && (a != b || self.edges[a].contains(&a) || self.comp_size[self.scc[a]] > 1)
    }

    /// Whether `from` reaches `to` through singular message fields, by graph search.
    fn reaches_by_search(&self, from: &str, to: &str) -> bool {
        let (Some(&a), Some(&b)) = (self.index.get(from), self.index.get(to)) else {
            return false;
        };
        let mut seen = vec![false; self.edges.len()];
        let mut stack = vec![a];
        while let Some(n) = stack.pop() {
            if n == b {
                return true;
            }
            for &m in &self.edges[n] {
                if !seen[m] {
                    seen[m] = true;
                    stack.push(m);
                }
            }
        }
        false
    }
}

/// Iterative Tarjan: component id per node, and nodes in the order their components were
/// completed (reverse topological order of the condensation).
fn tarjan(edges: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut order = Vec::with_capacity(n);
    let mut next = 0;
    let mut ncomp = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if *i < edges[v].len() {
                let w = edges[v][*i];
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = ncomp;
                        order.push(w);
                        if w == v {
                            break;
                        }
                    }
                    ncomp += 1;
                }
            }
        }
    }
    (comp, order)
}
