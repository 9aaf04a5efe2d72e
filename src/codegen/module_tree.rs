//! The module tree file (`mod.rs`): a `pub mod` per package segment, `include!` of the
//! package's files.

use std::collections::BTreeMap;

use super::code::{string_literal, Code};
use crate::error::Result;
use crate::names::ident;

#[derive(Default)]
struct ModNode {
    includes: Vec<String>,
    allow_deprecated: bool,
    children: BTreeMap<String, ModNode>,
}

/// One package's entry in the module tree.
pub struct TreeEntry {
    /// Rust module path of the package.
    pub modules: Vec<String>,
    /// Its generated files, included in order.
    pub files: Vec<String>,
    /// The package declares deprecated types: prost's derives on them would warn, so the
    /// package module allows `deprecated` (uses from other modules still warn).
    pub allow_deprecated: bool,
}

/// The module tree file: `pub mod` per package segment, `include!` of its files.
pub fn mod_file(name: &str, packages: &[TreeEntry]) -> Result<String> {
    let mut root = ModNode::default();
    for entry in packages {
        let mut node = &mut root;
        for m in &entry.modules {
            node = node.children.entry(m.clone()).or_default();
        }
        node.includes.extend(entry.files.iter().cloned());
        node.allow_deprecated |= entry.allow_deprecated;
    }
    let mut code = Code::new();
    write_node(&mut code, &root);
    code.finish(name)
}

fn write_node(code: &mut Code, node: &ModNode) {
    for file in &node.includes {
        code.linef(format_args!("include!({});", string_literal(file)));
    }
    for (name, child) in &node.children {
        if child.allow_deprecated {
            code.line("#[allow(deprecated)]");
        }
        code.open(&format!("pub mod {}", ident(name)));
        write_node(code, child);
        code.close("");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(modules: &[&str], files: &[&str]) -> TreeEntry {
        TreeEntry {
            modules: modules.iter().map(|s| s.to_string()).collect(),
            files: files.iter().map(|s| s.to_string()).collect(),
            allow_deprecated: false,
        }
    }

    #[test]
    fn mod_tree() {
        let f = mod_file(
            "mod.rs",
            &[
                entry(&["a", "b"], &["a.b.rs"]),
                entry(&["a"], &["a.rs", "a_grpc.rs"]),
                entry(&[], &["_.rs"]),
                entry(&["r#type"], &["type.rs"]),
            ],
        )
        .unwrap();
        assert_eq!(
            f,
            format!(
                "include!(\"_.rs\");\npub mod a {{\n    include!(\"a.rs\");\n    include!(\"a_grpc.rs\");\n    pub mod b {{\n        include!(\"a.b.rs\");\n    }}\n}}\npub mod r#type {{\n    include!(\"type.rs\");\n}}\n"
            )
        );
    }
}
