//! What the options decide for a whole run, resolved once: the runtime paths the generated
//! code names, which halves of the services to write, and what goes in the output. Options
//! that apply to elements by path are resolved onto the elements instead (see
//! [`super::build`]); code generators read these settings and never the options.

use crate::options::Options;

/// The prost crate's path when `prost_path` is not given.
pub const DEFAULT_PROST: &str = "::prost";

/// Settings of the whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub runtime: RuntimePaths,
    pub services: ServiceSettings,
    /// `message_impl`: how messages implement `prost::Message`.
    pub message_impl: MessageImpl,
    /// Embed each package's encoded `FileDescriptorSet`.
    pub file_descriptor_set: bool,
    /// Name the generator and protoc versions in each file's header.
    pub versions: bool,
    /// The module tree file (`mod.rs`).
    pub mod_file: String,
}

/// Paths of the runtime crates, as the options give them (each checked to be a Rust path
/// when the options were read).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RuntimePaths {
    /// `prost_path`; `None` for `::prost`, which needs no `#[prost(prost_path)]`.
    pub prost: Option<String>,
    pub prost_types: String,
    pub tonic: String,
    pub codec: String,
    /// `runtime_path`: the rustsvc-runtime crate (typed enum values, JSON).
    pub support: String,
}

/// Who writes a message's `prost::Message`, `Default` and `Debug` impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageImpl {
    /// prost's derive macros (`#[derive(::prost::Message)]`), as prost-build does.
    Derive,
    /// The generator writes the impls itself (`codegen::message_impl`).
    Own,
}

/// Which parts of a service's code to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceSettings {
    pub server: bool,
    pub client: bool,
    pub transport: bool,
    pub async_trait: bool,
    pub unimplemented_defaults: bool,
}

impl Settings {
    pub fn from_options(options: &Options) -> Settings {
        Settings {
            runtime: RuntimePaths {
                prost: options.prost_path.clone(),
                prost_types: options.prost_types_path.clone(),
                tonic: options.tonic_path.clone(),
                codec: options.codec_path.clone(),
                support: options.runtime_path.clone(),
            },
            services: ServiceSettings {
                server: options.server,
                client: options.client,
                transport: options.transport,
                async_trait: options.async_trait,
                unimplemented_defaults: options.unimplemented_defaults,
            },
            message_impl: if options.message_impl == "own" {
                MessageImpl::Own
            } else {
                MessageImpl::Derive
            },
            file_descriptor_set: options.file_descriptor_set,
            versions: options.versions,
            mod_file: options.mod_file.clone(),
        }
    }
}

impl Default for Settings {
    /// The settings of the default options.
    fn default() -> Self {
        Settings::from_options(&Options::default())
    }
}

impl RuntimePaths {
    /// `prost_path`, or `::prost`.
    pub fn prost_root(&self) -> &str {
        self.prost.as_deref().unwrap_or(DEFAULT_PROST)
    }
}
