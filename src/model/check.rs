//! One collision pass over the resolved model: every Rust name the generated code
//! introduces must be distinct where Rust needs it to be, or the error names both elements,
//! where they are, and what to rename.
//!
//! Rust's namespaces decide what clashes: in a module, structs, enums, traits and modules
//! share the type namespace (`struct Foo` and `mod foo` do not clash, `mod foo` and
//! `mod foo` do); constants and statics share the value namespace; fields, variants and
//! methods are checked within their type.

use std::collections::HashMap;

use super::{Enum, Message, Package, PackagePlan, Position, ServiceSettings};
use crate::error::{err, Result};
use crate::names;

/// Names must stay distinct after case conversion: one entry per Rust name in a scope, or
/// an error naming both elements and where they are.
struct Scope<'s> {
    what: &'s str,
    seen: HashMap<String, (String, String)>,
}

impl<'s> Scope<'s> {
    fn new(what: &'s str) -> Self {
        Scope {
            what,
            seen: HashMap::new(),
        }
    }

    fn add(&mut self, rust: &str, element: String, position: &Position) -> Result<()> {
        if let Some((other, other_pos)) = self.seen.get(rust) {
            return Err(err!(
                "{position}: {element} and {other} ({other_pos}) both become '{rust}' in {}; \
                 rename one of them",
                self.what
            ));
        }
        self.seen
            .insert(rust.to_owned(), (element, position.to_string()));
        Ok(())
    }
}

/// Packages become nested modules: two packages must not become the same module, and no
/// package file may have the name of the module tree file.
pub(super) fn package_modules(packages: &[PackagePlan<'_>], mod_file: &str) -> Result<()> {
    let mut spelled: HashMap<&[String], &str> = HashMap::new();
    for p in packages {
        if let Some(other) = spelled.insert(&p.modules, p.name) {
            return Err(err!(
                "packages '{other}' and '{}' both become the Rust module '{}'; rename one of them",
                p.name,
                p.modules.join("::")
            ));
        }
    }
    for p in packages {
        if p.generated_files().contains(&mod_file) {
            return Err(err!(
                "the module tree file '{mod_file}' has the name of a package's file; choose \
                 another with mod_file=NAME"
            ));
        }
    }
    Ok(())
}

/// Every name of one resolved package: within each message and enum, in the package's
/// module, and against the modules of the other packages (`packages`).
pub(super) fn package(
    package: &Package<'_>,
    packages: &[PackagePlan<'_>],
    services: &ServiceSettings,
) -> Result<()> {
    for f in &package.files {
        for m in &f.messages {
            message(m)?;
        }
        for e in &f.enums {
            enumeration(e)?;
        }
    }
    let what = if package.name.is_empty() {
        "the root module".to_owned()
    } else {
        format!("the Rust module of package '{}'", package.name)
    };
    let mut types = Scope::new(&what);
    let mut values = Scope::new(&what);
    for f in &package.files {
        items(&mut types, &f.messages, &f.enums)?;
    }
    nested_modules(package, packages)?;
    service_items(package, packages, services, &mut types, &mut values)
}

/// The names inside a message (its nested messages and enums first): fields and oneofs of
/// the struct, the variants of each oneof enum, the items of its nested module.
fn message(message: &Message<'_>) -> Result<()> {
    for m in &message.messages {
        self::message(m)?;
    }
    for e in &message.enums {
        enumeration(e)?;
    }
    let what = format!("the Rust struct {}", message.rust_name);
    let mut scope = Scope::new(&what);
    for f in &message.fields {
        scope.add(&f.rust_name, format!("field '{}'", f.name), &f.position)?;
    }
    for o in &message.oneofs {
        scope.add(&o.rust_name, format!("oneof '{}'", o.name), &o.position)?;
        let what = format!("the Rust enum {}", o.type_name);
        let mut variants = Scope::new(&what);
        for f in &o.fields {
            variants.add(&f.variant_name, format!("field '{}'", f.name), &f.position)?;
        }
    }
    let what = format!("the Rust module {}", message.nested_module);
    let mut nested = Scope::new(&what);
    items(&mut nested, &message.messages, &message.enums)?;
    for o in &message.oneofs {
        nested.add(&o.type_name, format!("oneof '{}'", o.name), &o.position)?;
    }
    Ok(())
}

/// Enum variants.
fn enumeration(e: &Enum<'_>) -> Result<()> {
    let mut seen: HashMap<&str, (&str, &Position)> = HashMap::new();
    for v in &e.values {
        if let Some((other, opos)) = seen.get(v.rust_name.as_str()) {
            return Err(err!(
                "{}: enum value '{}' of '{}' and '{other}' ({opos}) both become the Rust variant \
                 '{}'; rename one of them",
                v.position,
                v.name,
                &e.full_name[1..],
                v.rust_name
            ));
        }
        seen.insert(&v.rust_name, (v.name, &v.position));
    }
    Ok(())
}

/// Type names and nested module names of messages and enums sharing one Rust module.
fn items(scope: &mut Scope<'_>, messages: &[Message<'_>], enums: &[Enum<'_>]) -> Result<()> {
    for m in messages {
        scope.add(
            &m.rust_name,
            format!("message '{}'", &m.full_name[1..]),
            &m.position,
        )?;
        if m.has_nested_items() {
            // Modules and types share Rust's type namespace: `struct __` and `mod __` clash.
            scope.add(
                &m.nested_module,
                format!("the nested types of message '{}'", &m.full_name[1..]),
                &m.position,
            )?;
        }
    }
    for e in enums {
        scope.add(
            &e.rust_name,
            format!("enum '{}'", &e.full_name[1..]),
            &e.position,
        )?;
    }
    Ok(())
}

/// A message's nested module must not be where another package's module goes.
fn nested_modules(p: &Package<'_>, packages: &[PackagePlan<'_>]) -> Result<()> {
    for f in &p.files {
        for m in &f.messages {
            if !m.has_nested_items() {
                continue;
            }
            let mut path = p.modules.clone();
            path.push(m.nested_module.clone());
            if let Some(other) = packages.iter().find(|q| q.modules.starts_with(&path)) {
                return Err(err!(
                    "{}: the nested types of message '{}' go in the Rust module '{}', which is \
                     also where package '{}' goes; rename the message or the package",
                    m.position,
                    &m.full_name[1..],
                    path.join("::"),
                    other.name
                ));
            }
        }
    }
    Ok(())
}

/// What the services add to the package's module (the plumbing module, each service's
/// modules, server and client, constants and descriptor) and the methods of each service.
fn service_items(
    package: &Package<'_>,
    packages: &[PackagePlan<'_>],
    settings: &ServiceSettings,
    types: &mut Scope<'_>,
    values: &mut Scope<'_>,
) -> Result<()> {
    let services = package.files.iter().flat_map(|f| &f.services);
    if let Some(first) = services.clone().next() {
        types.add(
            names::GRPC_PLUMBING_MODULE,
            "the generated plumbing module".to_owned(),
            &first.position,
        )?;
    }
    for s in services {
        let pos = &s.position;
        let full = &s.full_name;
        let n = &s.names;
        if settings.server {
            types.add(
                &n.server_module,
                format!("the server module of service '{full}'"),
                pos,
            )?;
            types.add(&n.server, format!("the server of service '{full}'"), pos)?;
        }
        if settings.client {
            types.add(
                &n.client_module,
                format!("the client module of service '{full}'"),
                pos,
            )?;
            types.add(&n.client, format!("the client of service '{full}'"), pos)?;
        }
        values.add(
            &n.name_const,
            format!("the name constant of service '{full}'"),
            pos,
        )?;
        values.add(
            &n.descriptor,
            format!("the descriptor of service '{full}'"),
            pos,
        )?;
        let what = format!("the methods of service '{full}'");
        let mut methods = Scope::new(&what);
        let mut streams = Scope::new(&what);
        for m in &s.methods {
            methods.add(&m.names.method, format!("rpc '{}'", m.name), &m.position)?;
            if settings.async_trait && m.kind.streams_out() {
                streams.add(
                    &m.names.stream_type,
                    format!("rpc '{}'", m.name),
                    &m.position,
                )?;
            }
            values.add(
                &m.names.path_const,
                format!("the path constant of rpc '{}' of service '{full}'", m.name),
                &m.position,
            )?;
        }
        for module in [&n.server_module, &n.client_module] {
            let mut path = package.modules.clone();
            path.push(module.clone());
            if let Some(other) = packages.iter().find(|p| p.modules.starts_with(&path)) {
                return Err(err!(
                    "{pos}: the generated module '{}' of service '{full}' is also where package \
                     '{}' goes; rename the service or the package",
                    path.join("::"),
                    other.name
                ));
            }
        }
    }
    Ok(())
}
