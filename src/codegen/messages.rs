//! Messages and enums → prost structs, oneof enums and `#[repr(i32)]` enums, with the
//! same types and attributes prost-build produces. Under `message_impl=own` the structs and
//! oneof enums carry no prost derive or `#[prost]` attributes and [`message_impl`] writes
//! their impls.
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
use super::layout::{self, Doc};
use super::{docs, json, message_impl, write_attributes, Context};
use crate::error::{err, Result};
use crate::model::{
    Cardinality, Enum, EnumRepr, EnumValue, Field, FieldDefault, FieldType, MapType, Message,
    MessageImpl, Oneof, Package, Scalar, TypeName, TypeRef,
};

/// `message_impl=own`: no prost derives or `#[prost]` attributes; [`message_impl`] writes
/// the impls.
fn own(ctx: &Context<'_, '_>) -> bool {
    ctx.settings.message_impl == MessageImpl::Own
}

/// Every message and enum of a package, in file order: the body of `<package>.rs`.
pub fn package(ctx: &Context<'_, '_>, package: &Package<'_>) -> Result<String> {
    let what = &package.file_names.messages;
    let mut out = String::new();
    if own(ctx)
        && package
            .files
            .iter()
            .any(|f| message_impl::needs_runtime(&f.messages))
    {
        let mut code = Code::new();
        message_impl::runtime_module(ctx, &mut code)?;
        code.finish_into(what, &mut out)?;
    }
    for file in &package.files {
        for m in file.messages.iter().filter(|m| !m.is_extern) {
            let mut code = item(ctx);
            message(ctx, &mut code, m)?;
            code.finish_into(what, &mut out)?;
        }
        for e in file.enums.iter().filter(|e| !e.is_extern) {
            let mut code = item(ctx);
            enumeration(ctx, &mut code, e)?;
            code.finish_into(what, &mut out)?;
        }
    }
    if json::package_has_json(package) {
        let mut code = Code::new();
        json::register_fn(ctx, &mut code, package);
        code.finish_into(what, &mut out)?;
    }
    if ctx.settings.file_descriptor_set {
        let mut code = Code::new();
        file_descriptor_set(ctx, &mut code, package);
        code.finish_into(what, &mut out)?;
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
    if !own(ctx) {
        traits.push(&prost);
    }
    attr_list(code, "derive", &traits);
}

/// `#[prost(prost_path = "…")]` when the prost crate is re-exported.
fn prost_path_attr(ctx: &Context<'_, '_>, code: &mut Code) {
    if own(ctx) {
        return;
    }
    if let Some(path) = &ctx.settings.runtime.prost {
        let arg = format!("prost_path = {}", code::string_literal(path));
        attr_list(code, "prost", &[arg]);
    }
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
    docs::write(code, &msg.comments);
    write_attributes(code, &msg.attributes);
    derive(ctx, code, msg.derive_copy, msg.derive_eq, "Message");
    prost_path_attr(ctx, code);
    if msg.skip_debug && !own(ctx) {
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
    if msg.fields.is_empty() && msg.oneofs.is_empty() && msg.unknown_fields.is_none() {
        empty_body(code, &head);
    } else {
        open_body(code, &head);
        for f in &msg.fields {
            struct_field(ctx, code, f)?;
        }
        for o in &msg.oneofs {
            oneof_field(ctx, code, o);
        }
        if let Some(name) = &msg.unknown_fields {
            code.doc(" The unknown fields, as read; written back after the known ones.");
            code.line(&format!("pub {name}: {}<u8>,", ctx.prost.vec()));
        }
        code.close("");
    }
    // The impls are laid out on their own: one that needs prettyplease does not send the
    // struct and its nested module through it too.
    if own(ctx) {
        code.nested_items(&msg.rust_name, |c| message_impl::message(ctx, c, msg))?;
    }
    if msg.json {
        code.nested_items(&msg.rust_name, |c| {
            json::message(ctx, c, msg);
            Ok(())
        })?;
    }
    if msg.has_nested_items() {
        nested_module(ctx, code, msg)?;
    }
    if let Some(name) = &msg.type_name {
        type_name_impl(ctx, code, &msg.rust_name, name);
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
    for o in &msg.oneofs {
        oneof_enum(ctx, code, msg, o)?;
    }
    code.close("");
    Ok(())
}

/// `impl prost::Name`: the full proto name and the type URL.
fn type_name_impl(ctx: &Context<'_, '_>, code: &mut Code, rust_name: &str, name: &TypeName) {
    let string = ctx.prost.string();
    code.open(&format!("impl {}::Name for {rust_name}", ctx.prost.root()));
    // Nothing in these can break.
    code.exact_line(&format!(
        "const NAME: &'static str = {};",
        code::string_literal(&name.name)
    ));
    code.exact_line(&format!(
        "const PACKAGE: &'static str = {};",
        code::string_literal(&name.package)
    ));
    code.open(&format!("fn full_name() -> {string}"));
    code.line(&format!("{}.into()", code::string_literal(&name.full_name)));
    code.close("");
    code.open(&format!("fn type_url() -> {string}"));
    code.line(&format!("{}.into()", code::string_literal(&name.type_url)));
    code.close("");
    code.close("");
}

fn struct_field(ctx: &Context<'_, '_>, code: &mut Code, field: &Field<'_>) -> Result<()> {
    let (ty, prost) = match &field.ty {
        FieldType::Map(map) => map_field(ctx, code, field, map)?,
        _ => value_field(ctx, code, field)?,
    };
    docs::write(code, &field.comments);
    if field.deprecated {
        code.line("#[deprecated]");
    }
    if !own(ctx) {
        attr_list(code, "prost", &prost);
    }
    write_attributes(code, &field.attributes);
    write_type(code, &format!("pub {}: ", field.rust_name), ty, ",");
    Ok(())
}

/// A map field's type and `#[prost]` arguments.
fn map_field<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &Field<'_>,
    map: &'c MapType,
) -> Result<(Doc<'c>, Vec<Cow<'static, str>>)> {
    let (kind, container) = if map.btree {
        ("btree_map", ctx.prost.btree_map())
    } else {
        ("map", ctx.prost.hash_map())
    };
    let key = scalar_type(ctx, map.key);
    let (value, value_tag) = map_value(ctx, code, map, field.enum_repr)?;
    let spec = format!("{}, {}", map.key.prost_tag(), value_tag);
    let args = vec![
        format!("{kind} = {}", code::string_literal(&spec)).into(),
        tag_arg(field.number),
    ];
    Ok((Doc::generic(container, vec![key, value]), args))
}

/// A struct field's type and `#[prost]` arguments, for any field but a map.
fn value_field<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &'c Field<'_>,
) -> Result<(Doc<'c>, Vec<Cow<'static, str>>)> {
    let (mut ty, mut args) = value_type(ctx, code, field)?;
    if field.ty == FieldType::Scalar(Scalar::Bytes) {
        // prost-build spells out the bytes representation on struct fields.
        if field.bytes {
            args[0] = "bytes = \"bytes\"".into();
            ty = Doc::text(ctx.prost.bytes());
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
    if let Some(default) = &field.default {
        let lit = default_literal(field, default)?;
        args.push(format!("default = {lit}").into());
    }
    if field.boxed {
        ty = Doc::generic(ctx.prost.boxed(), vec![ty]);
    }
    let ty = match field.cardinality {
        Cardinality::Repeated { .. } => Doc::generic(ctx.prost.vec(), vec![ty]),
        Cardinality::Optional => Doc::generic(ctx.prost.option(), vec![ty]),
        _ => ty,
    };
    Ok((ty, args))
}

fn packable(ty: &FieldType) -> bool {
    match ty {
        FieldType::Scalar(s) => s.packable(),
        FieldType::Enum(_) => true,
        _ => false,
    }
}

fn scalar_type<'c>(ctx: &'c Context<'_, '_>, s: Scalar) -> Doc<'c> {
    match s {
        Scalar::Double => Doc::text("f64"),
        Scalar::Float => Doc::text("f32"),
        Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => Doc::text("i64"),
        Scalar::Uint64 | Scalar::Fixed64 => Doc::text("u64"),
        Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => Doc::text("i32"),
        Scalar::Uint32 | Scalar::Fixed32 => Doc::text("u32"),
        Scalar::Bool => Doc::text("bool"),
        Scalar::String => Doc::text(ctx.prost.string()),
        Scalar::Bytes => Doc::generic(ctx.prost.vec(), vec![Doc::text("u8")]),
    }
}

/// A message type as a field names it: the relative path, or the extern path.
fn message_type<'c>(code: &mut Code, target: &'c TypeRef) -> Doc<'c> {
    if !target.is_extern {
        return Doc::text(target.path.as_str());
    }
    match layout::parse_type(&target.path) {
        Some(ty) => ty,
        None => {
            // Not spelled the way prettyplease prints it (spaces, references, …).
            code.reformat();
            Doc::text(target.path.as_str())
        }
    }
}

/// The Rust type of a single value of the field and the start of its `#[prost]` arguments.
fn value_type<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    field: &'c Field<'_>,
) -> Result<(Doc<'c>, Vec<Cow<'static, str>>)> {
    Ok(match &field.ty {
        FieldType::Scalar(s) => (scalar_type(ctx, *s), vec![s.prost_tag().into()]),
        FieldType::Enum(target) => {
            let arg = format!("enumeration = {}", code::string_literal(&target.path));
            (enum_type(ctx, field.enum_repr, target), vec![arg.into()])
        }
        FieldType::Message(target) => (message_type(code, target), vec!["message".into()]),
        FieldType::Group(target) => (message_type(code, target), vec!["group".into()]),
        FieldType::Map(_) => return Err(err!("{}: a map cannot be nested", field.position)),
    })
}

/// The Rust type of an enum value: `i32`, or under `typed_enums` the enum (closed) or the
/// runtime's `EnumValue` of it (open).
fn enum_type<'c>(ctx: &Context<'_, '_>, repr: EnumRepr, target: &'c TypeRef) -> Doc<'c> {
    match repr {
        EnumRepr::I32 => Doc::text("i32"),
        EnumRepr::Closed => Doc::text(target.path.as_str()),
        EnumRepr::Open => Doc::generic(
            ctx.support.enum_value(),
            vec![Doc::text(target.path.as_str())],
        ),
    }
}

/// The Rust type of a map's values and its word in the `map = "k, v"` attribute.
fn map_value<'c>(
    ctx: &'c Context<'_, '_>,
    code: &mut Code,
    map: &'c MapType,
    repr: EnumRepr,
) -> Result<(Doc<'c>, String)> {
    Ok(match &map.value {
        FieldType::Scalar(s) => (scalar_type(ctx, *s), s.prost_tag().to_owned()),
        FieldType::Enum(target) => (
            enum_type(ctx, repr, target),
            format!("enumeration({})", target.path),
        ),
        FieldType::Message(target) | FieldType::Group(target) => {
            (message_type(code, target), "message".to_owned())
        }
        FieldType::Map(_) => return Err(err!("a map value cannot be a map")),
    })
}

/// The `default = "…"` literal, escaped so that no text in a .proto can break the
/// attribute (prost-build's exact spelling).
fn default_literal(field: &Field<'_>, default: &FieldDefault<'_>) -> Result<Literal> {
    let text = match default {
        FieldDefault::Bytes(bytes) => {
            let escaped: String = bytes
                .iter()
                .flat_map(|&b| std::ascii::escape_default(b))
                .map(char::from)
                .collect();
            format!("b\"{escaped}\"").escape_default().to_string()
        }
        FieldDefault::EnumVariant(variant) => variant.clone(),
        FieldDefault::Text(text) => text.escape_default().to_string(),
    };
    Literal::from_str(&format!("\"{text}\"")).map_err(|_| {
        err!(
            "{}: cannot write the default value of '{}'",
            field.position,
            field.name
        )
    })
}

/// The struct field holding a oneof.
fn oneof_field(ctx: &Context<'_, '_>, code: &mut Code, oneof: &Oneof<'_>) {
    docs::write(code, &oneof.comments);
    let tags = oneof
        .fields
        .iter()
        .map(|f| f.number.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let args = [
        format!("oneof = {}", code::string_literal(&oneof.type_path)),
        format!("tags = {}", code::string_literal(&tags)),
    ];
    if !own(ctx) {
        attr_list(code, "prost", &args);
    }
    write_attributes(code, &oneof.field_attributes);
    let ty = Doc::generic(
        ctx.prost.option(),
        vec![Doc::text(oneof.type_path.as_str())],
    );
    write_type(code, &format!("pub {}: ", oneof.rust_name), ty, ",");
}

/// The enum of a oneof's fields, in the message's nested module.
fn oneof_enum(
    ctx: &Context<'_, '_>,
    code: &mut Code,
    msg: &Message<'_>,
    oneof: &Oneof<'_>,
) -> Result<()> {
    docs::write(code, &oneof.comments);
    write_attributes(code, &oneof.attributes);
    // A oneof holding a large message beside small values is what the proto says; boxing
    // it would change the API prost-build users have.
    code.line("#[allow(clippy::large_enum_variant)]");
    derive(ctx, code, oneof.derive_copy, oneof.derive_eq, "Oneof");
    prost_path_attr(ctx, code);
    if msg.skip_debug && !own(ctx) {
        code.line("#[prost(skip_debug)]");
    }
    let head = format!("pub enum {}", oneof.type_name);
    if oneof.fields.is_empty() {
        empty_body(code, &head);
        return Ok(());
    }
    open_body(code, &head);
    for f in &oneof.fields {
        oneof_variant(ctx, code, f)?;
    }
    code.close("");
    if own(ctx) {
        code.nested_items(&oneof.type_name, |c| {
            message_impl::oneof(ctx, c, msg, oneof);
            Ok(())
        })?;
    }
    Ok(())
}

/// One field of a oneof as a variant of its enum.
fn oneof_variant(ctx: &Context<'_, '_>, code: &mut Code, field: &Field<'_>) -> Result<()> {
    let (mut ty, mut args) = value_type(ctx, code, field)?;
    if field.bytes {
        args[0] = "bytes = \"bytes\"".into();
        ty = Doc::text(ctx.prost.bytes());
    }
    args.push(tag_arg(field.number));
    if field.boxed {
        ty = Doc::generic(ctx.prost.boxed(), vec![ty]);
    }
    docs::write(code, &field.comments);
    if field.deprecated {
        code.line("#[deprecated]");
    }
    if !own(ctx) {
        attr_list(code, "prost", &args);
    }
    write_attributes(code, &field.attributes);
    write_variant(code, &field.variant_name, ty);
    Ok(())
}

/// A `#[repr(i32)]` enum with `as_str_name` and `from_str_name`.
fn enumeration(ctx: &Context<'_, '_>, code: &mut Code, e: &Enum<'_>) -> Result<()> {
    if e.values.is_empty() {
        // `{}` bodies everywhere: not a shape written here (protoc allows no such enum).
        code.reformat();
    }
    docs::write(code, &e.comments);
    write_attributes(code, &e.attributes);
    let prost = ctx.prost.derive("Enumeration");
    let mut traits = Vec::with_capacity(9);
    traits.extend(["Clone", "Copy"]);
    if !e.skip_debug {
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
        docs::write(code, &v.comments);
        write_attributes(code, &v.attributes);
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
    if e.proto_enum_impl {
        if e.deprecated {
            code.line("#[allow(deprecated)]");
        }
        code.line(&format!(
            "impl {} for {} {{}}",
            ctx.support.proto_enum(),
            e.rust_name
        ));
    }
    if e.json {
        code.nested_items(&e.rust_name, |c| {
            json::enumeration(ctx, c, e);
            Ok(())
        })?;
    }
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

/// Writes `head`, `ty` and `tail` (which counts towards the width: the comma after a
/// struct field) as prettyplease lays them out: on one line when it fits, else with the
/// type's generic arguments one per line, each broken the same way in turn.
fn write_type(code: &mut Code, head: &str, ty: Doc<'_>, tail: &str) {
    Doc::Seq(vec![Doc::text(head), ty]).write(code, tail);
}

/// A oneof variant `Name(Type),`: on one line when it fits, else the type on lines of its
/// own.
fn write_variant(code: &mut Code, name: &str, ty: Doc<'_>) {
    Doc::call(name, vec![ty]).write(code, ",");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::code::relayout;
    use crate::codegen::runtime::Prost;

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
            comments: crate::model::Comments::default(),
            deprecated,
            position: crate::model::Position {
                file: "t.proto".into(),
                line: None,
                column: None,
            },
            attributes: Vec::new(),
        }
    }

    /// Lines around the margin at every depth (including those where prettyplease's
    /// minimum width applies): one line when they fit, prettyplease's breaks otherwise.
    #[test]
    fn long_lines_are_broken_as_prettyplease_breaks_them() {
        let prost = Prost::new(&crate::model::Settings::default().runtime);
        for depth in 0..12 {
            for n in 1..100 {
                let name = "x".repeat(n);
                let path = format!("super::m::{}", "T".repeat(n / 2 + 1));
                let types = || {
                    vec![
                        Doc::generic(prost.option(), vec![Doc::text(path.clone())]),
                        Doc::generic(
                            prost.vec(),
                            vec![Doc::generic(prost.vec(), vec![Doc::text("u8")])],
                        ),
                        Doc::generic(
                            prost.hash_map(),
                            vec![Doc::text(prost.string()), Doc::text(path.clone())],
                        ),
                        Doc::generic(
                            prost.option(),
                            vec![Doc::generic(prost.boxed(), vec![Doc::text(path.clone())])],
                        ),
                        Doc::generic(
                            prost.vec(),
                            vec![layout::parse_type("::prost::alloc::vec::Vec<u8>").unwrap()],
                        ),
                        Doc::text(path.clone()),
                    ]
                };
                assert_laid_out(depth, |code| {
                    let traits = ["Clone", "Copy", "PartialEq", "Eq", "Hash", &name];
                    attr_list(code, "derive", &traits);
                    open_body(code, "pub struct S");
                    for ty in types() {
                        let enumeration = format!("enumeration = \"{path}\"");
                        attr_list(code, "prost", &["message", &enumeration, "tag = \"1\""]);
                        write_type(code, &format!("pub {name}: "), ty, ",");
                    }
                    code.close("");
                    open_body(code, "pub enum E");
                    for ty in types() {
                        write_variant(code, &format!("V{name}"), ty);
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
