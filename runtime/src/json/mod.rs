//! The proto3 JSON mapping ("ProtoJSON") for generated code (feature `json`).

pub mod text;
