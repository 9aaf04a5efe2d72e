//! Every path into the runtime crates the generated code uses, named in one place.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::RuntimePaths;

/// Paths to the message runtime (prost), as text spelled the way prettyplease prints them.
#[derive(Clone)]
pub struct Prost {
    root: String,
    string: String,
    vec: String,
    boxed: String,
    btree_map: String,
    bytes: String,
    /// The root has generic arguments (an odd `prost_path`): its text is not prettyplease's.
    needs_layout: bool,
}

impl Prost {
    /// The paths under `prost_path` (checked to parse when the options were read).
    pub fn new(paths: &RuntimePaths) -> Self {
        match syn::parse_str::<syn::Path>(paths.prost_root()) {
            Ok(path) => {
                let needs_layout = path.segments.iter().any(|s| !s.arguments.is_none());
                Prost::with_root(super::code::path_text(&path), needs_layout)
            }
            Err(_) => Prost::with_root(paths.prost_root().to_owned(), true),
        }
    }

    fn with_root(root: String, needs_layout: bool) -> Self {
        Prost {
            string: format!("{root}::alloc::string::String"),
            vec: format!("{root}::alloc::vec::Vec"),
            boxed: format!("{root}::alloc::boxed::Box"),
            btree_map: format!("{root}::alloc::collections::BTreeMap"),
            bytes: format!("{root}::bytes::Bytes"),
            root,
            needs_layout,
        }
    }

    pub fn root(&self) -> &str {
        &self.root
    }
    pub fn string(&self) -> &str {
        &self.string
    }
    pub fn vec(&self) -> &str {
        &self.vec
    }
    pub fn boxed(&self) -> &str {
        &self.boxed
    }
    pub fn btree_map(&self) -> &str {
        &self.btree_map
    }
    pub fn hash_map(&self) -> &str {
        "::std::collections::HashMap"
    }
    pub fn option(&self) -> &str {
        "::core::option::Option"
    }
    /// `bytes::Bytes` as prost re-exports it.
    pub fn bytes(&self) -> &str {
        &self.bytes
    }
    /// One of prost's derive macros (`::prost::Message`).
    pub fn derive(&self, name: &str) -> String {
        format!("{}::{name}", self.root)
    }
    /// Whether code using these paths must be laid out by prettyplease (see [`Prost::root`]).
    pub fn needs_layout(&self) -> bool {
        self.needs_layout
    }
}

/// Paths to the gRPC runtime (tonic 0.14 with tonic-prost): every one the service code
/// uses, as text, and the shared plumbing templates written against them. A second backend
/// (the `grpc` crate, say) would be another struct like this one.
#[derive(Clone)]
pub struct Tonic {
    /// `tonic_path` as prettyplease prints it (`::tonic`).
    root: String,
    /// `tonic_path`, `codec_path` and `prost_path` as given, for the templates.
    tonic_path: String,
    codec_path: String,
    prost_path: String,
}

/// The server half of the shared plumbing (see the template for what it holds).
pub const SERVER_PLUMBING: &str = include_str!("../../templates/grpc_server.rs");
/// The client half of the shared plumbing.
pub const CLIENT_PLUMBING: &str = include_str!("../../templates/grpc_client.rs");
/// The service descriptor types.
pub const DESCRIPTOR_TYPES: &str = include_str!("../../templates/grpc_descriptor.rs");

/// tonic's own path, the one the service code is laid out for.
const DEFAULT_ROOT: &str = "::tonic";

impl Tonic {
    /// The runtime paths the options ask for (`tonic_path`, `codec_path`, `prost_path`);
    /// they were checked to parse as Rust paths when the options were read.
    pub fn new(paths: &RuntimePaths) -> Self {
        let root = syn::parse_str::<syn::Path>(&paths.tonic)
            .map(|p| super::code::path_text(&p))
            .unwrap_or_else(|_| DEFAULT_ROOT.to_owned());
        Tonic {
            root,
            tonic_path: paths.tonic.clone(),
            codec_path: paths.codec.clone(),
            prost_path: paths.prost_root().to_owned(),
        }
    }

    /// Whether the paths are tonic's own: the fixed parts of the service code are written in
    /// prettyplease's layout for their lengths, and re-laid out for any other.
    pub fn is_default(&self) -> bool {
        self.root == DEFAULT_ROOT
    }

    /// A template's text with the runtime paths the options chose.
    fn with_paths(&self, template: &str) -> String {
        template
            .replace("::tonic_prost::ProstCodec", &self.codec_path)
            .replace("::tonic::", &format!("{}::", self.tonic_path))
            .replace("::prost::", &format!("{}::", self.prost_path))
    }

    /// Text written for `::tonic` with the paths the options chose.
    pub fn replace_root(&self, text: &str) -> String {
        text.replace("::tonic::", &format!("{}::", self.root))
    }

    fn path(&self, rest: &str) -> String {
        format!("{}::{rest}", self.root)
    }

    pub fn request(&self) -> String {
        self.path("Request")
    }
    pub fn response(&self) -> String {
        self.path("Response")
    }
    pub fn status(&self) -> String {
        self.path("Status")
    }
    /// The incoming message stream of a server or client (`tonic::Streaming`).
    pub fn streaming(&self) -> String {
        self.path("Streaming")
    }
    /// The `Stream` trait (futures-core's, as tonic re-exports it).
    pub fn stream_trait(&self) -> String {
        self.path("codegen::tokio_stream::Stream")
    }
    pub fn trait_into_request(&self) -> String {
        self.path("IntoRequest")
    }
    pub fn trait_into_streaming_request(&self) -> String {
        self.path("IntoStreamingRequest")
    }
    pub fn async_trait(&self) -> String {
        self.path("async_trait")
    }
    pub fn intercepted_service(&self) -> String {
        self.path("service::interceptor::InterceptedService")
    }
    pub fn named_service(&self) -> String {
        self.path("server::NamedService")
    }
    /// tower's `Service` trait.
    pub fn tower_service(&self) -> String {
        self.path("codegen::Service")
    }
    pub fn http(&self) -> String {
        self.path("codegen::http")
    }
    pub fn client_grpc(&self) -> String {
        self.path("client::Grpc")
    }
    pub fn channel(&self) -> String {
        self.path("transport::Channel")
    }

    /// The shared plumbing of one `_grpc.rs` file: descriptor types always, then the
    /// server and client halves that are generated.
    pub fn plumbing(&self, server: bool, client: bool) -> crate::error::Result<TokenStream> {
        let mut items = parse_template("grpc_descriptor.rs", DESCRIPTOR_TYPES)?;
        if server {
            let server = parse_template("grpc_server.rs", &self.with_paths(SERVER_PLUMBING))?;
            items.extend(quote!(pub mod server { #server }));
        }
        if client {
            let client = parse_template("grpc_client.rs", &self.with_paths(CLIENT_PLUMBING))?;
            items.extend(quote!(pub mod client { #client }));
        }
        Ok(items)
    }
}

/// A template's items as tokens, without its `//!` header.
fn parse_template(name: &str, text: &str) -> crate::error::Result<TokenStream> {
    let file = syn::parse_file(text).map_err(|e| {
        crate::error::err!(
            "internal error: the template {name} does not parse as Rust ({e}); please report it"
        )
    })?;
    let items = file.items;
    Ok(quote!(#(#items)*))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_have_no_holes() {
        for (name, text) in [
            ("grpc_server.rs", SERVER_PLUMBING),
            ("grpc_client.rs", CLIENT_PLUMBING),
            ("grpc_descriptor.rs", DESCRIPTOR_TYPES),
        ] {
            let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!file.items.is_empty(), "{name} has items");
            let hole = text
                .as_bytes()
                .windows(2)
                .any(|w| w[0] == b'#' && (w[1].is_ascii_alphabetic() || w[1] == b'('));
            assert!(!hole, "{name} has a quote! hole");
        }
        let defaults = crate::model::Settings::from_options(&Default::default()).runtime;
        let all = Tonic::new(&defaults)
            .plumbing(true, true)
            .unwrap()
            .to_string();
        assert!(all.contains("pub mod server"));
        assert!(all.contains("pub mod client"));
        let none = Tonic::new(&defaults)
            .plumbing(false, false)
            .unwrap()
            .to_string();
        assert!(!none.contains("pub mod server") && !none.contains("pub mod client"));
    }
}
