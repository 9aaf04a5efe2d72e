//! Descriptors → a resolved model of what to generate.
//!
//! Built once per request. Each node keeps its raw descriptor next to what the code
//! generators need: Rust names, module paths, resolved field kinds, presence, comments and
//! source positions. Code generators read the model and never chase `.pkg.Type` strings.

mod comments;
pub mod features;
mod types;
mod validate;

use std::collections::{BTreeMap, HashMap};

pub use comments::{Comments, Position, SourceIndex, SourceInfo};
pub use types::{ExternPaths, TypeInfo, TypeKind, TypeTable};

use crate::error::{collect, err, Error, Result};
use crate::names;
use crate::options::Options;
use crate::pb::{
    CodeGeneratorRequest, DescriptorProto, EnumDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, Label, MethodDescriptorProto, ServiceDescriptorProto, Type,
};

// Field numbers inside descriptor.proto, for SourceCodeInfo paths.
const FILE_MESSAGE: i32 = 4;
const FILE_ENUM: i32 = 5;
const FILE_SERVICE: i32 = 6;
const MESSAGE_FIELD: i32 = 2;
const MESSAGE_NESTED: i32 = 3;
const MESSAGE_ENUM: i32 = 4;
const MESSAGE_ONEOF: i32 = 8;
const ENUM_VALUE: i32 = 2;
const SERVICE_METHOD: i32 = 2;

/// The whole request, resolved.
pub struct Model<'a> {
    pub types: TypeTable<'a>,
    /// Every file of the request (generated or imported), by name.
    pub files: HashMap<&'a str, &'a FileDescriptorProto>,
    /// Packages that have at least one file to generate, by proto package name; each is
    /// resolved by [`Model::package`] when it is generated.
    pub packages: Vec<PackagePlan<'a>>,
    /// `protoc x.y.z` as protoc reported it, if it did.
    pub compiler_version: Option<String>,
    /// What the user should know that is not an error (a module renamed), sorted: the
    /// plugin writes them to stderr, the builder as `cargo:warning=` lines.
    pub warnings: Vec<String>,
}

/// A package to generate, before its files are resolved: the model resolves packages one
/// at a time ([`Model::package`]), on all cores, each dropped once generated, instead of
/// holding every resolved file of a large request at once.
pub struct PackagePlan<'a> {
    pub name: &'a str,
    /// The Rust module path of the package (`google.api` → `google::api`).
    pub modules: Vec<String>,
    /// File name stem (`google.api`), without `.rs`.
    pub file_stem: String,
    files: Vec<FilePlan<'a>>,
}

struct FilePlan<'a> {
    proto: &'a FileDescriptorProto,
    source: SourceInfo<'a>,
}

impl PackagePlan<'_> {
    pub fn has_services(&self) -> bool {
        self.files.iter().any(|f| !f.proto.service.is_empty())
    }

    pub fn source_files(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.proto.name()).collect()
    }
}

/// One proto package: one `<package>.rs` (and `<package>_grpc.rs` if it has services).
pub struct Package<'a> {
    pub name: &'a str,
    /// The Rust module path of the package (`google.api` → `google::api`).
    pub modules: Vec<String>,
    /// File name stem (`google.api`), without `.rs`.
    pub file_stem: String,
    /// The package's files to generate, sorted by name.
    pub files: Vec<File<'a>>,
}

impl Package<'_> {
    pub fn has_services(&self) -> bool {
        self.files.iter().any(|f| !f.services.is_empty())
    }

    /// Whether any message or enum of the package (nested ones too) is deprecated.
    pub fn has_deprecated_types(&self) -> bool {
        fn message(m: &Message<'_>) -> bool {
            m.deprecated || m.enums.iter().any(|e| e.deprecated) || m.messages.iter().any(message)
        }
        self.files.iter().any(|f| {
            f.messages.iter().any(message)
                || f.enums.iter().any(|e| e.deprecated)
                || f.services
                    .iter()
                    .any(|s| s.deprecated || s.methods.iter().any(|m| m.deprecated))
        })
    }

    pub fn source_files(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.name).collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Proto2,
    Proto3,
    /// `edition = "…"`; fields are shaped by resolved features ([`features`]).
    Editions(crate::pb::Edition),
}

pub struct File<'a> {
    pub proto: &'a FileDescriptorProto,
    pub name: &'a str,
    pub syntax: Syntax,
    pub messages: Vec<Message<'a>>,
    pub enums: Vec<Enum<'a>>,
    pub services: Vec<Service<'a>>,
}

pub struct Message<'a> {
    pub proto: &'a DescriptorProto,
    /// `.pkg.Outer.Inner`
    pub full_name: String,
    pub rust_name: String,
    /// Module path of the module holding the struct.
    pub module: Vec<String>,
    /// Name of the module holding its nested types and oneofs.
    pub nested_module: String,
    /// Fields outside real oneofs, in declaration order (proto3 `optional` included).
    pub fields: Vec<Field<'a>>,
    pub oneofs: Vec<Oneof<'a>>,
    pub messages: Vec<Message<'a>>,
    pub enums: Vec<Enum<'a>>,
    pub derive_copy: bool,
    pub derive_eq: bool,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    /// Provided by another crate (an extern path); not generated.
    pub is_extern: bool,
    pub position: Position,
}

impl Message<'_> {
    pub fn has_nested_items(&self) -> bool {
        !self.messages.is_empty() || !self.enums.is_empty() || !self.oneofs.is_empty()
    }

    /// Module path of the nested module.
    pub fn inner_module(&self) -> Vec<String> {
        let mut m = self.module.clone();
        m.push(self.nested_module.clone());
        m
    }
}

/// The 15 scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    fn from_type(t: Type) -> Option<Scalar> {
        Some(match t {
            Type::Double => Scalar::Double,
            Type::Float => Scalar::Float,
            Type::Int64 => Scalar::Int64,
            Type::Uint64 => Scalar::Uint64,
            Type::Int32 => Scalar::Int32,
            Type::Fixed64 => Scalar::Fixed64,
            Type::Fixed32 => Scalar::Fixed32,
            Type::Bool => Scalar::Bool,
            Type::String => Scalar::String,
            Type::Bytes => Scalar::Bytes,
            Type::Uint32 => Scalar::Uint32,
            Type::Sfixed32 => Scalar::Sfixed32,
            Type::Sfixed64 => Scalar::Sfixed64,
            Type::Sint32 => Scalar::Sint32,
            Type::Sint64 => Scalar::Sint64,
            Type::Message | Type::Group | Type::Enum => return None,
        })
    }

    /// The prost attribute word (`sint32`, `fixed64`, …).
    pub fn prost_tag(self) -> &'static str {
        match self {
            Scalar::Double => "double",
            Scalar::Float => "float",
            Scalar::Int64 => "int64",
            Scalar::Uint64 => "uint64",
            Scalar::Int32 => "int32",
            Scalar::Fixed64 => "fixed64",
            Scalar::Fixed32 => "fixed32",
            Scalar::Bool => "bool",
            Scalar::String => "string",
            Scalar::Bytes => "bytes",
            Scalar::Uint32 => "uint32",
            Scalar::Sfixed32 => "sfixed32",
            Scalar::Sfixed64 => "sfixed64",
            Scalar::Sint32 => "sint32",
            Scalar::Sint64 => "sint64",
        }
    }

    /// Whether repeated fields of this type can use packed encoding.
    pub fn packable(self) -> bool {
        !matches!(self, Scalar::String | Scalar::Bytes)
    }
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType<'a> {
    Scalar(Scalar),
    /// An enum, by fully qualified name.
    Enum(&'a str),
    Message(&'a str),
    /// A proto2 group (or an editions delimited message), by fully qualified name.
    Group(&'a str),
    Map(Box<MapType<'a>>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapType<'a> {
    pub key: Scalar,
    pub value: FieldType<'a>,
}

/// A field's cardinality and presence, as prost expresses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    /// Implicit presence: a plain value, default not encoded.
    Singular,
    /// Explicit presence: `Option<T>`.
    Optional,
    Required,
    /// `packed` is the effective encoding for packable types.
    Repeated {
        packed: bool,
    },
}

pub struct Field<'a> {
    pub proto: &'a FieldDescriptorProto,
    pub name: &'a str,
    pub number: i32,
    pub rust_name: String,
    pub ty: FieldType<'a>,
    pub cardinality: Cardinality,
    /// `Box` the value (recursive message, or asked for).
    pub boxed: bool,
    /// The `[default = …]` text as protoc gives it.
    pub default: Option<&'a str>,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
}

pub struct Oneof<'a> {
    pub name: &'a str,
    /// The struct field holding the oneof.
    pub rust_name: String,
    /// The enum type in the message's nested module.
    pub type_name: String,
    pub fields: Vec<Field<'a>>,
    pub derive_copy: bool,
    pub derive_eq: bool,
    pub comments: Comments<'a>,
}

pub struct Enum<'a> {
    pub proto: &'a EnumDescriptorProto,
    pub full_name: String,
    pub rust_name: String,
    pub module: Vec<String>,
    /// Values with distinct numbers (aliases dropped, as prost does), declaration order.
    pub values: Vec<EnumValue<'a>>,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub is_extern: bool,
    pub position: Position,
}

pub struct EnumValue<'a> {
    pub name: &'a str,
    pub number: i32,
    pub rust_name: String,
    pub comments: Comments<'a>,
    pub deprecated: bool,
}

pub struct Service<'a> {
    pub proto: &'a ServiceDescriptorProto,
    /// The name as written in the .proto.
    pub name: &'a str,
    /// `pkg.Service`, as used on the wire.
    pub full_name: String,
    /// The file that declares it.
    pub file: &'a str,
    pub methods: Vec<Method<'a>>,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamingKind {
    Unary,
    ServerStreaming,
    ClientStreaming,
    Bidi,
}

pub struct Method<'a> {
    pub proto: &'a MethodDescriptorProto,
    /// The name as written in the .proto (`addUser`).
    pub name: &'a str,
    /// Fully qualified input and output message names.
    pub input: &'a str,
    pub output: &'a str,
    pub kind: StreamingKind,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
}

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
        let externs = ExternPaths::from_options(options)?;
        let mut types = TypeTable::new(&request.proto_file, &externs, &options.boxed);
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
                PackagePlan {
                    name,
                    modules: names::package_modules(name),
                    file_stem: if name.is_empty() {
                        options.default_package_filename.clone()
                    } else {
                        names::package_file_stem(name)
                    },
                    files,
                }
            })
            .collect();
        check_package_modules(&packages)?;
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
        Ok(Model {
            types,
            files: by_name,
            packages,
            compiler_version,
            warnings,
        })
    }
}

impl<'a> Model<'a> {
    /// Resolves one package's files. Fails like [`Model::build`] on what cannot become
    /// valid Rust in them.
    pub fn package(&self, plan: &PackagePlan<'a>, options: &Options) -> Result<Package<'a>> {
        let mut files = Vec::with_capacity(plan.files.len());
        let mut errors = Vec::new();
        for f in &plan.files {
            match build_file(f.proto, f.source, &self.types, options) {
                Ok(file) => files.push(file),
                Err(e) => errors.push(e),
            }
        }
        let package = Package {
            name: plan.name,
            modules: plan.modules.clone(),
            file_stem: plan.file_stem.clone(),
            files,
        };
        // The files that resolved are checked against each other even when others failed.
        if let Err(e) = check_package_names(&package) {
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
}

fn build_file<'a>(
    proto: &'a FileDescriptorProto,
    source: SourceInfo<'a>,
    types: &TypeTable<'a>,
    options: &Options,
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
        build_service(&ctx, s, vec![FILE_SERVICE, i as i32])
    });
    let (messages, enums, services) = match (messages, enums, services) {
        (Ok(m), Ok(e), Ok(s)) => (m, e, s),
        (m, e, s) => {
            let errors = [m.err(), e.err(), s.err()].into_iter().flatten();
            return Err(Error::many(errors).expect("one of them failed"));
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

fn build_message<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a DescriptorProto,
    prefix: &str,
    module: &[String],
    path: Vec<i32>,
) -> Result<Message<'a>> {
    let full_name = format!("{prefix}.{}", proto.name());
    let nested_module = ctx.types.nested_module(module, proto.name());
    let mut inner = module.to_vec();
    inner.push(nested_module.clone());

    let mut messages = Vec::new();
    for (i, m) in proto.nested_type.iter().enumerate() {
        if m.options
            .as_ref()
            .and_then(|o| o.map_entry)
            .unwrap_or(false)
        {
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
        let field = build_field(ctx, f, &full_name, child(&path, MESSAGE_FIELD, i))?;
        match f.oneof_index {
            Some(idx) if !f.proto3_optional() => {
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

    let mut oneofs = Vec::new();
    for (i, (decl, ofields)) in proto.oneof_decl.iter().zip(oneof_fields).enumerate() {
        if ofields.is_empty() {
            continue; // synthetic oneof of a proto3 `optional` field
        }
        let clashes_with_type = proto
            .nested_type
            .iter()
            .map(|m| m.name())
            .chain(proto.enum_type.iter().map(|e| e.name()))
            .any(|n| names::to_upper_camel(n) == names::to_upper_camel(decl.name()));
        let mut type_name = names::to_upper_camel(decl.name());
        if clashes_with_type {
            type_name.push_str("OneOf");
        }
        let derive_copy = ofields
            .iter()
            .all(|f| ctx.types.field_copy(&full_name, f.proto, f.boxed));
        let derive_eq = ofields
            .iter()
            .all(|f| ctx.types.field_eq(&full_name, f.proto));
        oneofs.push(Oneof {
            name: decl.name(),
            rust_name: names::to_snake(decl.name()),
            type_name,
            fields: ofields,
            derive_copy,
            derive_eq,
            comments: ctx.source.comments(&child(&path, MESSAGE_ONEOF, i)),
        });
    }

    let is_extern = ctx
        .types
        .get(&full_name)
        .is_some_and(|t| t.extern_path.is_some());
    let message = Message {
        proto,
        rust_name: names::to_upper_camel(proto.name()),
        module: module.to_vec(),
        nested_module,
        fields,
        oneofs,
        messages,
        enums,
        derive_copy: ctx.types.message_copy(&full_name),
        derive_eq: ctx.types.message_eq(&full_name),
        comments: ctx.source.comments(&path),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        is_extern,
        position: ctx.source.position(&path),
        full_name,
    };
    check_message_names(&message)?;
    Ok(message)
}

fn build_field<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a FieldDescriptorProto,
    holder: &str,
    path: Vec<i32>,
) -> Result<Field<'a>> {
    let position = ctx.source.position(&path);
    let what = || format!("{position}: field '{}' of '{}'", proto.name(), &holder[1..]);
    let ty = match proto.r#type() {
        Type::Enum => FieldType::Enum(checked_type(ctx, proto, TypeKind::Enum, &what)?),
        Type::Group => FieldType::Group(checked_type(ctx, proto, TypeKind::Message, &what)?),
        Type::Message => {
            let name = checked_type(ctx, proto, TypeKind::Message, &what)?;
            let info = ctx.types.get(name).and_then(|t| t.message);
            match info {
                Some(entry)
                    if entry
                        .options
                        .as_ref()
                        .and_then(|o| o.map_entry)
                        .unwrap_or(false)
                        && proto.label() == Label::Repeated =>
                {
                    map_type(ctx, entry, &what)?
                }
                _ => FieldType::Message(name),
            }
        }
        t => {
            FieldType::Scalar(Scalar::from_type(t).ok_or_else(|| err!("{}: has no type", what()))?)
        }
    };
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
        || (boxable(proto)
            && Options::matches(&ctx.options.boxed, &format!("{holder}.{}", proto.name())));
    Ok(Field {
        proto,
        name: proto.name(),
        number: proto.number(),
        rust_name: names::to_snake(proto.name()),
        ty,
        cardinality,
        boxed,
        default: proto.default_value.as_deref(),
        comments: ctx.source.comments(&path),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position,
    })
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
    what: &dyn Fn() -> String,
) -> Result<&'a str> {
    let name = proto.type_name();
    let info = ctx.types.lookup(name, &what())?;
    if info.kind != want {
        return Err(err!("{}: type '{name}' is not a {want:?}", what()));
    }
    Ok(name)
}

fn map_type<'a>(
    ctx: &Ctx<'a, '_>,
    entry: &'a DescriptorProto,
    what: &dyn Fn() -> String,
) -> Result<FieldType<'a>> {
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
        Type::Enum => FieldType::Enum(checked_type(ctx, value, TypeKind::Enum, what)?),
        Type::Message => FieldType::Message(checked_type(ctx, value, TypeKind::Message, what)?),
        Type::Group => return Err(err!("{}: map values cannot be groups", what())),
        t => FieldType::Scalar(
            Scalar::from_type(t).ok_or_else(|| err!("{}: bad map value", what()))?,
        ),
    };
    Ok(FieldType::Map(Box::new(MapType { key, value })))
}

fn build_enum<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a EnumDescriptorProto,
    prefix: &str,
    module: &[String],
    path: Vec<i32>,
) -> Result<Enum<'a>> {
    let full_name = format!("{prefix}.{}", proto.name());
    let rust_name = names::to_upper_camel(proto.name());
    let position = ctx.source.position(&path);
    let mut values: Vec<EnumValue<'a>> = Vec::new();
    let mut seen_numbers = std::collections::HashSet::new();
    let mut seen_names: HashMap<String, (&str, Position)> = HashMap::new();
    for (i, v) in proto.value.iter().enumerate() {
        if !seen_numbers.insert(v.number()) {
            continue; // an alias: prost keeps the first value of each number
        }
        let vpath = child(&path, ENUM_VALUE, i);
        let vpos = ctx.source.position(&vpath);
        let variant = if ctx.options.retain_enum_prefix {
            names::to_upper_camel(v.name())
        } else {
            names::strip_enum_prefix(&rust_name, &names::to_upper_camel(v.name()))
        };
        if let Some((other, opos)) = seen_names.get(&variant) {
            return Err(err!(
                "{vpos}: enum value '{}' of '{}' and '{other}' ({opos}) both become the Rust variant \
                 '{variant}'; rename one of them",
                v.name(),
                &full_name[1..]
            ));
        }
        seen_names.insert(variant.clone(), (v.name(), vpos));
        values.push(EnumValue {
            name: v.name(),
            number: v.number(),
            rust_name: variant,
            comments: ctx.source.comments(&vpath),
            deprecated: v.options.as_ref().is_some_and(|o| o.deprecated()),
        });
    }
    Ok(Enum {
        proto,
        is_extern: ctx
            .types
            .get(&full_name)
            .is_some_and(|t| t.extern_path.is_some()),
        full_name,
        rust_name,
        module: module.to_vec(),
        values,
        comments: ctx.source.comments(&path),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position,
    })
}

fn build_service<'a>(
    ctx: &Ctx<'a, '_>,
    proto: &'a ServiceDescriptorProto,
    path: Vec<i32>,
) -> Result<Service<'a>> {
    let package = ctx.file.package();
    let full_name = if package.is_empty() {
        proto.name().to_owned()
    } else {
        format!("{package}.{}", proto.name())
    };
    let mut methods = Vec::new();
    for (i, m) in proto.method.iter().enumerate() {
        let mpath = child(&path, SERVICE_METHOD, i);
        let position = ctx.source.position(&mpath);
        let what = format!("{position}: method '{}' of service '{full_name}'", m.name());
        for ty in [m.input_type(), m.output_type()] {
            let info = ctx.types.lookup(ty, &what)?;
            if info.kind != TypeKind::Message {
                return Err(err!("{what}: '{ty}' is not a message"));
            }
        }
        let kind = match (m.client_streaming(), m.server_streaming()) {
            (false, false) => StreamingKind::Unary,
            (false, true) => StreamingKind::ServerStreaming,
            (true, false) => StreamingKind::ClientStreaming,
            (true, true) => StreamingKind::Bidi,
        };
        methods.push(Method {
            proto: m,
            name: m.name(),
            input: m.input_type(),
            output: m.output_type(),
            kind,
            comments: ctx.source.comments(&mpath),
            deprecated: m.options.as_ref().is_some_and(|o| o.deprecated()),
            position,
        });
    }
    Ok(Service {
        proto,
        name: proto.name(),
        full_name,
        file: ctx.file.name(),
        methods,
        comments: ctx.source.comments(&path),
        deprecated: proto.options.as_ref().is_some_and(|o| o.deprecated()),
        position: ctx.source.position(&path),
    })
}

/// Names must stay distinct after case conversion: one entry per Rust name in a scope, or
/// an error naming both elements and where they are.
pub(crate) struct Scope<'s> {
    what: &'s str,
    seen: HashMap<String, (String, String)>,
}

impl<'s> Scope<'s> {
    pub(crate) fn new(what: &'s str) -> Self {
        Scope {
            what,
            seen: HashMap::new(),
        }
    }

    pub(crate) fn add(&mut self, rust: &str, element: String, position: &Position) -> Result<()> {
        if let Some((other, other_pos)) = self.seen.get(rust) {
            return Err(err!(
                "{position}: {element} and {other} ({other_pos}) both become '{rust}' in {}; \
                 rename one of them",
                self.what
            ));
        }
        self.seen
            .insert(rust.to_owned(), (element, position.to_string()));
        Ok(())
    }
}

fn check_message_names(message: &Message<'_>) -> Result<()> {
    // Every collision is reported, not only the first.
    let mut results = Vec::new();
    let what = format!("the Rust struct {}", message.rust_name);
    let mut scope = Scope::new(&what);
    for f in &message.fields {
        results.push(scope.add(&f.rust_name, format!("field '{}'", f.name), &f.position));
    }
    for o in &message.oneofs {
        let pos = o
            .fields
            .first()
            .map(|f| f.position.clone())
            .unwrap_or_else(|| message.position.clone());
        results.push(scope.add(&o.rust_name, format!("oneof '{}'", o.name), &pos));
        let what = format!("the Rust enum {}", o.type_name);
        let mut variants = Scope::new(&what);
        for f in &o.fields {
            results.push(variants.add(
                &names::to_upper_camel(f.name),
                format!("field '{}'", f.name),
                &f.position,
            ));
        }
    }
    let what = format!("the Rust module {}", message.nested_module);
    let mut nested = Scope::new(&what);
    results.push(check_items(&mut nested, &message.messages, &message.enums));
    for o in &message.oneofs {
        let pos = o
            .fields
            .first()
            .map(|f| f.position.clone())
            .unwrap_or_else(|| message.position.clone());
        results.push(nested.add(&o.type_name, format!("oneof '{}'", o.name), &pos));
    }
    all(results)
}

/// Every error of `results`, or none.
fn all(results: Vec<Result<()>>) -> Result<()> {
    Error::many(results.into_iter().filter_map(Result::err)).map_or(Ok(()), Err)
}

/// Type names and nested module names of messages and enums sharing one Rust module.
fn check_items(scope: &mut Scope<'_>, messages: &[Message<'_>], enums: &[Enum<'_>]) -> Result<()> {
    let mut results = Vec::new();
    for m in messages {
        results.push(scope.add(
            &m.rust_name,
            format!("message '{}'", &m.full_name[1..]),
            &m.position,
        ));
        if m.has_nested_items() {
            // Modules and types share Rust's type namespace: `struct __` and `mod __` clash.
            results.push(scope.add(
                &m.nested_module,
                format!("the nested types of message '{}'", &m.full_name[1..]),
                &m.position,
            ));
        }
    }
    for e in enums {
        results.push(scope.add(
            &e.rust_name,
            format!("enum '{}'", &e.full_name[1..]),
            &e.position,
        ));
    }
    all(results)
}

fn check_package_names(package: &Package<'_>) -> Result<()> {
    let mut results = Vec::new();
    let what = if package.name.is_empty() {
        "the root module".to_owned()
    } else {
        format!("the Rust module of package '{}'", package.name)
    };
    let mut scope = Scope::new(&what);
    for f in &package.files {
        results.push(check_items(&mut scope, &f.messages, &f.enums));
    }
    all(results)
}

/// Packages become nested modules: two packages must not become the same module.
fn check_package_modules(packages: &[PackagePlan<'_>]) -> Result<()> {
    let mut spelled: HashMap<&[String], &str> = HashMap::new();
    for p in packages {
        if let Some(other) = spelled.insert(&p.modules, p.name) {
            return Err(err!(
                "packages '{other}' and '{}' both become the Rust module '{}'; rename one of them",
                p.name,
                p.modules.join("::")
            ));
        }
    }
    Ok(())
}
