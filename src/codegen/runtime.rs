//! Every path into the runtime crates the generated code uses, named in one place.

use proc_macro2::{Group, Spacing, TokenStream, TokenTree};

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

/// Paths into the support crate `rustsvc-runtime` (`runtime_path`), as text spelled the way
/// prettyplease prints them: what `typed_enums` needs.
#[derive(Clone)]
pub struct Support {
    root: String,
}

impl Support {
    /// The paths under `runtime_path` (checked to parse when the options were read).
    pub fn new(paths: &RuntimePaths) -> Self {
        let root = syn::parse_str::<syn::Path>(&paths.support)
            .map(|p| super::code::path_text(&p))
            .unwrap_or_else(|_| paths.support.clone());
        Support { root }
    }

    /// The value type of open enum fields.
    pub fn enum_value(&self) -> String {
        format!("{}::EnumValue", self.root)
    }
    /// The trait every enum implements under `typed_enums`.
    pub fn proto_enum(&self) -> String {
        format!("{}::ProtoEnum", self.root)
    }
    /// The encoding functions of typed enum fields.
    pub fn enum_encoding(&self) -> String {
        format!("{}::enum_value::encoding", self.root)
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

    /// A template's tokens with the runtime paths the options chose: `::tonic::…`,
    /// `::prost::…` and `::tonic_prost::ProstCodec` rewritten as paths, token by token
    /// (text in strings and doc comments is left alone).
    pub fn with_paths(&self, tokens: TokenStream) -> TokenStream {
        let rules = [
            PathRule::new(&["tonic_prost", "ProstCodec"], &self.codec_path, false),
            PathRule::new(&["tonic"], &self.tonic_path, true),
            PathRule::new(&["prost"], &self.prost_path, true),
        ];
        rewrite_paths(tokens, &rules)
    }

    /// A fragment of service code written for `::tonic`, as text of tokens with the paths
    /// the options chose.
    pub fn rewrite_fragment(&self, fragment: &str) -> String {
        match fragment.parse::<TokenStream>() {
            Ok(tokens) => self.with_paths(tokens).to_string(),
            // The templates are tokens (a unit test says so); keep the text if not.
            Err(_) => fragment.to_owned(),
        }
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
}

/// A rewrite of an absolute path's leading segments (`::tonic`) to another path.
struct PathRule {
    segments: Vec<&'static str>,
    replacement: TokenStream,
    /// Only where more segments follow (`::tonic::x`, not a bare `::tonic`).
    prefix_only: bool,
}

impl PathRule {
    fn new(segments: &[&'static str], replacement: &str, prefix_only: bool) -> Self {
        PathRule {
            segments: segments.to_vec(),
            // Checked to parse as a Rust path when the options were read.
            replacement: replacement.parse().unwrap_or_default(),
            prefix_only,
        }
    }

    /// How many tokens from `tokens[i]` the rule's path takes, if it starts there.
    fn matches(&self, tokens: &[TokenTree], i: usize) -> Option<usize> {
        let mut at = i;
        for segment in &self.segments {
            if !is_path_sep(tokens, at) {
                return None;
            }
            match tokens.get(at + 2) {
                Some(TokenTree::Ident(id)) if id == segment => at += 3,
                _ => return None,
            }
        }
        if self.prefix_only && !is_path_sep(tokens, at) {
            return None;
        }
        Some(at - i)
    }
}

/// `::` at `tokens[i]`.
fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!(
        (tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
    )
}

/// Keywords a path may follow (`impl ::tonic::X`); after any other identifier a `::`
/// continues a path.
const STARTS_TYPE: &[&str] = &[
    "impl", "dyn", "as", "for", "in", "where", "mut", "const", "static", "let", "return", "use",
    "pub", "fn", "type", "move", "ref", "else", "if", "match", "while", "unsafe", "async",
];

/// Rewrites absolute paths by the first rule that matches, in groups too. A `::` that
/// continues a path (`a::tonic::x`) is not the start of one.
fn rewrite_paths(tokens: TokenStream, rules: &[PathRule]) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    let mut i = 0;
    while i < tokens.len() {
        let continues_path = i > 0
            && matches!(&tokens[i - 1], TokenTree::Ident(id) if !STARTS_TYPE.iter().any(|k| id == k));
        if !continues_path {
            if let Some((rule, len)) = rules
                .iter()
                .find_map(|r| r.matches(&tokens, i).map(|len| (r, len)))
            {
                out.extend(rule.replacement.clone());
                i += len;
                continue;
            }
        }
        match &tokens[i] {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), rewrite_paths(g.stream(), rules));
                group.set_span(g.span());
                out.extend([TokenTree::Group(group)]);
            }
            other => out.extend([other.clone()]),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_rewritten_as_paths() {
        let paths = RuntimePaths {
            prost: Some("crate::re::prost".to_owned()),
            prost_types: "::prost_types".to_owned(),
            tonic: "::my::tonic".to_owned(),
            codec: "crate::Codec".to_owned(),
            support: "::rustsvc_runtime".to_owned(),
        };
        let t = Tonic::new(&paths);
        let text = t.rewrite_fragment(
            "/// Uses ::tonic::Status.\nfn f(a: ::tonic::Status, c: ::tonic_prost::ProstCodec<A, B>, \
             m: impl ::prost::Message, x: a::tonic::X, y: ::tonic) -> \"::tonic::\" {}",
        );
        let expected: TokenStream = "/// Uses ::tonic::Status.\nfn f(a: ::my::tonic::Status, \
             c: crate::Codec<A, B>, m: impl crate::re::prost::Message, x: a::tonic::X, \
             y: ::tonic) -> \"::tonic::\" {}"
            .parse()
            .unwrap();
        assert_eq!(text, expected.to_string());
    }
}
