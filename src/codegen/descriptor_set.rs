//! The encoded `FileDescriptorSet` a package embeds with `file_descriptor_set`: the
//! package's files and everything they import, dependencies first, source info stripped
//! (options, extensions and custom options kept as protoc gave them).

use std::collections::HashSet;

use prost::Message;

use crate::model::{Model, Package};
use crate::pb::{FileDescriptorProto, FileDescriptorSet};

pub fn encode(model: &Model<'_>, package: &Package<'_>) -> Vec<u8> {
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    for f in &package.files {
        visit(model, f.name, &mut seen, &mut files);
    }
    FileDescriptorSet { file: files }.encode_to_vec()
}

fn visit<'a>(
    model: &Model<'a>,
    name: &'a str,
    seen: &mut HashSet<&'a str>,
    out: &mut Vec<FileDescriptorProto>,
) {
    if !seen.insert(name) {
        return;
    }
    let Some(file) = model.files.get(name) else {
        return;
    };
    for dep in &file.dependency {
        visit(model, dep, seen, out);
    }
    let mut file = (*file).clone();
    file.source_code_info = None;
    out.push(file);
}
