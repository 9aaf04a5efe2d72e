//! Messages and enums → prost structs, oneof enums and `#[repr(i32)]` enums, with the
//! same types and attributes prost-build produces.
//!
//! The code is written as text in prettyplease's layout ([`super::code`]), with the lines
//! too long for the margin broken where prettyplease breaks them. Each top-level message
//! (with its nested module) and each top-level enum is one item: whatever is not laid out
//! here (attributes from the options, a shape of line not handled) has that item alone
//! re-laid out by prettyplease.

use std::borrow::Cow;
use std::str::FromStr;

use proc_macro2::Literal;

use super::code::{self, Code};
use super::{docs, Context};
use crate::error::{err, Result};
use crate::model::{
    Cardinality, Comments, Enum, EnumValue, Field, FieldType, MapType, Message, Oneof, Package,
    Scalar, TypeInfo,
};
use crate::names;
use crate::options::Options;

/// Every message and enum of a package, in file order: the body of `<package>.rs`.
pub fn package(ctx: &Context<'_, '_>, package: &Package<'_>) -> Result<String> {
    let what = format!("{}.rs", package.file_stem);
    let mut out = String::new();
    for file in &package.files {
        for m in file.messages.iter().filter(|m| !m.is_extern) {
            let mut code = item(ctx);
            message(ctx, &mut code, m)?;
            code.finish_into(&what, &mut out)?;
        }
        for e in file.enums.iter().filter(|e| !e.is_extern) {
            let mut code = item(ctx);
            enumeration(ctx, &mut code, e)?;
            code.finish_into(&what, &mut out)?;
        }
    }
    if ctx.options.file_descriptor_set {
        let mut code = Code::new();
        file_descriptor_set(ctx, &mut code, package);
        code.finish_into(&what, &mut out)?;
    }
    Ok(out)
}

/// The writer of one top-level item.
fn item(ctx: &Context<'_, '_>) -> Code {
    let mut code = Code::new();
    if ctx.prost.needs_layout() {
        code.reformat();
    }
    code
}

fn file_descriptor_set(ctx: &Context<'_, '_>, code: &mut Code, package: &Package<'_>) {
    docs::write_text(
        code,
        &[
            "The encoded `FileDescriptorSet` of this package's files and their imports",
            "(source info stripped), e.g. for `tonic_reflection`'s",
            "`register_encoded_file_descriptor_set`.",
        ],
    );
    let bytes = code::byte_string_literal(&super::descriptor_set::encode(ctx.model, package));
    // prettyplease never breaks a `const` after its `=`, and a literal cannot break.
    code.exact_line(&format!("pub const FILE_DESCRIPTOR_SET: &[u8] = {bytes};"));
}

/// Doc comments unless `disable_comments` covers the element.
fn write_docs(ctx: &Context<'_, '_>, code: &mut Code, comments: &Comments<'_>, fq_name: &str) {
    if !Options::matches(&ctx.options.disable_comments, fq_name) {
        docs::write(code, comments);
    }
}

/// `#[name(a, b, c)]` as prettyplease prints it: on one line when it fits, else one
/// argument per line, without a trailing comma.
fn attr_list<S: AsRef<str>>(code: &mut Code, name: &str, args: &[S]) {
    let mut line = String::with_capacity(64);
    line.push_str("#[");
    line.push_str(name);
    line.push('(');
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            line.push_str(", ");
        }
        line.push_str(arg.as_ref());
    }
    line.push_str(")]");
    if code.fits(line.len()) {
        code.exact_line(&line);
        return;
    }
    code.exact_line(&format!("#[{name}("));
    code.indent();
    let last = args.len().saturating_sub(1);
    for (i, arg) in args.iter().enumerate() {
        if i == last {
            code.exact_line(arg.as_ref());
        } else {
            code.exact_line(&format!("{},", arg.as_ref()));
        }
    }
    code.outdent();
    code.exact_line(")]");
}

/// `#[derive(Clone, Copy, PartialEq, Eq, Hash, ::prost::Message)]` with the traits the
/// type allows.
fn derive(ctx: &Context<'_, '_>, code: &mut Code, copy: bool, eq: bool, kind: &str) {
    let prost = ctx.prost.derive(kind);
    let mut traits = Vec::with_capacity(6);
    traits.push("Clone");
    if copy {
        traits.push("Copy");
    }
    traits.push("PartialEq");
    if eq {
        traits.extend(["Eq", "Hash"]);
    }
    traits.push(&prost);
    attr_list(code, "derive", &traits);
}

/// `#[prost(prost_path = "…")]` when the prost crate is re-exported.
fn prost_path_attr(ctx: &Context<'_, '_>, code: &mut Code) {
    if let Some(path) = &ctx.options.prost_path {
        let arg = format!("prost_path = {}", code::string_literal(path));
        attr_list(code, "prost", &[arg]);
    }
}

fn skip_debug(ctx: &Context<'_, '_>, fq_name: &str) -> bool {
    Options::matches(&ctx.options.skip_debug, fq_name)
}

/// `head {` of a struct, enum, module or inherent impl without generics: prettyplease
/// never breaks it, whatever its length.
fn open_body(code: &mut Code, head: &str) {
    code.exact_line(&format!("{head} {{"));
    code.indent();
}

/// `head {}`: the same item with nothing inside.
fn empty_body(code: &mut Code, head: &str) {
    code.exact_line(&format!("{head} {{}}"));
}

/// `tag = "7"`.
fn tag_arg(number: i32) -> Cow<'static, str> {
    format!("tag = \"{number}\"").into()
}

/// A message struct, followed by the module of its nested types and oneofs.
fn message(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>) -> Result<()> {
    let fq = &msg.full_name;
    let type_attrs = super::option_attributes(&ctx.options.type_attribute, fq);
    let message_attrs = super::option_attributes(&ctx.options.message_attribute, fq);
    write_docs(ctx, code, &msg.comments, fq);
    super::write_option_attributes(code, &type_attrs);
    super::write_option_attributes(code, &message_attrs);
    derive(ctx, code, msg.derive_copy, msg.derive_eq, "Message");
    prost_path_attr(ctx, code);
    if skip_debug(ctx, fq) {
        code.line("#[prost(skip_debug)]");
    }
    if msg.deprecated {
        code.line("#[deprecated]");
    }
    if has_len_getter(msg) {
        // prost's derive gives the field a `len()` getter; an `is_empty` next to it would be
        // a method the message does not mean. clippy reads this lint's level on the type.
        code.line("#[allow(clippy::len_without_is_empty)]");
    }
    let head = format!("pub struct {}", msg.rust_name);
    if msg.fields.is_empty() && msg.oneofs.is_empty() {
        empty_body(code, &head);
    } else {
        open_body(code, &head);
        for f in &msg.fields {
            struct_field(ctx, code, msg, f)?;
        }
        for o in &msg.oneofs {
            oneof_field(ctx, code, msg, o)?;
        }
        code.close("");
    }
    if msg.has_nested_items() {
        nested_module(ctx, code, msg)?;
    }
    if ctx.options.enable_type_names {
        type_name_impl(ctx, code, msg);
    }
    Ok(())
}

/// Whether prost's derive gives the message a getter named `len`: an `optional` scalar or
/// an enum field called `len` (prost writes getters for those).
fn has_len_getter(msg: &Message<'_>) -> bool {
    msg.fields.iter().any(|f| {
        f.rust_name == "len"
            && match f.ty {
                FieldType::Enum(_) => true,
                FieldType::Scalar(_) => f.cardinality == Cardinality::Optional,
                _ => false,
            }
    })
}

/// The module of a message's nested messages, enums and oneof enums.
fn nested_module(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>) -> Result<()> {
    code.doc(&format!(
        " Nested message and enum types in `{}`.",
        msg.proto.name()
    ));
    if msg.module.last() == Some(&msg.nested_module) {
        // `cel.expr.Expr` has its nested types in `cel::expr::expr`, as prost-build puts them.
        code.line("#[allow(clippy::module_inception)]");
    }
    let head = format!("pub mod {}", msg.nested_module);
    let empty = msg.oneofs.is_empty()
        && msg.messages.iter().all(|m| m.is_extern)
        && msg.enums.iter().all(|e| e.is_extern);
    if empty {
        empty_body(code, &head);
        return Ok(());
    }
    open_body(code, &head);
    for m in msg.messages.iter().filter(|m| !m.is_extern) {
        message(ctx, code, m)?;
    }
    for e in msg.enums.iter().filter(|e| !e.is_extern) {
        enumeration(ctx, code, e)?;
    }
    let inner = msg.inner_module();
    for o in &msg.oneofs {
        oneof_enum(ctx, code, msg, o, &inner)?;
    }
    code.close("");
    Ok(())
}

/// `impl prost::Name`: the full proto name and the type URL.
fn type_name_impl(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>) {
    let proto_name = msg.proto.name();
    let full_name = msg.full_name.strip_prefix('.').unwrap_or(&msg.full_name);
    let package = full_name
        .strip_suffix(proto_name)
        .map(|p| p.trim_end_matches('.'))
        .unwrap_or_default();
    // PACKAGE is the proto package; nested messages carry their parents in the full name.
    let package = ctx
        .model
        .types
        .get(&msg.full_name)
        .map(|t| t.package)
        .unwrap_or(package);
    let domain = ctx
        .options
        .type_name_domain
        .iter()
        .find(|pv| crate::options::path_matches(&pv.path, &msg.full_name))
        .map(|pv| pv.value.as_str())
        .unwrap_or("");
    let type_url = format!("{domain}/{full_name}");
    let string = ctx.prost.string();
    code.open(&format!(
        "impl {}::Name for {}",
        ctx.prost.root(),
        msg.rust_name
    ));
    // Nothing in these can break.
    code.exact_line(&format!(
        "const NAME: &'static str = {};",
        code::string_literal(proto_name)
    ));
    code.exact_line(&format!(
        "const PACKAGE: &'static str = {};",
        code::string_literal(package)
    ));
    code.open(&format!("fn full_name() -> {string}"));
    code.line(&format!("{}.into()", code::string_literal(full_name)));
    code.close("");
    code.open(&format!("fn type_url() -> {string}"));
    code.line(&format!("{}.into()", code::string_literal(&type_url)));
    code.close("");
    code.close("");
}

fn struct_field(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    msg: &Message<'_>,
    field: &Field<'_>,
) -> Result<()> {
    let fq = format!("{}.{}", msg.full_name, field.name);
    let field_attrs = super::option_attributes(&ctx.options.field_attribute, &fq);
    let (ty, prost) = match &field.ty {
        FieldType::Map(map) => map_field(ctx, code, field, map, &fq, &msg.module)?,
        _ => value_field(ctx, code, field, &fq, &msg.module)?,
    };
    write_docs(ctx, code, &field.comments, &fq);
    if field.deprecated {
        code.line("#[deprecated]");
    }
    attr_list(code, "prost", &prost);
    super::write_option_attributes(code, &field_attrs);
    write_type(code, &format!("pub {}: ", field.rust_name), &ty, ",", true);
    Ok(())
}

/// A map field's type and `#[prost]` arguments.
fn map_field<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &Field<'_>,
    map: &MapType<'_>,
    fq: &str,
    from: &[String],
) -> Result<(Ty<'c>, Vec<Cow<'static, str>>)> {
    let (kind, container) = if Options::matches(&ctx.options.btree_map, fq) {
        ("btree_map", ctx.prost.btree_map())
    } else {
        ("map", ctx.prost.hash_map())
    };
    let key = scalar_type(ctx, map.key);
    let (value, value_tag) = map_value(ctx, code, map, from)?;
    let spec = format!("{}, {}", map.key.prost_tag(), value_tag);
    let args = vec![
        format!("{kind} = {}", code::string_literal(&spec)).into(),
        tag_arg(field.number),
    ];
    Ok((Ty::generic(container, vec![key, value]), args))
}

/// A struct field's type and `#[prost]` arguments, for any field but a map.
fn value_field<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &Field<'_>,
    fq: &str,
    from: &[String],
) -> Result<(Ty<'c>, Vec<Cow<'static, str>>)> {
    let (mut ty, mut args) = value_type(ctx, code, field, from)?;
    if field.ty == FieldType::Scalar(Scalar::Bytes) {
        // prost-build spells out the bytes representation on struct fields.
        if Options::matches(&ctx.options.bytes, fq) {
            args[0] = "bytes = \"bytes\"".into();
            ty = Ty::plain(ctx.prost.bytes());
        } else {
            args[0] = "bytes = \"vec\"".into();
        }
    }
    match field.cardinality {
        Cardinality::Singular => {}
        Cardinality::Optional => args.push("optional".into()),
        Cardinality::Required => args.push("required".into()),
        Cardinality::Repeated { packed } => {
            args.push("repeated".into());
            if packable(&field.ty) && !packed {
                args.push("packed = \"false\"".into());
            }
        }
    }
    if field.boxed {
        args.push("boxed".into());
    }
    args.push(tag_arg(field.number));
    if let Some(default) = field.default {
        let lit = default_literal(ctx, field, default)?;
        args.push(format!("default = {lit}").into());
    }
    if field.boxed {
        ty = Ty::generic(ctx.prost.boxed(), vec![ty]);
    }
    let ty = match field.cardinality {
        Cardinality::Repeated { .. } => Ty::generic(ctx.prost.vec(), vec![ty]),
        Cardinality::Optional => Ty::generic(ctx.prost.option(), vec![ty]),
        _ => ty,
    };
    Ok((ty, args))
}

fn packable(ty: &FieldType<'_>) -> bool {
    match ty {
        FieldType::Scalar(s) => s.packable(),
        FieldType::Enum(_) => true,
        _ => false,
    }
}

fn scalar_type<'c>(ctx: &'c Context<'_, '_>, s: Scalar) -> Ty<'c> {
    match s {
        Scalar::Double => Ty::plain("f64"),
        Scalar::Float => Ty::plain("f32"),
        Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => Ty::plain("i64"),
        Scalar::Uint64 | Scalar::Fixed64 => Ty::plain("u64"),
        Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => Ty::plain("i32"),
        Scalar::Uint32 | Scalar::Fixed32 => Ty::plain("u32"),
        Scalar::Bool => Ty::plain("bool"),
        Scalar::String => Ty::plain(ctx.prost.string()),
        Scalar::Bytes => Ty::generic(ctx.prost.vec(), vec![Ty::plain("u8")]),
    }
}

/// A message type as a field names it: the relative path, or the extern path.
fn message_type(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    info: &TypeInfo<'_>,
    from: &[String],
) -> Ty<'static> {
    let path = ctx.model.types.rust_path_text(info, from);
    if info.extern_path.is_none() {
        return Ty::plain(path);
    }
    match Ty::parse(&path) {
        Some(ty) => ty,
        None => {
            // Not spelled the way prettyplease prints it (spaces, references, …).
            code.reformat();
            Ty::plain(path)
        }
    }
}

/// The Rust type of a single value of the field and the start of its `#[prost]` arguments.
fn value_type<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &Field<'_>,
    from: &[String],
) -> Result<(Ty<'c>, Vec<Cow<'static, str>>)> {
    let types = &ctx.model.types;
    Ok(match &field.ty {
        FieldType::Scalar(s) => (scalar_type(ctx, *s), vec![s.prost_tag().into()]),
        FieldType::Enum(name) => {
            let info = types.lookup(name, &field.position)?;
            let path = types.rust_path_text(info, from);
            let arg = format!("enumeration = {}", code::string_literal(&path));
            (Ty::plain("i32"), vec![arg.into()])
        }
        FieldType::Message(name) | FieldType::Group(name) => {
            let info = types.lookup(name, &field.position)?;
            let tag = if matches!(field.ty, FieldType::Group(_)) {
                "group"
            } else {
                "message"
            };
            (message_type(ctx, code, info, from), vec![tag.into()])
        }
        FieldType::Map(_) => return Err(err!("{}: a map cannot be nested", field.position)),
    })
}

/// The Rust type of a map's values and its word in the `map = "k, v"` attribute.
fn map_value<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    map: &MapType<'_>,
    from: &[String],
) -> Result<(Ty<'c>, String)> {
    let types = &ctx.model.types;
    Ok(match &map.value {
        FieldType::Scalar(s) => (scalar_type(ctx, *s), s.prost_tag().to_owned()),
        FieldType::Enum(name) => {
            let info = types.lookup(name, &"map value")?;
            let path = types.rust_path_text(info, from);
            (Ty::plain("i32"), format!("enumeration({path})"))
        }
        FieldType::Message(name) | FieldType::Group(name) => {
            let info = types.lookup(name, &"map value")?;
            (message_type(ctx, code, info, from), "message".to_owned())
        }
        FieldType::Map(_) => return Err(err!("a map value cannot be a map")),
    })
}

/// The `default = "…"` literal, escaped so that no text in a .proto can break the
/// attribute (prost-build's exact spelling).
fn default_literal(ctx: &Context<'_, '_>, field: &Field<'_>, default: &str) -> Result<Literal> {
    let text = match &field.ty {
        FieldType::Scalar(Scalar::Bytes) => {
            let bytes = unescape_c(default).map_err(|e| {
                err!(
                    "{}: default value of field '{}': {e}",
                    field.position,
                    field.name
                )
            })?;
            let escaped: String = bytes
                .iter()
                .flat_map(|&b| std::ascii::escape_default(b))
                .map(char::from)
                .collect();
            format!("b\"{escaped}\"").escape_default().to_string()
        }
        FieldType::Enum(name) => {
            let info = ctx.model.types.lookup(name, &field.position)?;
            if ctx.options.retain_enum_prefix {
                names::to_upper_camel(default)
            } else {
                names::strip_enum_prefix(&info.rust_name, &names::to_upper_camel(default))
            }
        }
        _ => default.escape_default().to_string(),
    };
    Literal::from_str(&format!("\"{text}\"")).map_err(|_| {
        err!(
            "{}: cannot write the default value of '{}'",
            field.position,
            field.name
        )
    })
}

/// Undoes protoc's C escaping of bytes default values.
fn unescape_c(s: &str) -> std::result::Result<Vec<u8>, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = *b.get(i).ok_or("ends with a lone backslash")?;
        i += 1;
        match c {
            b'a' => out.push(0x07),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(0x0b),
            b'\\' | b'\'' | b'"' | b'?' => out.push(c),
            b'0'..=b'7' => {
                let mut v: u32 = u32::from(c - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(u8::try_from(v).map_err(|_| "octal escape above \\377")?);
            }
            b'x' | b'X' => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 2 {
                    match b.get(i).and_then(|d| (*d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                if n == 0 {
                    return Err("\\x without hex digits".into());
                }
                out.push(v as u8);
            }
            other => return Err(format!("unknown escape '\\{}'", other as char)),
        }
    }
    Ok(out)
}

/// The struct field holding a oneof.
fn oneof_field(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    msg: &Message<'_>,
    oneof: &Oneof<'_>,
) -> Result<()> {
    let fq = format!("{}.{}", msg.full_name, oneof.name);
    let field_attrs = super::option_attributes(&ctx.options.field_attribute, &fq);
    write_docs(ctx, code, &oneof.comments, &msg.full_name);
    let path = format!("{}::{}", msg.nested_module, oneof.type_name);
    let tags = oneof
        .fields
        .iter()
        .map(|f| f.number.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let args = [
        format!("oneof = {}", code::string_literal(&path)),
        format!("tags = {}", code::string_literal(&tags)),
    ];
    attr_list(code, "prost", &args);
    super::write_option_attributes(code, &field_attrs);
    let ty = Ty::generic(ctx.prost.option(), vec![Ty::plain(path)]);
    write_type(code, &format!("pub {}: ", oneof.rust_name), &ty, ",", true);
    Ok(())
}

/// The enum of a oneof's fields, in the message's nested module.
fn oneof_enum(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    msg: &Message<'_>,
    oneof: &Oneof<'_>,
    inner: &[String],
) -> Result<()> {
    let fq = format!("{}.{}", msg.full_name, oneof.name);
    let type_attrs = super::option_attributes(&ctx.options.type_attribute, &fq);
    let enum_attrs = super::option_attributes(&ctx.options.enum_attribute, &fq);
    write_docs(ctx, code, &oneof.comments, &msg.full_name);
    super::write_option_attributes(code, &type_attrs);
    super::write_option_attributes(code, &enum_attrs);
    // A oneof holding a large message beside small values is what the proto says; boxing
    // it would change the API prost-build users have.
    code.line("#[allow(clippy::large_enum_variant)]");
    derive(ctx, code, oneof.derive_copy, oneof.derive_eq, "Oneof");
    prost_path_attr(ctx, code);
    if skip_debug(ctx, &msg.full_name) {
        code.line("#[prost(skip_debug)]");
    }
    let head = format!("pub enum {}", oneof.type_name);
    if oneof.fields.is_empty() {
        empty_body(code, &head);
        return Ok(());
    }
    open_body(code, &head);
    for f in &oneof.fields {
        oneof_variant(ctx, code, msg, &fq, f, inner)?;
    }
    code.close("");
    Ok(())
}

/// One field of a oneof as a variant of its enum.
fn oneof_variant(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    msg: &Message<'_>,
    oneof_fq: &str,
    field: &Field<'_>,
    inner: &[String],
) -> Result<()> {
    let field_fq = format!("{}.{}", msg.full_name, field.name);
    let field_attrs = super::option_attributes(
        &ctx.options.field_attribute,
        &format!("{oneof_fq}.{}", field.name),
    );
    let (mut ty, mut args) = value_type(ctx, code, field, inner)?;
    if field.ty == FieldType::Scalar(Scalar::Bytes)
        && Options::matches(&ctx.options.bytes, &field_fq)
    {
        args[0] = "bytes = \"bytes\"".into();
        ty = Ty::plain(ctx.prost.bytes());
    }
    args.push(tag_arg(field.number));
    if field.boxed {
        ty = Ty::generic(ctx.prost.boxed(), vec![ty]);
    }
    write_docs(ctx, code, &field.comments, &field_fq);
    if field.deprecated {
        code.line("#[deprecated]");
    }
    attr_list(code, "prost", &args);
    super::write_option_attributes(code, &field_attrs);
    write_variant(code, &names::to_upper_camel(field.name), &ty);
    Ok(())
}

/// A `#[repr(i32)]` enum with `as_str_name` and `from_str_name`.
fn enumeration(ctx: &Context<'_, '_>, code: &mut Code, e: &Enum<'_>) -> Result<()> {
    let fq = &e.full_name;
    let type_attrs = super::option_attributes(&ctx.options.type_attribute, fq);
    let enum_attrs = super::option_attributes(&ctx.options.enum_attribute, fq);
    if e.values.is_empty() {
        // `{}` bodies everywhere: not a shape written here (protoc allows no such enum).
        code.reformat();
    }
    write_docs(ctx, code, &e.comments, fq);
    super::write_option_attributes(code, &type_attrs);
    super::write_option_attributes(code, &enum_attrs);
    let prost = ctx.prost.derive("Enumeration");
    let mut traits = Vec::with_capacity(9);
    traits.extend(["Clone", "Copy"]);
    if !skip_debug(ctx, fq) {
        traits.push("Debug");
    }
    traits.extend(["PartialEq", "Eq", "Hash", "PartialOrd", "Ord", &prost]);
    attr_list(code, "derive", &traits);
    prost_path_attr(ctx, code);
    code.line("#[repr(i32)]");
    if e.deprecated {
        code.line("#[deprecated]");
    }
    open_body(code, &format!("pub enum {}", e.rust_name));
    for v in &e.values {
        let value_fq = format!("{fq}.{}", v.name);
        let value_attrs = super::option_attributes(&ctx.options.field_attribute, &value_fq);
        write_docs(ctx, code, &v.comments, &value_fq);
        super::write_option_attributes(code, &value_attrs);
        if v.deprecated {
            code.line("#[deprecated]");
        }
        // Nothing in a variant with a discriminant can break.
        code.exact_line(&format!("{} = {},", v.rust_name, v.number));
    }
    code.close("");
    if e.deprecated {
        code.line("#[allow(deprecated)]");
    }
    open_body(code, &format!("impl {}", e.rust_name));
    as_str_name(code, &e.values);
    from_str_name(code, &e.values);
    code.close("");
    Ok(())
}

fn as_str_name(code: &mut Code, values: &[EnumValue<'_>]) {
    docs::write_text(
        code,
        &[
            "String value of the enum field names used in the ProtoBuf definition.",
            "",
            "The values are not transformed in any way and thus are considered stable",
            "(if the ProtoBuf definition does not change) and safe for programmatic use.",
        ],
    );
    code.open("pub fn as_str_name(&self) -> &'static str");
    code.open("match self");
    for v in values {
        as_str_arm(code, v);
    }
    code.close("");
    code.close("");
}

/// `Self::Variant => "NAME",`
fn as_str_arm(code: &mut Code, v: &EnumValue<'_>) {
    if v.deprecated {
        code.line("#[allow(deprecated)]");
    }
    let pattern = format!("Self::{}", v.rust_name);
    let name = code::string_literal(v.name);
    if arm_fits(code, &pattern, &name) {
        code.exact_line(&format!("{pattern} => {name},"));
    } else {
        open_arm(code, &pattern);
        code.exact_line(&name);
        close_arm(code);
    }
}

fn from_str_name(code: &mut Code, values: &[EnumValue<'_>]) {
    docs::write_text(
        code,
        &["Creates an enum from field names used in the ProtoBuf definition."],
    );
    const SIGNATURE: &str = "pub fn from_str_name(value: &str) -> ::core::option::Option<Self> {";
    if code.fits(SIGNATURE.len()) {
        code.exact_line(SIGNATURE);
    } else {
        // The parameters go on lines of their own.
        code.exact_line("pub fn from_str_name(");
        code.indent();
        code.exact_line("value: &str,");
        code.outdent();
        code.exact_line(") -> ::core::option::Option<Self> {");
    }
    code.indent();
    code.open("match value");
    for v in values {
        from_str_arm(code, v);
    }
    code.line("_ => None,");
    code.close("");
    code.close("");
}

/// `"NAME" => Some(Self::Variant),`
fn from_str_arm(code: &mut Code, v: &EnumValue<'_>) {
    let pattern = code::string_literal(v.name);
    let attr = if v.deprecated {
        "#[allow(deprecated)] "
    } else {
        ""
    };
    let value = format!("Some({attr}Self::{})", v.rust_name);
    if arm_fits(code, &pattern, &value) {
        code.exact_line(&format!("{pattern} => {value},"));
        return;
    }
    open_arm(code, &pattern);
    if code.fits(value.len()) {
        code.exact_line(&value);
    } else {
        // The call's argument (after its attribute) on lines of their own.
        code.exact_line("Some(");
        code.indent();
        if v.deprecated {
            code.exact_line("#[allow(deprecated)]");
        }
        code.exact_line(&format!("Self::{},", v.rust_name));
        code.outdent();
        code.exact_line(")");
    }
    close_arm(code);
}

/// Whether the match arm `pattern => value,` stays on one line: prettyplease adds its
/// comma only then, so the comma does not count.
fn arm_fits(code: &Code, pattern: &str, value: &str) -> bool {
    code.fits(pattern.len() + " => ".len() + value.len())
}

/// `pattern => {`: prettyplease puts a value too long for its arm in a block.
fn open_arm(code: &mut Code, pattern: &str) {
    code.exact_line(&format!("{pattern} => {{"));
    code.indent();
}

fn close_arm(code: &mut Code) {
    code.outdent();
    code.exact_line("}");
}

/// A Rust type as text: a path and its generic arguments, kept apart so that a line too
/// long for the margin can be broken where prettyplease breaks it.
struct Ty<'t> {
    path: Cow<'t, str>,
    args: Vec<Ty<'t>>,
}

impl<'t> Ty<'t> {
    fn plain(path: impl Into<Cow<'t, str>>) -> Self {
        Ty {
            path: path.into(),
            args: Vec::new(),
        }
    }

    fn generic(path: &'t str, args: Vec<Ty<'t>>) -> Self {
        Ty {
            path: Cow::Borrowed(path),
            args,
        }
    }

    /// The length of the type on one line.
    fn flat_len(&self) -> usize {
        if self.args.is_empty() {
            return self.path.len();
        }
        // `<`, `>` and `, ` between the arguments.
        let args: usize = self.args.iter().map(Ty::flat_len).sum();
        self.path.len() + 2 + args + 2 * (self.args.len() - 1)
    }

    /// Appends the type on one line.
    fn write_flat(&self, out: &mut String) {
        out.push_str(&self.path);
        if self.args.is_empty() {
            return;
        }
        out.push('<');
        for (i, arg) in self.args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            arg.write_flat(out);
        }
        out.push('>');
    }
}

impl Ty<'static> {
    /// A type from the options (an extern path) when it is spelled exactly as prettyplease
    /// prints it: paths (`::a::B`), generic arguments (`<u8>`, `<K, V>`) and `()`.
    fn parse(text: &str) -> Option<Self> {
        match Ty::parse_prefix(text)? {
            (ty, "") => Some(ty),
            _ => None,
        }
    }

    fn parse_prefix(text: &str) -> Option<(Self, &str)> {
        if let Some(rest) = text.strip_prefix("()") {
            return Some((Ty::plain("()"), rest));
        }
        let end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '#'))
            .unwrap_or(text.len());
        let (path, mut rest) = text.split_at(end);
        if !is_plain_path(path) {
            return None;
        }
        let mut args = Vec::new();
        if let Some(after) = rest.strip_prefix('<') {
            rest = after;
            loop {
                let (arg, after) = Ty::parse_prefix(rest)?;
                args.push(arg);
                if let Some(after) = after.strip_prefix(", ") {
                    rest = after;
                } else {
                    rest = after.strip_prefix('>')?;
                    break;
                }
            }
        }
        let ty = Ty {
            path: Cow::Owned(path.to_owned()),
            args,
        };
        Some((ty, rest))
    }
}

/// `a::b`, `::a::r#b`: identifiers joined by `::`, with nothing prettyplease would
/// respell.
fn is_plain_path(path: &str) -> bool {
    let path = path.strip_prefix("::").unwrap_or(path);
    !path.is_empty()
        && path.split("::").all(|segment| {
            let ident = segment.strip_prefix("r#").unwrap_or(segment);
            ident
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Writes `head`, `ty` and `tail` as prettyplease lays them out: on one line when it fits,
/// else with the type's generic arguments one per line, each broken the same way in turn.
/// `tail_counts` is false for a comma prettyplease adds only when it breaks the enclosing
/// list (after a last argument), which does not count towards the width.
fn write_type(code: &mut Code, head: &str, ty: &Ty<'_>, tail: &str, tail_counts: bool) {
    let flat_len = ty.flat_len();
    let width = head.len() + flat_len + if tail_counts { tail.len() } else { 0 };
    if ty.args.is_empty() || code.fits(width) {
        let mut line = String::with_capacity(head.len() + flat_len + tail.len());
        line.push_str(head);
        ty.write_flat(&mut line);
        line.push_str(tail);
        code.exact_line(&line);
        return;
    }
    code.exact_line(&format!("{head}{}<", ty.path));
    code.indent();
    let last = ty.args.len() - 1;
    for (i, arg) in ty.args.iter().enumerate() {
        write_type(code, "", arg, ",", i != last);
    }
    code.outdent();
    code.exact_line(&format!(">{tail}"));
}

/// A oneof variant `Name(Type),`: on one line when it fits, else the type on lines of its
/// own.
fn write_variant(code: &mut Code, name: &str, ty: &Ty<'_>) {
    let width = name.len() + "(".len() + ty.flat_len() + "),".len();
    if code.fits(width) {
        let mut line = String::with_capacity(width);
        line.push_str(name);
        line.push('(');
        ty.write_flat(&mut line);
        line.push_str("),");
        code.exact_line(&line);
        return;
    }
    code.exact_line(&format!("{name}("));
    code.indent();
    write_type(code, "", ty, ",", false);
    code.outdent();
    code.exact_line("),");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::code::relayout;
    use crate::codegen::runtime::Prost;

    #[test]
    fn c_unescape() {
        assert_eq!(unescape_c(r"a\000\x41\n\\\'").unwrap(), b"a\0A\n\\'");
        assert_eq!(unescape_c(r"\377").unwrap(), vec![255]);
        assert!(unescape_c(r"\400").is_err());
        assert!(unescape_c("\\").is_err());
    }

    #[test]
    fn extern_types_are_taken_apart_only_when_spelled_like_prettyplease() {
        let ty = Ty::parse("::prost::alloc::vec::Vec<u8>").unwrap();
        assert_eq!(
            (ty.path.as_ref(), ty.args.len()),
            ("::prost::alloc::vec::Vec", 1)
        );
        let ty = Ty::parse("a::B<::c::D<()>, r#type::E>").unwrap();
        let mut flat = String::new();
        ty.write_flat(&mut flat);
        assert_eq!(flat, "a::B<::c::D<()>, r#type::E>");
        assert_eq!(flat.len(), ty.flat_len());
        for odd in [
            ":: a::B",
            "a :: B",
            "Vec<u8 >",
            "Vec<u8,u8>",
            "&'static str",
            "[u8; 4]",
            "a::",
            "a::::b",
            "1a",
            "Vec::<u8>",
            "dyn A",
        ] {
            assert!(Ty::parse(odd).is_none(), "{odd}");
        }
    }

    /// Writes `body` inside `depth` nested modules and checks that the text written is
    /// exactly prettyplease's layout of it, with nothing left for prettyplease to redo.
    fn assert_laid_out(depth: usize, body: impl FnOnce(&mut Code)) {
        let mut code = Code::new();
        for _ in 0..depth {
            open_body(&mut code, "pub mod m");
        }
        body(&mut code);
        for _ in 0..depth {
            code.close("");
        }
        assert!(
            !code.needs_relayout(),
            "depth {depth}: left to prettyplease"
        );
        let text = code.finish("test").unwrap();
        assert_eq!(relayout("test", &text).unwrap(), text, "depth {depth}");
    }

    fn value(name: &str, rust_name: &str, deprecated: bool) -> EnumValue<'static> {
        EnumValue {
            name: name.to_owned().leak(),
            number: 1,
            rust_name: rust_name.to_owned(),
            comments: Comments::default(),
            deprecated,
        }
    }

    /// Lines around the margin at every depth (including those where prettyplease's
    /// minimum width applies): one line when they fit, prettyplease's breaks otherwise.
    #[test]
    fn long_lines_are_broken_as_prettyplease_breaks_them() {
        let prost = Prost::default();
        for depth in 0..12 {
            for n in 1..100 {
                let name = "x".repeat(n);
                let path = format!("super::m::{}", "T".repeat(n / 2 + 1));
                let types = || {
                    vec![
                        Ty::generic(prost.option(), vec![Ty::plain(path.clone())]),
                        Ty::generic(
                            prost.vec(),
                            vec![Ty::generic(prost.vec(), vec![Ty::plain("u8")])],
                        ),
                        Ty::generic(
                            prost.hash_map(),
                            vec![Ty::plain(prost.string()), Ty::plain(path.clone())],
                        ),
                        Ty::generic(
                            prost.option(),
                            vec![Ty::generic(prost.boxed(), vec![Ty::plain(path.clone())])],
                        ),
                        Ty::generic(
                            prost.vec(),
                            vec![Ty::parse("::prost::alloc::vec::Vec<u8>").unwrap()],
                        ),
                        Ty::plain(path.clone()),
                    ]
                };
                assert_laid_out(depth, |code| {
                    let traits = ["Clone", "Copy", "PartialEq", "Eq", "Hash", &name];
                    attr_list(code, "derive", &traits);
                    open_body(code, "pub struct S");
                    for ty in types() {
                        let enumeration = format!("enumeration = \"{path}\"");
                        attr_list(code, "prost", &["message", &enumeration, "tag = \"1\""]);
                        write_type(code, &format!("pub {name}: "), &ty, ",", true);
                    }
                    code.close("");
                    open_body(code, "pub enum E");
                    for ty in types() {
                        write_variant(code, &format!("V{name}"), &ty);
                    }
                    code.close("");
                });
                let upper = "X".repeat(n);
                let values = [
                    value(&upper, &format!("V{name}"), false),
                    value(&format!("D{upper}"), &format!("D{name}"), true),
                    value("Y", "Y", true),
                ];
                assert_laid_out(depth, |code| {
                    open_body(code, "impl E");
                    as_str_name(code, &values);
                    from_str_name(code, &values);
                    code.close("");
                });
            }
        }
    }
}
