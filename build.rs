//! Embeds protoc's bundled include files (google/protobuf/**/*.proto: the well-known types,
//! descriptor.proto, plugin.proto, the language feature files) for the native front end, so
//! that `import "google/protobuf/timestamp.proto"` works with no include directory holding
//! them, as it does with protoc. The files are read at build time from the include directory
//! of the pinned protoc-bin-vendored (the same protoc the tests compare against); nothing is
//! copied into the repository. On a host protoc-bin-vendored does not support, nothing is
//! embedded and such imports need `-I`.

use std::path::{Path, PathBuf};

fn protos(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            protos(base, &p, out);
        } else if p.extension().is_some_and(|x| x == "proto") {
            let Ok(rel) = p.strip_prefix(base) else {
                continue;
            };
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((name.join("/"), p));
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    if let Ok(include) = protoc_bin_vendored::include_path() {
        protos(&include, &include, &mut files);
    }
    let mut code = String::from(
        "/// protoc's bundled include files: (proto name, text), sorted by name.\n\
         pub(crate) static BUNDLED: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &files {
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("bundled.rs"), code).expect("write bundled.rs");
}
