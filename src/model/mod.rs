//! Descriptors → a resolved model of what to generate.
//!
//! Built once per request. Each node keeps its raw descriptor next to what the code
//! generators need: Rust names, module paths, resolved field kinds, presence, comments and
//! source positions. Code generators read the model and never chase `.pkg.Type` strings.

mod build;
mod check;
mod comments;
pub mod features;
mod settings;
mod types;
mod validate;

use std::collections::HashMap;

pub use comments::{Comments, Position, SourceIndex, SourceInfo};
pub use settings::{MessageImpl, RuntimePaths, ServiceSettings, Settings};
pub use types::{ExternPaths, TypeId, TypeInfo, TypeKind, TypeTable};

use crate::names::{MethodNames, ServiceNames};
use crate::pb::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    MethodDescriptorProto, ServiceDescriptorProto, Type,
};

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
    /// What the options decided for the whole run: runtime paths, service halves, output.
    pub settings: Settings,
    /// What the user should know that is not an error (a module renamed), sorted: the
    /// plugin writes them to stderr, the builder as `cargo:warning=` lines.
    pub warnings: Vec<String>,
    /// `json` with `unknown_fields`: the singular scalar extensions of the request, by the
    /// full name of the message they extend (`.pkg.Msg`).
    pub extensions: HashMap<String, Vec<JsonExtension>>,
}

/// An extension a message's JSON impls read and write (`"[pkg.ext]": value`), kept in its
/// unknown fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonExtension {
    /// `pkg.ext` (or `pkg.Msg.ext` for one declared in a message).
    pub name: String,
    pub number: i32,
    pub scalar: Scalar,
}

/// A package to generate, before its files are resolved: the model resolves packages one
/// at a time ([`Model::package`]), on all cores, each dropped once generated, instead of
/// holding every resolved file of a large request at once.
pub struct PackagePlan<'a> {
    pub name: &'a str,
    /// The Rust module path of the package (`google.api` → `google::api`).
    pub modules: Vec<String>,
    /// The package's files: `google.api.rs`, and `google.api_grpc.rs` for its services.
    pub file_names: PackageFileNames,
    files: Vec<FilePlan<'a>>,
}

/// The names of the files a package becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFileNames {
    /// The messages and enums (`google.api.rs`).
    pub messages: String,
    /// The services (`google.api_grpc.rs`), written only for a package with services.
    pub services: String,
}

struct FilePlan<'a> {
    proto: &'a FileDescriptorProto,
    source: SourceInfo<'a>,
}

impl PackagePlan<'_> {
    pub fn has_services(&self) -> bool {
        self.files.iter().any(|f| !f.proto.service.is_empty())
    }

    /// The names of the files generated for the package.
    pub fn generated_files(&self) -> Vec<&str> {
        let mut names = vec![self.file_names.messages.as_str()];
        if self.has_services() {
            names.push(self.file_names.services.as_str());
        }
        names
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
    pub file_names: PackageFileNames,
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
    /// Empty under `disable_comments`.
    pub comments: Comments<'a>,
    pub deprecated: bool,
    /// Provided by another crate (an extern path); not generated.
    pub is_extern: bool,
    pub position: Position,
    /// Attributes from `type_attribute`, then `message_attribute`.
    pub attributes: Vec<String>,
    /// `skip_debug`: no derived `Debug` (for the struct and its oneof enums).
    pub skip_debug: bool,
    /// `prost::Name` (with `enable_type_names`).
    pub type_name: Option<TypeName>,
    /// `unknown_fields`: the struct field keeping unknown fields (with `message_impl=own`).
    pub unknown_fields: Option<String>,
    /// How many modules below its package's module the struct is (0 for a top-level one).
    pub nesting: usize,
    /// `json`: serde impls in the proto3 JSON mapping.
    pub json: bool,
    /// A well-known type with a JSON form of its own (`compile_well_known_types`): its JSON
    /// impls go through prost-types' type of the same name.
    pub json_wkt: Option<JsonWkt>,
    /// `json` with `unknown_fields`: the extensions written and read as JSON members.
    pub json_extensions: Vec<JsonExtension>,
}

/// The well-known types whose JSON is not an object of their fields, by full name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonWkt {
    Timestamp,
    Duration,
    FieldMask,
    Struct,
    Value,
    ListValue,
    Any,
    Empty,
    BoolValue,
    Int32Value,
    Int64Value,
    UInt32Value,
    UInt64Value,
    FloatValue,
    DoubleValue,
    StringValue,
    BytesValue,
}

impl JsonWkt {
    /// The special type of a message's full name (`.google.protobuf.Timestamp`).
    pub fn of(full_name: &str) -> Option<JsonWkt> {
        Some(match full_name.strip_prefix(".google.protobuf.")? {
            "Timestamp" => JsonWkt::Timestamp,
            "Duration" => JsonWkt::Duration,
            "FieldMask" => JsonWkt::FieldMask,
            "Struct" => JsonWkt::Struct,
            "Value" => JsonWkt::Value,
            "ListValue" => JsonWkt::ListValue,
            "Any" => JsonWkt::Any,
            "Empty" => JsonWkt::Empty,
            "BoolValue" => JsonWkt::BoolValue,
            "Int32Value" => JsonWkt::Int32Value,
            "Int64Value" => JsonWkt::Int64Value,
            "UInt32Value" => JsonWkt::UInt32Value,
            "UInt64Value" => JsonWkt::UInt64Value,
            "FloatValue" => JsonWkt::FloatValue,
            "DoubleValue" => JsonWkt::DoubleValue,
            "StringValue" => JsonWkt::StringValue,
            "BytesValue" => JsonWkt::BytesValue,
            _ => return None,
        })
    }
}

/// What `impl prost::Name` says of a message.
pub struct TypeName {
    /// The message's own name (`Inner`).
    pub name: String,
    /// The proto package (`my.pkg`).
    pub package: String,
    /// `my.pkg.Outer.Inner`
    pub full_name: String,
    /// `type.googleapis.com/my.pkg.Outer.Inner` (the domain from `type_name_domain`).
    pub type_url: String,
}

impl Message<'_> {
    pub fn has_nested_items(&self) -> bool {
        !self.messages.is_empty() || !self.enums.is_empty() || !self.oneofs.is_empty()
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
    pub(crate) fn from_type(t: Type) -> Option<Scalar> {
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

/// A link to a message or enum, with the Rust path to it from the module that refers to it
/// (`super::Outer`, or an extern path as the options give it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    pub id: TypeId,
    pub path: String,
    /// The path is an extern path from the options: text the generator did not write.
    pub is_extern: bool,
}

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    Scalar(Scalar),
    Enum(TypeRef),
    Message(TypeRef),
    /// A proto2 group (or an editions delimited message).
    Group(TypeRef),
    Map(Box<MapType>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapType {
    pub key: Scalar,
    pub value: FieldType,
    /// `btree_map`: a `BTreeMap` instead of a `HashMap`.
    pub btree: bool,
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
    /// The variant of the oneof enum, for a field of a oneof.
    pub variant_name: String,
    pub ty: FieldType,
    pub cardinality: Cardinality,
    /// `Box` the value (recursive message, or asked for).
    pub boxed: bool,
    /// `bytes`: a `bytes` field is `bytes::Bytes` instead of `Vec<u8>`.
    pub bytes: bool,
    /// The `[default = …]`, resolved.
    pub default: Option<FieldDefault<'a>>,
    /// Empty under `disable_comments`.
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
    /// Attributes from `field_attribute`.
    pub attributes: Vec<String>,
    /// The JSON name (the descriptor's `json_name`, or protoc's lowerCamelCase of the name).
    pub json_name: String,
    /// For an enum field of a oneof: the enum's path from the module of the message's struct
    /// (`ty` has it from the oneof's module), for the JSON impls written next to the struct.
    pub json_enum_path: Option<String>,
}

/// A field's `[default = …]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldDefault<'a> {
    /// As protoc writes it (numbers, `inf`, strings).
    Text(&'a str),
    /// A `bytes` default, unescaped.
    Bytes(Vec<u8>),
    /// An enum default: the variant's Rust name.
    EnumVariant(String),
}

pub struct Oneof<'a> {
    pub name: &'a str,
    /// The struct field holding the oneof.
    pub rust_name: String,
    /// The enum type in the message's nested module.
    pub type_name: String,
    /// The enum type as the message's struct names it (`outer::Kind`).
    pub type_path: String,
    pub fields: Vec<Field<'a>>,
    pub derive_copy: bool,
    pub derive_eq: bool,
    /// Empty under `disable_comments` (for the message).
    pub comments: Comments<'a>,
    /// Where the oneof is declared (its first field, for errors).
    pub position: Position,
    /// Attributes of the enum: `type_attribute`, then `enum_attribute`.
    pub attributes: Vec<String>,
    /// Attributes of the struct field: `field_attribute`.
    pub field_attributes: Vec<String>,
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
    /// `type_attribute`, then `enum_attribute`.
    pub attributes: Vec<String>,
    pub skip_debug: bool,
    /// `json`: serde impls in the proto3 JSON mapping.
    pub json: bool,
    /// `google.protobuf.NullValue`, written as JSON `null`.
    pub json_null: bool,
}

pub struct EnumValue<'a> {
    pub name: &'a str,
    pub number: i32,
    pub rust_name: String,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
    /// `field_attribute` on `.pkg.Enum.VALUE`.
    pub attributes: Vec<String>,
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
    /// Every Rust name the service's code introduces.
    pub names: ServiceNames,
    pub attributes: ServiceAttributes,
}

/// Attributes from the options for a service's generated items.
#[derive(Debug, Clone, Default)]
pub struct ServiceAttributes {
    /// `trait_attribute`
    pub server_trait: Vec<String>,
    /// `server_attribute`
    pub server: Vec<String>,
    /// `client_attribute`
    pub client: Vec<String>,
    /// `server_mod_attribute`
    pub server_module: Vec<String>,
    /// `client_mod_attribute`
    pub client_module: Vec<String>,
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
    /// Input and output messages, with their paths from the service's modules.
    pub input: TypeRef,
    pub output: TypeRef,
    pub kind: StreamingKind,
    pub comments: Comments<'a>,
    pub deprecated: bool,
    pub position: Position,
    pub names: MethodNames,
    /// `/pkg.Service/Method`, as on the wire.
    pub path: String,
}

impl StreamingKind {
    /// The client sends a stream.
    pub fn streams_in(self) -> bool {
        matches!(self, StreamingKind::ClientStreaming | StreamingKind::Bidi)
    }

    /// The server answers with a stream.
    pub fn streams_out(self) -> bool {
        matches!(self, StreamingKind::ServerStreaming | StreamingKind::Bidi)
    }
}
