//! Messages and enums → prost structs, oneof enums and `#[repr(i32)]` enums, with the
//! same types and attributes prost-build produces.

use std::str::FromStr;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{docs, Context};
use crate::error::{err, Result};
use crate::model::{
    Cardinality, Comments, Enum, Field, FieldType, MapType, Message, Oneof, Package, Scalar,
};
use crate::names::{self, ident};
use crate::options::{Options, PathValue};

/// Every message and enum of a package, in file order.
pub fn package(ctx: &Context<'_, '_>, package: &Package<'_>) -> Result<TokenStream> {
    let mut items = Vec::new();
    for file in &package.files {
        for m in &file.messages {
            items.push(message(ctx, m)?);
        }
        for e in &file.enums {
            items.push(enumeration(ctx, e)?);
        }
    }
    if ctx.options.file_descriptor_set {
        let bytes =
            proc_macro2::Literal::byte_string(&super::descriptor_set::encode(ctx.model, package));
        items.push(quote! {
            /// The encoded `FileDescriptorSet` of this package's files and their imports
            /// (source info stripped), e.g. for `tonic_reflection`'s
            /// `register_encoded_file_descriptor_set`.
            pub const FILE_DESCRIPTOR_SET: &[u8] = #bytes;
        });
    }
    Ok(quote!(#(#items)*))
}

/// The attributes from an option list whose paths match `fq_name`.
pub fn option_attrs(list: &[PathValue], fq_name: &str) -> Result<TokenStream> {
    let mut out = TokenStream::new();
    for attr in Options::attributes(list, fq_name) {
        let tokens: TokenStream = attr
            .parse()
            .map_err(|_| err!("the attribute '{attr}' for '{fq_name}' does not parse as Rust"))?;
        out.extend(tokens);
    }
    Ok(out)
}

/// Doc attributes unless `disable_comments` covers the element.
fn docs_for(ctx: &Context<'_, '_>, comments: &Comments<'_>, fq_name: &str) -> TokenStream {
    if Options::matches(&ctx.options.disable_comments, fq_name) {
        TokenStream::new()
    } else {
        docs::attrs(comments)
    }
}

/// `#[prost(prost_path = "…")]` when the prost crate is re-exported.
fn prost_path_attr(ctx: &Context<'_, '_>) -> Option<TokenStream> {
    ctx.options
        .prost_path
        .as_ref()
        .map(|p| quote!(#[prost(prost_path = #p)]))
}

fn skip_debug(ctx: &Context<'_, '_>, fq_name: &str) -> bool {
    Options::matches(&ctx.options.skip_debug, fq_name)
}

fn derives(ctx: &Context<'_, '_>, copy: bool, eq: bool, kind: &str) -> TokenStream {
    let copy = copy.then(|| quote!(Copy,));
    let eq = eq.then(|| quote!(Eq, Hash,));
    let derive = ctx.prost.derive(kind);
    quote!(#[derive(Clone, #copy PartialEq, #eq #derive)])
}

fn deprecated(flag: bool) -> Option<TokenStream> {
    flag.then(|| quote!(#[deprecated]))
}

/// A message struct, followed by the module of its nested types and oneofs.
fn message(ctx: &Context<'_, '_>, msg: &Message<'_>) -> Result<TokenStream> {
    if msg.is_extern {
        return Ok(TokenStream::new());
    }
    let fq = &msg.full_name;
    let docs = docs_for(ctx, &msg.comments, fq);
    let type_attrs = option_attrs(&ctx.options.type_attribute, fq)?;
    let message_attrs = option_attrs(&ctx.options.message_attribute, fq)?;
    let derive = derives(ctx, msg.derive_copy, msg.derive_eq, "Message");
    let prost_path = prost_path_attr(ctx);
    let skip = skip_debug(ctx, fq).then(|| quote!(#[prost(skip_debug)]));
    let dep = deprecated(msg.deprecated);
    let name = ident(&msg.rust_name);
    let fields = msg
        .fields
        .iter()
        .map(|f| struct_field(ctx, msg, f))
        .collect::<Result<Vec<_>>>()?;
    let oneof_fields = msg
        .oneofs
        .iter()
        .map(|o| oneof_field(ctx, msg, o))
        .collect::<Result<Vec<_>>>()?;
    let nested = if msg.has_nested_items() {
        let inner = msg.inner_module();
        let mut items = Vec::new();
        for m in &msg.messages {
            items.push(message(ctx, m)?);
        }
        for e in &msg.enums {
            items.push(enumeration(ctx, e)?);
        }
        for o in &msg.oneofs {
            items.push(oneof_enum(ctx, msg, o, &inner)?);
        }
        let mod_name = ident(&msg.nested_module);
        let mod_doc = format!(" Nested message and enum types in `{}`.", msg.proto.name());
        quote! {
            #[doc = #mod_doc]
            pub mod #mod_name {
                #(#items)*
            }
        }
    } else {
        TokenStream::new()
    };
    let type_name = ctx
        .options
        .enable_type_names
        .then(|| type_name_impl(ctx, msg));
    Ok(quote! {
        #docs
        #type_attrs
        #message_attrs
        #derive
        #prost_path
        #skip
        #dep
        pub struct #name {
            #(#fields)*
            #(#oneof_fields)*
        }
        #nested
        #type_name
    })
}

/// `impl prost::Name`: the full proto name and the type URL.
fn type_name_impl(ctx: &Context<'_, '_>, msg: &Message<'_>) -> TokenStream {
    let name = ident(&msg.rust_name);
    let prost = &ctx.prost.root;
    let proto_name = msg.proto.name();
    let full_name = &msg.full_name[1..];
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
    quote! {
        impl #prost::Name for #name {
            const NAME: &'static str = #proto_name;
            const PACKAGE: &'static str = #package;
            fn full_name() -> #string {
                #full_name.into()
            }
            fn type_url() -> #string {
                #type_url.into()
            }
        }
    }
}

fn struct_field(
    ctx: &Context<'_, '_>,
    msg: &Message<'_>,
    field: &Field<'_>,
) -> Result<TokenStream> {
    let fq = format!("{}.{}", msg.full_name, field.name);
    let docs = docs_for(ctx, &field.comments, &fq);
    let field_attrs = option_attrs(&ctx.options.field_attribute, &fq)?;
    let dep = deprecated(field.deprecated);
    let name = ident(&field.rust_name);
    if let FieldType::Map(map) = &field.ty {
        let btree = Options::matches(&ctx.options.btree_map, &fq);
        let (kind, container) = if btree {
            ("btree_map", ctx.prost.btree_map())
        } else {
            ("map", ctx.prost.hash_map())
        };
        let kind = ident(kind);
        let (key_ty, _) = scalar_type(ctx, map.key);
        let (value_ty, value_tag) = map_value(ctx, map, &msg.module)?;
        let spec = format!("{}, {}", map.key.prost_tag(), value_tag);
        let tag = Literal::string(&field.number.to_string());
        return Ok(quote! {
            #docs
            #dep
            #[prost(#kind = #spec, tag = #tag)]
            #field_attrs
            pub #name: #container<#key_ty, #value_ty>,
        });
    }
    let (mut ty, mut attr) = value_type(ctx, field, &msg.module)?;
    if field.ty == FieldType::Scalar(Scalar::Bytes) {
        // prost-build spells out the bytes representation on struct fields.
        if Options::matches(&ctx.options.bytes, &fq) {
            attr[0] = quote!(bytes = "bytes");
            ty = bytes_type(ctx);
        } else {
            attr[0] = quote!(bytes = "vec");
        }
    }
    match field.cardinality {
        Cardinality::Singular => {}
        Cardinality::Optional => attr.push(quote!(optional)),
        Cardinality::Required => attr.push(quote!(required)),
        Cardinality::Repeated { packed } => {
            attr.push(quote!(repeated));
            if packable(&field.ty) && !packed {
                attr.push(quote!(packed = "false"));
            }
        }
    }
    if field.boxed {
        attr.push(quote!(boxed));
    }
    let tag = Literal::string(&field.number.to_string());
    attr.push(quote!(tag = #tag));
    if let Some(default) = field.default {
        let lit = default_literal(ctx, field, default)?;
        attr.push(quote!(default = #lit));
    }
    let ty = if field.boxed {
        let b = ctx.prost.boxed();
        quote!(#b<#ty>)
    } else {
        ty
    };
    let ty = match field.cardinality {
        Cardinality::Repeated { .. } => {
            let v = ctx.prost.vec();
            quote!(#v<#ty>)
        }
        Cardinality::Optional => {
            let o = ctx.prost.option();
            quote!(#o<#ty>)
        }
        _ => ty,
    };
    Ok(quote! {
        #docs
        #dep
        #[prost(#(#attr),*)]
        #field_attrs
        pub #name: #ty,
    })
}

fn bytes_type(ctx: &Context<'_, '_>) -> TokenStream {
    let p = &ctx.prost.root;
    quote!(#p::bytes::Bytes)
}

fn packable(ty: &FieldType<'_>) -> bool {
    match ty {
        FieldType::Scalar(s) => s.packable(),
        FieldType::Enum(_) => true,
        _ => false,
    }
}

fn scalar_type(ctx: &Context<'_, '_>, s: Scalar) -> (TokenStream, TokenStream) {
    let tag = ident(s.prost_tag());
    let ty = match s {
        Scalar::Double => quote!(f64),
        Scalar::Float => quote!(f32),
        Scalar::Int64 | Scalar::Sfixed64 | Scalar::Sint64 => quote!(i64),
        Scalar::Uint64 | Scalar::Fixed64 => quote!(u64),
        Scalar::Int32 | Scalar::Sfixed32 | Scalar::Sint32 => quote!(i32),
        Scalar::Uint32 | Scalar::Fixed32 => quote!(u32),
        Scalar::Bool => quote!(bool),
        Scalar::String => ctx.prost.string(),
        Scalar::Bytes => {
            let v = ctx.prost.vec();
            quote!(#v<u8>)
        }
    };
    (ty, quote!(#tag))
}

/// The Rust type of a single value of the field and the start of its prost attribute.
fn value_type(
    ctx: &Context<'_, '_>,
    field: &Field<'_>,
    from: &[String],
) -> Result<(TokenStream, Vec<TokenStream>)> {
    let types = &ctx.model.types;
    Ok(match &field.ty {
        FieldType::Scalar(s) => {
            let (ty, tag) = scalar_type(ctx, *s);
            (ty, vec![tag])
        }
        FieldType::Enum(name) => {
            let info = types.lookup(name, &field.position)?;
            let (_, path) = types.rust_path(info, from);
            (quote!(i32), vec![quote!(enumeration = #path)])
        }
        FieldType::Message(name) | FieldType::Group(name) => {
            let info = types.lookup(name, &field.position)?;
            let (path, _) = types.rust_path(info, from);
            let tag = if matches!(field.ty, FieldType::Group(_)) {
                quote!(group)
            } else {
                quote!(message)
            };
            (path, vec![tag])
        }
        FieldType::Map(_) => return Err(err!("{}: a map cannot be nested", field.position)),
    })
}

/// The Rust type of a map's values and its word in the `map = "k, v"` attribute.
fn map_value(
    ctx: &Context<'_, '_>,
    map: &MapType<'_>,
    from: &[String],
) -> Result<(TokenStream, String)> {
    let types = &ctx.model.types;
    Ok(match &map.value {
        FieldType::Scalar(s) => (scalar_type(ctx, *s).0, s.prost_tag().to_owned()),
        FieldType::Enum(name) => {
            let info = types.lookup(name, &"map value")?;
            let (_, path) = types.rust_path(info, from);
            (quote!(i32), format!("enumeration({path})"))
        }
        FieldType::Message(name) | FieldType::Group(name) => {
            let info = types.lookup(name, &"map value")?;
            (types.rust_path(info, from).0, "message".to_owned())
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

fn oneof_field(ctx: &Context<'_, '_>, msg: &Message<'_>, oneof: &Oneof<'_>) -> Result<TokenStream> {
    let fq = format!("{}.{}", msg.full_name, oneof.name);
    let docs = docs_for(ctx, &oneof.comments, &msg.full_name);
    let field_attrs = option_attrs(&ctx.options.field_attribute, &fq)?;
    let name = ident(&oneof.rust_name);
    let path = format!("{}::{}", msg.nested_module, oneof.type_name);
    let tags = oneof
        .fields
        .iter()
        .map(|f| f.number.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let module = ident(&msg.nested_module);
    let ty = ident(&oneof.type_name);
    Ok(quote! {
        #docs
        #[prost(oneof = #path, tags = #tags)]
        #field_attrs
        pub #name: ::core::option::Option<#module::#ty>,
    })
}

fn oneof_enum(
    ctx: &Context<'_, '_>,
    msg: &Message<'_>,
    oneof: &Oneof<'_>,
    inner: &[String],
) -> Result<TokenStream> {
    let fq = format!("{}.{}", msg.full_name, oneof.name);
    let docs = docs_for(ctx, &oneof.comments, &msg.full_name);
    let type_attrs = option_attrs(&ctx.options.type_attribute, &fq)?;
    let enum_attrs = option_attrs(&ctx.options.enum_attribute, &fq)?;
    let derive = derives(ctx, oneof.derive_copy, oneof.derive_eq, "Oneof");
    let prost_path = prost_path_attr(ctx);
    let skip = skip_debug(ctx, &msg.full_name).then(|| quote!(#[prost(skip_debug)]));
    let name = ident(&oneof.type_name);
    let variants = oneof
        .fields
        .iter()
        .map(|f| {
            let field_fq = format!("{}.{}", msg.full_name, f.name);
            let docs = docs_for(ctx, &f.comments, &field_fq);
            let field_attrs =
                option_attrs(&ctx.options.field_attribute, &format!("{fq}.{}", f.name))?;
            let dep = deprecated(f.deprecated);
            let variant = ident(&names::to_upper_camel(f.name));
            let (mut ty, mut attr) = value_type(ctx, f, inner)?;
            if f.ty == FieldType::Scalar(Scalar::Bytes)
                && Options::matches(&ctx.options.bytes, &field_fq)
            {
                attr[0] = quote!(bytes = "bytes");
                ty = bytes_type(ctx);
            }
            let tag = Literal::string(&f.number.to_string());
            attr.push(quote!(tag = #tag));
            let ty = if f.boxed {
                let b = ctx.prost.boxed();
                quote!(#b<#ty>)
            } else {
                ty
            };
            Ok(quote! {
                #docs
                #dep
                #[prost(#(#attr),*)]
                #field_attrs
                #variant(#ty),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // A oneof holding a large message beside small values is what the proto says; boxing
    // it would change the API prost-build users have.
    Ok(quote! {
        #docs
        #type_attrs
        #enum_attrs
        #[allow(clippy::large_enum_variant)]
        #derive
        #prost_path
        #skip
        pub enum #name {
            #(#variants)*
        }
    })
}

/// A `#[repr(i32)]` enum with `as_str_name` and `from_str_name`.
fn enumeration(ctx: &Context<'_, '_>, e: &Enum<'_>) -> Result<TokenStream> {
    if e.is_extern {
        return Ok(TokenStream::new());
    }
    let fq = &e.full_name;
    let docs = docs_for(ctx, &e.comments, fq);
    let type_attrs = option_attrs(&ctx.options.type_attribute, fq)?;
    let enum_attrs = option_attrs(&ctx.options.enum_attribute, fq)?;
    let dep = deprecated(e.deprecated);
    let name = ident(&e.rust_name);
    let derive = ctx.prost.derive("Enumeration");
    let debug = (!skip_debug(ctx, fq)).then(|| quote!(Debug,));
    let prost_path = prost_path_attr(ctx);
    let mut variants = Vec::new();
    for v in &e.values {
        let value_fq = format!("{fq}.{}", v.name);
        let value_attrs = option_attrs(&ctx.options.field_attribute, &value_fq)?;
        let docs = docs_for(ctx, &v.comments, &value_fq);
        let dep = deprecated(v.deprecated);
        let variant = ident(&v.rust_name);
        let number = Literal::i32_unsuffixed(v.number);
        variants.push(quote!(#docs #value_attrs #dep #variant = #number,));
    }
    let as_str = e.values.iter().map(|v| {
        let allow = v.deprecated.then(|| quote!(#[allow(deprecated)]));
        let variant = ident(&v.rust_name);
        let proto = v.name;
        quote!(#allow Self::#variant => #proto,)
    });
    let from_str = e.values.iter().map(|v| {
        let allow = v.deprecated.then(|| quote!(#[allow(deprecated)]));
        let variant = ident(&v.rust_name);
        let proto = v.name;
        quote!(#proto => Some(#allow Self::#variant),)
    });
    let impl_allow = e.deprecated.then(|| quote!(#[allow(deprecated)]));
    let as_str_doc = docs::text(&[
        "String value of the enum field names used in the ProtoBuf definition.",
        "",
        "The values are not transformed in any way and thus are considered stable",
        "(if the ProtoBuf definition does not change) and safe for programmatic use.",
    ]);
    let from_str_doc =
        docs::text(&["Creates an enum from field names used in the ProtoBuf definition."]);
    Ok(quote! {
        #docs
        #type_attrs
        #enum_attrs
        #[derive(Clone, Copy, #debug PartialEq, Eq, Hash, PartialOrd, Ord, #derive)]
        #prost_path
        #[repr(i32)]
        #dep
        pub enum #name {
            #(#variants)*
        }
        #impl_allow
        impl #name {
            #as_str_doc
            pub fn as_str_name(&self) -> &'static str {
                match self {
                    #(#as_str)*
                }
            }
            #from_str_doc
            pub fn from_str_name(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #(#from_str)*
                    _ => None,
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::unescape_c;

    #[test]
    fn c_unescape() {
        assert_eq!(unescape_c(r"a\000\x41\n\\\'").unwrap(), b"a\0A\n\\'");
        assert_eq!(unescape_c(r"\377").unwrap(), vec![255]);
        assert!(unescape_c(r"\400").is_err());
        assert!(unescape_c("\\").is_err());
    }
}
