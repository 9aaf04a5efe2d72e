//! The descriptor types the generator reads.
//!
//! Everything else in the crate names descriptor types through this module, so the raw
//! representation can change (prost-types today, the project's own generated
//! descriptors for editions later) without touching the model or the code generators.

pub use prost_types::compiler::code_generator_response::{Feature, File as ResponseFile};
pub use prost_types::compiler::{CodeGeneratorRequest, CodeGeneratorResponse, Version};
pub use prost_types::field_descriptor_proto::{Label, Type};
pub use prost_types::source_code_info::Location;
pub use prost_types::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, FileDescriptorSet, MethodDescriptorProto, OneofDescriptorProto,
    ServiceDescriptorProto, SourceCodeInfo,
};
