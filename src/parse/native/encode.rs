//! A file's descriptor encoded as protoc encodes it: fields in number order, options as
//! the linker encoded them (custom options included, which the crate's descriptor types
//! cannot hold).

use crate::fasthash::FastMap as HashMap;

use crate::pb::{DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use super::options::varint;
use super::parser::Loc;

struct W<'a> {
    opts: &'a HashMap<Vec<i32>, Vec<u8>>,
}

fn key(field: u64, wire: u64, out: &mut Vec<u8>) {
    varint(field << 3 | wire, out);
}

fn bytes(field: u64, b: &[u8], out: &mut Vec<u8>) {
    key(field, 2, out);
    varint(b.len() as u64, out);
    out.extend_from_slice(b);
}

fn string(field: u64, s: &Option<String>, out: &mut Vec<u8>) {
    if let Some(s) = s {
        bytes(field, s.as_bytes(), out);
    }
}

fn int(field: u64, v: Option<i32>, out: &mut Vec<u8>) {
    if let Some(v) = v {
        key(field, 0, out);
        varint(i64::from(v) as u64, out);
    }
}

fn boolean(field: u64, v: Option<bool>, out: &mut Vec<u8>) {
    if let Some(v) = v {
        key(field, 0, out);
        varint(u64::from(v), out);
    }
}

fn sub(field: u64, out: &mut Vec<u8>, f: impl FnOnce(&mut Vec<u8>)) {
    let mut body = Vec::new();
    f(&mut body);
    bytes(field, &body, out);
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.push(field);
    p.push(index as i32);
    p
}

impl W<'_> {
    fn options(&self, field: u64, path: &[i32], out: &mut Vec<u8>) {
        if let Some(b) = self.opts.get(path) {
            bytes(field, b, out);
        }
    }

    fn field(&self, f: &FieldDescriptorProto, path: &[i32], out: &mut Vec<u8>) {
        string(1, &f.name, out);
        string(2, &f.extendee, out);
        int(3, f.number, out);
        int(4, f.label, out);
        int(5, f.r#type, out);
        string(6, &f.type_name, out);
        string(7, &f.default_value, out);
        self.options(8, path, out);
        int(9, f.oneof_index, out);
        string(10, &f.json_name, out);
        boolean(17, f.proto3_optional, out);
    }

    fn enumeration(&self, e: &EnumDescriptorProto, path: &[i32], out: &mut Vec<u8>) {
        string(1, &e.name, out);
        for (i, v) in e.value.iter().enumerate() {
            sub(2, out, |o| {
                string(1, &v.name, o);
                int(2, v.number, o);
                self.options(3, &child(path, 2, i), o);
            });
        }
        self.options(3, path, out);
        for r in &e.reserved_range {
            sub(4, out, |o| {
                int(1, r.start, o);
                int(2, r.end, o);
            });
        }
        for n in &e.reserved_name {
            bytes(5, n.as_bytes(), out);
        }
        int(6, e.visibility, out);
    }

    fn message(&self, m: &DescriptorProto, path: &[i32], out: &mut Vec<u8>) {
        string(1, &m.name, out);
        for (i, f) in m.field.iter().enumerate() {
            sub(2, out, |o| self.field(f, &child(path, 2, i), o));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            sub(3, out, |o| self.message(n, &child(path, 3, i), o));
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            sub(4, out, |o| self.enumeration(e, &child(path, 4, i), o));
        }
        for (i, r) in m.extension_range.iter().enumerate() {
            sub(5, out, |o| {
                int(1, r.start, o);
                int(2, r.end, o);
                self.options(3, &child(path, 5, i), o);
            });
        }
        for (i, f) in m.extension.iter().enumerate() {
            sub(6, out, |o| self.field(f, &child(path, 6, i), o));
        }
        self.options(7, path, out);
        for (i, d) in m.oneof_decl.iter().enumerate() {
            sub(8, out, |o| {
                string(1, &d.name, o);
                self.options(2, &child(path, 8, i), o);
            });
        }
        for r in &m.reserved_range {
            sub(9, out, |o| {
                int(1, r.start, o);
                int(2, r.end, o);
            });
        }
        for n in &m.reserved_name {
            bytes(10, n.as_bytes(), out);
        }
        int(11, m.visibility, out);
    }
}

/// The encoded `FileDescriptorProto`, with `source_code_info` when `locations` are given.
pub fn file(
    f: &FileDescriptorProto,
    opts: &HashMap<Vec<i32>, Vec<u8>>,
    locations: Option<&[Loc]>,
) -> Vec<u8> {
    let w = W { opts };
    let mut out = Vec::new();
    string(1, &f.name, &mut out);
    string(2, &f.package, &mut out);
    for d in &f.dependency {
        bytes(3, d.as_bytes(), &mut out);
    }
    for (i, m) in f.message_type.iter().enumerate() {
        sub(4, &mut out, |o| w.message(m, &[4, i as i32], o));
    }
    for (i, e) in f.enum_type.iter().enumerate() {
        sub(5, &mut out, |o| w.enumeration(e, &[5, i as i32], o));
    }
    for (i, s) in f.service.iter().enumerate() {
        sub(6, &mut out, |o| {
            string(1, &s.name, o);
            for (j, m) in s.method.iter().enumerate() {
                sub(2, o, |o| {
                    string(1, &m.name, o);
                    string(2, &m.input_type, o);
                    string(3, &m.output_type, o);
                    w.options(4, &[6, i as i32, 2, j as i32], o);
                    boolean(5, m.client_streaming, o);
                    boolean(6, m.server_streaming, o);
                });
            }
            w.options(3, &[6, i as i32], o);
        });
    }
    for (i, x) in f.extension.iter().enumerate() {
        sub(7, &mut out, |o| w.field(x, &[7, i as i32], o));
    }
    w.options(8, &[], &mut out);
    if let Some(locs) = locations {
        sub(9, &mut out, |o| {
            for l in locs {
                sub(1, o, |o| location(l, o));
            }
        });
    }
    for d in &f.public_dependency {
        int(10, Some(*d), &mut out);
    }
    for d in &f.weak_dependency {
        int(11, Some(*d), &mut out);
    }
    string(12, &f.syntax, &mut out);
    int(14, f.edition, &mut out);
    for d in &f.option_dependency {
        bytes(15, d.as_bytes(), &mut out);
    }
    out
}

fn packed(field: u64, values: &[i32], out: &mut Vec<u8>) {
    let mut body = Vec::new();
    for &v in values {
        varint(i64::from(v) as u64, &mut body);
    }
    bytes(field, &body, out);
}

/// One encoded `SourceCodeInfo.Location`.
pub fn location(l: &Loc, out: &mut Vec<u8>) {
    if !l.path.is_empty() {
        packed(1, &l.path, out);
    }
    packed(2, &l.span, out);
    if !l.leading.is_empty() {
        bytes(3, l.leading.as_bytes(), out);
    }
    if !l.trailing.is_empty() {
        bytes(4, l.trailing.as_bytes(), out);
    }
    for d in &l.detached {
        bytes(6, d.as_bytes(), out);
    }
}
