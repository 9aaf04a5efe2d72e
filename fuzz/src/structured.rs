//! Requests built from `arbitrary` data that are valid enough to reach code generation:
//! files with packages, messages (nested), fields of every kind, enums, oneofs, maps and
//! services, whose type references point at types that exist. Names come mostly from a pool
//! of awkward but legal proto names (Rust keywords, prelude names, case collisions), some
//! from arbitrary text; comments and default values are arbitrary text mixed with hostile
//! fragments (fences, HTML, bidi controls, `*/`).

use arbitrary::Arbitrary;
use protoc_gen_rustsvc::pb::{
    CodeGeneratorRequest, DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto,
    FieldDescriptorProto, FileDescriptorProto, Location, MethodDescriptorProto,
    OneofDescriptorProto, ServiceDescriptorProto, SourceCodeInfo,
};
use protoc_gen_rustsvc::pb::{Edition, EnumOptions, FieldOptions, MessageOptions};

/// Names that are legal in a .proto and awkward in Rust.
const NAMES: &[&str] = &[
    "Foo",
    "foo",
    "FOO",
    "foo_bar",
    "fooBar",
    "FooBar",
    "Foo_Bar",
    "type",
    "Type",
    "self",
    "Self",
    "super",
    "crate",
    "extern",
    "async",
    "await",
    "gen",
    "try",
    "dyn",
    "union",
    "r",
    "_",
    "__",
    "_foo",
    "a",
    "A",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "i32",
    "u8",
    "str",
    "bool",
    "f64",
    "Default",
    "Message",
    "Oneof",
    "prost",
    "core",
    "std",
    "alloc",
    "tonic",
    "mod",
    "fn",
    "impl",
    "match",
    "loop",
    "abstract",
    "macro_rules",
    "HTTPServer",
    "http_server",
    "field2",
    "Field2",
    "x1y2",
    "Entry",
    "FooEntry",
    "value",
    "key",
    "Value",
    "Key",
    "Nested",
    "OneOf",
    "FooOneOf",
    "as_str_name",
    "from_str_name",
    "encode",
    "decode",
    "default",
    "clear",
    "Unknown",
    "UNSPECIFIED",
];

/// Hostile comment and default-value fragments.
const TEXTS: &[&str] = &[
    "```",
    "```rust",
    "```ignore",
    "```should_panic",
    "```compile_fail",
    "````",
    "~~~",
    "~~~rust",
    "    fn main() { panic!() }",
    "\t#![deny(warnings)]",
    "#[cfg(any())]",
    "*/",
    "/*",
    "\"",
    "\\",
    "\\\"",
    "'",
    "<script>alert(1)</script>",
    "<!--",
    "-->",
    "[a]",
    "[a]: b",
    "[x](y)",
    "https://e.x/a_(b)",
    "\u{202E}",
    "\u{2066}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{0}",
    "\u{7}",
    "\r",
    "\n",
    "\u{2028}",
    "`",
    "``",
    "\\u{202e}",
    "#",
    "}",
    "]",
    ")]",
    "\"]",
    "\\x41",
    "\\377",
    "\\400",
    "\\",
    "\\n",
    "é",
    "日本",
    "🦀",
    "-inf",
    "nan",
    "1e400",
    "0x7fffffff",
    "-9223372036854775808",
];

#[derive(Arbitrary, Debug)]
pub enum Name {
    Pool(u8),
    /// Letters, digits and `_` only: a legal proto name unless it starts with a digit.
    Ident(Vec<u8>),
    /// Anything, as a producer other than protoc might send.
    Raw(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Pool(i) => NAMES[*i as usize % NAMES.len()].to_owned(),
            Name::Ident(bytes) => {
                const CHARS: &[u8] =
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789";
                let s: String = bytes
                    .iter()
                    .take(12)
                    .map(|b| CHARS[*b as usize % CHARS.len()] as char)
                    .collect();
                if s.is_empty() {
                    "x".to_owned()
                } else {
                    s
                }
            }
            Name::Raw(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Text {
    Pool(u8),
    Raw(String),
    Concat(Vec<Text>),
}

impl Text {
    fn text(&self) -> String {
        match self {
            Text::Pool(i) => TEXTS[*i as usize % TEXTS.len()].to_owned(),
            Text::Raw(s) => s.clone(),
            Text::Concat(parts) => parts.iter().take(8).map(Text::text).collect(),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub struct Comments {
    leading: Option<Text>,
    trailing: Option<Text>,
    detached: Vec<Text>,
}

#[derive(Arbitrary, Debug)]
pub enum Scalar {
    Double,
    Float,
    Int64,
    Uint64,
    Int32,
    Fixed64,
    Fixed32,
    Bool,
    String,
    Bytes,
    Uint32,
    Sfixed32,
    Sfixed64,
    Sint32,
    Sint64,
}

impl Scalar {
    fn proto_type(&self) -> i32 {
        match self {
            Scalar::Double => 1,
            Scalar::Float => 2,
            Scalar::Int64 => 3,
            Scalar::Uint64 => 4,
            Scalar::Int32 => 5,
            Scalar::Fixed64 => 6,
            Scalar::Fixed32 => 7,
            Scalar::Bool => 8,
            Scalar::String => 9,
            Scalar::Bytes => 12,
            Scalar::Uint32 => 13,
            Scalar::Sfixed32 => 15,
            Scalar::Sfixed64 => 16,
            Scalar::Sint32 => 17,
            Scalar::Sint64 => 18,
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum FieldKind {
    Scalar(Scalar),
    /// Index into every message of the request.
    Message(u16),
    /// Index into every enum of the request.
    Enum(u16),
    Group(u16),
    Map {
        key: Scalar,
        value: MapValue,
    },
}

#[derive(Arbitrary, Debug)]
pub enum MapValue {
    Scalar(Scalar),
    Message(u16),
    Enum(u16),
}

#[derive(Arbitrary, Debug)]
pub enum Label {
    Optional,
    Required,
    Repeated,
    Proto3Optional,
}

#[derive(Arbitrary, Debug)]
pub struct Field {
    name: Name,
    number: i32,
    label: Label,
    kind: FieldKind,
    default: Option<Text>,
    /// Index into the message's oneofs.
    oneof: Option<u8>,
    packed: Option<bool>,
    deprecated: bool,
    json_name: Option<Name>,
    comments: Comments,
}

#[derive(Arbitrary, Debug)]
pub struct Enum {
    name: Name,
    values: Vec<(Name, i32, bool, Comments)>,
    deprecated: bool,
    comments: Comments,
}

#[derive(Arbitrary, Debug)]
pub struct Msg {
    name: Name,
    fields: Vec<Field>,
    oneofs: Vec<(Name, Comments)>,
    nested: Vec<Msg>,
    enums: Vec<Enum>,
    deprecated: bool,
    comments: Comments,
}

#[derive(Arbitrary, Debug)]
pub struct Method {
    name: Name,
    input: u16,
    output: u16,
    client_streaming: bool,
    server_streaming: bool,
    deprecated: bool,
    comments: Comments,
}

#[derive(Arbitrary, Debug)]
pub struct Service {
    name: Name,
    methods: Vec<Method>,
    comments: Comments,
}

#[derive(Arbitrary, Debug)]
pub enum Syntax {
    Proto2,
    Proto3,
    Editions2023,
    Editions2024,
}

#[derive(Arbitrary, Debug)]
pub struct File {
    package: Vec<Name>,
    syntax: Syntax,
    messages: Vec<Msg>,
    enums: Vec<Enum>,
    services: Vec<Service>,
    /// Whether the file is in file_to_generate (the first file always is).
    generate: bool,
}

#[derive(Arbitrary, Debug)]
pub enum Param {
    Bool(u8, bool),
    BtreeMap(Option<Name>),
    ModFile(Name),
    Raw(String),
}

#[derive(Arbitrary, Debug)]
pub struct Spec {
    files: Vec<File>,
    params: Vec<Param>,
    /// Rotations of file_to_generate and proto_file: the output must not depend on them.
    rotate_generate: u8,
    rotate_files: u8,
}

const MAX_FILES: usize = 4;
const MAX_DEPTH: usize = 3;
const MAX_ITEMS: usize = 6;

/// Fully qualified names of every message and enum, gathered before building fields.
#[derive(Default)]
struct Types {
    messages: Vec<String>,
    enums: Vec<String>,
}

fn qualify(prefix: &str, name: &str) -> String {
    format!("{prefix}.{name}")
}

fn package_name(parts: &[Name]) -> String {
    parts
        .iter()
        .take(4)
        .map(Name::text)
        .collect::<Vec<_>>()
        .join(".")
}

fn prefix_of(package: &str) -> String {
    if package.is_empty() {
        String::new()
    } else {
        format!(".{package}")
    }
}

fn gather_msg(types: &mut Types, prefix: &str, m: &Msg, depth: usize) {
    let full = qualify(prefix, &m.name.text());
    for e in m.enums.iter().take(MAX_ITEMS) {
        types.enums.push(qualify(&full, &e.name.text()));
    }
    if depth < MAX_DEPTH {
        for n in m.nested.iter().take(MAX_ITEMS) {
            gather_msg(types, &full, n, depth + 1);
        }
    }
    types.messages.push(full);
}

fn pick(list: &[String], i: u16) -> Option<String> {
    (!list.is_empty()).then(|| list[i as usize % list.len()].clone())
}

/// Collects `SourceCodeInfo` locations as elements are built.
struct Source {
    locations: Vec<Location>,
}

impl Source {
    fn add(&mut self, path: &[i32], c: &Comments) {
        let leading = c.leading.as_ref().map(Text::text);
        let trailing = c.trailing.as_ref().map(Text::text);
        let detached: Vec<String> = c.detached.iter().take(3).map(Text::text).collect();
        if leading.is_none() && trailing.is_none() && detached.is_empty() {
            return;
        }
        self.locations.push(Location {
            path: path.to_vec(),
            span: vec![1, 0, 1],
            leading_comments: leading,
            trailing_comments: trailing,
            leading_detached_comments: detached,
        });
    }
}

fn child(path: &[i32], kind: i32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.push(kind);
    p.push(index as i32);
    p
}

fn build_enum(e: &Enum, path: &[i32], src: &mut Source) -> EnumDescriptorProto {
    src.add(path, &e.comments);
    let mut value: Vec<EnumValueDescriptorProto> = e
        .values
        .iter()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(i, (name, number, deprecated, comments))| {
            src.add(&child(path, 2, i), comments);
            let mut value = EnumValueDescriptorProto {
                name: Some(name.text()),
                number: Some(*number),
                ..Default::default()
            };
            if *deprecated {
                value.options = Some(Default::default());
                if let Some(o) = value.options.as_mut() {
                    o.deprecated = Some(true);
                }
            }
            value
        })
        .collect();
    if value.is_empty() {
        value.push(EnumValueDescriptorProto {
            name: Some("ZERO".into()),
            number: Some(0),
            ..Default::default()
        });
    }
    EnumDescriptorProto {
        name: Some(e.name.text()),
        value,
        options: e.deprecated.then(|| {
            Box::new(EnumOptions {
                deprecated: Some(true),
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}

fn build_field(
    f: &Field,
    index: usize,
    types: &Types,
    proto3: bool,
    oneofs: usize,
    nested: &mut Vec<DescriptorProto>,
) -> FieldDescriptorProto {
    let name = f.name.text();
    let mut out = FieldDescriptorProto {
        name: Some(name.clone()),
        number: Some(if f.number == 0 {
            index as i32 + 1
        } else {
            f.number
        }),
        json_name: f.json_name.as_ref().map(Name::text),
        ..Default::default()
    };
    out.label = Some(match f.label {
        Label::Optional | Label::Proto3Optional => 1,
        Label::Required => 2,
        Label::Repeated => 3,
    });
    let scalar_or = |kind: Option<String>, t: i32| -> (i32, Option<String>) {
        match kind {
            Some(name) => (t, Some(name)),
            None => (9, None), // no such type in the request: a string field
        }
    };
    let (ty, type_name) = match &f.kind {
        FieldKind::Scalar(s) => (s.proto_type(), None),
        FieldKind::Message(i) => scalar_or(pick(&types.messages, *i), 11),
        FieldKind::Group(i) => scalar_or(pick(&types.messages, *i), 10),
        FieldKind::Enum(i) => scalar_or(pick(&types.enums, *i), 14),
        FieldKind::Map { key, value } => {
            // A synthetic `<Name>Entry` nested type, as protoc writes it.
            let entry_name = format!("{}Entry", upper_camel(&name));
            let (vt, vname) = match value {
                MapValue::Scalar(s) => (s.proto_type(), None),
                MapValue::Message(i) => scalar_or(pick(&types.messages, *i), 11),
                MapValue::Enum(i) => scalar_or(pick(&types.enums, *i), 14),
            };
            let entry = DescriptorProto {
                name: Some(entry_name.clone()),
                field: vec![
                    FieldDescriptorProto {
                        name: Some("key".into()),
                        number: Some(1),
                        label: Some(1),
                        r#type: Some(key.proto_type()),
                        ..Default::default()
                    },
                    FieldDescriptorProto {
                        name: Some("value".into()),
                        number: Some(2),
                        label: Some(1),
                        r#type: Some(vt),
                        type_name: vname,
                        ..Default::default()
                    },
                ],
                options: Some(Box::new(MessageOptions {
                    map_entry: Some(true),
                    ..Default::default()
                })),
                ..Default::default()
            };
            nested.push(entry);
            out.label = Some(3);
            // The entry's full name is filled in by the caller, who knows the prefix.
            (11, Some(entry_name))
        }
    };
    out.r#type = Some(ty);
    out.type_name = type_name;
    if let Some(d) = &f.default {
        out.default_value = Some(d.text());
    }
    if let Some(o) = f.oneof {
        if oneofs > 0 && out.label == Some(1) {
            out.oneof_index = Some(i32::from(o) % oneofs as i32);
        }
    }
    if proto3 && matches!(f.label, Label::Proto3Optional) && out.oneof_index.is_none() {
        out.proto3_optional = Some(true);
    }
    if f.packed.is_some() || f.deprecated {
        out.options = Some(Box::new(FieldOptions {
            packed: f.packed,
            deprecated: f.deprecated.then_some(true),
            ..Default::default()
        }));
    }
    out
}

/// protoc's map entry naming: `foo_bar` → `FooBarEntry`.
fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = true;
    for c in name.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn build_msg(
    m: &Msg,
    prefix: &str,
    path: &[i32],
    depth: usize,
    types: &Types,
    proto3: bool,
    src: &mut Source,
) -> DescriptorProto {
    src.add(path, &m.comments);
    let full = qualify(prefix, &m.name.text());
    let oneof_decl: Vec<OneofDescriptorProto> = m
        .oneofs
        .iter()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(i, (name, comments))| {
            src.add(&child(path, 8, i), comments);
            OneofDescriptorProto {
                name: Some(name.text()),
                ..Default::default()
            }
        })
        .collect();
    let mut nested_type: Vec<DescriptorProto> = Vec::new();
    if depth < MAX_DEPTH {
        for (i, n) in m.nested.iter().take(MAX_ITEMS).enumerate() {
            nested_type.push(build_msg(
                n,
                &full,
                &child(path, 3, i),
                depth + 1,
                types,
                proto3,
                src,
            ));
        }
    }
    let mut entries = Vec::new();
    let mut field = Vec::new();
    for (i, f) in m.fields.iter().take(MAX_ITEMS * 2).enumerate() {
        src.add(&child(path, 2, i), &f.comments);
        let before = entries.len();
        let mut fd = build_field(f, i, types, proto3, oneof_decl.len(), &mut entries);
        if entries.len() > before {
            fd.type_name = fd.type_name.map(|n| qualify(&full, &n));
        }
        field.push(fd);
    }
    nested_type.extend(entries);
    let enum_type = m
        .enums
        .iter()
        .take(MAX_ITEMS)
        .enumerate()
        .map(|(i, e)| build_enum(e, &child(path, 4, i), src))
        .collect();
    DescriptorProto {
        name: Some(m.name.text()),
        field,
        nested_type,
        enum_type,
        oneof_decl,
        options: m.deprecated.then(|| {
            Box::new(MessageOptions {
                deprecated: Some(true),
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}

fn build_service(
    s: &Service,
    path: &[i32],
    types: &Types,
    src: &mut Source,
) -> Option<ServiceDescriptorProto> {
    src.add(path, &s.comments);
    let mut method = Vec::new();
    for (i, m) in s.methods.iter().take(MAX_ITEMS).enumerate() {
        src.add(&child(path, 2, i), &m.comments);
        let mut md = MethodDescriptorProto {
            name: Some(m.name.text()),
            input_type: Some(pick(&types.messages, m.input)?),
            output_type: Some(pick(&types.messages, m.output)?),
            client_streaming: Some(m.client_streaming),
            server_streaming: Some(m.server_streaming),
            ..Default::default()
        };
        if m.deprecated {
            md.options = Some(Default::default());
            if let Some(o) = md.options.as_mut() {
                o.deprecated = Some(true);
            }
        }
        method.push(md);
    }
    Some(ServiceDescriptorProto {
        name: Some(s.name.text()),
        method,
        ..Default::default()
    })
}

impl Spec {
    /// The request this spec describes.
    pub fn request(&self) -> CodeGeneratorRequest {
        let files: Vec<&File> = self.files.iter().take(MAX_FILES).collect();
        let mut types = Types::default();
        for f in &files {
            let prefix = prefix_of(&package_name(&f.package));
            for m in f.messages.iter().take(MAX_ITEMS) {
                gather_msg(&mut types, &prefix, m, 0);
            }
            for e in f.enums.iter().take(MAX_ITEMS) {
                types.enums.push(qualify(&prefix, &e.name.text()));
            }
        }
        let mut proto_file = Vec::new();
        let mut file_to_generate = Vec::new();
        for (fi, f) in files.iter().enumerate() {
            let name = format!("f{fi}.proto");
            let package = package_name(&f.package);
            let prefix = prefix_of(&package);
            let mut src = Source {
                locations: Vec::new(),
            };
            let message_type = f
                .messages
                .iter()
                .take(MAX_ITEMS)
                .enumerate()
                .map(|(i, m)| {
                    build_msg(
                        m,
                        &prefix,
                        &[4, i as i32],
                        0,
                        &types,
                        matches!(f.syntax, Syntax::Proto3),
                        &mut src,
                    )
                })
                .collect();
            let enum_type = f
                .enums
                .iter()
                .take(MAX_ITEMS)
                .enumerate()
                .map(|(i, e)| build_enum(e, &[5, i as i32], &mut src))
                .collect();
            let service = f
                .services
                .iter()
                .take(MAX_ITEMS)
                .enumerate()
                .filter_map(|(i, s)| build_service(s, &[6, i as i32], &types, &mut src))
                .collect();
            // Every other file is a dependency, so any reference resolves (protoc would
            // refuse the cycle; the plugin must not care).
            let dependency = (0..files.len())
                .filter(|&j| j != fi)
                .map(|j| format!("f{j}.proto"))
                .collect();
            if fi == 0 || f.generate {
                file_to_generate.push(name.clone());
            }
            proto_file.push(FileDescriptorProto {
                name: Some(name),
                package: (!package.is_empty()).then_some(package),
                dependency,
                message_type,
                enum_type,
                service,
                syntax: Some(
                    match f.syntax {
                        Syntax::Proto2 => "proto2",
                        Syntax::Proto3 => "proto3",
                        Syntax::Editions2023 | Syntax::Editions2024 => "editions",
                    }
                    .to_owned(),
                ),
                edition: match f.syntax {
                    Syntax::Editions2023 => Some(Edition::Edition2023 as i32),
                    Syntax::Editions2024 => Some(Edition::Edition2024 as i32),
                    _ => None,
                },
                source_code_info: Some(SourceCodeInfo {
                    location: src.locations,
                }),
                ..Default::default()
            });
        }
        if !file_to_generate.is_empty() {
            let n = self.rotate_generate as usize % file_to_generate.len();
            file_to_generate.rotate_left(n);
        }
        if !proto_file.is_empty() {
            let n = self.rotate_files as usize % proto_file.len();
            proto_file.rotate_left(n);
        }
        let parameter = self
            .params
            .iter()
            .take(6)
            .map(|p| match p {
                Param::Bool(i, v) => {
                    let names = protoc_gen_rustsvc::options::SPECS;
                    format!("{}={v}", names[*i as usize % names.len()].name)
                }
                Param::BtreeMap(None) => "btree_map=.".to_owned(),
                Param::BtreeMap(Some(n)) => format!("btree_map=.{}", n.text()),
                Param::ModFile(n) => format!("mod_file={}.rs", n.text()),
                Param::Raw(s) => s.clone(),
            })
            .collect::<Vec<_>>()
            .join(",");
        CodeGeneratorRequest {
            file_to_generate,
            parameter: Some(parameter),
            proto_file,
            ..Default::default()
        }
    }
}
