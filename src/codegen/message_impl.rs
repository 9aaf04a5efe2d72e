//! `message_impl=own`: the impls prost's derive macros would expand, written by the
//! generator. For each message `impl prost::Message` (`encode_raw`, `merge_field`,
//! `encoded_len`, `clear`), `Default` (proto2 defaults included), `Debug` (unless
//! `skip_debug`) and the getters and setters prost's derive adds; for each oneof enum its
//! `encode`, `merge` and `encoded_len` and `Debug`. Every encoded byte, `Debug` string,
//! default value and method signature is prost-derive 0.14's; the code calls prost's public
//! `prost::encoding` functions, and what the messages of a file share (enum `Debug`, the
//! unknown fields of `unknown_fields`) is written once per file in the hidden module
//! [`names::MESSAGE_RUNTIME_MODULE`] (templates/message_runtime.rs).
//!
//! Typed enum fields (`typed_enums`, [`crate::model::EnumRepr`]) call the support crate's
//! `enum_value::encoding` functions instead of `prost::encoding::int32`'s (the same bytes), and
//! keep their getters' and setters' signatures; their items are laid out by prettyplease.
//!
//! The impls are written directly in prettyplease's layout, as the derive form and the
//! services are ([`Code`], [`Doc`]): statements, calls and match arms break where prettyplease
//! breaks them. What is not laid out here (a name too long for any line, a map of enums'
//! accessors, a long default value) marks its item for prettyplease ([`Code::reformat`]).

use std::borrow::Cow;
use std::sync::Mutex;

use super::code::{self, Code};
use super::layout::Doc;
use super::Context;
use crate::error::{err, Result};
use crate::model::{
    Cardinality, EnumRepr, Field, FieldDefault, FieldType, MapType, Message, Oneof, Scalar,
};
use crate::names;

/// The shared helpers: the hidden module written once in a `<package>.rs` file, in
/// prettyplease's layout (a unit test checks it).
pub const RUNTIME: &str = include_str!("../../templates/message_runtime.rs");

/// [`RUNTIME`] without its `//!` header: the module itself.
fn runtime_body() -> &'static str {
    code::template_body(RUNTIME)
}

/// The hidden module of helpers, for a file whose messages use it: the template as it is
/// for prost's own path; for another `prost_path` re-laid out by prettyplease, once per path
/// and process.
pub fn runtime_module(ctx: &Context<'_, '_>, code: &mut Code) -> Result<()> {
    static LAID_OUT: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
    let root = ctx.prost.root();
    if root == "::prost" {
        for line in runtime_body().lines() {
            code.exact_line(line);
        }
        return Ok(());
    }
    let mut cache = LAID_OUT.lock().unwrap_or_else(|e| e.into_inner());
    let text = match cache.iter().find(|(r, _)| r == root) {
        Some((_, text)) => text.clone(),
        None => {
            let body = runtime_body().replace("::prost::", &format!("{root}::"));
            let text = code::relayout("the message helpers", &body)?;
            cache.push((root.to_owned(), text.clone()));
            text
        }
    };
    for line in text.lines() {
        code.exact_line(line);
    }
    Ok(())
}

/// Whether a message of the package (nested ones too) is generated: the file needs the
/// helpers then.
pub fn needs_runtime(messages: &[Message<'_>]) -> bool {
    messages.iter().any(|m| !m.is_extern)
}

/// The path of the helpers module from a module `depth` levels below the package's.
fn runtime_path(depth: usize) -> String {
    let mut s = "super::".repeat(depth);
    s.push_str(names::MESSAGE_RUNTIME_MODULE);
    s
}

/// Everything a message's struct gets besides its derives: `impl Message`, `Default`,
/// `Debug` and the getters and setters.
pub fn message(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>) -> Result<()> {
    let w = Writer {
        p: ctx.prost.root().to_owned(),
        enums: ctx.support.enum_encoding(),
        rt: runtime_path(msg.nesting),
        support: ctx.support.clone(),
    };
    // Each impl is laid out on its own (see `Code::nested_items`): a line the hand layout
    // does not know sends only its impl through prettyplease.
    let typed = msg.fields.iter().any(|f| f.enum_repr.is_typed());
    let part = |code: &mut Code, write: &dyn Fn(&mut Code) -> Result<()>| {
        code.nested_items(&msg.rust_name, |c| {
            if typed {
                c.reformat();
            }
            write(c)
        })
    };
    part(code, &|c| w.message_trait(c, msg))?;
    part(code, &|c| w.default_impl(c, msg))?;
    if !msg.skip_debug {
        part(code, &|c| {
            w.debug_impl(c, msg);
            Ok(())
        })?;
    }
    part(code, &|c| w.methods(c, msg))
}

/// A oneof enum's inherent `encode`, `merge`, `encoded_len` and its `Debug`.
pub fn oneof(ctx: &Context<'_, '_>, code: &mut Code, msg: &Message<'_>, oneof: &Oneof<'_>) {
    if oneof.fields.iter().any(|f| f.enum_repr.is_typed()) {
        // `typed_enums` (opt-in): prettyplease lays out the item.
        code.reformat();
    }
    let w = Writer {
        p: ctx.prost.root().to_owned(),
        enums: ctx.support.enum_encoding(),
        rt: runtime_path(msg.nesting + 1),
        support: ctx.support.clone(),
    };
    w.oneof_impl(code, oneof);
    if !msg.skip_debug {
        w.oneof_debug(code, oneof);
    }
}

struct Writer {
    /// The prost crate (`::prost`).
    p: String,
    /// The encoding functions of typed enum fields (`typed_enums`).
    enums: String,
    /// The helpers module, from the item's module.
    rt: String,
    /// The support crate's paths.
    support: super::runtime::Support,
}

/// A field of the struct in encoding order: a plain field or a oneof.
enum Part<'m, 'a> {
    Field(&'m Field<'a>),
    Oneof(&'m Oneof<'a>),
}

impl Part<'_, '_> {
    fn first_tag(&self) -> i32 {
        match self {
            Part::Field(f) => f.number,
            Part::Oneof(o) => o.fields.iter().map(|f| f.number).min().unwrap_or(0),
        }
    }
}

/// Fields and oneofs in the order prost's derive encodes them: by (lowest) tag.
fn parts<'m, 'a>(msg: &'m Message<'a>) -> Vec<Part<'m, 'a>> {
    let mut parts: Vec<Part<'m, 'a>> = msg
        .fields
        .iter()
        .map(Part::Field)
        .chain(msg.oneofs.iter().map(Part::Oneof))
        .collect();
    parts.sort_by_key(Part::first_tag);
    parts
}

/// The `prost::encoding` module of a scalar (enums are `int32`).
fn module(ty: &FieldType) -> &'static str {
    match ty {
        FieldType::Scalar(s) => s.prost_tag(),
        FieldType::Enum(_) => "int32",
        FieldType::Message(_) => "message",
        FieldType::Group(_) => "group",
        FieldType::Map(_) => "map",
    }
}

/// The Rust type of one scalar value, as a getter of an optional field returns it.
fn ref_type(s: Scalar) -> &'static str {
    match s {
        Scalar::Double => "f64",
        Scalar::Float => "f32",
        Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => "i64",
        Scalar::Uint64 | Scalar::Fixed64 => "u64",
        Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => "i32",
        Scalar::Uint32 | Scalar::Fixed32 => "u32",
        Scalar::Bool => "bool",
        Scalar::String => "&str",
        Scalar::Bytes => "&[u8]",
    }
}

/// A numeric default as a typed Rust expression (prost-derive parses the text into the
/// field's type; so does this).
fn number_literal(s: Scalar, text: &str) -> Option<String> {
    let t = ref_type(s);
    Some(match s {
        Scalar::Double | Scalar::Float => {
            let v: f64 = match text {
                "inf" => return Some(format!("{t}::INFINITY")),
                "-inf" => return Some(format!("{t}::NEG_INFINITY")),
                "nan" | "-nan" => return Some(format!("{t}::NAN")),
                _ => text.parse().ok()?,
            };
            if s == Scalar::Float {
                let v: f32 = text.parse().ok()?;
                if !v.is_finite() {
                    return None;
                }
                format!("{v:?}f32")
            } else {
                if !v.is_finite() {
                    return None;
                }
                format!("{v:?}f64")
            }
        }
        Scalar::Bool => match text {
            "true" | "false" => text.to_owned(),
            _ => return None,
        },
        Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => {
            format!("{}i32", text.parse::<i32>().ok()?)
        }
        Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => {
            format!("{}i64", text.parse::<i64>().ok()?)
        }
        Scalar::Uint32 | Scalar::Fixed32 => format!("{}u32", text.parse::<u32>().ok()?),
        Scalar::Uint64 | Scalar::Fixed64 => format!("{}u64", text.parse::<u64>().ok()?),
        Scalar::String | Scalar::Bytes => return None,
    })
}

/// A [`Doc`] of text prettyplease never breaks.
fn t<'d>(s: impl Into<Cow<'d, str>>) -> Doc<'d> {
    Doc::text(s)
}

/// Marks the item for prettyplease's layout when a piece of `doc` that cannot be broken
/// would not fit on a line of its own, `levels` levels below the code's depth (the deepest
/// a list of `doc` can put it): the hand layout stops being exact there.
fn guard(code: &mut Code, doc: &Doc<'_>, levels: usize) {
    fn walk(doc: &Doc<'_>, indent: usize, ok: &mut bool) {
        match doc {
            Doc::Text(s) => *ok &= code::fits(indent, indent + s.len() + 2),
            Doc::Seq(parts) => parts.iter().for_each(|p| walk(p, indent, ok)),
            Doc::List { items, .. } => items
                .iter()
                .for_each(|p| walk(p, indent + code::INDENT_WIDTH, ok)),
            Doc::Block(inner) | Doc::Await(inner) => walk(inner, indent + code::INDENT_WIDTH, ok),
        }
    }
    let mut ok = true;
    walk(doc, (code.depth() + levels) * code::INDENT_WIDTH, &mut ok);
    if !ok {
        code.reformat();
    }
}

/// Whether `width` columns fit on a line at the code's depth.
fn fits_here(code: &Code, width: usize) -> bool {
    code.fits(width)
}

/// A statement `doc` + `trailing` as prettyplease lays it out.
fn stmt(code: &mut Code, doc: Doc<'_>, trailing: &str) {
    guard(code, &doc, 1);
    doc.write(code, trailing);
}

/// `pat => body,`, or when that does not fit, `pat => {`, the body laid out one level
/// deeper and `}`.
fn arm(code: &mut Code, pat: &str, body: Doc<'_>) {
    // The comma is only printed when the arm fits: it does not count.
    if fits_here(code, pat.len() + " => ".len() + body.flat_len()) {
        code.exact_line(&format!("{pat} => {},", flat(&body)));
    } else {
        code.open(&format!("{pat} =>"));
        stmt(code, body, "");
        code.close("");
    }
}

/// `head op rest` + `trailing` (`len += f(…);`, `builder.field(…);`): on one line when it
/// fits, else `head`, and `op rest` one level deeper (prettyplease breaks before the
/// operator, or before the `.` of a method call on a long receiver).
fn split_stmt(code: &mut Code, head: &str, op: &str, rest: Doc<'_>, trailing: &str) {
    let sep = if op.starts_with('.') { "" } else { " " };
    if fits_here(
        code,
        head.len() + sep.len() + op.len() + rest.flat_len() + trailing.len(),
    ) {
        code.line(&format!("{head}{sep}{op}{}{trailing}", flat(&rest)));
    } else {
        code.line(head);
        code.indent();
        stmt(code, Doc::Seq(vec![t(op.to_owned()), rest]), trailing);
        code.outdent();
    }
}

/// `fn head(params) -> ret {` (`ret` may be empty), opened, with the parameters broken
/// onto lines of their own when the signature does not fit.
fn open_fn(code: &mut Code, head: &str, params: &[&str], ret: &str) {
    let mut sig = vec![Doc::call(
        head.to_owned(),
        params.iter().map(|p| t((*p).to_owned())).collect(),
    )];
    if !ret.is_empty() {
        sig.push(t(format!(" -> {ret}")));
    }
    let sig = Doc::Seq(sig);
    guard(code, &sig, 1);
    sig.open(code);
}

/// The one-line text of a doc.
fn flat(doc: &Doc<'_>) -> String {
    fn walk(doc: &Doc<'_>, out: &mut String) {
        match doc {
            Doc::Text(s) => out.push_str(s),
            Doc::Seq(parts) => parts.iter().for_each(|p| walk(p, out)),
            Doc::List { open, items, close } => {
                out.push_str(open);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    walk(item, out);
                }
                out.push_str(close);
            }
            Doc::Block(inner) => {
                out.push_str("{ ");
                walk(inner, out);
                out.push_str(" }");
            }
            Doc::Await(inner) => {
                walk(inner, out);
                out.push_str(".await");
            }
        }
    }
    let mut s = String::with_capacity(doc.flat_len());
    walk(doc, &mut s);
    s
}

impl Writer {
    fn enc(&self, module: &str, f: &str) -> String {
        format!("{}::encoding::{module}::{f}", self.p)
    }

    /// `helpers::name`.
    fn rt(&self, name: &str) -> String {
        format!("{}::{name}", self.rt)
    }

    /// The encoding function `func` (`encode`, `encoded_len_packed`, …) of a field's values:
    /// prost's, or for a typed enum field the support crate's of the same name and shape.
    fn value_fn(&self, f: &Field<'_>, func: &str) -> String {
        if f.enum_repr.is_typed() {
            format!("{}::{func}", self.enums)
        } else {
            self.enc(module(&f.ty), func)
        }
    }

    /// The value a field's default has, as an expression of the field's type (`None` for
    /// a field without `[default]` whose default is its type's).
    fn explicit_default(&self, field: &Field<'_>) -> Result<Option<String>> {
        let bad = || {
            err!(
                "{}: cannot write the default value of '{}'",
                field.position,
                field.name
            )
        };
        Ok(match (&field.default, &field.ty) {
            (None, FieldType::Enum(_)) if field.enum_repr.is_typed() => None,
            (Some(FieldDefault::EnumVariant(v)), FieldType::Enum(target))
                if field.enum_repr == EnumRepr::Closed =>
            {
                Some(format!("{}::{v}", target.path))
            }
            (Some(FieldDefault::EnumVariant(v)), FieldType::Enum(target))
                if field.enum_repr == EnumRepr::Open =>
            {
                Some(format!(
                    "{}::Known({}::{v})",
                    self.support.enum_value(),
                    target.path
                ))
            }
            (None, FieldType::Enum(target)) => Some(format!("{}::default() as i32", target.path)),
            (None, _) => None,
            (Some(FieldDefault::EnumVariant(v)), FieldType::Enum(target)) => {
                Some(format!("{}::{v} as i32", target.path))
            }
            (Some(FieldDefault::Text(text)), FieldType::Scalar(Scalar::String)) => Some(format!(
                "{}::alloc::string::String::from({})",
                self.p,
                code::string_literal(text)
            )),
            (Some(FieldDefault::Bytes(b)), FieldType::Scalar(Scalar::Bytes)) => Some(format!(
                "::core::convert::Into::into({} as &[u8])",
                code::byte_string_literal(b)
            )),
            (Some(FieldDefault::Text(text)), FieldType::Scalar(s)) => {
                Some(number_literal(*s, text).ok_or_else(bad)?)
            }
            _ => return Err(bad()),
        })
    }

    fn message_trait(&self, code: &mut Code, msg: &Message<'_>) -> Result<()> {
        let p = &self.p;
        let parts = parts(msg);
        code.line("#[allow(deprecated)]");
        code.impl_for(&format!("impl {p}::Message"), &msg.rust_name, true);

        code.line("#[allow(unused_variables)]");
        let encode_raw = format!("fn encode_raw(&self, buf: &mut impl {p}::bytes::BufMut)");
        if parts.is_empty() && msg.unknown_fields.is_none() {
            code.line(&format!("{encode_raw} {{}}"));
        } else {
            code.open(&encode_raw);
        }
        for part in &parts {
            match part {
                Part::Field(f) => self.encode_field(code, f),
                Part::Oneof(o) => {
                    code.open(&format!(
                        "if let ::core::option::Option::Some(oneof) = &self.{}",
                        o.rust_name
                    ));
                    code.line("oneof.encode(buf);");
                    code.close("");
                }
            }
        }
        if let Some(unknown) = &msg.unknown_fields {
            stmt(
                code,
                Doc::call(
                    format!("{p}::bytes::BufMut::put_slice"),
                    vec![t("buf"), t(format!("&self.{unknown}"))],
                ),
                ";",
            );
        }
        if !(parts.is_empty() && msg.unknown_fields.is_none()) {
            code.close("");
        }

        code.line("#[allow(unused_variables)]");
        code.line("fn merge_field(");
        code.indent();
        code.line("&mut self,");
        code.line("tag: u32,");
        code.line(&format!("wire_type: {p}::encoding::wire_type::WireType,"));
        code.line(&format!("buf: &mut impl {p}::bytes::Buf,"));
        code.line(&format!("ctx: {p}::encoding::DecodeContext,"));
        code.outdent();
        code.open(&format!(
            ") -> ::core::result::Result<(), {p}::DecodeError>"
        ));
        let unknown = match &msg.unknown_fields {
            Some(u) => Doc::call(
                self.rt("keep"),
                vec![
                    t(format!("&mut self.{u}")),
                    t("tag"),
                    t("wire_type"),
                    t("buf"),
                    t("ctx"),
                ],
            ),
            None => Doc::call(
                format!("{p}::encoding::skip_field"),
                vec![t("wire_type"), t("tag"), t("buf"), t("ctx")],
            ),
        };
        if parts.is_empty() {
            stmt(code, unknown, "");
        } else {
            code.line(&format!(
                "const NAME: &str = {};",
                code::string_literal(&msg.rust_name)
            ));
            code.open("match tag");
            for part in &parts {
                if let (Part::Oneof(o), Some(u)) = (part, &msg.unknown_fields) {
                    // A closed enum's unknown number goes to the message's unknown fields.
                    for f in o.fields.iter().filter(|f| f.enum_repr == EnumRepr::Closed) {
                        code.line(&format!(
                            "{} => {}({}::merge_closed(tag, wire_type, buf, ctx, ::core::option::Option::Some(&mut self.{u}), |value| self.{} = ::core::option::Option::Some({}::{}(value))), NAME, {}),",
                            f.number,
                            self.rt("at"),
                            self.enums,
                            o.rust_name,
                            o.type_path,
                            f.variant_name,
                            code::string_literal(&o.rust_name)
                        ));
                    }
                }
                let (tags, merge, name) = match part {
                    Part::Field(f) => (
                        f.number.to_string(),
                        self.merge_field(f, msg.unknown_fields.as_deref()),
                        &f.rust_name,
                    ),
                    Part::Oneof(o) => (
                        tag_pattern(
                            o.fields
                                .iter()
                                .filter(|f| {
                                    msg.unknown_fields.is_none() || f.enum_repr != EnumRepr::Closed
                                })
                                .map(|f| f.number)
                                .collect(),
                        ),
                        Doc::call(
                            format!("{}::merge", o.type_path),
                            vec![
                                t(format!("&mut self.{}", o.rust_name)),
                                t("tag"),
                                t("wire_type"),
                                t("buf"),
                                t("ctx"),
                            ],
                        ),
                        &o.rust_name,
                    ),
                };
                if tags.is_empty() {
                    continue; // every field of the oneof has an arm of its own above
                }
                let located = Doc::call(
                    self.rt("at"),
                    vec![merge, t("NAME"), t(code::string_literal(name))],
                );
                arm(code, &tags, located);
            }
            arm(code, "_", unknown);
            code.close("");
        }
        code.close("");

        code.line("#[inline]");
        code.open("fn encoded_len(&self) -> usize");
        if parts.is_empty() && msg.unknown_fields.is_none() {
            code.line("0");
        } else {
            code.line("let mut len = 0;");
            for part in &parts {
                match part {
                    Part::Field(f) => self.len_field(code, f),
                    Part::Oneof(o) => {
                        code.open(&format!(
                            "if let ::core::option::Option::Some(oneof) = &self.{}",
                            o.rust_name
                        ));
                        code.line("len += oneof.encoded_len();");
                        code.close("");
                    }
                }
            }
            if let Some(unknown) = &msg.unknown_fields {
                code.line(&format!("len += self.{unknown}.len();"));
            }
            code.line("len");
        }
        code.close("");

        if parts.is_empty() && msg.unknown_fields.is_none() {
            code.line("#[inline]");
            code.line("fn clear(&mut self) {}");
        } else {
            code.line("#[inline]");
            code.open("fn clear(&mut self)");
            for part in &parts {
                match part {
                    Part::Field(f) => code.line(&self.clear_field(f)?),
                    Part::Oneof(o) => code.line(&format!("self.{} = None;", o.rust_name)),
                }
            }
            if let Some(unknown) = &msg.unknown_fields {
                code.line(&format!("self.{unknown}.clear();"));
            }
            code.close("");
        }
        code.close("");
        Ok(())
    }

    /// The call writing or measuring field `f` (`value` is the field's value, a reference),
    /// `func` naming the `prost::encoding` function family (`encode`, `encoded_len`).
    fn field_call<'d>(&self, f: &Field<'_>, func: &str, value: String) -> Doc<'d> {
        let n = f.number;
        let encode = func == "encode";
        let mut args = vec![t(n.to_string()), t(value)];
        if encode {
            args.push(t("buf"));
        }
        let name = match (&f.ty, f.cardinality) {
            (FieldType::Map(map), _) => {
                return self.map_call(map, func, n, &f.rust_name, f.enum_repr.is_typed())
            }
            (FieldType::Message(_) | FieldType::Group(_), Cardinality::Repeated { .. }) => {
                format!("{func}_repeated")
            }
            (_, Cardinality::Repeated { packed }) => {
                let packable = !matches!(f.ty, FieldType::Scalar(Scalar::String | Scalar::Bytes));
                if packed && packable {
                    format!("{func}_packed")
                } else {
                    format!("{func}_repeated")
                }
            }
            _ => func.to_owned(),
        };
        Doc::call(self.value_fn(f, &name), args)
    }

    /// The call writing (`encode`) or measuring (`encoded_len`) field `f`: a field with
    /// presence or of implicit presence goes through the helper that skips it when unset.
    fn present_call<'d>(&self, f: &Field<'_>, func: &str) -> Doc<'d> {
        let value = format!("&self.{}", f.rust_name);
        let helper = match (&f.ty, f.cardinality) {
            (FieldType::Map(_), _) => None,
            (_, Cardinality::Optional) => Some("opt"),
            (_, Cardinality::Singular) => Some("set"),
            _ => None,
        };
        let Some(helper) = helper else {
            return self.field_call(f, func, value);
        };
        let (name, prefix) = if func == "encode" {
            (format!("encode_{helper}"), "encode")
        } else {
            (format!("len_{helper}"), "encoded_len")
        };
        let mut args = vec![
            t(self.value_fn(f, prefix)),
            t(f.number.to_string()),
            t(value),
        ];
        if func == "encode" {
            args.push(t("buf"));
        }
        Doc::call(self.rt(&name), args)
    }

    fn encode_field(&self, code: &mut Code, f: &Field<'_>) {
        stmt(code, self.present_call(f, "encode"), ";");
    }

    fn len_field(&self, code: &mut Code, f: &Field<'_>) {
        split_stmt(code, "len", "+= ", self.present_call(f, "encoded_len"), ";");
    }

    /// The expression merging one value into field `f` (`self.name`).
    fn merge_field<'d>(&self, f: &Field<'_>, unknown: Option<&str>) -> Doc<'d> {
        let name = &f.rust_name;
        if f.enum_repr.is_typed() {
            return t(self.typed_merge(f, unknown));
        }
        let m = module(&f.ty);
        let target = match f.cardinality {
            Cardinality::Optional if !matches!(f.ty, FieldType::Map(_)) => {
                Doc::call(self.rt("optional"), vec![t(format!("&mut self.{name}"))])
            }
            _ => t(format!("&mut self.{name}")),
        };
        let (func, mut args) = match (&f.ty, f.cardinality) {
            (FieldType::Map(map), _) => return self.map_merge(map, target),
            (_, Cardinality::Repeated { .. }) => (self.enc(m, "merge_repeated"), vec![]),
            _ => (self.enc(m, "merge"), vec![]),
        };
        if matches!(f.ty, FieldType::Group(_)) {
            args.push(t("tag"));
        }
        args.extend([t("wire_type"), target, t("buf"), t("ctx")]);
        Doc::call(func, args)
    }

    /// The expression merging one value into a typed enum field (or map of them). A closed
    /// enum's unknown numbers go to the message's unknown fields, if it keeps them.
    fn typed_merge(&self, f: &Field<'_>, unknown: Option<&str>) -> String {
        let e = &self.enums;
        let name = &f.rust_name;
        let keep = match unknown {
            Some(u) => format!("::core::option::Option::Some(&mut self.{u})"),
            None => "::core::option::Option::None".to_owned(),
        };
        let open = f.enum_repr == EnumRepr::Open;
        match (&f.ty, f.cardinality) {
            (FieldType::Map(map), _) => {
                let module = if map.btree { "btree_map" } else { "hash_map" };
                let key = self.enc(map.key.prost_tag(), "merge");
                if open {
                    format!(
                        "{}({key}, {e}::merge_open, &mut self.{name}, buf, ctx)",
                        self.enc(module, "merge")
                    )
                } else {
                    let path = match &map.value {
                        FieldType::Enum(t) => t.path.as_str(),
                        _ => "",
                    };
                    let key_encode = self.enc(map.key.prost_tag(), "encode");
                    let key_len = self.enc(map.key.prost_tag(), "encoded_len");
                    format!(
                        "{e}::merge_map_closed(tag, wire_type, {key}, {key_encode}, {key_len}, {path}::default(), buf, ctx, {keep}, |key, value| {{ self.{name}.insert(key, value); }})"
                    )
                }
            }
            (_, Cardinality::Repeated { .. }) if open => {
                format!("{e}::merge_repeated_open(wire_type, &mut self.{name}, buf, ctx)")
            }
            (_, Cardinality::Repeated { .. }) => format!(
                "{e}::merge_repeated_closed(tag, wire_type, &mut self.{name}, buf, ctx, {keep})"
            ),
            (_, Cardinality::Optional) if open => format!(
                "{e}::merge_open(wire_type, self.{name}.get_or_insert_with(::core::default::Default::default), buf, ctx)"
            ),
            _ if open => format!("{e}::merge_open(wire_type, &mut self.{name}, buf, ctx)"),
            (_, Cardinality::Optional) => format!(
                "{e}::merge_closed(tag, wire_type, buf, ctx, {keep}, |value| self.{name} = ::core::option::Option::Some(value))"
            ),
            _ => format!(
                "{e}::merge_closed(tag, wire_type, buf, ctx, {keep}, |value| self.{name} = value)"
            ),
        }
    }

    fn clear_field(&self, f: &Field<'_>) -> Result<String> {
        let name = &f.rust_name;
        Ok(match (&f.ty, f.cardinality) {
            (_, Cardinality::Optional) => format!("self.{name} = None;"),
            (FieldType::Map(_), _) | (_, Cardinality::Repeated { .. }) => {
                format!("self.{name}.clear();")
            }
            (FieldType::Scalar(Scalar::String | Scalar::Bytes), _) => {
                format!("self.{name}.clear();")
            }
            (FieldType::Message(_) | FieldType::Group(_), _) => {
                format!("{}::Message::clear(&mut self.{name});", self.p)
            }
            (FieldType::Scalar(_) | FieldType::Enum(_), _) => match self.explicit_default(f)? {
                Some(value) => format!("self.{name} = {value};"),
                None => format!("self.{name} = ::core::default::Default::default();"),
            },
        })
    }

    /// `prost::encoding::hash_map::encode(…)` and its siblings for a map field.
    fn map_call<'d>(&self, map: &MapType, func: &str, n: i32, name: &str, typed: bool) -> Doc<'d> {
        let module = if map.btree { "btree_map" } else { "hash_map" };
        let key = map.key.prost_tag();
        let encode = func == "encode";
        let mut args = Vec::new();
        if encode {
            args.push(t(self.enc(key, "encode")));
        }
        args.push(t(self.enc(key, "encoded_len")));
        if typed {
            // The values' own `Default` is the proto default (the enum's first value).
            if encode {
                args.push(t(format!("{}::encode", self.enums)));
            }
            args.push(t(format!("{}::encoded_len", self.enums)));
            args.push(t(n.to_string()));
            args.push(t(format!("&self.{name}")));
            if encode {
                args.push(t("buf"));
            }
            return Doc::call(self.enc(module, func), args);
        }
        let (value_mod, default) = match &map.value {
            FieldType::Enum(target) => (
                "int32",
                Some(format!("&({}::default() as i32)", target.path)),
            ),
            FieldType::Scalar(s) => (s.prost_tag(), None),
            _ => ("message", None),
        };
        if encode {
            args.push(t(self.enc(value_mod, "encode")));
        }
        args.push(t(self.enc(value_mod, "encoded_len")));
        let func = match default {
            Some(d) => {
                args.push(t(d));
                format!("{func}_with_default")
            }
            None => func.to_owned(),
        };
        args.push(t(n.to_string()));
        args.push(t(format!("&self.{name}")));
        if encode {
            args.push(t("buf"));
        }
        Doc::call(self.enc(module, &func), args)
    }

    fn map_merge<'d>(&self, map: &MapType, target: Doc<'d>) -> Doc<'d> {
        let module = if map.btree { "btree_map" } else { "hash_map" };
        let key = t(self.enc(map.key.prost_tag(), "merge"));
        let tail = [target, t("buf"), t("ctx")];
        match &map.value {
            FieldType::Enum(e) => Doc::call(
                self.enc(module, "merge_with_default"),
                [
                    key,
                    t(self.enc("int32", "merge")),
                    t(format!("{}::default() as i32", e.path)),
                ]
                .into_iter()
                .chain(tail)
                .collect(),
            ),
            FieldType::Scalar(s) => Doc::call(
                self.enc(module, "merge"),
                [key, t(self.enc(s.prost_tag(), "merge"))]
                    .into_iter()
                    .chain(tail)
                    .collect(),
            ),
            _ => Doc::call(
                self.enc(module, "merge"),
                [key, t(self.enc("message", "merge"))]
                    .into_iter()
                    .chain(tail)
                    .collect(),
            ),
        }
    }

    fn default_impl(&self, code: &mut Code, msg: &Message<'_>) -> Result<()> {
        let mut values = Vec::new();
        for f in &msg.fields {
            let value = match f.cardinality {
                Cardinality::Singular | Cardinality::Required => self.explicit_default(f)?,
                _ => None,
            };
            values.push((&f.rust_name, value));
        }
        code.line("#[allow(deprecated, clippy::derivable_impls)]");
        code.impl_for("impl ::core::default::Default", &msg.rust_name, true);
        code.line("#[inline]");
        code.open("fn default() -> Self");
        let empty = values.is_empty() && msg.oneofs.is_empty() && msg.unknown_fields.is_none();
        if empty {
            // `Name {}`, broken as a longer struct expression is (see below).
            let flat_len = msg.rust_name.len() + " {}".len();
            if (34..=37).contains(&flat_len) {
                code.reformat();
            }
            if flat_len < 34 && code.fits(flat_len) {
                code.line(&format!("{} {{}}", msg.rust_name));
            } else {
                code.open(&msg.rust_name);
                code.close("");
            }
        } else {
            let mut inits: Vec<String> = values
                .into_iter()
                .map(|(name, value)| match value {
                    Some(v) => format!("{name}: {v}"),
                    None => format!("{name}: ::core::default::Default::default()"),
                })
                .collect();
            inits.extend(msg.oneofs.iter().map(|o| format!("{}: None", o.rust_name)));
            if let Some(u) = &msg.unknown_fields {
                inits.push(format!("{u}: ::core::default::Default::default()"));
            }
            // prettyplease writes a struct expression on one line when it is at most about
            // 34 columns wide (`end_with_max_width(34)`); near that width it lays it out.
            let flat_len = msg.rust_name.len()
                + " {  }".len()
                + inits.iter().map(|i| i.len() + 2).sum::<usize>()
                - 2;
            if (34..=37).contains(&flat_len) {
                code.reformat();
            }
            if flat_len < 34 && code.fits(flat_len) {
                code.line(&format!("{} {{ {} }}", msg.rust_name, inits.join(", ")));
            } else {
                code.open(&msg.rust_name);
                for init in inits {
                    code.line(&format!("{init},"));
                }
                code.close("");
            }
        }
        code.close("");
        code.close("");
        Ok(())
    }

    /// The value `Debug` shows for a field: prost's derive shows enum values by name.
    fn debug_value<'d>(&self, f: &Field<'_>, value: String) -> Doc<'d> {
        let helper = |name: &str, ty: &str| {
            Doc::call(
                format!("&{}", self.rt(name)),
                vec![t(value.clone()), t(format!("{ty}::default"))],
            )
        };
        if f.enum_repr.is_typed() {
            // The typed values show their names themselves.
            return t(value);
        }
        match (&f.ty, f.cardinality) {
            (FieldType::Enum(e), Cardinality::Optional) => helper("enum_option", &e.path),
            (FieldType::Enum(e), Cardinality::Repeated { .. }) => helper("enum_list", &e.path),
            (FieldType::Enum(e), _) => helper("enum_value", &e.path),
            (FieldType::Map(map), _) => match &map.value {
                FieldType::Enum(e) => helper("enum_map", &e.path),
                _ => t(value),
            },
            _ => t(value),
        }
    }

    fn debug_impl(&self, code: &mut Code, msg: &Message<'_>) {
        open_debug_fmt(code, &msg.rust_name);
        split_stmt(
            code,
            "let mut builder = f",
            ".debug_struct",
            Doc::List {
                open: "(",
                items: vec![t(code::string_literal(&msg.rust_name))],
                close: ")",
            },
            ";",
        );
        let mut fields: Vec<(String, Doc<'_>)> = Vec::new();
        for field in &msg.fields {
            let value = self.debug_value(field, format!("&self.{}", field.rust_name));
            fields.push((code::string_literal(&field.rust_name), value));
        }
        for o in &msg.oneofs {
            fields.push((
                code::string_literal(&o.rust_name),
                t(format!("&self.{}", o.rust_name)),
            ));
        }
        if let Some(u) = &msg.unknown_fields {
            fields.push((code::string_literal(u), t(format!("&self.{u}"))));
        }
        for (name, value) in fields {
            split_stmt(
                code,
                "builder",
                ".field",
                Doc::List {
                    open: "(",
                    items: vec![t(name), value],
                    close: ")",
                },
                ";",
            );
        }
        code.line("builder.finish()");
        code.close("");
        code.close("");
    }

    /// The getters and setters prost's derive adds: enum fields, optional scalars, maps of
    /// enums.
    fn methods(&self, code: &mut Code, msg: &Message<'_>) -> Result<()> {
        let has = msg.fields.iter().any(|f| {
            matches!(
                (&f.ty, f.cardinality),
                (FieldType::Enum(_), _) | (FieldType::Scalar(_), Cardinality::Optional)
            ) || matches!(&f.ty, FieldType::Map(m) if matches!(m.value, FieldType::Enum(_)))
        });
        if !has {
            return Ok(());
        }
        code.line("#[allow(dead_code, deprecated, clippy::type_complexity)]");
        code.open(&format!("impl {}", msg.rust_name));
        for f in &msg.fields {
            self.field_methods(code, f)?;
        }
        code.close("");
        Ok(())
    }

    fn field_methods(&self, code: &mut Code, f: &Field<'_>) -> Result<()> {
        let ident = &f.rust_name;
        let plain = ident.strip_prefix("r#").unwrap_or(ident);
        if f.enum_repr.is_typed() {
            self.typed_methods(code, f);
            return Ok(());
        }
        match (&f.ty, f.cardinality) {
            (FieldType::Enum(e), Cardinality::Repeated { .. }) => {
                let ty = &e.path;
                method_doc(
                    code,
                    &format!(
                    "Returns an iterator which yields the valid enum values contained in `{plain}`."
                ),
                );
                code.line(&format!("pub fn {ident}("));
                code.indent();
                code.line("&self,");
                code.outdent();
                code.line(") -> ::core::iter::FilterMap<");
                code.indent();
                code.line("::core::iter::Cloned<::core::slice::Iter<'_, i32>>,");
                code.line(&format!("fn(i32) -> ::core::option::Option<{ty}>,"));
                code.outdent();
                code.open(">");
                code.line(&format!(
                    "self.{ident}.iter().cloned().filter_map({})",
                    self.rt("enum_some")
                ));
                code.close("");
                method_doc(
                    code,
                    &format!("Appends the provided enum value to `{plain}`."),
                );
                open_fn(
                    code,
                    &format!("pub fn push_{plain}"),
                    &["&mut self", &format!("value: {ty}")],
                    "",
                );
                code.line(&format!("self.{ident}.push(value as i32);"));
                code.close("");
            }
            (FieldType::Enum(e), Cardinality::Optional) => {
                let ty = &e.path;
                method_doc(code, &format!("Returns the enum value of `{plain}`, or the default if the field is unset or set to an invalid enum value."));
                open_fn(code, &format!("pub fn {ident}"), &["&self"], ty);
                stmt(
                    code,
                    Doc::call(
                        self.rt("enum_or"),
                        vec![t(format!("self.{ident}")), t(self.enum_default(f, ty))],
                    ),
                    "",
                );
                code.close("");
                method_doc(code, &format!("Sets `{plain}` to the provided enum value."));
                open_fn(
                    code,
                    &format!("pub fn set_{plain}"),
                    &["&mut self", &format!("value: {ty}")],
                    "",
                );
                code.line(&format!(
                    "self.{ident} = ::core::option::Option::Some(value as i32);"
                ));
                code.close("");
            }
            (FieldType::Enum(e), _) => {
                let ty = &e.path;
                method_doc(code, &format!("Returns the enum value of `{plain}`, or the default if the field is set to an invalid enum value."));
                open_fn(code, &format!("pub fn {ident}"), &["&self"], ty);
                stmt(
                    code,
                    Doc::call(
                        self.rt("enum_of"),
                        vec![t(format!("self.{ident}")), t(self.enum_default(f, ty))],
                    ),
                    "",
                );
                code.close("");
                method_doc(code, &format!("Sets `{plain}` to the provided enum value."));
                open_fn(
                    code,
                    &format!("pub fn set_{plain}"),
                    &["&mut self", &format!("value: {ty}")],
                    "",
                );
                code.line(&format!("self.{ident} = value as i32;"));
                code.close("");
            }
            (FieldType::Scalar(s), Cardinality::Optional) => {
                let ty = ref_type(*s);
                let default = match (&f.default, s) {
                    (Some(FieldDefault::Text(t)), Scalar::String) => code::string_literal(t),
                    (Some(FieldDefault::Bytes(b)), Scalar::Bytes) => code::byte_string_literal(b),
                    (None, Scalar::String) => "\"\"".to_owned(),
                    (None, Scalar::Bytes) => "b\"\"".to_owned(),
                    (Some(FieldDefault::Text(t)), _) => number_literal(*s, t).ok_or_else(|| {
                        err!(
                            "{}: cannot write the default value of '{}'",
                            f.position,
                            f.name
                        )
                    })?,
                    (None, _) => number_literal(*s, if *s == Scalar::Bool { "false" } else { "0" })
                        .unwrap_or_default(),
                    _ => {
                        return Err(err!(
                            "{}: cannot write the default value of '{}'",
                            f.position,
                            f.name
                        ))
                    }
                };
                let value = if s.packable() {
                    format!("self.{ident}")
                } else {
                    format!("self.{ident}.as_deref()")
                };
                method_doc(
                    code,
                    &format!(
                    "Returns the value of `{plain}`, or the default value if `{plain}` is unset."
                ),
                );
                open_fn(code, &format!("pub fn {ident}"), &["&self"], ty);
                code.line(&format!("{value}.unwrap_or({default})"));
                code.close("");
            }
            (FieldType::Map(map), _) => {
                if let FieldType::Enum(e) = &map.value {
                    // Rare; prettyplease lays these out.
                    code.reformat();
                    let ty = &e.path;
                    let key_ty = match map.key {
                        Scalar::String => format!("{}::alloc::string::String", self.p),
                        k => ref_type(k).to_owned(),
                    };
                    let key_ref = ref_type(map.key);
                    let take_ref = if map.key.packable() { "&" } else { "" };
                    let some = self.rt("enum_some");
                    method_doc(code, &format!("Returns the enum value for the corresponding key in `{ident}`, or `None` if the entry does not exist or it is not a valid enum value."));
                    code.line(&format!("pub fn get_{ident}(&self, key: {key_ref}) -> ::core::option::Option<{ty}> {{ self.{ident}.get({take_ref}key).cloned().and_then({some}) }}"));
                    method_doc(code, &format!("Inserts a key value pair into `{ident}`."));
                    code.line(&format!("pub fn insert_{ident}(&mut self, key: {key_ty}, value: {ty}) -> ::core::option::Option<{ty}> {{ self.{ident}.insert(key, value as i32).and_then({some}) }}"));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The getters and setters of a typed enum field: prost's names and signatures, so code
    /// written against the `i32` field's keeps compiling (`color()`, `set_color`,
    /// `push_color`, `get_color`/`insert_color`); a repeated field's getter returns an
    /// iterator of the enum's values (unknown numbers left out).
    fn typed_methods(&self, code: &mut Code, f: &Field<'_>) {
        let ident = &f.rust_name;
        let plain = ident.strip_prefix("r#").unwrap_or(ident);
        let open = f.enum_repr == EnumRepr::Open;
        let wrap = |x: &str| {
            if open {
                format!("{}::Known({x})", self.support.enum_value())
            } else {
                x.to_owned()
            }
        };
        match (&f.ty, f.cardinality) {
            (FieldType::Enum(e), Cardinality::Repeated { .. }) => {
                let ty = &e.path;
                method_doc(
                    code,
                    &format!(
                    "Returns an iterator which yields the valid enum values contained in `{plain}`."
                ),
                );
                let body = if open {
                    format!("self.{ident}.iter().filter_map(|x| x.known())")
                } else {
                    format!("self.{ident}.iter().copied()")
                };
                code.line(&format!(
                    "pub fn {ident}(&self) -> impl ::core::iter::Iterator<Item = {ty}> + '_ {{ {body} }}"
                ));
                method_doc(
                    code,
                    &format!("Appends the provided enum value to `{plain}`."),
                );
                code.line(&format!(
                    "pub fn push_{plain}(&mut self, value: {ty}) {{ self.{ident}.push({}); }}",
                    wrap("value")
                ));
            }
            (FieldType::Enum(e), Cardinality::Optional) => {
                let ty = &e.path;
                let default = self.typed_default(f, ty);
                let value = if open {
                    format!("self.{ident}.and_then(|x| x.known())")
                } else {
                    format!("self.{ident}")
                };
                if open {
                    method_doc(code, &format!("Returns the enum value of `{plain}`, or the default if the field is unset or set to an invalid enum value."));
                } else {
                    method_doc(
                        code,
                        &format!(
                        "Returns the enum value of `{plain}`, or the default if the field is unset."
                    ),
                    );
                }
                code.line(&format!(
                    "pub fn {ident}(&self) -> {ty} {{ {value}.{default} }}"
                ));
                method_doc(code, &format!("Sets `{plain}` to the provided enum value."));
                code.line(&format!(
                    "pub fn set_{plain}(&mut self, value: {ty}) {{ self.{ident} = ::core::option::Option::Some({}); }}",
                    wrap("value")
                ));
            }
            (FieldType::Enum(e), _) => {
                let ty = &e.path;
                let value = if open {
                    let default = self.typed_default(f, ty);
                    format!("self.{ident}.known().{default}")
                } else {
                    format!("self.{ident}")
                };
                if open {
                    method_doc(code, &format!("Returns the enum value of `{plain}`, or the default if the field is set to an invalid enum value."));
                } else {
                    method_doc(code, &format!("Returns the enum value of `{plain}`."));
                }
                code.line(&format!("pub fn {ident}(&self) -> {ty} {{ {value} }}"));
                method_doc(code, &format!("Sets `{plain}` to the provided enum value."));
                code.line(&format!(
                    "pub fn set_{plain}(&mut self, value: {ty}) {{ self.{ident} = {}; }}",
                    wrap("value")
                ));
            }
            (FieldType::Map(map), _) => {
                if let FieldType::Enum(e) = &map.value {
                    let ty = &e.path;
                    let key_ty = match map.key {
                        Scalar::String => format!("{}::alloc::string::String", self.p),
                        k => ref_type(k).to_owned(),
                    };
                    let key_ref = ref_type(map.key);
                    let take_ref = if map.key.packable() { "&" } else { "" };
                    let (get, put) = if open {
                        (".and_then(|x| x.known())", ".and_then(|x| x.known())")
                    } else {
                        (".copied()", "")
                    };
                    method_doc(code, &format!("Returns the enum value for the corresponding key in `{ident}`, or `None` if the entry does not exist or it is not a valid enum value."));
                    code.line(&format!("pub fn get_{ident}(&self, key: {key_ref}) -> ::core::option::Option<{ty}> {{ self.{ident}.get({take_ref}key){get} }}"));
                    method_doc(code, &format!("Inserts a key value pair into `{ident}`."));
                    code.line(&format!("pub fn insert_{ident}(&mut self, key: {key_ty}, value: {ty}) -> ::core::option::Option<{ty}> {{ self.{ident}.insert(key, {}){put} }}", wrap("value")));
                }
            }
            _ => {}
        }
    }

    /// How a typed enum getter ends: with the value for an unset or unknown number.
    fn typed_default(&self, f: &Field<'_>, ty: &str) -> String {
        match &f.default {
            Some(FieldDefault::EnumVariant(v)) => format!("unwrap_or({ty}::{v})"),
            _ => "unwrap_or_default()".to_owned(),
        }
    }

    /// The value an enum getter gives for an unset or unknown number.
    fn enum_default(&self, f: &Field<'_>, ty: &str) -> String {
        match &f.default {
            Some(FieldDefault::EnumVariant(v)) => format!("{ty}::{v}"),
            _ => format!("{ty}::default()"),
        }
    }

    fn oneof_impl(&self, code: &mut Code, oneof: &Oneof<'_>) {
        let p = &self.p;
        let ty = &oneof.type_name;
        code.line("#[allow(deprecated)]");
        code.open(&format!("impl {ty}"));
        code.doc(" Encodes the message to a buffer.");
        code.open(&format!(
            "pub fn encode(&self, buf: &mut impl {p}::bytes::BufMut)"
        ));
        code.open("match self");
        for f in &oneof.fields {
            arm(
                code,
                &format!("Self::{}(value)", f.variant_name),
                Doc::call(
                    self.value_fn(f, "encode"),
                    vec![t(f.number.to_string()), t("value"), t("buf")],
                ),
            );
        }
        code.close("");
        code.close("");

        code.doc(" Decodes an instance of the message from a buffer, and merges it into self.");
        code.line("pub fn merge(");
        code.indent();
        code.line(&format!("field: &mut ::core::option::Option<{ty}>,"));
        code.line("tag: u32,");
        code.line(&format!("wire_type: {p}::encoding::wire_type::WireType,"));
        code.line(&format!("buf: &mut impl {p}::bytes::Buf,"));
        code.line(&format!("ctx: {p}::encoding::DecodeContext,"));
        code.outdent();
        code.open(&format!(
            ") -> ::core::result::Result<(), {p}::DecodeError>"
        ));
        code.open("match tag");
        for f in &oneof.fields {
            if f.enum_repr == EnumRepr::Closed {
                // Unknown numbers are dropped here; the message's own `merge_field` keeps them
                // in its unknown fields when it has them.
                code.line(&format!(
                    "{} => {}::merge_closed(tag, wire_type, buf, ctx, ::core::option::Option::None, |value| *field = ::core::option::Option::Some({ty}::{}(value))),",
                    f.number, self.enums, f.variant_name
                ));
                continue;
            }
            let m = module(&f.ty);
            let merge = if f.enum_repr == EnumRepr::Open {
                format!("{}::merge_open", self.enums)
            } else {
                self.enc(m, "merge")
            };
            let v = &f.variant_name;
            let call = |value: &str| {
                let mut args = Vec::new();
                if matches!(f.ty, FieldType::Group(_)) {
                    args.push(t("tag"));
                }
                args.extend([t("wire_type"), t(value.to_owned()), t("buf"), t("ctx")]);
                Doc::call(merge.clone(), args)
            };
            code.open(&format!("{} =>", f.number));
            // prettyplease measures the pattern up to the next place it may break, after
            // `) = `; near that width prettyplease lays the item out.
            let head = format!("if let ::core::option::Option::Some(Self::{v}(value)) = field");
            let measured = head.len() - "field".len();
            if code.fits(measured) != code.fits(measured - 1)
                || code.fits(measured + 1) != code.fits(measured)
            {
                code.reformat();
            }
            if code.fits(measured) {
                code.exact_line(&format!("{head} {{"));
            } else {
                let pattern = Doc::Seq(vec![
                    t("if let "),
                    Doc::call(
                        "::core::option::Option::Some",
                        vec![t(format!("Self::{v}(value)"))],
                    ),
                ]);
                stmt(code, pattern, " = field {");
            }
            code.indent();
            stmt(code, call("value"), "");
            code.close(" else {");
            code.indent();
            code.line("let mut owned = ::core::default::Default::default();");
            stmt(
                code,
                Doc::Seq(vec![t("let result = "), call("&mut owned")]),
                ";",
            );
            code.open("if result.is_ok()");
            stmt(
                code,
                Doc::Seq(vec![
                    t("*field = "),
                    Doc::call(
                        "::core::option::Option::Some",
                        vec![Doc::call(format!("Self::{v}"), vec![t("owned")])],
                    ),
                ]),
                ";",
            );
            code.close("");
            code.line("result");
            code.close("");
            code.close("");
        }
        // Never called with another tag by the message's own code.
        code.line(&format!(
            "_ => {p}::encoding::skip_field(wire_type, tag, buf, ctx),"
        ));
        code.close("");
        code.close("");

        code.doc(" Returns the encoded length of the message without a length delimiter.");
        code.line("#[inline]");
        code.open("pub fn encoded_len(&self) -> usize");
        code.open("match self");
        for f in &oneof.fields {
            arm(
                code,
                &format!("Self::{}(value)", f.variant_name),
                Doc::call(
                    self.value_fn(f, "encoded_len"),
                    vec![t(f.number.to_string()), t("value")],
                ),
            );
        }
        code.close("");
        code.close("");
        code.close("");
    }

    fn oneof_debug(&self, code: &mut Code, oneof: &Oneof<'_>) {
        let ty = &oneof.type_name;
        open_debug_fmt(code, ty);
        code.open("match self");
        for field in &oneof.fields {
            let value = match &field.ty {
                FieldType::Enum(_) if field.enum_repr.is_typed() => "value".to_owned(),
                FieldType::Enum(e) => {
                    format!("&{}(value, {}::default)", self.rt("enum_value"), e.path)
                }
                _ => "value".to_owned(),
            };
            arm(
                code,
                &format!("Self::{}(value)", field.variant_name),
                t(format!(
                    "f.debug_tuple({}).field({value}).finish()",
                    code::string_literal(&field.variant_name)
                )),
            );
        }
        code.close("");
        code.close("");
        code.close("");
    }
}

/// `impl Debug for ty` and its `fmt`, opened.
fn open_debug_fmt(code: &mut Code, ty: &str) {
    code.line("#[allow(deprecated)]");
    code.impl_for("impl ::core::fmt::Debug", ty, true);
    code.line("#[inline]");
    open_fn(
        code,
        "fn fmt",
        &["&self", "f: &mut ::core::fmt::Formatter<'_>"],
        "::core::fmt::Result",
    );
}

/// A getter's or setter's doc comment and `#[inline]`: the small methods are built in the
/// crate that calls them, so the ones a program never calls cost its build nothing.
fn method_doc(code: &mut Code, text: &str) {
    code.doc(text);
    code.line("#[inline]");
}

/// The tags of a oneof as a match pattern: `1 | 5 | 7..=9` (runs of three or more as a range,
/// as clippy asks).
fn tag_pattern(mut tags: Vec<i32>) -> String {
    tags.sort_unstable();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let mut j = i;
        while j + 1 < tags.len() && tags[j + 1] == tags[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}..={}", tags[i], tags[j]));
        } else {
            parts.extend(tags[i..=j].iter().map(i32::to_string));
        }
        i = j + 1;
    }
    parts.join(" | ")
}

#[cfg(test)]
mod tests {
    /// The helpers template is copied as it is, so it must be prettyplease's layout of
    /// itself, and name the module as names.rs does.
    #[test]
    fn runtime_template_is_laid_out() {
        let body = super::runtime_body();
        assert_eq!(
            super::code::relayout("message_runtime.rs", body).unwrap(),
            body
        );
        assert!(body.contains(&format!(
            "pub mod {} {{",
            super::names::MESSAGE_RUNTIME_MODULE
        )));
    }

    #[test]
    fn oneof_tags_become_ranges_where_clippy_wants_them() {
        assert_eq!(super::tag_pattern(vec![6, 2, 3, 4, 5]), "2..=6");
        assert_eq!(super::tag_pattern(vec![1, 2, 7]), "1 | 2 | 7");
        assert_eq!(
            super::tag_pattern(vec![9, 1, 3, 4, 5, 11]),
            "1 | 3..=5 | 9 | 11"
        );
    }
}
