//! build.rs of the bench's pbjson crate (bench/json.sh): prost-build and pbjson-build 0.9 over
//! the same googleapis slice as ours, the well-known types from pbjson-types, and a module tree
//! that includes each package's messages and their serde impls.
//!
//! Input from the environment: SLICE_FILES (a file listing the .proto files, one a line),
//! GOOGLEAPIS and PROTOC_INCLUDE (include directories), PROTOC (used by prost-build).

use std::collections::BTreeMap;
use std::env;
use std::fmt::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| env::var(name).map_err(|_| format!("{name} is not set"));
    let list = std::fs::read_to_string(var("SLICE_FILES")?)?;
    let files: Vec<&str> = list.lines().filter(|l| !l.is_empty()).collect();
    let includes = [var("GOOGLEAPIS")?, var("PROTOC_INCLUDE")?];
    let out = PathBuf::from(var("OUT_DIR")?);
    let descriptors = out.join("descriptors.bin");
    prost_build::Config::new()
        .file_descriptor_set_path(&descriptors)
        .compile_well_known_types()
        .extern_path(".google.protobuf", "::pbjson_types")
        .compile_protos(&files, &includes)?;
    pbjson_build::Builder::new()
        .register_descriptors(&std::fs::read(&descriptors)?)?
        .exclude([".google.protobuf"])
        .build(&[".google"])?;

    // The module tree: package a.b.c is `pub mod a { pub mod b { pub mod c { … } } }`.
    #[derive(Default)]
    struct Node {
        files: Vec<String>,
        children: BTreeMap<String, Node>,
    }
    let mut root = Node::default();
    for entry in std::fs::read_dir(&out)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(package) = name.strip_suffix(".rs") else {
            continue;
        };
        if package.ends_with(".serde") || package.starts_with('_') {
            continue;
        }
        let mut node = &mut root;
        for segment in package.split('.') {
            node = node.children.entry(segment.to_owned()).or_default();
        }
        node.files.push(name.clone());
        if out.join(format!("{package}.serde.rs")).exists() {
            node.files.push(format!("{package}.serde.rs"));
        }
    }
    fn emit(node: &Node, text: &mut String) {
        for file in &node.files {
            let _ = writeln!(text, "include!(concat!(env!(\"OUT_DIR\"), \"/{file}\"));");
        }
        for (name, child) in &node.children {
            let keyword = matches!(
                name.as_str(),
                "type" | "move" | "ref" | "match" | "mod" | "use" | "fn" | "impl"
            );
            let _ = writeln!(text, "pub mod {}{name} {{", if keyword { "r#" } else { "" });
            emit(child, text);
            text.push_str("}\n");
        }
    }
    let mut text = String::new();
    emit(&root, &mut text);
    std::fs::write(out.join("mod_tree.rs"), text)?;
    println!("cargo:rerun-if-env-changed=SLICE_FILES");
    Ok(())
}
