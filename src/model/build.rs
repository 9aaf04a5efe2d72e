//! Descriptors + options → model nodes. Every decision about an element is made here, once:
//! its Rust names (from [`crate::names`]), the types it links to, and the options that
//! apply to it by path.

use std::collections::{BTreeMap, HashMap};

use super::features;
use super::{
    check, validate, Cardinality, Comments, Enum, EnumRepr, EnumValue, ExternPaths, Field,
    FieldDefault, FieldType, File, FilePlan, MapType, Message, Method, Model, Oneof, Package,
    PackageFileNames, PackagePlan, Position, Scalar, Service, ServiceAttributes, Settings,
    SourceIndex, SourceInfo, StreamingKind, Syntax, TypeKind, TypeName, TypeRef, TypeTable,
};
use crate::error::{collect, err, Error, Result};
use crate::names;
use crate::options::{Options, PathValue};
use crate::pb::{
    CodeGeneratorRequest, DescriptorProto, EnumDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, Label, ServiceDescriptorProto, Type,
};

use crate::pb::source_path::{
    ENUM_VALUE, FILE_ENUM, FILE_MESSAGE, FILE_SERVICE, MESSAGE_ENUM, MESSAGE_FIELD, MESSAGE_NESTED,
    MESSAGE_ONEOF, SERVICE_METHOD,
};

impl<'a> Model<'a> {
    /// Resolves the request. Fails on what cannot become valid Rust: unknown types, names
    /// that collide after case conversion, unsupported syntax.
    pub fn build(request: &'a CodeGeneratorRequest, options: &Options) -> Result<Model<'a>> {
        Model::build_with(request, &[], options)
    }

    /// [`Model::build`] for a request decoded by [`crate::pb::decode_request`], whose files'
    /// source info is read from the input only for the files generated.
    pub fn from_request(request: &'a crate::pb::Request, options: &Options) -> Result<Model<'a>> {
        Model::build_with(&request.request, &request.source_info, options)
    }

    /// `encoded_source_info[i]` is the encoded source info of `request.proto_file[i]`, when
    /// not decoded into the file (an empty slice: all decoded).
    fn build_with(
        request: &'a CodeGeneratorRequest,
        encoded_source_info: &'a [Box<[u8]>],
        options: &Options,
    ) -> Result<Model<'a>> {
        validate::check_files(&request.proto_file)?;
        if !options.unknown_fields.is_empty() && options.message_impl != "own" {
            return Err(err!(
                "option 'unknown_fields' needs the generator's own message code, which \
                 'message_impl=derive' turns off: drop 'message_impl=derive' (prost's derive \
                 keeps no unknown fields)"
            ));
        }
        if !options.typed_enums.is_empty() && options.message_impl != "own" {
            return Err(err!(
                "option 'typed_enums' needs the generator's own message code, which \
                 'message_impl=derive' turns off: drop 'message_impl=derive' (prost's derive \
                 stores every enum field as i32)"
            ));
        }
        let externs = ExternPaths::from_options(options)?;
        let mut types = TypeTable::new(
            &request.proto_file,
            &externs,
            &options.boxed,
            &options.unknown_fields,
        );
        let mut warnings = std::mem::take(&mut types.warnings);
        let by_name: HashMap<&str, &FileDescriptorProto> =
            request.proto_file.iter().map(|f| (f.name(), f)).collect();

        let index_of: HashMap<&str, usize> = request
            .proto_file
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name(), i))
            .collect();
        let mut packages: BTreeMap<&str, Vec<FilePlan<'a>>> = BTreeMap::new();
        for name in &request.file_to_generate {
            let proto = by_name.get(name.as_str()).ok_or_else(|| {
                err!("{name}: listed in file_to_generate but missing from proto_file")
            })?;
            let source = match index_of
                .get(name.as_str())
                .and_then(|&i| encoded_source_info.get(i))
            {
                Some(encoded) => SourceInfo::Encoded(encoded),
                None => SourceInfo::Decoded(proto.source_code_info.as_ref()),
            };
            packages
                .entry(proto.package())
                .or_default()
                .push(FilePlan { proto, source });
        }

        let packages: Vec<PackagePlan<'a>> = packages
            .into_iter()
            .map(|(name, mut files)| {
                files.sort_by(|a, b| a.proto.name().cmp(b.proto.name()));
                files.dedup_by(|a, b| a.proto.name() == b.proto.name());
                let stem = if name.is_empty() {
                    options.default_package_filename.clone()
                } else {
                    names::package_file_stem(name)
                };
                PackagePlan {
                    name,
                    modules: names::package_modules(name),
                    file_names: PackageFileNames {
                        messages: names::messages_file_name(&stem),
                        services: names::services_file_name(&stem),
                    },
                    files,
                }
            })
            .collect();
        let settings = Settings::from_options(options);
        check::package_modules(&packages, &settings.mod_file)?;
        let generated: Vec<&FileDescriptorProto> = packages
            .iter()
            .flat_map(|p| p.files.iter().map(|f| f.proto))
            .collect();
        warnings.extend(unboxable_warnings(&generated, options));

        let compiler_version = request.compiler_version.as_ref().map(|v| {
            let mut s = format!("{}.{}.{}", v.major(), v.minor(), v.patch());
            if !v.suffix().is_empty() {
                s.push('-');
                s.push_str(v.suffix());
            }
            s
        });
        let extensions = if options.json.is_empty() || options.unknown_fields.is_empty() {
            HashMap::new()
        } else {
            json_extensions(&request.proto_file)
        };
        Ok(Model {
            extensions,
            types,
            files: by_name,
            packages,
            compiler_version,
            settings,
            warnings,
        })
    }

    /// Resolves one package's files. Fails like [`Model::build`] on what cannot become
    /// valid Rust in them.
    pub fn package(&self, plan: &PackagePlan<'a>, options: &Options) -> Result<Package<'a>> {
        // Each file's errors are independent of the others': all are reported, and the files
        // that resolved are checked against each other even when others failed.
        let mut files = Vec::with_capacity(plan.files.len());
        let mut errors = Vec::new();
        for f in &plan.files {
            match build_file(f.proto, f.source, &self.types, options, &self.extensions) {
                Ok(file) => files.push(file),
                Err(e) => errors.push(e),
            }
        }
        let package = Package {
            name: plan.name,
            modules: plan.modules.clone(),
            file_names: plan.file_names.clone(),
            files,
        };
        if let Err(e) = check::package(&package, &self.packages, &self.settings.services) {
            errors.push(e);
        }
        match Error::many(errors) {
            Some(e) => Err(e),
            None => Ok(package),
        }
    }
}

struct Ctx<'a, 't> {
    file: &'a FileDescriptorProto,
    syntax: Syntax,
    /// Resolved features, for editions files.
    features: Option<features::FileFeatures>,
    source: SourceIndex<'a>,
    types: &'t TypeTable<'a>,
    options: &'t Options,
    extensions: &'t HashMap<String, Vec<super::JsonExtension>>,
}

impl<'a> Ctx<'a, '_> {
    /// An element's comments, unless `disable_comments` covers `fq_name`.
    fn comments(&self, path: &[i32], fq_name: &str) -> Comments<'a> {
        if Options::matches(&self.options.disable_comments, fq_name) {
            Comments::default()
        } else {
            self.source.comments(path)
        }
    }

    /// A link to a type, with its path from the module `from`.
    fn type_ref(&self, id: super::TypeId, from: &[String]) -> TypeRef {
        TypeRef {
            id,
            path: self.types.path_from(id, from),
            is_extern: self.types.info(id).extern_path.is_some(),
        }
    }
}

/// The attributes of the `*_attribute` options in `lists` that apply to `fq_name`, list by
/// list. Each was checked to be a Rust attribute when the options were read.
fn attributes(lists: &[&[PathValue]], fq_name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for list in lists {
        if !list.is_empty() {
            out.extend(Options::attributes(list, fq_name).map(str::to_owned));
        }
    }
    out
}

fn build_file<'a>(
    proto: &'a FileDescriptorProto,
    source: SourceInfo<'a>,
    types: &TypeTable<'a>,
    options: &Options,
    extensions: &HashMap<String, Vec<super::JsonExtension>>,
) -> Result<File<'a>> {
    let (syntax, features) = match proto.syntax() {
        "" | "proto2" => (Syntax::Proto2, None),
        "proto3" => (Syntax::Proto3, None),
        "editions" => {
            let features = features::FileFeatures::resolve(proto)?;
            (Syntax::Editions(features.edition), Some(features))
        }
        other => return Err(err!("{}: unknown syntax '{other}'", proto.name())),
    };
    let ctx = Ctx {
        file: proto,
        syntax,
        features,
        source: SourceIndex::new(proto.name(), source)?,
        types,
        options,
        extensions,
    };
    let package = proto.package();
    let prefix = if package.is_empty() {
        String::new()
    } else {
        format!(".{package}")
    };
    let module = names::package_modules(package);
    // Each top-level element's errors are independent of the others': all are reported.
    let messages = collect(proto.message_type.iter().enumerate(), |(i, m)| {
        build_message(&ctx, m, &prefix, &module, vec![FILE_MESSAGE, i as i32])
    });
    let enums = collect(proto.enum_type.iter().enumerate(), |(i, e)| {
        build_enum(&ctx, e, &prefix, &module, vec![FILE_ENUM, i as i32])
    });
    let services = collect(proto.service.iter().enumerate(), |(i, s)| {
        build_service(&ctx, s, &module, vec![FILE_SERVICE, i as i32])
    });
    let (messages, enums, services) = match (messages, enums, services) {
        (Ok(m), Ok(e), Ok(s)) => (m, e, s),
        (m, e, s) => {
            let errors = [m.err(), e.err(), s.err()].into_iter().flatten();
            return Err(Error::many(errors)
                .unwrap_or_else(|| Error::new("internal error: an element failed silently")));
        }
    };
    Ok(File {
        proto,
        name: proto.name(),
        syntax,
        messages,
        enums,
        services,
    })
}

fn child(path: &[i32], kind: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + 2);
    p.extend_from_slice(path);
    p.push(kind);
    p.push(index as i32);
    p
}

fn is_map_entry(m: &DescriptorProto) -> bool {
    m.options
        .as_ref()
        .and_then(|o| o.map_entry)
        .unwrap_or(false)
}

fn build_message<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a DescriptorProto,
    prefix: &str,
    module: &[String],
    path: Vec<i32>,
) -> Result<Message<'a>> {
    let full_name = format!("{prefix}.{}", proto.name());
    // Decided once, with every package of the request in view, in the type table.
    let nested_module = ctx
        .types
        .get(&full_name)
        .and_then(|t| t.nested_module.clone())
        .unwrap_or_else(|| names::nested_module(proto.name()));
    let mut inner = module.to_vec();
    inner.push(nested_module.clone());

    let mut messages = Vec::new();
    for (i, m) in proto.nested_type.iter().enumerate() {
        if is_map_entry(m) {
            continue;
        }
        messages.push(build_message(
            ctx,
            m,
            &full_name,
            &inner,
            child(&path, MESSAGE_NESTED, i),
        )?);
    }
    let enums = proto
        .enum_type
        .iter()
        .enumerate()
        .map(|(i, e)| build_enum(ctx, e, &full_name, &inner, child(&path, MESSAGE_ENUM, i)))
        .collect::<Result<Vec<_>>>()?;

    let mut fields = Vec::new();
    let mut oneof_fields: Vec<Vec<Field<'a>>> =
        proto.oneof_decl.iter().map(|_| Vec::new()).collect();
    for (i, f) in proto.field.iter().enumerate() {
        let in_oneof = f.oneof_index.is_some() && !f.proto3_optional();
        // A oneof's variants live in the nested module; other fields in the struct's.
        let from = if in_oneof { &inner[..] } else { module };
        let field = build_field(ctx, f, &full_name, from, child(&path, MESSAGE_FIELD, i))?;
        match f.oneof_index {
            Some(idx) if in_oneof => {
                let slot = oneof_fields.get_mut(idx as usize).ok_or_else(|| {
                    err!(
                        "{}: field '{}' names oneof {idx}, which does not exist",
                        field.position,
                        f.name()
                    )
                })?;
                slot.push(field);
            }
            _ => fields.push(field),
        }
    }

    let sibling_types: Vec<&str> = proto
        .nested_type
        .iter()
        .map(|m| m.name())
        .chain(proto.enum_type.iter().map(|e| e.name()))
        .collect();
    let position = ctx.source.position(&path);
    let mut oneofs = Vec::new();
    for (i, (decl, mut ofields)) in proto.oneof_decl.iter().zip(oneof_fields).enumerate() {
        if ofields.is_empty() {
            continue; // synthetic oneof of a proto3 `optional` field
        }
        let oneof_fq = format!("{full_name}.{}", decl.name());
        for f in &mut ofields {
            // Variants take the field attributes at `.Message.oneof.field`.
            f.attributes = attributes(
                &[&ctx.options.field_attribute],
                &format!("{oneof_fq}.{}", f.name),
            );
            f.variant_name = names::oneof_variant(f.name);
            if let FieldType::Enum(target) = &f.ty {
                f.json_enum_path = Some(ctx.type_ref(target.id, module).path);
            }
        }
        let type_name = names::oneof_type(decl.name(), &sibling_types);
        let derive_copy = ofields
            .iter()
            .all(|f| ctx.types.field_copy(&full_name, f.proto, f.boxed));
        let derive_eq = ofields
            .iter()
            .all(|f| ctx.types.field_eq(&full_name, f.proto));
        oneofs.push(Oneof {
            name: decl.name(),
            rust_name: names::to_snake(decl.name()),
            type_path: format!("{nested_module}::{type_name}"),
            type_name,
            position: ofields
                .first()
                .map(|f| f.position.clone())
                .unwrap_or_else(|| position.clone()),
            fields: ofields,
            derive_copy,
            derive_eq,
            // Oneofs are documented unless the message's comments are disabled.
            comments: ctx.comments(&child(&path, MESSAGE_ONEOF, i), &full_name),
            attributes: attributes(
                &[&ctx.options.type_attribute, &ctx.options.enum_attribute],
                &oneof_fq,
            ),
            field_attributes: attributes(&[&ctx.options.field_attribute], &oneof_fq),
        });
    }

    let info = ctx.types.get(&full_name);
    let is_extern = info.is_some_and(|t| t.extern_path.is_some());
    let type_name = ctx.options.enable_type_names.then(|| {
        let plain = full_name.strip_prefix('.').unwrap_or(&full_name);
        let domain = ctx
            .options
            .type_name_domain
            .iter()
            .find(|pv| crate::options::path_matches(&pv.path, &full_name))
            .map(|pv| pv.value.as_str())
            .unwrap_or("");
        TypeName {
            name: proto.name().to_owned(),
            // The proto package; nested messages carry their parents in the full name.
            package: ctx.file.package().to_owned(),
            full_name: plain.to_owned(),
            type_url: format!("{domain}/{plain}"),
        }
    });
    let unknown_fields = Options::matches(&ctx.options.unknown_fields, &full_name).then(|| {
        let taken: Vec<&str> = fields
            .iter()
            .map(|f| f.rust_name.as_str())
            .chain(oneofs.iter().map(|o| o.rust_name.as_str()))
            .collect();
        names::unknown_fields_field(&taken)
    });
    let json_extensions = match &unknown_fields {
        Some(_) if Options::matches(&ctx.options.json, &full_name) => {
            ctx.extensions.get(&full_name).cloned().unwrap_or_default()
        }
        _ => Vec::new(),
    };
    Ok(Message {
        proto,
        rust_name: names::type_name(proto.name()),
        module: module.to_vec(),
        nested_module,
        fields,
        oneofs,
        messages,
        enums,
        derive_copy: ctx.types.message_copy(&full_name) && unknown_fields.is_none(),
        derive_eq: ctx.types.message_eq(&full_name),
        comments: ctx.comments(&path, &full_name),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        is_extern,
        position,
        attributes: attributes(
            &[&ctx.options.type_attribute, &ctx.options.message_attribute],
            &full_name,
        ),
        skip_debug: Options::matches(&ctx.options.skip_debug, &full_name),
        type_name,
        unknown_fields,
        nesting: module
            .len()
            .saturating_sub(names::package_modules(ctx.file.package()).len()),
        json: Options::matches(&ctx.options.json, &full_name),
        json_wkt: super::JsonWkt::of(&full_name),
        json_extensions,
        full_name,
    })
}

fn build_field<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a FieldDescriptorProto,
    holder: &str,
    from: &[String],
    path: Vec<i32>,
) -> Result<Field<'a>> {
    let position = ctx.source.position(&path);
    let fq = format!("{holder}.{}", proto.name());
    let what = || format!("{position}: field '{}' of '{}'", proto.name(), &holder[1..]);
    let ty = match proto.r#type() {
        Type::Enum => FieldType::Enum(checked_type(ctx, proto, TypeKind::Enum, from, &what)?),
        Type::Group => FieldType::Group(checked_type(ctx, proto, TypeKind::Message, from, &what)?),
        Type::Message => {
            let target = checked_type(ctx, proto, TypeKind::Message, from, &what)?;
            match ctx.types.info(target.id).message {
                Some(entry) if is_map_entry(entry) && proto.label() == Label::Repeated => {
                    map_type(ctx, entry, &fq, from, &what)?
                }
                _ => FieldType::Message(target),
            }
        }
        t => {
            FieldType::Scalar(Scalar::from_type(t).ok_or_else(|| err!("{}: has no type", what()))?)
        }
    };
    if Options::matches(&ctx.options.json, holder) {
        json_type_check(ctx, &ty, &what)?;
    }
    let packed_option = proto.options.as_ref().and_then(|o| o.packed);
    let cardinality = match proto.label() {
        Label::Repeated => Cardinality::Repeated {
            packed: packed_option.unwrap_or(ctx.syntax == Syntax::Proto3),
        },
        Label::Required => Cardinality::Required,
        Label::Optional => {
            if proto.proto3_optional()
                || matches!(ty, FieldType::Message(_) | FieldType::Group(_))
                || ctx.syntax == Syntax::Proto2
            {
                Cardinality::Optional
            } else {
                Cardinality::Singular
            }
        }
    };
    // Editions files: presence, packing and delimited encoding come from resolved features.
    let (ty, cardinality) = match &ctx.features {
        Some(features) => features.field_shape(holder, proto, ty, &what())?,
        None => (ty, cardinality),
    };
    let boxed = ctx.types.is_recursive(holder, proto)
        || (boxable(proto) && Options::matches(&ctx.options.boxed, &fq));
    let default = field_default(ctx, proto, &ty, &position)?;
    let enum_repr = enum_repr(ctx, &ty, &fq);
    Ok(Field {
        enum_repr,
        proto,
        name: proto.name(),
        number: proto.number(),
        rust_name: names::to_snake(proto.name()),
        variant_name: String::new(),
        bytes: ty == FieldType::Scalar(Scalar::Bytes) && Options::matches(&ctx.options.bytes, &fq),
        ty,
        cardinality,
        boxed,
        default,
        comments: ctx.comments(&path, &fq),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position,
        attributes: attributes(&[&ctx.options.field_attribute], &fq),
        json_name: match &proto.json_name {
            Some(name) => name.clone(),
            None => names::json_name(proto.name()),
        },
        json_enum_path: None,
    })
}

/// How a field holds enum values: typed when `typed_enums` covers it and the enum is one
/// this generator writes (an extern enum does not implement the runtime's `ProtoEnum`).
fn enum_repr(ctx: &Ctx<'_, '_>, ty: &FieldType, fq: &str) -> EnumRepr {
    let target = match ty {
        FieldType::Enum(t) => t,
        FieldType::Map(map) => match &map.value {
            FieldType::Enum(t) => t,
            _ => return EnumRepr::I32,
        },
        _ => return EnumRepr::I32,
    };
    if target.is_extern || !Options::matches(&ctx.options.typed_enums, fq) {
        EnumRepr::I32
    } else if ctx.types.info(target.id).closed {
        EnumRepr::Closed
    } else {
        EnumRepr::Open
    }
}

/// The singular scalar extensions of every file, by the full name of the message they
/// extend: what JSON reads and writes as `"[pkg.ext]"` members.
fn json_extensions(files: &[FileDescriptorProto]) -> HashMap<String, Vec<super::JsonExtension>> {
    fn add(
        out: &mut HashMap<String, Vec<super::JsonExtension>>,
        scope: &str,
        fields: &[FieldDescriptorProto],
    ) {
        for f in fields {
            let Some(scalar) = Scalar::from_type(f.r#type()) else {
                continue;
            };
            if f.label() == Label::Repeated {
                continue;
            }
            let name = if scope.is_empty() {
                f.name().to_owned()
            } else {
                format!("{scope}.{}", f.name())
            };
            out.entry(f.extendee().to_owned())
                .or_default()
                .push(super::JsonExtension {
                    name,
                    number: f.number(),
                    scalar,
                });
        }
    }
    fn walk(
        out: &mut HashMap<String, Vec<super::JsonExtension>>,
        scope: &str,
        m: &DescriptorProto,
    ) {
        let scope = if scope.is_empty() {
            m.name().to_owned()
        } else {
            format!("{scope}.{}", m.name())
        };
        add(out, &scope, &m.extension);
        for n in &m.nested_type {
            walk(out, &scope, n);
        }
    }
    let mut out = HashMap::new();
    for file in files {
        add(&mut out, file.package(), &file.extension);
        for m in &file.message_type {
            walk(&mut out, file.package(), m);
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|e| e.number);
    }
    out
}

/// `json`: the message or enum a field of a message with JSON impls holds must have JSON
/// impls too: generated under `json`, or a well-known type the runtime covers.
fn json_type_check(ctx: &Ctx<'_, '_>, ty: &FieldType, what: &dyn Fn() -> String) -> Result<()> {
    let target = match ty {
        FieldType::Enum(t) | FieldType::Message(t) | FieldType::Group(t) => t,
        FieldType::Map(map) => match &map.value {
            FieldType::Enum(t) | FieldType::Message(t) | FieldType::Group(t) => t,
            _ => return Ok(()),
        },
        FieldType::Scalar(_) => return Ok(()),
    };
    let info = ctx.types.info(target.id);
    let name = &info.full_name;
    if info.extern_path.is_some() {
        let wkt = name.starts_with(".google.protobuf.");
        if wkt && super::JsonWkt::of(name).is_none() && name != ".google.protobuf.NullValue" {
            return Err(err!(
                "{}: type '{}' has no JSON form in rustsvc-runtime (the well-known types with \
                 one are Timestamp, Duration, FieldMask, Struct, Value, ListValue, NullValue, \
                 Any, Empty and the wrappers): leave the message out of the 'json' option, or \
                 generate the type with 'compile_well_known_types'",
                what(),
                &name[1..]
            ));
        }
        return Ok(());
    }
    if !Options::matches(&ctx.options.json, name) {
        return Err(err!(
            "{}: type '{}' has no JSON impls, which the message's JSON impls need: add it to the \
             'json' option (json={name}, or json=. for everything)",
            what(),
            &name[1..]
        ));
    }
    Ok(())
}

/// Whether the `boxed` option can box the field: a singular message or group field (in a
/// oneof too). prost cannot box scalars, strings, bytes, enums or repeated fields.
fn boxable(field: &FieldDescriptorProto) -> bool {
    field.label() != Label::Repeated && matches!(field.r#type(), Type::Message | Type::Group)
}

/// At most this many fields are named in a warning about one option value.
const WARNING_EXAMPLES: usize = 3;

/// One warning per `boxed` path that matches fields that cannot be boxed (those stay
/// unboxed), naming a few of them.
fn unboxable_warnings(files: &[&FileDescriptorProto], options: &Options) -> Vec<String> {
    fn walk<'a>(
        prefix: &str,
        m: &'a DescriptorProto,
        out: &mut Vec<(String, &'a FieldDescriptorProto)>,
    ) {
        let name = format!("{prefix}.{}", m.name());
        for f in &m.field {
            out.push((format!("{name}.{}", f.name()), f));
        }
        for n in &m.nested_type {
            if !n
                .options
                .as_ref()
                .and_then(|o| o.map_entry)
                .unwrap_or(false)
            {
                walk(&name, n, out);
            }
        }
    }
    if options.boxed.is_empty() {
        return Vec::new();
    }
    let mut fields = Vec::new();
    for file in files {
        let prefix = if file.package().is_empty() {
            String::new()
        } else {
            format!(".{}", file.package())
        };
        for m in &file.message_type {
            walk(&prefix, m, &mut fields);
        }
    }
    let mut warnings = Vec::new();
    for path in &options.boxed {
        let left: Vec<&str> = fields
            .iter()
            .filter(|(fq, f)| !boxable(f) && Options::matches(std::slice::from_ref(path), fq))
            .map(|(fq, _)| &fq[1..])
            .collect();
        if left.is_empty() {
            continue;
        }
        let mut named: Vec<String> = left
            .iter()
            .take(WARNING_EXAMPLES)
            .map(|f| format!("'{f}'"))
            .collect();
        if left.len() > WARNING_EXAMPLES {
            named.push(format!("{} more", left.len() - WARNING_EXAMPLES));
        }
        warnings.push(format!(
            "option 'boxed={path}': {} {} left unboxed ({}): only singular message and group \
             fields can be boxed",
            left.len(),
            if left.len() == 1 {
                "field is"
            } else {
                "fields are"
            },
            named.join(", ")
        ));
    }
    warnings
}

fn checked_type<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a FieldDescriptorProto,
    want: TypeKind,
    from: &[String],
    what: &dyn Fn() -> String,
) -> Result<TypeRef> {
    let name = proto.type_name();
    let id = ctx.types.lookup(name, &what())?;
    if ctx.types.info(id).kind != want {
        return Err(err!("{}: type '{name}' is not a {want:?}", what()));
    }
    Ok(ctx.type_ref(id, from))
}

fn map_type<'a>(
    ctx: &Ctx<'a, '_>,
    entry: &'a DescriptorProto,
    fq: &str,
    from: &[String],
    what: &dyn Fn() -> String,
) -> Result<FieldType> {
    let key = entry.field.iter().find(|f| f.number() == 1);
    let value = entry.field.iter().find(|f| f.number() == 2);
    let (Some(key), Some(value)) = (key, value) else {
        return Err(err!(
            "{}: map entry '{}' lacks key or value",
            what(),
            entry.name()
        ));
    };
    let key = Scalar::from_type(key.r#type())
        .filter(|k| !matches!(k, Scalar::Float | Scalar::Double | Scalar::Bytes))
        .ok_or_else(|| {
            err!(
                "{}: map key type must be an integer, bool or string",
                what()
            )
        })?;
    let value = match value.r#type() {
        Type::Enum => FieldType::Enum(checked_type(ctx, value, TypeKind::Enum, from, what)?),
        Type::Message => {
            FieldType::Message(checked_type(ctx, value, TypeKind::Message, from, what)?)
        }
        Type::Group => return Err(err!("{}: map values cannot be groups", what())),
        t => FieldType::Scalar(
            Scalar::from_type(t).ok_or_else(|| err!("{}: bad map value", what()))?,
        ),
    };
    Ok(FieldType::Map(Box::new(MapType {
        key,
        value,
        btree: Options::matches(&ctx.options.btree_map, fq),
    })))
}

fn build_enum<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a EnumDescriptorProto,
    prefix: &str,
    module: &[String],
    path: Vec<i32>,
) -> Result<Enum<'a>> {
    let full_name = format!("{prefix}.{}", proto.name());
    let rust_name = names::type_name(proto.name());
    let mut values: Vec<EnumValue<'a>> = Vec::new();
    let mut seen_numbers = std::collections::HashSet::new();
    for (i, v) in proto.value.iter().enumerate() {
        if !seen_numbers.insert(v.number()) {
            continue; // an alias: prost keeps the first value of each number
        }
        let vpath = child(&path, ENUM_VALUE, i);
        let value_fq = format!("{full_name}.{}", v.name());
        values.push(EnumValue {
            name: v.name(),
            number: v.number(),
            rust_name: names::enum_variant(&rust_name, v.name(), ctx.options.retain_enum_prefix),
            comments: ctx.comments(&vpath, &value_fq),
            deprecated: v.options.as_ref().is_some_and(|o| o.deprecated()),
            position: ctx.source.position(&vpath),
            attributes: attributes(&[&ctx.options.field_attribute], &value_fq),
        });
    }
    Ok(Enum {
        proto,
        is_extern: ctx
            .types
            .get(&full_name)
            .is_some_and(|t| t.extern_path.is_some()),
        rust_name,
        module: module.to_vec(),
        values,
        comments: ctx.comments(&path, &full_name),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position: ctx.source.position(&path),
        attributes: attributes(
            &[&ctx.options.type_attribute, &ctx.options.enum_attribute],
            &full_name,
        ),
        skip_debug: Options::matches(&ctx.options.skip_debug, &full_name),
        proto_enum_impl: !ctx.options.typed_enums.is_empty(),
        json: Options::matches(&ctx.options.json, &full_name),
        json_null: full_name == ".google.protobuf.NullValue",
        full_name,
    })
}

fn build_service<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a ServiceDescriptorProto,
    package_modules: &[String],
    path: Vec<i32>,
) -> Result<Service<'a>> {
    let package = ctx.file.package();
    let full_name = if package.is_empty() {
        proto.name().to_owned()
    } else {
        format!("{package}.{}", proto.name())
    };
    let service_names = names::service_names(proto.name());
    // The server and client modules sit side by side in the package's module: message
    // paths are the same from both.
    let mut from = package_modules.to_vec();
    from.push(service_names.server_module.clone());
    let mut methods = Vec::new();
    for (i, m) in proto.method.iter().enumerate() {
        let mpath = child(&path, SERVICE_METHOD, i);
        let position = ctx.source.position(&mpath);
        let what = format!("{position}: method '{}' of service '{full_name}'", m.name());
        let message = |ty: &str| -> Result<TypeRef> {
            let id = ctx.types.lookup(ty, &what)?;
            if ctx.types.info(id).kind != TypeKind::Message {
                return Err(err!("{what}: '{ty}' is not a message"));
            }
            Ok(ctx.type_ref(id, &from))
        };
        let (input, output) = (message(m.input_type())?, message(m.output_type())?);
        let kind = match (m.client_streaming(), m.server_streaming()) {
            (false, false) => StreamingKind::Unary,
            (false, true) => StreamingKind::ServerStreaming,
            (true, false) => StreamingKind::ClientStreaming,
            (true, true) => StreamingKind::Bidi,
        };
        methods.push(Method {
            proto: m,
            name: m.name(),
            input,
            output,
            kind,
            comments: ctx.source.comments(&mpath),
            deprecated: m.options.as_ref().is_some_and(|o| o.deprecated()),
            position,
            names: names::method_names(proto.name(), m.name()),
            path: names::method_path(&full_name, m.name()),
        });
    }
    let fq = format!(".{full_name}");
    let o = ctx.options;
    Ok(Service {
        proto,
        name: proto.name(),
        file: ctx.file.name(),
        methods,
        comments: ctx.source.comments(&path),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position: ctx.source.position(&path),
        names: service_names,
        attributes: ServiceAttributes {
            server_trait: attributes(&[&o.trait_attribute], &fq),
            server: attributes(&[&o.server_attribute], &fq),
            client: attributes(&[&o.client_attribute], &fq),
            server_module: attributes(&[&o.server_mod_attribute], &fq),
            client_module: attributes(&[&o.client_mod_attribute], &fq),
        },
        full_name,
    })
}

/// The `[default = …]` of a field, resolved: the text protoc gives, the bytes of a `bytes`
/// default, the variant of an enum default.
fn field_default<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a FieldDescriptorProto,
    ty: &FieldType,
    position: &Position,
) -> Result<Option<FieldDefault<'a>>> {
    let Some(text) = proto.default_value.as_deref() else {
        return Ok(None);
    };
    Ok(Some(match ty {
        FieldType::Scalar(Scalar::Bytes) => FieldDefault::Bytes(
            unescape_c(text)
                .map_err(|e| err!("{position}: default value of field '{}': {e}", proto.name()))?,
        ),
        FieldType::Enum(target) => FieldDefault::EnumVariant(names::enum_variant(
            &ctx.types.info(target.id).rust_name,
            text,
            ctx.options.retain_enum_prefix,
        )),
        _ => FieldDefault::Text(text),
    }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_unescape() {
        assert_eq!(unescape_c(r"a\000\x41\n\\\'").unwrap(), b"a\0A\n\\'");
        assert_eq!(unescape_c(r"\377").unwrap(), vec![255]);
        assert!(unescape_c(r"\400").is_err());
        assert!(unescape_c("\\").is_err());
    }
}
