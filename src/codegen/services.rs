//! Services → `<package>_grpc.rs`: per service a server trait and tower server in
//! `<service>_server`, a client in `<service>_client` (tonic-build's names), package-level
//! constants for the service name and each method's full path, and a static descriptor.
//!
//! What the methods share lives once per file in the hidden `__rustsvc` module (the
//! templates `grpc_server.rs`, `grpc_client.rs`, `grpc_descriptor.rs`): one generic adapter
//! per streaming kind, so each rpc costs one match arm in the server and a one-line body in
//! the client instead of tonic-build's struct, impl and call sequence per method.
//!
//! The native server trait (the default) declares each method as
//! `fn m(&self, Request<In>) -> impl Future<Output = Result<Response<Out>, Status>> + Send`,
//! which an implementation writes as a plain `async fn`. A streaming response is
//! `Response<impl Stream<Item = Result<Out, Status>> + Send + 'static>` nested in that future:
//! an implementation returns any stream it likes (an `impl Stream`, a channel receiver
//! stream, an `async-stream` block) without naming or boxing it. An associated stream type
//! with a default would need unstable `associated_type_defaults`, and a boxed stream would
//! cost an allocation per call; the nested `impl Trait` needs neither and works on stable
//! Rust (1.75+). The server adapter passes the implementation's own stream type to tonic.

use proc_macro2::TokenStream;
use quote::quote;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::messages::option_attrs;
use super::runtime::Tonic;
use super::{docs, Context};
use crate::error::{err, Result};
use crate::model::{Method, Package, Scope, Service, StreamingKind};
use crate::names::{self, ident, MethodNames, ServiceNames};

/// Everything a service's code needs, decided before any `quote!`.
struct Svc<'s, 'a> {
    service: &'s Service<'a>,
    names: ServiceNames,
    rpcs: Vec<Rpc<'s, 'a>>,
}

struct Rpc<'s, 'a> {
    method: &'s Method<'a>,
    names: MethodNames,
    path: String,
    /// Input and output message types as seen from the server and client modules.
    input: TokenStream,
    output: TokenStream,
}

/// A package's `_grpc.rs`: the shared plumbing (formatted once per run and option set, the
/// same text in every file) and the package's own items. `None` when it has no services.
pub struct GrpcFile {
    pub plumbing: Arc<str>,
    pub items: TokenStream,
}

/// The `_grpc.rs` content of a package, or `None` when it has no services.
pub fn package(ctx: &Context<'_, '_>, package: &Package<'_>) -> Result<Option<GrpcFile>> {
    if !package.has_services() {
        return Ok(None);
    }
    let services = resolve(ctx, package)?;
    check_names(ctx, package, &services)?;
    let rt = Tonic::from_options(ctx.options);
    let (server, client) = (ctx.options.server, ctx.options.client);
    let plumbing = plumbing_text(ctx.options, &rt)?;
    let mut items = Vec::new();
    for svc in &services {
        items.push(constants(svc));
        if server {
            items.push(server_module(ctx, &rt, svc)?);
        }
        if client {
            items.push(client_module(ctx, &rt, svc)?);
        }
    }
    Ok(Some(GrpcFile {
        plumbing,
        items: quote!(#(#items)*),
    }))
}

/// The plumbing for the default options, as [`format_plumbing`] lays it out.
const DEFAULT_PLUMBING: &str = include_str!("../../templates/grpc_plumbing.formatted.rs");

/// The plumbing module from the templates, formatted.
pub fn format_plumbing(options: &crate::options::Options, rt: &Tonic) -> Result<String> {
    let plumbing = rt.plumbing(options.server, options.client)?;
    let plumbing_mod = ident(names::GRPC_PLUMBING_MODULE);
    let item = quote! {
        /// Plumbing shared by the services of this file; not part of the API.
        #[doc(hidden)]
        pub mod #plumbing_mod {
            #![allow(dead_code)]
            #plumbing
        }
    };
    crate::output::format_items("the gRPC plumbing", item)
}

/// The plumbing module, formatted; computed once per set of options that shape it.
fn plumbing_text(options: &crate::options::Options, rt: &Tonic) -> Result<Arc<str>> {
    type Cache = Mutex<HashMap<(bool, bool, String, String, Option<String>), Arc<str>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = (
        options.server,
        options.client,
        options.tonic_path.clone(),
        options.codec_path.clone(),
        options.prost_path.clone(),
    );
    let defaults = crate::options::Options::default();
    if key
        == (
            true,
            true,
            defaults.tonic_path.clone(),
            defaults.codec_path.clone(),
            defaults.prost_path.clone(),
        )
    {
        // The common case, formatted ahead of time (a test keeps it equal to
        // `format_plumbing` of the default options), so start-up parses no template.
        return Ok(Arc::from(DEFAULT_PLUMBING));
    }
    let cache = CACHE.get_or_init(Default::default);
    if let Some(text) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(text.clone());
    }
    let text: Arc<str> = format_plumbing(options, rt)?.into();
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, text.clone());
    Ok(text)
}

fn resolve<'s, 'a>(ctx: &Context<'_, 'a>, package: &'s Package<'a>) -> Result<Vec<Svc<'s, 'a>>> {
    let mut out = Vec::new();
    for file in &package.files {
        for service in &file.services {
            let names = names::service_names(service.name);
            let mut from = package.modules.clone();
            from.push(names.server_module.clone());
            let mut rpcs = Vec::new();
            for method in &service.methods {
                let ty = |fq: &str| -> Result<TokenStream> {
                    let info = ctx.model.types.get(fq).ok_or_else(|| {
                        err!(
                            "{}: method '{}' of service '{}' refers to unknown type '{fq}'",
                            method.position,
                            method.name,
                            service.full_name
                        )
                    })?;
                    Ok(ctx.model.types.rust_path(info, &from).0)
                };
                rpcs.push(Rpc {
                    method,
                    names: names::method_names(service.name, method.name),
                    path: names::method_path(&service.full_name, method.name),
                    input: ty(method.input)?,
                    output: ty(method.output)?,
                });
            }
            out.push(Svc {
                service,
                names,
                rpcs,
            });
        }
    }
    Ok(out)
}

/// Real ambiguity is an error naming both elements: two rpcs with one Rust method, a
/// message or module with the name of a generated client, server or module, two services
/// with one module.
fn check_names(
    ctx: &Context<'_, '_>,
    package: &Package<'_>,
    services: &[Svc<'_, '_>],
) -> Result<()> {
    let what = if package.name.is_empty() {
        "the root module".to_owned()
    } else {
        format!("the Rust module of package '{}'", package.name)
    };
    let mut scope = Scope::new(&what);
    for file in &package.files {
        for m in &file.messages {
            let name = &m.full_name[1..];
            scope.add(&m.rust_name, format!("message '{name}'"), &m.position)?;
            if m.has_nested_items() {
                scope.add(
                    &format!("mod {}", m.nested_module),
                    format!("the nested types of message '{name}'"),
                    &m.position,
                )?;
            }
        }
        for e in &file.enums {
            scope.add(
                &e.rust_name,
                format!("enum '{}'", &e.full_name[1..]),
                &e.position,
            )?;
        }
    }
    if let Some(first) = services.first() {
        scope.add(
            &format!("mod {}", names::GRPC_PLUMBING_MODULE),
            "the generated plumbing module".to_owned(),
            &first.service.position,
        )?;
    }
    for svc in services {
        let s = svc.service;
        let pos = &s.position;
        let full = &s.full_name;
        let n = &svc.names;
        if ctx.options.server {
            scope.add(
                &format!("mod {}", n.server_module),
                format!("the server module of service '{full}'"),
                pos,
            )?;
            scope.add(&n.server, format!("the server of service '{full}'"), pos)?;
        }
        if ctx.options.client {
            scope.add(
                &format!("mod {}", n.client_module),
                format!("the client module of service '{full}'"),
                pos,
            )?;
            scope.add(&n.client, format!("the client of service '{full}'"), pos)?;
        }
        scope.add(
            &n.name_const,
            format!("the name constant of service '{full}'"),
            pos,
        )?;
        scope.add(
            &n.descriptor,
            format!("the descriptor of service '{full}'"),
            pos,
        )?;
        let what = format!("the methods of service '{full}'");
        let mut methods = Scope::new(&what);
        let mut streams = Scope::new(&what);
        for rpc in &svc.rpcs {
            let m = rpc.method;
            methods.add(&rpc.names.method, format!("rpc '{}'", m.name), &m.position)?;
            if ctx.options.async_trait && streams_out(m.kind) {
                streams.add(
                    &rpc.names.stream_type,
                    format!("rpc '{}'", m.name),
                    &m.position,
                )?;
            }
            scope.add(
                &rpc.names.path_const,
                format!("the path constant of rpc '{}' of service '{full}'", m.name),
                &m.position,
            )?;
        }
        for module in [&n.server_module, &n.client_module] {
            let mut path = package.modules.clone();
            path.push(module.clone());
            if let Some(other) = ctx
                .model
                .packages
                .iter()
                .find(|p| p.modules.starts_with(&path))
            {
                return Err(err!(
                    "{pos}: the generated module '{}' of service '{full}' is also where package \
                     '{}' goes; rename the service or the package",
                    path.join("::"),
                    other.name
                ));
            }
        }
    }
    Ok(())
}

fn streams_in(kind: StreamingKind) -> bool {
    matches!(kind, StreamingKind::ClientStreaming | StreamingKind::Bidi)
}

fn streams_out(kind: StreamingKind) -> bool {
    matches!(kind, StreamingKind::ServerStreaming | StreamingKind::Bidi)
}

fn deprecated(flag: bool) -> Option<TokenStream> {
    flag.then(|| quote!(#[deprecated]))
}

/// The service name and method path constants, and the static descriptor.
fn constants(svc: &Svc<'_, '_>) -> TokenStream {
    let s = svc.service;
    let name_const = ident(&svc.names.name_const);
    let descriptor = ident(&svc.names.descriptor);
    let full_name = &s.full_name;
    let file = s.file;
    let plumbing = ident(names::GRPC_PLUMBING_MODULE);
    let name_doc = format!(" The full name of service `{full_name}`.");
    let desc_doc = format!(" The methods of service `{full_name}`, declared in `{file}`.");
    let paths = svc.rpcs.iter().map(|rpc| {
        let c = ident(&rpc.names.path_const);
        let path = &rpc.path;
        let doc = format!(" The full path of rpc `{}`.", rpc.method.name);
        quote! {
            #[doc = #doc]
            pub const #c: &str = #path;
        }
    });
    let methods = svc.rpcs.iter().map(|rpc| {
        let c = ident(&rpc.names.path_const);
        let name = rpc.method.name;
        let kind = ident(match rpc.method.kind {
            StreamingKind::Unary => "Unary",
            StreamingKind::ServerStreaming => "ServerStreaming",
            StreamingKind::ClientStreaming => "ClientStreaming",
            StreamingKind::Bidi => "Bidi",
        });
        quote! {
            #plumbing::MethodDescriptor {
                name: #name,
                path: #c,
                kind: #plumbing::StreamingKind::#kind,
            }
        }
    });
    quote! {
        #[doc = #name_doc]
        pub const #name_const: &str = #full_name;
        #(#paths)*
        #[doc = #desc_doc]
        pub static #descriptor: #plumbing::ServiceDescriptor = #plumbing::ServiceDescriptor {
            name: #name_const,
            methods: &[#(#methods),*],
            file: #file,
        };
    }
}

fn any_deprecated(svc: &Svc<'_, '_>) -> bool {
    svc.service.deprecated || svc.rpcs.iter().any(|r| r.method.deprecated)
}

/// The message naming the method a default body does not implement.
fn unimplemented_message(svc: &Svc<'_, '_>, rpc: &Rpc<'_, '_>) -> String {
    format!(
        "method {} of service {} is not implemented",
        rpc.method.name, svc.service.full_name
    )
}

/// `<service>_server`: the trait, the server and the `SERVICE_NAME` constant.
fn server_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<TokenStream> {
    let n = &svc.names;
    let module = ident(&n.server_module);
    let trait_item = server_trait(ctx, rt, svc)?;
    let server = server_struct(ctx, rt, svc)?;
    let name_const = ident(&n.name_const);
    let allow_deprecated = any_deprecated(svc).then(|| quote!(#![allow(deprecated)]));
    // An outer doc on a module resolves links in the enclosing module.
    let doc = format!(
        " The server side of service `{}`: implement [`{trait_}`]({module}::{trait_}), serve \
         it with [`{server}`]({module}::{server}).",
        svc.service.full_name,
        trait_ = n.server_trait,
        server = n.server,
        module = n.server_module,
    );
    let fq = format!(".{}", svc.service.full_name);
    let mod_attrs = option_attrs(&ctx.options.server_mod_attribute, &fq)?;
    Ok(quote! {
        #[doc = #doc]
        #mod_attrs
        pub mod #module {
            #allow_deprecated
            #trait_item
            #server
            /// The full name of the service (as tonic-build names it).
            pub const SERVICE_NAME: &str = super::#name_const;
        }
    })
}

fn server_trait(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<TokenStream> {
    let trait_attrs = option_attrs(
        &ctx.options.trait_attribute,
        &format!(".{}", svc.service.full_name),
    )?;
    let n = &svc.names;
    let name = ident(&n.server_trait);
    let mut doc = docs::attrs(&svc.service.comments);
    if svc.service.comments.is_empty() {
        let line = format!(" The methods of service `{}`.", svc.service.full_name);
        doc = quote!(#[doc = #line]);
    }
    let dep = deprecated(svc.service.deprecated);
    let methods = svc.rpcs.iter().map(|rpc| trait_method(ctx, rt, svc, rpc));
    let attr = ctx.options.async_trait.then(|| {
        let a = rt.async_trait();
        quote!(#[#a])
    });
    Ok(quote! {
        #doc
        #trait_attrs
        #dep
        #attr
        pub trait #name: ::core::marker::Send + ::core::marker::Sync + 'static {
            #(#methods)*
        }
    })
}

fn trait_method(
    ctx: &Context<'_, '_>,
    rt: &Tonic,
    svc: &Svc<'_, '_>,
    rpc: &Rpc<'_, '_>,
) -> TokenStream {
    let m = rpc.method;
    let doc = docs::attrs(&m.comments);
    let dep = deprecated(m.deprecated);
    let name = ident(&rpc.names.method);
    let status = rt.status();
    let (input, output) = (&rpc.input, &rpc.output);
    let request = if streams_in(m.kind) {
        rt.request(rt.streaming(quote!(#input)))
    } else {
        rt.request(quote!(#input))
    };
    let message = unimplemented_message(svc, rpc);
    let stream = rt.stream_trait();
    let item = quote!(::core::result::Result<#output, #status>);
    if ctx.options.async_trait {
        let (assoc, response) = if streams_out(m.kind) {
            let assoc = ident(&rpc.names.stream_type);
            let assoc_doc = format!(" The response stream of `{}`.", rpc.names.method);
            (
                Some(quote! {
                    #[doc = #assoc_doc]
                    type #assoc: #stream<Item = #item> + ::core::marker::Send + 'static;
                }),
                rt.response(quote!(Self::#assoc)),
            )
        } else {
            (None, rt.response(quote!(#output)))
        };
        let body = if ctx.options.unimplemented_defaults {
            quote!({
                let _ = request;
                ::core::result::Result::Err(#status::unimplemented(#message))
            })
        } else {
            quote!(;)
        };
        return quote! {
            #assoc
            #doc
            #dep
            async fn #name(&self, request: #request) -> ::core::result::Result<#response, #status> #body
        };
    }
    let response = if streams_out(m.kind) {
        rt.response(quote!(impl #stream<Item = #item> + ::core::marker::Send + 'static + use<Self>))
    } else {
        rt.response(quote!(#output))
    };
    let body = if !ctx.options.unimplemented_defaults {
        quote!(;)
    } else if streams_out(m.kind) {
        let plumbing = ident(names::GRPC_PLUMBING_MODULE);
        let none = rt.response(quote!(super::#plumbing::server::NoStream<#output>));
        quote!({
            let _ = request;
            async move {
                ::core::result::Result::<#none, #status>::Err(#status::unimplemented(#message))
            }
        })
    } else {
        quote!({
            let _ = request;
            async move { ::core::result::Result::Err(#status::unimplemented(#message)) }
        })
    };
    quote! {
        #doc
        #dep
        fn #name(&self, request: #request)
            -> impl ::core::future::Future<Output = ::core::result::Result<#response, #status>>
                + ::core::marker::Send
            #body
    }
}

fn server_struct(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<TokenStream> {
    let server_attrs = option_attrs(
        &ctx.options.server_attribute,
        &format!(".{}", svc.service.full_name),
    )?;
    let n = &svc.names;
    let server = ident(&n.server);
    let server_trait = ident(&n.server_trait);
    let name_const = ident(&n.name_const);
    let plumbing = ident(names::GRPC_PLUMBING_MODULE);
    let dep = deprecated(svc.service.deprecated);
    let doc = format!(
        " Serves an implementation of [`{}`] as a tower service; unknown methods answer \
         `Unimplemented`.",
        n.server_trait
    );
    let (http, body, std_error) = (rt.http(), rt.http_body(), rt.std_error());
    let (compression, interceptor, intercepted) = (
        rt.compression_encoding(),
        rt.interceptor(),
        rt.intercepted_service(),
    );
    let (tower_service, named_service, response_body) =
        (rt.tower_service(), rt.named_service(), rt.body());
    let arms = svc.rpcs.iter().map(|rpc| {
        let c = ident(&rpc.names.path_const);
        let method = ident(&rpc.names.method);
        let route = ident(match rpc.method.kind {
            StreamingKind::Unary => "unary",
            StreamingKind::ServerStreaming => "server_streaming",
            StreamingKind::ClientStreaming => "client_streaming",
            StreamingKind::Bidi => "streaming",
        });
        quote! {
            super::#c => super::#plumbing::server::#route(
                &self.config,
                &self.inner,
                request,
                |s: ::std::sync::Arc<T>, r| async move { s.#method(r).await },
            ),
        }
    });
    let route = if svc.rpcs.is_empty() {
        quote! {
            let _ = request;
            super::#plumbing::server::unimplemented()
        }
    } else {
        quote! {
            match request.uri().path() {
                #(#arms)*
                _ => super::#plumbing::server::unimplemented(),
            }
        }
    };
    Ok(quote! {
        #[doc = #doc]
        #server_attrs
        #dep
        #[derive(Debug)]
        pub struct #server<T> {
            inner: ::std::sync::Arc<T>,
            config: super::#plumbing::server::Config,
        }

        impl<T> #server<T> {
            /// Serves `inner`.
            pub fn new(inner: T) -> Self {
                Self::from_arc(::std::sync::Arc::new(inner))
            }

            /// Serves a shared `inner`.
            pub fn from_arc(inner: ::std::sync::Arc<T>) -> Self {
                Self { inner, config: ::core::default::Default::default() }
            }

            /// Serves `inner` behind an interceptor that sees every request first.
            pub fn with_interceptor<F: #interceptor>(inner: T, interceptor: F) -> #intercepted<Self, F> {
                #intercepted::new(Self::new(inner), interceptor)
            }

            /// Accepts requests compressed with `encoding`.
            #[must_use]
            pub fn accept_compressed(mut self, encoding: #compression) -> Self {
                self.config = self.config.accept_compressed(encoding);
                self
            }

            /// Compresses responses with `encoding` when the client accepts it.
            #[must_use]
            pub fn send_compressed(mut self, encoding: #compression) -> Self {
                self.config = self.config.send_compressed(encoding);
                self
            }

            /// Limits the size of a decoded request message (default 4 MiB).
            #[must_use]
            pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                self.config = self.config.max_decoding_message_size(limit);
                self
            }

            /// Limits the size of an encoded response message (default `usize::MAX`).
            #[must_use]
            pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                self.config = self.config.max_encoding_message_size(limit);
                self
            }
        }

        impl<T> ::core::clone::Clone for #server<T> {
            fn clone(&self) -> Self {
                Self { inner: self.inner.clone(), config: self.config }
            }
        }

        impl<T, B> #tower_service<#http::Request<B>> for #server<T>
        where
            T: #server_trait,
            B: #body + ::core::marker::Send + 'static,
            B::Error: ::core::convert::Into<#std_error> + ::core::marker::Send + 'static,
        {
            type Response = #http::Response<#response_body>;
            type Error = ::core::convert::Infallible;
            type Future = super::#plumbing::server::RouteFuture;

            fn poll_ready(
                &mut self,
                _cx: &mut ::core::task::Context<'_>,
            ) -> ::core::task::Poll<::core::result::Result<(), Self::Error>> {
                ::core::task::Poll::Ready(::core::result::Result::Ok(()))
            }

            fn call(&mut self, request: #http::Request<B>) -> Self::Future {
                #route
            }
        }

        impl<T> #named_service for #server<T> {
            const NAME: &'static str = super::#name_const;
        }
    })
}

/// `<service>_client`: the client.
fn client_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<TokenStream> {
    let fq = format!(".{}", svc.service.full_name);
    let client_attrs = option_attrs(&ctx.options.client_attribute, &fq)?;
    let client_mod_attrs = option_attrs(&ctx.options.client_mod_attribute, &fq)?;
    let n = &svc.names;
    let module = ident(&n.client_module);
    let client = ident(&n.client);
    let plumbing = ident(names::GRPC_PLUMBING_MODULE);
    let mut doc = docs::attrs(&svc.service.comments);
    if svc.service.comments.is_empty() {
        let line = format!(" A client of service `{}`.", svc.service.full_name);
        doc = quote!(#[doc = #line]);
    }
    let dep = deprecated(svc.service.deprecated);
    let allow_deprecated = any_deprecated(svc).then(|| quote!(#![allow(deprecated)]));
    let module_doc = format!(" The client side of service `{}`.", svc.service.full_name);
    let grpc = rt.client_grpc();
    let (compression, interceptor, intercepted, http) = (
        rt.compression_encoding(),
        rt.interceptor(),
        rt.intercepted_service(),
        rt.http(),
    );
    let connect = ctx.options.transport.then(|| {
        let (channel, endpoint, error, std_error) = (
            rt.channel(),
            rt.endpoint(),
            rt.transport_error(),
            rt.std_error(),
        );
        quote! {
            impl #client<#channel> {
                /// Connects to `dst` (a URI such as `http://127.0.0.1:10010`).
                pub async fn connect<D>(dst: D) -> ::core::result::Result<Self, #error>
                where
                    D: ::core::convert::TryInto<#endpoint>,
                    D::Error: ::core::convert::Into<#std_error>,
                {
                    let channel = #endpoint::new(dst)?.connect().await?;
                    ::core::result::Result::Ok(Self::new(channel))
                }
            }
        }
    });
    let methods = svc.rpcs.iter().map(|rpc| client_method(rt, rpc));
    Ok(quote! {
        #[doc = #module_doc]
        #client_mod_attrs
        pub mod #module {
            #allow_deprecated
            #doc
            #client_attrs
            #dep
            #[derive(Debug, Clone)]
            pub struct #client<T> {
                inner: #grpc<T>,
            }

            #connect

            impl<T: super::#plumbing::client::Channel> #client<T> {
                /// A client over `inner`, a channel or any tonic `GrpcService`.
                pub fn new(inner: T) -> Self {
                    Self { inner: #grpc::new(inner) }
                }

                /// A client that sends its requests to `origin`.
                pub fn with_origin(inner: T, origin: #http::Uri) -> Self {
                    Self { inner: #grpc::with_origin(inner, origin) }
                }

                /// A client whose requests pass through `interceptor` first.
                pub fn with_interceptor<F>(inner: T, interceptor: F) -> #client<#intercepted<T, F>>
                where
                    F: #interceptor,
                    #intercepted<T, F>: super::#plumbing::client::Channel,
                {
                    #client::new(#intercepted::new(inner, interceptor))
                }

                /// Compresses requests with `encoding` (the server must accept it).
                #[must_use]
                pub fn send_compressed(mut self, encoding: #compression) -> Self {
                    self.inner = self.inner.send_compressed(encoding);
                    self
                }

                /// Accepts responses compressed with `encoding`.
                #[must_use]
                pub fn accept_compressed(mut self, encoding: #compression) -> Self {
                    self.inner = self.inner.accept_compressed(encoding);
                    self
                }

                /// Limits the size of a decoded response message (default 4 MiB).
                #[must_use]
                pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_decoding_message_size(limit);
                    self
                }

                /// Limits the size of an encoded request message (default `usize::MAX`).
                #[must_use]
                pub fn max_encoding_message_size(mut self, limit: usize) -> Self {
                    self.inner = self.inner.max_encoding_message_size(limit);
                    self
                }

                #(#methods)*
            }
        }
    })
}

fn client_method(rt: &Tonic, rpc: &Rpc<'_, '_>) -> TokenStream {
    let m = rpc.method;
    let doc = docs::attrs(&m.comments);
    let dep = deprecated(m.deprecated);
    let name = ident(&rpc.names.method);
    let c = ident(&rpc.names.path_const);
    let plumbing = ident(names::GRPC_PLUMBING_MODULE);
    let (input, output) = (&rpc.input, &rpc.output);
    let status = rt.status();
    let (param, convert) = if streams_in(m.kind) {
        (
            rt.into_streaming_request(quote!(#input)),
            quote!(into_streaming_request),
        )
    } else {
        (rt.into_request(quote!(#input)), quote!(into_request))
    };
    let response = if streams_out(m.kind) {
        rt.response(rt.streaming(quote!(#output)))
    } else {
        rt.response(quote!(#output))
    };
    let call = ident(match m.kind {
        StreamingKind::Unary => "unary",
        StreamingKind::ServerStreaming => "server_streaming",
        StreamingKind::ClientStreaming => "client_streaming",
        StreamingKind::Bidi => "streaming",
    });
    quote! {
        #doc
        #dep
        pub async fn #name(
            &mut self,
            request: impl #param,
        ) -> ::core::result::Result<#response, #status> {
            super::#plumbing::client::#call(&mut self.inner, request.#convert(), super::#c).await
        }
    }
}

#[cfg(test)]
mod plumbing_tests {
    use super::*;

    /// templates/grpc_plumbing.formatted.rs is the default plumbing, formatted; regenerate it
    /// with `UPDATE_GOLDEN=1 cargo test --lib plumbing` after changing a template.
    #[test]
    fn preformatted_default_plumbing_is_current() {
        let options = crate::options::Options::default();
        let text = format_plumbing(&options, &Tonic::from_options(&options)).unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/grpc_plumbing.formatted.rs"
        );
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, &text).unwrap();
        }
        assert_eq!(
            DEFAULT_PLUMBING, text,
            "templates/grpc_plumbing.formatted.rs is stale: UPDATE_GOLDEN=1 cargo test --lib plumbing"
        );
    }
}
