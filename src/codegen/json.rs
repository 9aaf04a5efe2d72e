//! `json=PATH`: serde impls in the proto3 JSON mapping for messages and enums, over the
//! support crate's `json` module (rustsvc-runtime).
//!
//! A message gets `impl JsonMessage` (its fields by index: one generic helper call per field,
//! with the field's *kind* naming how its Rust type maps to JSON) and `serde::Serialize` /
//! `serde::Deserialize` impls that call the runtime's drivers. An enum gets `impl JsonEnum`
//! (its names, aliases included) and serde impls of its own. The same code serves both
//! `message_impl` forms: it reads the struct's fields, which are the same in both.
//!
//! The items are laid out by prettyplease ([`Code::reformat`]).

use std::collections::HashSet;

use super::code::{self, Code};
use super::Context;
use crate::model::{
    Cardinality, Enum, EnumRepr, Field, FieldType, JsonWkt, Message, Oneof, Package, Scalar,
};

/// The runtime paths the JSON impls name.
struct Paths {
    /// `::rustsvc_runtime::json`
    json: String,
    /// `::rustsvc_runtime::json::serde`
    serde: String,
    /// `::rustsvc_runtime::json::kinds`
    kinds: String,
}

/// The alias the bodies of `write_fields` and `read_field` give the kinds module (a name no
/// generated module or type takes).
const KINDS: &str = "__k";

fn paths(ctx: &Context<'_, '_>) -> Paths {
    let json = format!("{}::json", ctx.settings.runtime.support);
    Paths {
        serde: format!("{json}::serde"),
        kinds: KINDS.to_owned(),
        json,
    }
}

/// `use ::rustsvc_runtime::json::kinds as __k;`
fn use_kinds(code: &mut Code, p: &Paths) {
    code.line(&format!("use {}::kinds as {KINDS};", p.json));
}

/// Whether any message or enum of the package has JSON impls.
pub fn package_has_json(package: &Package<'_>) -> bool {
    fn message(m: &Message<'_>) -> bool {
        (m.json && !m.is_extern)
            || m.enums.iter().any(|e| e.json && !e.is_extern)
            || m.messages.iter().any(message)
    }
    package
        .files
        .iter()
        .any(|f| f.messages.iter().any(message) || f.enums.iter().any(|e| e.json && !e.is_extern))
}

/// `register_json_types`: adds every message of the package with JSON impls to a type
/// registry (for `google.protobuf.Any`).
pub fn register_fn(ctx: &Context<'_, '_>, code: &mut Code, package: &Package<'_>) {
    fn walk(m: &Message<'_>, package_depth: usize, out: &mut Vec<(String, String)>) {
        if m.is_extern {
            return;
        }
        if m.json {
            let mut path: Vec<&str> = m.module[package_depth.min(m.module.len())..]
                .iter()
                .map(String::as_str)
                .collect();
            path.push(&m.rust_name);
            let full = m.full_name.strip_prefix('.').unwrap_or(&m.full_name);
            out.push((path.join("::"), full.to_owned()));
        }
        for n in &m.messages {
            walk(n, package_depth, out);
        }
    }
    let mut types = Vec::new();
    for f in &package.files {
        for m in &f.messages {
            walk(m, package.modules.len(), &mut types);
        }
    }
    let p = paths(ctx);
    code.reformat();
    code.doc(" Adds this package's messages that have JSON impls to `registry`, so that a");
    code.doc(" `google.protobuf.Any` holding one of them can be written and read as JSON.");
    if types.is_empty() {
        code.line(&format!(
            "pub fn register_json_types(_registry: &mut {}::TypeRegistry) {{}}",
            p.json
        ));
        return;
    }
    code.open(&format!(
        "pub fn register_json_types(registry: &mut {}::TypeRegistry)",
        p.json
    ));
    for (path, full) in types {
        code.line(&format!(
            "registry.add::<{path}>({});",
            code::string_literal(&full)
        ));
    }
    code.close("");
}

/// The kind of one value of a field (not its cardinality).
/// `repr`: how the field holds its enum values (its own or its map's), which picks the kind
/// of an enum value: `i32` and open `EnumValue<E>` are `Enum<E>`, a closed enum itself is
/// `ClosedEnum<E>`.
fn value_kind(p: &Paths, ty: &FieldType, enum_path: Option<&str>, repr: EnumRepr) -> String {
    match ty {
        FieldType::Scalar(_) | FieldType::Message(_) | FieldType::Group(_) => {
            format!("{}::Plain", p.kinds)
        }
        FieldType::Enum(target) => format!(
            "{}::{}<{}>",
            p.kinds,
            if repr == EnumRepr::Closed {
                "ClosedEnum"
            } else {
                "Enum"
            },
            enum_path.unwrap_or(target.path.as_str())
        ),
        FieldType::Map(map) => format!(
            "{}::Map<{}>",
            p.kinds,
            value_kind(p, &map.value, None, repr)
        ),
    }
}

/// The kind of a field's Rust value inside its `Option` (if it has one).
fn field_kind(p: &Paths, f: &Field<'_>) -> String {
    let mut kind = value_kind(p, &f.ty, f.json_enum_path.as_deref(), f.enum_repr);
    if f.boxed {
        kind = format!("{}::Boxed<{kind}>", p.kinds);
    }
    if matches!(f.cardinality, Cardinality::Repeated { .. }) && !matches!(f.ty, FieldType::Map(_)) {
        kind = format!("{}::Rep<{kind}>", p.kinds);
    }
    kind
}

/// prost-types' type (or prost's Rust value) a generated well-known type's JSON goes through.
fn wkt_proxy(ctx: &Context<'_, '_>, p: &Paths, wkt: JsonWkt) -> String {
    let t = |name: &str| format!("{}::prost_types::{name}", p.json);
    match wkt {
        JsonWkt::Timestamp => t("Timestamp"),
        JsonWkt::Duration => t("Duration"),
        JsonWkt::FieldMask => t("FieldMask"),
        JsonWkt::Struct => t("Struct"),
        JsonWkt::Value => t("Value"),
        JsonWkt::ListValue => t("ListValue"),
        JsonWkt::Any => t("Any"),
        JsonWkt::Empty => "()".to_owned(),
        JsonWkt::BoolValue => "bool".to_owned(),
        JsonWkt::Int32Value => "i32".to_owned(),
        JsonWkt::Int64Value => "i64".to_owned(),
        JsonWkt::UInt32Value => "u32".to_owned(),
        JsonWkt::UInt64Value => "u64".to_owned(),
        JsonWkt::FloatValue => "f32".to_owned(),
        JsonWkt::DoubleValue => "f64".to_owned(),
        JsonWkt::StringValue => ctx.prost.string().to_owned(),
        JsonWkt::BytesValue => format!("{}<u8>", ctx.prost.vec()),
    }
}

/// A generated well-known type with a JSON form of its own: `impl ProtoJson` through
/// prost-types' type of the same name, and serde impls through that.
fn wkt_message(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>, wkt: JsonWkt) {
    let p = paths(ctx);
    let name = &msg.rust_name;
    let proxy = wkt_proxy(ctx, &p, wkt);
    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {}::ProtoJson for {name}", p.json));
    if wkt == JsonWkt::Value {
        code.line("const NULL_IS_VALUE: bool = true;");
    }
    code.open(&format!(
        "fn ser<S: {s}::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error>",
        s = p.serde
    ));
    code.line(&format!(
        "{}::serialize_via::<{proxy}, Self, S>(self, s)",
        p.json
    ));
    code.close("");
    code.open(&format!(
        "fn de<'de, D: {s}::Deserializer<'de>>(d: D) -> ::core::result::Result<::core::option::Option<Self>, D::Error>",
        s = p.serde
    ));
    code.line(&format!(
        "{}::deserialize_via::<{proxy}, Self, D>(d)",
        p.json
    ));
    code.close("");
    code.open("fn is_default(&self) -> bool");
    code.line("false");
    code.close("");
    code.close("");
    serde_impls(code, &p, name, "serialize_value", "deserialize_value");
}

/// The `impl JsonMessage` and serde impls of a message, next to its struct.
pub fn message(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>) {
    code.reformat();
    if let Some(wkt) = msg.json_wkt {
        wkt_message(ctx, code, msg, wkt);
        return;
    }
    let p = paths(ctx);
    let name = &msg.rust_name;
    let full = msg.full_name.strip_prefix('.').unwrap_or(&msg.full_name);
    // The generic parameters are `__M` and `__A`: no generated type is named so (a message or
    // enum named `M` or `A` may be a field's type in these bodies).
    // Every field that has a JSON name, in index order: plain fields, then oneof members.
    let all: Vec<(&Field<'_>, Option<&Oneof<'_>>)> = msg
        .fields
        .iter()
        .map(|f| (f, None))
        .chain(
            msg.oneofs
                .iter()
                .flat_map(|o| o.fields.iter().map(move |f| (f, Some(o)))),
        )
        .collect();

    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {}::JsonMessage for {name}", p.json));
    code.line(&format!(
        "const NAME: &'static str = {};",
        code::string_literal(full)
    ));
    let names: Vec<String> = all
        .iter()
        .map(|(f, _)| code::string_literal(&f.json_name))
        .collect();
    code.line(&format!(
        "const FIELDS: &'static [&'static str] = &[{}];",
        names.join(", ")
    ));

    if let (false, Some(unknown)) = (msg.json_extensions.is_empty(), &msg.unknown_fields) {
        code.line(&format!(
            "const EXTENSIONS: &'static [{}::Extension] = &[",
            p.json
        ));
        for e in &msg.json_extensions {
            code.line(&format!(
                "{j}::Extension {{ name: {}, number: {}, scalar: {j}::ExtensionScalar::{} }},",
                code::string_literal(&e.name),
                e.number,
                extension_scalar(e.scalar),
                j = p.json
            ));
        }
        code.line("];");
        code.open("fn unknown_fields(&self) -> &[u8]");
        code.line(&format!("&self.{unknown}"));
        code.close("");
        code.open(&format!(
            "fn unknown_fields_mut(&mut self) -> ::core::option::Option<&mut {}<u8>>",
            ctx.prost.vec()
        ));
        code.line(&format!(
            "::core::option::Option::Some(&mut self.{unknown})"
        ));
        code.close("");
    }

    // field_index: JSON and proto names; a name taken by an earlier field stays with it.
    let mut taken = HashSet::new();
    let key = if all.is_empty() { "_key" } else { "key" };
    code.open(&format!(
        "fn field_index({key}: &str) -> ::core::option::Option<usize>"
    ));
    if all.is_empty() {
        code.line("::core::option::Option::None");
    } else {
        code.open("match key");
        for (i, (f, _)) in all.iter().enumerate() {
            let pats: Vec<String> = [f.json_name.as_str(), f.name]
                .into_iter()
                .filter(|n| taken.insert(n.to_string()))
                .map(code::string_literal)
                .collect();
            if pats.is_empty() {
                continue;
            }
            code.line(&format!(
                "{} => ::core::option::Option::Some({i}),",
                pats.join(" | ")
            ));
        }
        code.line("_ => ::core::option::Option::None,");
        code.close("");
    }
    code.close("");

    // write_fields
    let w = if all.is_empty() { "_w" } else { "w" };
    code.open(&format!(
        "fn write_fields<__M: {s}::ser::SerializeMap>(&self, {w}: &mut {j}::Writer<'_, __M>) -> ::core::result::Result<(), __M::Error>",
        s = p.serde,
        j = p.json
    ));
    if !all.is_empty() {
        use_kinds(code, &p);
    }
    for f in &msg.fields {
        let kind = field_kind(&p, f);
        let json = code::string_literal(&f.json_name);
        let proto = code::string_literal(f.name);
        let method = match f.cardinality {
            Cardinality::Optional => "optional",
            Cardinality::Required => "always",
            Cardinality::Singular | Cardinality::Repeated { .. } => "field",
        };
        code.line(&format!(
            "w.{method}::<{kind}, _>({json}, {proto}, &self.{})?;",
            f.rust_name
        ));
    }
    for o in &msg.oneofs {
        code.open(&format!(
            "if let ::core::option::Option::Some(oneof) = &self.{}",
            o.rust_name
        ));
        code.open("match oneof");
        for f in &o.fields {
            let kind = field_kind(&p, f);
            code.line(&format!(
                "{}::{}(v) => w.always::<{kind}, _>({}, {}, v)?,",
                o.type_path,
                f.variant_name,
                code::string_literal(&f.json_name),
                code::string_literal(f.name)
            ));
        }
        code.close("");
        code.close("");
    }
    code.line("::core::result::Result::Ok(())");
    code.close("");

    // read_field
    let (index, map) = if all.is_empty() {
        ("_index", "map")
    } else {
        ("index", "map")
    };
    code.open(&format!(
        "fn read_field<'de, __A: {s}::de::MapAccess<'de>>(&mut self, {index}: usize, {map}: &mut __A) -> ::core::result::Result<(), __A::Error>",
        s = p.serde
    ));
    if !all.is_empty() {
        use_kinds(code, &p);
        code.open("match index");
    }
    for (i, (f, oneof)) in all.iter().enumerate() {
        let kind = field_kind(&p, f);
        let call = match oneof {
            Some(o) => format!(
                "{KINDS}::read_oneof::<{kind}, _, _, _>(map, &mut self.{}, {}, {}::{})",
                o.rust_name,
                code::string_literal(o.name),
                o.type_path,
                f.variant_name,
            ),
            None if f.cardinality == Cardinality::Optional => format!(
                "{KINDS}::read_optional::<{kind}, _, _>(map, &mut self.{})",
                f.rust_name
            ),
            None => format!(
                "{KINDS}::read::<{kind}, _, _>(map, &mut self.{})",
                f.rust_name
            ),
        };
        code.line(&format!("{i} => {call},"));
    }
    let skip = format!("{}::kinds::skip(map)", p.json);
    if all.is_empty() {
        code.line(&skip);
    } else {
        code.line(&format!("_ => {KINDS}::skip(map),"));
        code.close("");
    }
    code.close("");
    code.close("");

    serde_impls(code, &p, name, "serialize_message", "deserialize_message");
}

/// The runtime's `ExtensionScalar` variant of a scalar type.
fn extension_scalar(s: Scalar) -> &'static str {
    match s {
        Scalar::Double => "Double",
        Scalar::Float => "Float",
        Scalar::Int64 => "Int64",
        Scalar::Uint64 => "Uint64",
        Scalar::Int32 => "Int32",
        Scalar::Fixed64 => "Fixed64",
        Scalar::Fixed32 => "Fixed32",
        Scalar::Bool => "Bool",
        Scalar::String => "String",
        Scalar::Bytes => "Bytes",
        Scalar::Uint32 => "Uint32",
        Scalar::Sfixed32 => "Sfixed32",
        Scalar::Sfixed64 => "Sfixed64",
        Scalar::Sint32 => "Sint32",
        Scalar::Sint64 => "Sint64",
    }
}

/// `impl Serialize` and `impl Deserialize` calling the runtime's functions.
fn serde_impls(code: &mut Code, p: &Paths, name: &str, ser: &str, de: &str) {
    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {}::Serialize for {name}", p.serde));
    code.open(&format!(
        "fn serialize<S: {s}::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>",
        s = p.serde
    ));
    code.line(&format!("{}::{ser}(self, serializer)", p.json));
    code.close("");
    code.close("");
    code.line("#[allow(deprecated)]");
    code.open(&format!(
        "impl<'de> {}::Deserialize<'de> for {name}",
        p.serde
    ));
    code.open(&format!(
        "fn deserialize<D: {s}::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error>",
        s = p.serde
    ));
    code.line(&format!("{}::{de}(deserializer)", p.json));
    code.close("");
    code.close("");
}

/// The `impl JsonEnum` and serde impls of an enum, next to it.
pub fn enumeration(ctx: &Context<'_, '_>, code: &mut Code, e: &Enum<'_>) {
    code.reformat();
    let p = paths(ctx);
    let name = &e.rust_name;
    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {}::JsonEnum for {name}", p.json));
    if e.json_null {
        code.line("const IS_NULL_VALUE: bool = true;");
    }
    code.open("fn json_name(value: i32) -> ::core::option::Option<&'static str>");
    code.open("match value");
    for v in &e.values {
        code.line(&format!(
            "{} => ::core::option::Option::Some({}),",
            v.number,
            code::string_literal(v.name)
        ));
    }
    code.line("_ => ::core::option::Option::None,");
    code.close("");
    code.close("");
    code.open("fn from_json_name(name: &str) -> ::core::option::Option<i32>");
    code.open("match name");
    // Every declared name, aliases included.
    let mut seen = HashSet::new();
    for v in &e.proto.value {
        if seen.insert(v.name()) {
            code.line(&format!(
                "{} => ::core::option::Option::Some({}),",
                code::string_literal(v.name()),
                v.number()
            ));
        }
    }
    code.line("_ => ::core::option::Option::None,");
    code.close("");
    code.close("");
    code.close("");

    code.line("#[allow(deprecated)]");
    code.open(&format!("impl {}::Serialize for {name}", p.serde));
    code.open(&format!(
        "fn serialize<S: {s}::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>",
        s = p.serde
    ));
    code.line(&format!(
        "{}::serialize_enum::<Self, S>(*self as i32, serializer)",
        p.json
    ));
    code.close("");
    code.close("");
    code.line("#[allow(deprecated)]");
    code.open(&format!(
        "impl<'de> {}::Deserialize<'de> for {name}",
        p.serde
    ));
    code.open(&format!(
        "fn deserialize<D: {s}::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error>",
        s = p.serde
    ));
    code.line(&format!(
        "let value = {}::deserialize_enum::<Self, D>(deserializer)?;",
        p.json
    ));
    code.line(&format!(
        "value.and_then(|v| Self::try_from(v).ok()).ok_or_else(|| <D::Error as {}::de::Error>::custom({}))",
        p.serde,
        code::string_literal(&format!(
            "not a value of enum {}",
            e.full_name.strip_prefix('.').unwrap_or(&e.full_name)
        ))
    ));
    code.close("");
    code.close("");
}
