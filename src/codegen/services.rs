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
//!
//! The code is written as text in prettyplease's layout ([`Code`]): fixed parts as they
//! print for tonic's own paths, and signatures and calls whose breaks depend on the lengths
//! of names and types through [`layout::Doc`]. Attributes from the options, type paths that
//! are not plain paths and other tonic paths make an item go through prettyplease instead.

use quote::quote;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::code::{self, Code};
use super::layout::{self, Doc};
use super::runtime::Tonic;
use super::{docs, Context};
use crate::error::{err, Result};
use crate::model::{Method, Package, Scope, Service, StreamingKind};
use crate::names::{self, ident, MethodNames, ServiceNames};

/// The hidden module of the shared plumbing, as the generated code names it.
const PLUMBING: &str = names::GRPC_PLUMBING_MODULE;

/// Everything a service's code needs, decided before any of it is written.
struct Svc<'s, 'a> {
    service: &'s Service<'a>,
    names: ServiceNames,
    rpcs: Vec<Rpc<'s, 'a>>,
    /// A message type comes from `extern_path` as a type [`type_doc`] does not know: its
    /// text is written as tokens and the modules are laid out by prettyplease.
    odd_types: bool,
}

struct Rpc<'s, 'a> {
    method: &'s Method<'a>,
    names: MethodNames,
    path: String,
    /// Input and output message types as seen from the server and client modules.
    input: String,
    output: String,
}

/// A package's `_grpc.rs`: the shared plumbing (formatted once per run and option set, the
/// same text in every file) and the package's own items, laid out.
pub struct GrpcFile {
    pub plumbing: Arc<str>,
    pub items: String,
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
    let what = format!("{}_grpc.rs", package.file_stem);
    let mut items = String::new();
    for svc in &services {
        // Each item is laid out on its own: a long line re-lays out only its item.
        constants(svc).finish_into(&what, &mut items)?;
        if server {
            server_module(ctx, &rt, svc)?.finish_into(&what, &mut items)?;
        }
        if client {
            client_module(ctx, &rt, svc)?.finish_into(&what, &mut items)?;
        }
    }
    Ok(Some(GrpcFile { plumbing, items }))
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
            let mut odd_types = false;
            let mut rpcs = Vec::new();
            for method in &service.methods {
                let mut ty = |fq: &str| -> Result<String> {
                    let info = ctx.model.types.get(fq).ok_or_else(|| {
                        err!(
                            "{}: method '{}' of service '{}' refers to unknown type '{fq}'",
                            method.position,
                            method.name,
                            service.full_name
                        )
                    })?;
                    Ok(match &info.extern_path {
                        None => names::relative_path_string(&from, &info.module, &info.rust_name),
                        Some(path) if type_doc(path).is_some() => path.clone(),
                        Some(path) => {
                            // Checked to be a Rust type when the options were read; the
                            // item goes through prettyplease.
                            odd_types = true;
                            path.clone()
                        }
                    })
                };
                let (input, output) = (ty(method.input)?, ty(method.output)?);
                rpcs.push(Rpc {
                    method,
                    names: names::method_names(service.name, method.name),
                    path: names::method_path(&service.full_name, method.name),
                    input,
                    output,
                });
            }
            out.push(Svc {
                service,
                names,
                rpcs,
                odd_types,
            });
        }
    }
    Ok(out)
}

/// A message type as a [`Doc`]: `()`, a plain path (`::a::b::C`, `super::d::E`), or one with
/// generic arguments that are such types (`::prost::alloc::vec::Vec<u8>`), written as
/// prettyplease prints them; `None` for any other text.
fn type_doc(text: &str) -> Option<Doc<'_>> {
    if text == "()" || is_plain_path(text) {
        return Some(Doc::text(text));
    }
    let (head, rest) = text.split_once('<')?;
    let args = rest.strip_suffix('>')?;
    if !is_plain_path(head) {
        return None;
    }
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in args.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                items.push(type_doc(&args[start..i])?);
                start = i + ", ".len();
            }
            _ => {}
        }
    }
    items.push(type_doc(args.get(start..)?)?);
    Some(Doc::generic(head, items))
}

/// The [`Doc`] of a message type that [`resolve`] checked, or its text.
fn message_type(text: &str) -> Doc<'_> {
    type_doc(text).unwrap_or_else(|| Doc::text(text))
}

/// `a::b::C`, `::d::E`: a path without generic arguments.
fn is_plain_path(path: &str) -> bool {
    let path = path.strip_prefix("::").unwrap_or(path);
    path.split("::").all(|segment| {
        let ident = segment.strip_prefix("r#").unwrap_or(segment);
        let mut chars = ident.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
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

/// The name of an rpc's streaming kind in the descriptor types.
fn kind_name(kind: StreamingKind) -> &'static str {
    match kind {
        StreamingKind::Unary => "Unary",
        StreamingKind::ServerStreaming => "ServerStreaming",
        StreamingKind::ClientStreaming => "ClientStreaming",
        StreamingKind::Bidi => "Bidi",
    }
}

/// The plumbing function serving or calling an rpc of its streaming kind.
fn plumbing_fn(kind: StreamingKind) -> &'static str {
    match kind {
        StreamingKind::Unary => "unary",
        StreamingKind::ServerStreaming => "server_streaming",
        StreamingKind::ClientStreaming => "client_streaming",
        StreamingKind::Bidi => "streaming",
    }
}

fn write_deprecated(code: &mut Code, flag: bool) {
    if flag {
        code.line("#[deprecated]");
    }
}

/// Fixed lines, in prettyplease's layout for tonic's own paths (with other paths the item
/// is re-laid out anyway), indented from the code's depth.
fn write_fixed(code: &mut Code, rt: &Tonic, text: &str) {
    let text = if rt.is_default() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(rt.replace_root(text))
    };
    for line in text.lines() {
        code.line(line);
    }
}

/// `impl… Trait for Type`, opening the impl's block when `open`: prettyplease moves
/// `for Type` to a line of its own when the whole does not fit.
fn write_impl_for(code: &mut Code, head: &str, self_ty: &str, open: bool) {
    let indent = code.depth() * 4;
    let brace = if open { " {".len() } else { 0 };
    let one_line = format!("{head} for {self_ty}");
    let last = if layout::fits(indent, indent + one_line.len() + brace) {
        one_line
    } else {
        code.line(head);
        format!("for {self_ty}")
    };
    if open {
        code.open(&last);
    } else {
        code.line(&last);
    }
}

/// The service name and method path constants, and the static descriptor.
fn constants(svc: &Svc<'_, '_>) -> Code {
    let s = svc.service;
    let n = &svc.names;
    let mut code = Code::new();
    code.doc(&format!(" The full name of service `{}`.", s.full_name));
    code.line_unbreakable(&format!(
        "pub const {}: &str = {};",
        n.name_const,
        code::string_literal(&s.full_name)
    ));
    for rpc in &svc.rpcs {
        code.doc(&format!(" The full path of rpc `{}`.", rpc.method.name));
        code.line_unbreakable(&format!(
            "pub const {}: &str = {};",
            rpc.names.path_const,
            code::string_literal(&rpc.path)
        ));
    }
    code.doc(&format!(
        " The methods of service `{}`, declared in `{}`.",
        s.full_name, s.file
    ));
    code.open_unbreakable(&format!(
        "pub static {}: {PLUMBING}::ServiceDescriptor = {PLUMBING}::ServiceDescriptor",
        n.descriptor
    ));
    code.line_unbreakable(&format!("name: {},", n.name_const));
    if svc.rpcs.is_empty() {
        code.line("methods: &[],");
    } else {
        // Struct expressions this wide always break, and so does the array holding them.
        code.line("methods: &[");
        for rpc in &svc.rpcs {
            code.line(&format!("    {PLUMBING}::MethodDescriptor {{"));
            code.line_unbreakable(&format!(
                "        name: {},",
                code::string_literal(rpc.method.name)
            ));
            code.line_unbreakable(&format!("        path: {},", rpc.names.path_const));
            code.line(&format!(
                "        kind: {PLUMBING}::StreamingKind::{},",
                kind_name(rpc.method.kind)
            ));
            code.line("    },");
        }
        code.line("],");
    }
    code.line_unbreakable(&format!("file: {},", code::string_literal(s.file)));
    code.close(";");
    code
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

/// A module of a service's code, re-laid out by prettyplease when what it holds is not
/// written in prettyplease's layout here.
fn module_code(rt: &Tonic, svc: &Svc<'_, '_>) -> Code {
    let mut code = Code::new();
    if !rt.is_default() || svc.odd_types {
        code.reformat();
    }
    code
}

/// `<service>_server`: the trait, the server and the `SERVICE_NAME` constant.
fn server_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<Code> {
    let fq = format!(".{}", svc.service.full_name);
    let trait_attrs = super::option_attributes(&ctx.options.trait_attribute, &fq);
    let server_attrs = super::option_attributes(&ctx.options.server_attribute, &fq);
    let mod_attrs = super::option_attributes(&ctx.options.server_mod_attribute, &fq);
    let n = &svc.names;
    let mut code = module_code(rt, svc);
    // An outer doc on a module resolves links in the enclosing module.
    code.doc(&format!(
        " The server side of service `{}`: implement [`{trait_}`]({module}::{trait_}), serve \
         it with [`{server}`]({module}::{server}).",
        svc.service.full_name,
        trait_ = n.server_trait,
        server = n.server,
        module = n.server_module,
    ));
    super::write_option_attributes(&mut code, &mod_attrs);
    code.open_unbreakable(&format!("pub mod {}", n.server_module));
    if any_deprecated(svc) {
        code.line("#![allow(deprecated)]");
    }
    server_trait(&mut code, ctx, rt, svc, &trait_attrs);
    server_struct(&mut code, rt, svc, &server_attrs);
    code.doc(" The full name of the service (as tonic-build names it).");
    code.line_unbreakable(&format!(
        "pub const SERVICE_NAME: &str = super::{};",
        n.name_const
    ));
    code.close("");
    Ok(code)
}

fn server_trait(
    code: &mut Code,
    ctx: &Context<'_, '_>,
    rt: &Tonic,
    svc: &Svc<'_, '_>,
    attrs: &[&str],
) {
    let s = svc.service;
    if s.comments.is_empty() {
        code.doc(&format!(" The methods of service `{}`.", s.full_name));
    } else {
        docs::write(code, &s.comments);
    }
    super::write_option_attributes(code, attrs);
    write_deprecated(code, s.deprecated);
    if ctx.options.async_trait {
        code.line(&format!("#[{}]", rt.async_trait()));
    }
    // Supertraits never break, whatever the length of the line.
    let head = format!(
        "pub trait {}: ::core::marker::Send + ::core::marker::Sync + 'static",
        svc.names.server_trait
    );
    if svc.rpcs.is_empty() {
        code.line_unbreakable(&format!("{head} {{}}"));
        return;
    }
    code.open_unbreakable(&head);
    for rpc in &svc.rpcs {
        if ctx.options.async_trait {
            async_trait_method(code, ctx, rt, svc, rpc);
        } else {
            trait_method(code, ctx, rt, svc, rpc);
        }
    }
    code.close("");
}

/// `::core::result::Result<ok, Status>`.
fn result<'a>(rt: &Tonic, ok: Doc<'a>) -> Doc<'a> {
    Doc::generic("::core::result::Result", vec![ok, Doc::text(rt.status())])
}

/// `request: Request<In>` (or `Request<Streaming<In>>`), a server method's parameter.
fn request_param<'a>(rt: &Tonic, rpc: &'a Rpc<'_, '_>) -> Doc<'a> {
    let input = message_type(&rpc.input);
    let message = if streams_in(rpc.method.kind) {
        Doc::generic(rt.streaming(), vec![input])
    } else {
        input
    };
    Doc::Seq(vec![
        Doc::text("request: "),
        Doc::generic(rt.request(), vec![message]),
    ])
}

/// `<prefix>(&self, request: …) -> <output>`.
fn server_signature<'a>(
    rt: &Tonic,
    rpc: &'a Rpc<'_, '_>,
    prefix: &str,
    output: Doc<'a>,
) -> Doc<'a> {
    Doc::Seq(vec![
        Doc::call(
            format!("{prefix} {}", rpc.names.method),
            vec![Doc::text("&self"), request_param(rt, rpc)],
        ),
        Doc::text(" -> "),
        output,
    ])
}

/// `Result::Err(Status::unimplemented("…"))`, with the ok type named when `ok` is given.
fn unimplemented_err<'a>(rt: &Tonic, ok: Option<Doc<'a>>, message: &str) -> Doc<'a> {
    let status = Doc::call(
        format!("{}::unimplemented", rt.status()),
        vec![Doc::text(code::string_literal(message))],
    );
    match ok {
        None => Doc::call("::core::result::Result::Err", vec![status]),
        Some(ok) => Doc::Seq(vec![
            Doc::text("::core::result::Result::"),
            Doc::List {
                open: "<",
                items: vec![ok, Doc::text(rt.status())],
                close: ">",
            },
            Doc::call("::Err", vec![status]),
        ]),
    }
}

/// A method of the native trait: `fn m(&self, request) -> impl Future<…> + Send`, with a
/// default body answering `Unimplemented` unless the options say otherwise.
fn trait_method(
    code: &mut Code,
    ctx: &Context<'_, '_>,
    rt: &Tonic,
    svc: &Svc<'_, '_>,
    rpc: &Rpc<'_, '_>,
) {
    let m = rpc.method;
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let output = message_type(&rpc.output);
    let message = if streams_out(m.kind) {
        Doc::Seq(vec![
            Doc::generic(
                format!("impl {}", rt.stream_trait()),
                vec![Doc::Seq(vec![Doc::text("Item = "), result(rt, output)])],
            ),
            Doc::text(" + ::core::marker::Send + 'static + use<Self>"),
        ])
    } else {
        output
    };
    let future = Doc::Seq(vec![
        Doc::generic(
            "impl ::core::future::Future",
            vec![Doc::Seq(vec![
                Doc::text("Output = "),
                result(rt, Doc::generic(rt.response(), vec![message])),
            ])],
        ),
        Doc::text(" + ::core::marker::Send"),
    ]);
    let signature = server_signature(rt, rpc, "fn", future);
    if !ctx.options.unimplemented_defaults {
        signature.write(code, ";");
        return;
    }
    signature.open(code);
    code.line("let _ = request;");
    let message = unimplemented_message(svc, rpc);
    let err = if streams_out(m.kind) {
        // The stream type of a body that never yields one has to be named.
        let none = Doc::generic(
            format!("super::{PLUMBING}::server::NoStream"),
            vec![message_type(&rpc.output)],
        );
        unimplemented_err(rt, Some(Doc::generic(rt.response(), vec![none])), &message)
    } else {
        unimplemented_err(rt, None, &message)
    };
    Doc::Seq(vec![Doc::text("async move "), Doc::Block(Box::new(err))]).write(code, "");
    code.close("");
}

/// A method of tonic-build's `#[async_trait]` trait, after its associated stream type when
/// the response streams.
fn async_trait_method(
    code: &mut Code,
    ctx: &Context<'_, '_>,
    rt: &Tonic,
    svc: &Svc<'_, '_>,
    rpc: &Rpc<'_, '_>,
) {
    let m = rpc.method;
    let message = if streams_out(m.kind) {
        stream_type(code, rt, rpc);
        Doc::text(format!("Self::{}", rpc.names.stream_type))
    } else {
        message_type(&rpc.output)
    };
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let output = result(rt, Doc::generic(rt.response(), vec![message]));
    let signature = server_signature(rt, rpc, "async fn", output);
    if !ctx.options.unimplemented_defaults {
        signature.write(code, ";");
        return;
    }
    signature.open(code);
    code.line("let _ = request;");
    unimplemented_err(rt, None, &unimplemented_message(svc, rpc)).write(code, "");
    code.close("");
}

/// `type MStream: Stream<Item = Result<Out, Status>> + Send + 'static;`, the bounds one per
/// line when that does not fit.
fn stream_type(code: &mut Code, rt: &Tonic, rpc: &Rpc<'_, '_>) {
    code.doc(&format!(" The response stream of `{}`.", rpc.names.method));
    let stream = Doc::Seq(vec![
        Doc::text(format!("type {}: ", rpc.names.stream_type)),
        Doc::generic(
            rt.stream_trait(),
            vec![Doc::Seq(vec![
                Doc::text("Item = "),
                result(rt, message_type(&rpc.output)),
            ])],
        ),
    ]);
    const BOUNDS: [&str; 2] = ["+ ::core::marker::Send", "+ 'static;"];
    let indent = code.depth() * 4;
    let one_line = stream.flat_len() + BOUNDS.iter().map(|b| b.len() + 1).sum::<usize>();
    if layout::fits(indent, indent + one_line) {
        stream.write(code, &format!(" {} {}", BOUNDS[0], BOUNDS[1]));
    } else {
        // The item's own breaks indent its bounds, and the lists of the first bound.
        stream.write_in_block(code, 4, "");
        for bound in BOUNDS {
            code.line(&format!("    {bound}"));
        }
    }
}

fn server_struct(code: &mut Code, rt: &Tonic, svc: &Svc<'_, '_>, attrs: &[&str]) {
    let n = &svc.names;
    let server = &n.server;
    code.doc(&format!(
        " Serves an implementation of [`{}`] as a tower service; unknown methods answer \
         `Unimplemented`.",
        n.server_trait
    ));
    super::write_option_attributes(code, attrs);
    write_deprecated(code, svc.service.deprecated);
    code.line("#[derive(Debug)]");
    code.open(&format!("pub struct {server}<T>"));
    code.line("inner: ::std::sync::Arc<T>,");
    code.line(&format!("config: super::{PLUMBING}::server::Config,"));
    code.close("");
    code.open(&format!("impl<T> {server}<T>"));
    write_fixed(code, rt, SERVER_METHODS);
    code.close("");
    write_impl_for(
        code,
        "impl<T> ::core::clone::Clone",
        &format!("{server}<T>"),
        true,
    );
    write_fixed(code, rt, SERVER_CLONE);
    code.close("");
    write_impl_for(
        code,
        &format!(
            "impl<T, B> {}<{}::Request<B>>",
            rt.tower_service(),
            rt.http()
        ),
        &format!("{server}<T>"),
        false,
    );
    code.line("where");
    code.line_unbreakable(&format!("    T: {},", n.server_trait));
    write_fixed(code, rt, SERVICE_BOUNDS);
    code.open("");
    write_fixed(code, rt, SERVICE_ITEMS);
    code.open(&format!(
        "fn call(&mut self, request: {}::Request<B>) -> Self::Future",
        rt.http()
    ));
    route(code, svc);
    code.close("");
    code.close("");
    write_impl_for(
        code,
        &format!("impl<T> {}", rt.named_service()),
        &format!("{server}<T>"),
        true,
    );
    code.line_unbreakable(&format!(
        "const NAME: &'static str = super::{};",
        n.name_const
    ));
    code.close("");
}

/// The body of the server's `call`: a match arm per rpc.
fn route(code: &mut Code, svc: &Svc<'_, '_>) {
    if svc.rpcs.is_empty() {
        code.line("let _ = request;");
        code.line(&format!("super::{PLUMBING}::server::unimplemented()"));
        return;
    }
    code.open("match request.uri().path()");
    for rpc in &svc.rpcs {
        route_arm(code, rpc);
    }
    code.line(&format!("_ => super::{PLUMBING}::server::unimplemented(),"));
    code.close("");
}

/// `super::PATH => { serve(…, |s, r| async move { s.m(r).await }) }`.
fn route_arm(code: &mut Code, rpc: &Rpc<'_, '_>) {
    let pattern = format!("super::{} =>", rpc.names.path_const);
    let body = Doc::call(
        format!(
            "super::{PLUMBING}::server::{}",
            plumbing_fn(rpc.method.kind)
        ),
        vec![
            Doc::text("&self.config"),
            Doc::text("&self.inner"),
            Doc::text("request"),
            Doc::Seq(vec![
                Doc::text("|s: ::std::sync::Arc<T>, r| async move "),
                Doc::Block(Box::new(Doc::Await(Box::new(Doc::call(
                    format!("s.{}", rpc.names.method),
                    vec![Doc::text("r")],
                ))))),
            ]),
        ],
    );
    // The body alone passes the margin, so prettyplease puts it in a block.
    code.open_unbreakable(&pattern);
    body.write(code, "");
    code.close("");
}

/// `<service>_client`: the client.
fn client_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Svc<'_, '_>) -> Result<Code> {
    let fq = format!(".{}", svc.service.full_name);
    let client_attrs = super::option_attributes(&ctx.options.client_attribute, &fq);
    let mod_attrs = super::option_attributes(&ctx.options.client_mod_attribute, &fq);
    let s = svc.service;
    let n = &svc.names;
    let client = &n.client;
    let mut code = module_code(rt, svc);
    code.doc(&format!(" The client side of service `{}`.", s.full_name));
    super::write_option_attributes(&mut code, &mod_attrs);
    code.open_unbreakable(&format!("pub mod {}", n.client_module));
    if any_deprecated(svc) {
        code.line("#![allow(deprecated)]");
    }
    if s.comments.is_empty() {
        code.doc(&format!(" A client of service `{}`.", s.full_name));
    } else {
        docs::write(&mut code, &s.comments);
    }
    super::write_option_attributes(&mut code, &client_attrs);
    write_deprecated(&mut code, s.deprecated);
    code.line("#[derive(Debug, Clone)]");
    code.open(&format!("pub struct {client}<T>"));
    code.line(&format!("inner: {}<T>,", rt.client_grpc()));
    code.close("");
    if ctx.options.transport {
        Doc::Seq(vec![
            Doc::text("impl "),
            Doc::generic(client, vec![Doc::text(rt.channel())]),
        ])
        .open(&mut code);
        write_fixed(&mut code, rt, CLIENT_CONNECT);
        code.close("");
    }
    client_impl_head(&mut code, client);
    write_fixed(&mut code, rt, CLIENT_CONSTRUCTORS);
    client_with_interceptor(&mut code, rt, client);
    write_fixed(&mut code, rt, CLIENT_SETTINGS);
    for rpc in &svc.rpcs {
        client_method(&mut code, rt, rpc);
    }
    code.close("");
    code.close("");
    Ok(code)
}

/// `impl<T: Channel> Client<T> {`, its generics one per line when that does not fit.
fn client_impl_head(code: &mut Code, client: &str) {
    let bound = format!("T: super::{PLUMBING}::client::Channel");
    let one_line = format!("impl<{bound}> {client}<T>");
    let indent = code.depth() * 4;
    if layout::fits(indent, indent + one_line.len() + " {".len()) {
        code.open(&one_line);
    } else {
        code.line("impl<");
        code.line(&format!("    {bound},"));
        code.open(&format!("> {client}<T>"));
    }
}

/// The client's `with_interceptor`, whose return type holds the client's name.
fn client_with_interceptor(code: &mut Code, rt: &Tonic, client: &str) {
    let intercepted = rt.intercepted_service();
    code.doc(" A client whose requests pass through `interceptor` first.");
    Doc::Seq(vec![
        Doc::call(
            "pub fn with_interceptor<F>",
            vec![Doc::text("inner: T"), Doc::text("interceptor: F")],
        ),
        Doc::text(" -> "),
        Doc::generic(
            client,
            vec![Doc::generic(
                intercepted.as_str(),
                vec![Doc::text("T"), Doc::text("F")],
            )],
        ),
    ])
    .write(code, "");
    write_fixed(code, rt, CLIENT_INTERCEPTOR_BOUNDS);
    code.open("");
    Doc::call(
        format!("{client}::new"),
        vec![Doc::call(
            format!("{intercepted}::new"),
            vec![Doc::text("inner"), Doc::text("interceptor")],
        )],
    )
    .write(code, "");
    code.close("");
}

fn client_method(code: &mut Code, rt: &Tonic, rpc: &Rpc<'_, '_>) {
    let m = rpc.method;
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let input = message_type(&rpc.input);
    let (param, convert) = if streams_in(m.kind) {
        let message = Doc::Seq(vec![Doc::text("Message = "), input]);
        (
            Doc::generic(rt.into_streaming_request(), vec![message]),
            "into_streaming_request",
        )
    } else {
        (Doc::generic(rt.into_request(), vec![input]), "into_request")
    };
    let output = message_type(&rpc.output);
    let message = if streams_out(m.kind) {
        Doc::generic(rt.streaming(), vec![output])
    } else {
        output
    };
    Doc::Seq(vec![
        Doc::call(
            format!("pub async fn {}", rpc.names.method),
            vec![
                Doc::text("&mut self"),
                Doc::Seq(vec![Doc::text("request: impl "), param]),
            ],
        ),
        Doc::text(" -> "),
        result(rt, Doc::generic(rt.response(), vec![message])),
    ])
    .open(code);
    Doc::Await(Box::new(Doc::call(
        format!("super::{PLUMBING}::client::{}", plumbing_fn(m.kind)),
        vec![
            Doc::text("&mut self.inner"),
            Doc::text(format!("request.{convert}()")),
            Doc::text(format!("super::{}", rpc.names.path_const)),
        ],
    )))
    .write(code, "");
    code.close("");
}

// The fixed parts of the server and client, as prettyplease prints them for tonic's own
// paths at the depth they are written at.

/// The server's constructors and settings, in `impl<T> Server<T>`.
const SERVER_METHODS: &str = "\
/// Serves `inner`.
pub fn new(inner: T) -> Self {
    Self::from_arc(::std::sync::Arc::new(inner))
}
/// Serves a shared `inner`.
pub fn from_arc(inner: ::std::sync::Arc<T>) -> Self {
    Self {
        inner,
        config: ::core::default::Default::default(),
    }
}
/// Serves `inner` behind an interceptor that sees every request first.
pub fn with_interceptor<F: ::tonic::service::Interceptor>(
    inner: T,
    interceptor: F,
) -> ::tonic::service::interceptor::InterceptedService<Self, F> {
    ::tonic::service::interceptor::InterceptedService::new(
        Self::new(inner),
        interceptor,
    )
}
/// Accepts requests compressed with `encoding`.
#[must_use]
pub fn accept_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.config = self.config.accept_compressed(encoding);
    self
}
/// Compresses responses with `encoding` when the client accepts it.
#[must_use]
pub fn send_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
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
";

/// The body of the server's `Clone` impl.
const SERVER_CLONE: &str = "\
fn clone(&self) -> Self {
    Self {
        inner: self.inner.clone(),
        config: self.config,
    }
}
";

/// The server's `Service` impl: the bounds after `T: Trait`.
const SERVICE_BOUNDS: &str = "    B: ::tonic::codegen::Body + ::core::marker::Send + 'static,
    B::Error: ::core::convert::Into<::tonic::codegen::StdError>
        + ::core::marker::Send + 'static,
";

/// The server's `Service` impl: the items before `call`.
const SERVICE_ITEMS: &str = "\
type Response = ::tonic::codegen::http::Response<::tonic::body::Body>;
type Error = ::core::convert::Infallible;
type Future = super::__rustsvc::server::RouteFuture;
fn poll_ready(
    &mut self,
    _cx: &mut ::core::task::Context<'_>,
) -> ::core::task::Poll<::core::result::Result<(), Self::Error>> {
    ::core::task::Poll::Ready(::core::result::Result::Ok(()))
}
";

/// The client's `connect`, in `impl Client<Channel>`.
const CLIENT_CONNECT: &str = "\
/// Connects to `dst` (a URI such as `http://127.0.0.1:10010`).
pub async fn connect<D>(
    dst: D,
) -> ::core::result::Result<Self, ::tonic::transport::Error>
where
    D: ::core::convert::TryInto<::tonic::transport::Endpoint>,
    D::Error: ::core::convert::Into<::tonic::codegen::StdError>,
{
    let channel = ::tonic::transport::Endpoint::new(dst)?.connect().await?;
    ::core::result::Result::Ok(Self::new(channel))
}
";

/// The client's constructors before `with_interceptor`.
const CLIENT_CONSTRUCTORS: &str = "\
/// A client over `inner`, a channel or any tonic `GrpcService`.
pub fn new(inner: T) -> Self {
    Self {
        inner: ::tonic::client::Grpc::new(inner),
    }
}
/// A client that sends its requests to `origin`.
pub fn with_origin(inner: T, origin: ::tonic::codegen::http::Uri) -> Self {
    Self {
        inner: ::tonic::client::Grpc::with_origin(inner, origin),
    }
}
";

/// The `where` clause of the client's `with_interceptor`.
const CLIENT_INTERCEPTOR_BOUNDS: &str = "\
where
    F: ::tonic::service::Interceptor,
    ::tonic::service::interceptor::InterceptedService<
        T,
        F,
    >: super::__rustsvc::client::Channel,
";

/// The client's settings.
const CLIENT_SETTINGS: &str = "\
/// Compresses requests with `encoding` (the server must accept it).
#[must_use]
pub fn send_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
    self.inner = self.inner.send_compressed(encoding);
    self
}
/// Accepts responses compressed with `encoding`.
#[must_use]
pub fn accept_compressed(
    mut self,
    encoding: ::tonic::codec::CompressionEncoding,
) -> Self {
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
";

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
