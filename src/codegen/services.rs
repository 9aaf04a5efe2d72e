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

use super::code::{self, Code};
use super::layout::{self, Doc};
use super::runtime::Tonic;
use super::{docs, write_attributes, Context};
use crate::error::{err, Result};
use crate::model::{Method, Package, Service, Settings, StreamingKind, TypeRef};
use crate::names;

/// The hidden module of the shared plumbing, as the generated code names it.
const PLUMBING: &str = names::GRPC_PLUMBING_MODULE;

/// A package's `_grpc.rs` content (the shared plumbing, then each service's items), or
/// `None` when it has no services.
pub fn package(ctx: &Context<'_, '_>, package: &Package<'_>) -> Result<Option<String>> {
    if !package.has_services() {
        return Ok(None);
    }
    let rt = Tonic::new(&ctx.settings.runtime);
    let settings = &ctx.settings.services;
    let what = &package.file_names.services;
    let kinds = Kinds::of(package.files.iter().flat_map(|f| &f.services));
    let mut out = ctx.plumbing(kinds, || plumbing_text(ctx.settings, &rt, kinds))?;
    for svc in package.files.iter().flat_map(|f| &f.services) {
        // Each item is laid out on its own: a long line re-lays out only its item.
        constants(svc).finish_into(what, &mut out)?;
        if settings.server {
            server_module(ctx, &rt, svc).finish_into(what, &mut out)?;
        }
        if settings.client {
            client_module(ctx, &rt, svc).finish_into(what, &mut out)?;
        }
    }
    Ok(Some(out))
}

/// The plumbing module shared by a file's services, exactly as it is written for the
/// default settings (a unit test checks that it is prettyplease's layout).
const PLUMBING_TEMPLATE: &str = include_str!("../../templates/grpc_plumbing.rs");

/// The streaming kinds the methods of a file use. Each kind's server adapter and client
/// call cost rustc work in every file that has them (its where-clauses are checked and
/// its async body borrow-checked even when nothing calls it), so a file's plumbing keeps
/// only the kinds it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kinds(u8);

impl Kinds {
    /// How many sets there are.
    pub const COUNT: usize = 16;
    /// Every kind: the template as written.
    #[cfg(test)]
    pub const ALL: Kinds = Kinds(0b1111);

    fn bit(kind: StreamingKind) -> u8 {
        match kind {
            StreamingKind::Unary => 1,
            StreamingKind::ServerStreaming => 2,
            StreamingKind::ClientStreaming => 4,
            StreamingKind::Bidi => 8,
        }
    }

    /// The kinds of the methods of `services`.
    pub fn of<'s, 'a: 's>(services: impl IntoIterator<Item = &'s Service<'a>>) -> Kinds {
        let bits = services
            .into_iter()
            .flat_map(|s| &s.methods)
            .fold(0, |bits, m| bits | Kinds::bit(m.kind));
        Kinds(bits)
    }

    pub fn has(self, kind: StreamingKind) -> bool {
        self.0 & Kinds::bit(kind) != 0
    }

    /// A number below [`Kinds::COUNT`], one per set.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// The streaming kind whose adapter or call a plumbing item is, by the item's name (a
/// function) or its trait (a `Handler` impl); `None` for what every kind shares.
fn plumbing_item_kind(item: &syn::Item) -> Option<StreamingKind> {
    let name = match item {
        syn::Item::Fn(f) => f.sig.ident.to_string(),
        syn::Item::Impl(syn::ItemImpl {
            trait_: Some((_, path, _)),
            ..
        }) => path.segments.last()?.ident.to_string(),
        _ => return None,
    };
    Some(match name.as_str() {
        "unary" | "UnaryService" => StreamingKind::Unary,
        "server_streaming" | "ServerStreamingService" => StreamingKind::ServerStreaming,
        "client_streaming" | "ClientStreamingService" => StreamingKind::ClientStreaming,
        "streaming" | "StreamingService" => StreamingKind::Bidi,
        _ => return None,
    })
}

/// The plumbing module for the settings and the kinds a file uses: the template as it is
/// for the defaults and every kind; else parsed, without the halves and kinds not
/// generated, with the runtime paths the options chose, laid out by prettyplease.
pub fn plumbing_text(settings: &Settings, rt: &Tonic, kinds: Kinds) -> Result<String> {
    let template = code::template_body(PLUMBING_TEMPLATE);
    let services = &settings.services;
    if services.server && services.client && settings.runtime == Settings::default().runtime {
        return Ok(plumbing_lines(template, kinds));
    }
    plumbing_parsed(settings, rt, kinds)
}

/// The template without the items of the kinds not in `kinds`, cut out line by line: the
/// template is prettyplease's layout, and what is left when whole items go is still
/// prettyplease's layout of what is left (a unit test checks every set against
/// [`plumbing_parsed`]). No parsing, so a small file's start-up stays cheap.
fn plumbing_lines(template: &str, kinds: Kinds) -> String {
    // Items sit 8 columns deep, in `__rustsvc::server` and `__rustsvc::client`.
    const DEPTH: usize = 8;
    let indent = |l: &str| l.len() - l.trim_start().len();
    let no_stream = kinds.has(StreamingKind::ServerStreaming) || kinds.has(StreamingKind::Bidi);
    // Whether the item whose first line (after docs) is `head` is generated.
    let wanted = |head: &str| -> bool {
        if head.starts_with("pub type NoStream<") {
            return no_stream;
        }
        let kind = [
            ("unary", "Unary", StreamingKind::Unary),
            (
                "server_streaming",
                "ServerStreaming",
                StreamingKind::ServerStreaming,
            ),
            (
                "client_streaming",
                "ClientStreaming",
                StreamingKind::ClientStreaming,
            ),
            ("streaming", "Streaming", StreamingKind::Bidi),
        ]
        .into_iter()
        .find(|(f, t, _)| {
            head.starts_with(&format!("pub fn {f}<"))
                || head.starts_with(&format!("pub async fn {f}<"))
                || (head.starts_with("impl<")
                    && head.contains(&format!("::tonic::server::{t}Service<")))
        });
        kind.is_none_or(|(_, _, k)| kinds.has(k))
    };
    let lines: Vec<&str> = template.lines().collect();
    let mut cut = vec![false; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        if indent(line) != DEPTH
            || line.trim_start().starts_with("///")
            || wanted(line.trim_start())
        {
            continue;
        }
        let mut start = i;
        while start > 0
            && indent(lines[start - 1]) == DEPTH
            && ["///", "#["]
                .iter()
                .any(|p| lines[start - 1].trim_start().starts_with(p))
        {
            start -= 1;
        }
        let end = (i..lines.len())
            .find(|&j| indent(lines[j]) == DEPTH && matches!(lines[j].trim(), "}" | ">;"))
            .unwrap_or(i);
        cut[start..=end].iter_mut().for_each(|c| *c = true);
    }
    let mut out = String::with_capacity(template.len());
    for (line, cut) in lines.iter().zip(cut) {
        if !cut {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// [`plumbing_text`] for settings other than the defaults: the template parsed, without the
/// halves and kinds not generated, with the runtime paths the options chose, laid out by
/// prettyplease.
fn plumbing_parsed(settings: &Settings, rt: &Tonic, kinds: Kinds) -> Result<String> {
    let template = code::template_body(PLUMBING_TEMPLATE);
    let services = &settings.services;
    // The stream type a default streaming body names.
    let no_stream = kinds.has(StreamingKind::ServerStreaming) || kinds.has(StreamingKind::Bidi);
    let keep = |item: &syn::Item| match item {
        syn::Item::Type(t) if t.ident == "NoStream" => no_stream,
        _ => plumbing_item_kind(item).is_none_or(|kind| kinds.has(kind)),
    };
    let mut file = syn::parse_file(template).map_err(|e| {
        err!("internal error: templates/grpc_plumbing.rs does not parse ({e}); please report it")
    })?;
    for item in &mut file.items {
        if let syn::Item::Mod(plumbing) = item {
            if let Some((_, items)) = &mut plumbing.content {
                items.retain(|item| match item {
                    syn::Item::Mod(m) if m.ident == "server" => services.server,
                    syn::Item::Mod(m) if m.ident == "client" => services.client,
                    _ => true,
                });
                for item in items.iter_mut() {
                    if let syn::Item::Mod(syn::ItemMod {
                        content: Some((_, side)),
                        ..
                    }) = item
                    {
                        side.retain(keep);
                    }
                }
            }
        }
    }
    code::format_items("the gRPC plumbing", rt.with_paths(quote!(#file)))
}

/// The [`Doc`] of a message type, or its text (an extern path not spelled as prettyplease
/// prints it: its item is re-laid out).
fn message_type(target: &TypeRef) -> Doc<'_> {
    layout::parse_type(&target.path).unwrap_or_else(|| Doc::text(target.path.as_str()))
}

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
/// A fragment from templates/service/ (its `//!` header dropped): line by line for tonic's
/// own paths, as tokens with the paths the options chose otherwise (the item is then laid
/// out by prettyplease).
fn write_fixed(code: &mut Code, rt: &Tonic, template: &str) {
    let text = code::template_body(template);
    if rt.is_default() {
        for line in text.lines() {
            code.line(line);
        }
    } else {
        code.verbatim(&rt.rewrite_fragment(text));
    }
}

/// The service name and method path constants, and the static descriptor.
fn constants(svc: &Service<'_>) -> Code {
    let s = svc;
    let n = &svc.names;
    let mut code = Code::new();
    code.doc(&format!(" The full name of service `{}`.", s.full_name));
    code.line_unbreakable(&format!(
        "pub const {}: &str = {};",
        n.name_const,
        code::string_literal(&s.full_name)
    ));
    for rpc in &svc.methods {
        code.doc(&format!(" The full path of rpc `{}`.", rpc.name));
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
    if svc.methods.is_empty() {
        code.line("methods: &[],");
    } else {
        // Struct expressions this wide always break, and so does the array holding them.
        code.line("methods: &[");
        for rpc in &svc.methods {
            code.line(&format!("    {PLUMBING}::MethodDescriptor {{"));
            code.line_unbreakable(&format!(
                "        name: {},",
                code::string_literal(rpc.name)
            ));
            code.line_unbreakable(&format!("        path: {},", rpc.names.path_const));
            code.line(&format!(
                "        kind: {PLUMBING}::StreamingKind::{},",
                kind_name(rpc.kind)
            ));
            code.line("    },");
        }
        code.line("],");
    }
    code.line_unbreakable(&format!("file: {},", code::string_literal(s.file)));
    code.close(";");
    code
}

fn any_deprecated(svc: &Service<'_>) -> bool {
    svc.deprecated || svc.methods.iter().any(|r| r.deprecated)
}

/// The message naming the method a default body does not implement.
fn unimplemented_message(svc: &Service<'_>, rpc: &Method<'_>) -> String {
    format!(
        "method {} of service {} is not implemented",
        rpc.name, svc.full_name
    )
}

/// A module of a service's code, re-laid out by prettyplease when what it holds is not
/// written in prettyplease's layout here.
fn module_code(rt: &Tonic, svc: &Service<'_>) -> Code {
    let mut code = Code::new();
    // A message type from `extern_path` that [`layout::parse_type`] does not know is written as text
    // and the module laid out by prettyplease.
    let odd_types = svc.methods.iter().any(|m| {
        [&m.input, &m.output]
            .iter()
            .any(|t| t.is_extern && layout::parse_type(&t.path).is_none())
    });
    if !rt.is_default() || odd_types {
        code.reformat();
    }
    code
}

/// `<service>_server`: the trait, the server and the `SERVICE_NAME` constant.
fn server_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Service<'_>) -> Code {
    let n = &svc.names;
    let mut code = module_code(rt, svc);
    // An outer doc on a module resolves links in the enclosing module.
    code.doc(&format!(
        " The server side of service `{}`: implement [`{trait_}`]({module}::{trait_}), serve \
         it with [`{server}`]({module}::{server}).",
        svc.full_name,
        trait_ = n.server_trait,
        server = n.server,
        module = n.server_module,
    ));
    write_attributes(&mut code, &svc.attributes.server_module);
    code.open_unbreakable(&format!("pub mod {}", n.server_module));
    if any_deprecated(svc) {
        code.line("#![allow(deprecated)]");
    }
    server_trait(&mut code, ctx, rt, svc);
    server_struct(&mut code, rt, svc, &svc.attributes.server);
    code.doc(" The full name of the service (as tonic-build names it).");
    code.line_unbreakable(&format!(
        "pub const SERVICE_NAME: &str = super::{};",
        n.name_const
    ));
    code.close("");
    code
}

fn server_trait(code: &mut Code, ctx: &Context<'_, '_>, rt: &Tonic, svc: &Service<'_>) {
    let s = svc;
    if s.comments.is_empty() {
        code.doc(&format!(" The methods of service `{}`.", s.full_name));
    } else {
        docs::write(code, &s.comments);
    }
    write_attributes(code, &s.attributes.server_trait);
    write_deprecated(code, s.deprecated);
    if ctx.settings.services.async_trait {
        code.line(&format!("#[{}]", rt.async_trait()));
    }
    // Supertraits never break, whatever the length of the line.
    let head = format!(
        "pub trait {}: ::core::marker::Send + ::core::marker::Sync + 'static",
        svc.names.server_trait
    );
    if svc.methods.is_empty() {
        code.line_unbreakable(&format!("{head} {{}}"));
        return;
    }
    code.open_unbreakable(&head);
    for rpc in &svc.methods {
        if ctx.settings.services.async_trait {
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
fn request_param<'a>(rt: &Tonic, rpc: &'a Method<'_>) -> Doc<'a> {
    let input = message_type(&rpc.input);
    let message = if rpc.kind.streams_in() {
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
fn server_signature<'a>(rt: &Tonic, rpc: &'a Method<'_>, prefix: &str, output: Doc<'a>) -> Doc<'a> {
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
    svc: &Service<'_>,
    rpc: &Method<'_>,
) {
    let m = rpc;
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let output = message_type(&rpc.output);
    let message = if m.kind.streams_out() {
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
    if !ctx.settings.services.unimplemented_defaults {
        signature.write(code, ";");
        return;
    }
    signature.open(code);
    code.line("let _ = request;");
    let message = unimplemented_message(svc, rpc);
    let err = if m.kind.streams_out() {
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
    svc: &Service<'_>,
    rpc: &Method<'_>,
) {
    let m = rpc;
    let message = if m.kind.streams_out() {
        stream_type(code, rt, rpc);
        Doc::text(format!("Self::{}", rpc.names.stream_type))
    } else {
        message_type(&rpc.output)
    };
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let output = result(rt, Doc::generic(rt.response(), vec![message]));
    let signature = server_signature(rt, rpc, "async fn", output);
    if !ctx.settings.services.unimplemented_defaults {
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
fn stream_type(code: &mut Code, rt: &Tonic, rpc: &Method<'_>) {
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
    if code::fits(indent, indent + one_line) {
        stream.write(code, &format!(" {} {}", BOUNDS[0], BOUNDS[1]));
    } else {
        // The item's own breaks indent its bounds, and the lists of the first bound.
        stream.write_in_block(code, 4, "");
        for bound in BOUNDS {
            code.line(&format!("    {bound}"));
        }
    }
}

fn server_struct(code: &mut Code, rt: &Tonic, svc: &Service<'_>, attrs: &[String]) {
    let n = &svc.names;
    let server = &n.server;
    code.doc(&format!(
        " Serves an implementation of [`{}`] as a tower service; unknown methods answer \
         `Unimplemented`.",
        n.server_trait
    ));
    write_attributes(code, attrs);
    write_deprecated(code, svc.deprecated);
    code.line("#[derive(Debug)]");
    code.open(&format!("pub struct {server}<T>"));
    code.line("inner: ::std::sync::Arc<T>,");
    code.line(&format!("config: super::{PLUMBING}::server::Config,"));
    code.close("");
    code.open(&format!("impl<T> {server}<T>"));
    write_fixed(code, rt, SERVER_METHODS);
    code.close("");
    code.impl_for(
        "impl<T> ::core::clone::Clone",
        &format!("{server}<T>"),
        true,
    );
    write_fixed(code, rt, SERVER_CLONE);
    code.close("");
    code.impl_for(
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
    code.impl_for(
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
fn route(code: &mut Code, svc: &Service<'_>) {
    if svc.methods.is_empty() {
        code.line("let _ = request;");
        code.line(&format!("super::{PLUMBING}::server::unimplemented()"));
        return;
    }
    code.open("match request.uri().path()");
    for rpc in &svc.methods {
        route_arm(code, rpc);
    }
    code.line(&format!("_ => super::{PLUMBING}::server::unimplemented(),"));
    code.close("");
}

/// `super::PATH => { serve(…, |s, r| async move { s.m(r).await }) }`.
fn route_arm(code: &mut Code, rpc: &Method<'_>) {
    let pattern = format!("super::{} =>", rpc.names.path_const);
    let body = Doc::call(
        format!("super::{PLUMBING}::server::{}", plumbing_fn(rpc.kind)),
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
fn client_module(ctx: &Context<'_, '_>, rt: &Tonic, svc: &Service<'_>) -> Code {
    let s = svc;
    let n = &svc.names;
    let client = &n.client;
    let mut code = module_code(rt, svc);
    code.doc(&format!(" The client side of service `{}`.", s.full_name));
    write_attributes(&mut code, &svc.attributes.client_module);
    code.open_unbreakable(&format!("pub mod {}", n.client_module));
    if any_deprecated(svc) {
        code.line("#![allow(deprecated)]");
    }
    if s.comments.is_empty() {
        code.doc(&format!(" A client of service `{}`.", s.full_name));
    } else {
        docs::write(&mut code, &s.comments);
    }
    write_attributes(&mut code, &svc.attributes.client);
    write_deprecated(&mut code, s.deprecated);
    code.line("#[derive(Debug, Clone)]");
    code.open(&format!("pub struct {client}<T>"));
    code.line(&format!("inner: {}<T>,", rt.client_grpc()));
    code.close("");
    if ctx.settings.services.transport {
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
    for rpc in &svc.methods {
        client_method(&mut code, rt, rpc);
    }
    code.close("");
    code.close("");
    code
}

/// `impl<T: Channel> Client<T> {`, its generics one per line when that does not fit.
fn client_impl_head(code: &mut Code, client: &str) {
    let bound = format!("T: super::{PLUMBING}::client::Channel");
    let one_line = format!("impl<{bound}> {client}<T>");
    let indent = code.depth() * 4;
    if code::fits(indent, indent + one_line.len() + " {".len()) {
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

fn client_method(code: &mut Code, rt: &Tonic, rpc: &Method<'_>) {
    let m = rpc;
    docs::write(code, &m.comments);
    write_deprecated(code, m.deprecated);
    let input = message_type(&rpc.input);
    let (param, convert) = if m.kind.streams_in() {
        let message = Doc::Seq(vec![Doc::text("Message = "), input]);
        (
            Doc::generic(rt.trait_into_streaming_request(), vec![message]),
            "into_streaming_request",
        )
    } else {
        (
            Doc::generic(rt.trait_into_request(), vec![input]),
            "into_request",
        )
    };
    let output = message_type(&rpc.output);
    let message = if m.kind.streams_out() {
        Doc::generic(rt.streaming(), vec![output])
    } else {
        output
    };
    // Not an `async fn`: the plumbing's call is the future, so the method adds no state
    // machine of its own for rustc to check (`IntoRequest` is sealed and its conversions
    // only wrap, so converting before the first poll changes nothing).
    let future = Doc::Seq(vec![
        Doc::generic(
            "impl ::core::future::Future",
            vec![Doc::Seq(vec![
                Doc::text("Output = "),
                result(rt, Doc::generic(rt.response(), vec![message])),
            ])],
        ),
        Doc::text(" + '_"),
    ]);
    Doc::Seq(vec![
        Doc::call(
            format!("pub fn {}", rpc.names.method),
            vec![
                Doc::text("&mut self"),
                Doc::Seq(vec![Doc::text("request: impl "), param]),
            ],
        ),
        Doc::text(" -> "),
        future,
    ])
    .open(code);
    Doc::call(
        format!("super::{PLUMBING}::client::{}", plumbing_fn(m.kind)),
        vec![
            Doc::text("&mut self.inner"),
            Doc::text(format!("request.{convert}()")),
            Doc::text(format!("super::{}", rpc.names.path_const)),
        ],
    )
    .write(code, "");
    code.close("");
}

// The fixed parts of the server and client, as prettyplease prints them for tonic's own
// paths at the depth they are written at.

/// The server's constructors and settings, in `impl<T> Server<T>`.
const SERVER_METHODS: &str = include_str!("../../templates/service/server_methods.rs");

/// The body of the server's `Clone` impl.
const SERVER_CLONE: &str = include_str!("../../templates/service/server_clone.rs");

/// The server's `Service` impl: the bounds after `T: Trait`.
const SERVICE_BOUNDS: &str = include_str!("../../templates/service/service_bounds.rs");

/// The server's `Service` impl: the items before `call`.
const SERVICE_ITEMS: &str = include_str!("../../templates/service/service_items.rs");

/// The client's `connect`, in `impl Client<Channel>`.
const CLIENT_CONNECT: &str = include_str!("../../templates/service/client_connect.rs");

/// The client's constructors before `with_interceptor`.
const CLIENT_CONSTRUCTORS: &str = include_str!("../../templates/service/client_constructors.rs");

/// The `where` clause of the client's `with_interceptor`.
const CLIENT_INTERCEPTOR_BOUNDS: &str =
    include_str!("../../templates/service/client_interceptor_bounds.rs");

/// The client's settings.
const CLIENT_SETTINGS: &str = include_str!("../../templates/service/client_settings.rs");

#[cfg(test)]
mod plumbing_tests {
    use super::*;

    /// Every fragment in templates/service/ is Rust in the place it is written, as text and
    /// as rewritten for other runtime paths.
    #[test]
    fn service_fragments_parse_where_they_go() {
        use crate::model::RuntimePaths;
        let other = Tonic::new(&RuntimePaths {
            prost: None,
            prost_types: "::prost_types".to_owned(),
            tonic: "::re::tonic".to_owned(),
            codec: "::tonic_prost::ProstCodec".to_owned(),
            support: "::rustsvc_runtime".to_owned(),
        });
        for (name, text, around) in [
            ("server_methods", SERVER_METHODS, "impl<T> S<T> { {} }"),
            (
                "server_clone",
                SERVER_CLONE,
                "impl<T> Clone for S<T> { {} }",
            ),
            (
                "service_bounds",
                SERVICE_BOUNDS,
                "impl<T, B> X for S<T> where T: Y, {} {}",
            ),
            ("service_items", SERVICE_ITEMS, "impl X for S { {} }"),
            ("client_connect", CLIENT_CONNECT, "impl C<Channel> { {} }"),
            (
                "client_constructors",
                CLIENT_CONSTRUCTORS,
                "impl<T> C<T> { {} }",
            ),
            (
                "client_interceptor_bounds",
                CLIENT_INTERCEPTOR_BOUNDS,
                "fn f<F>() {} {}",
            ),
            ("client_settings", CLIENT_SETTINGS, "impl<T> C<T> { {} }"),
        ] {
            let body = code::template_body(text);
            for source in [
                around.replacen("{}", body, 1),
                around.replacen("{}", &other.rewrite_fragment(body), 1),
            ] {
                syn::parse_file(&source).unwrap_or_else(|e| panic!("{name}: {e}\n{source}"));
            }
            let rewritten = other.rewrite_fragment(body);
            let left = rewritten.replace(":: re :: tonic ::", "");
            assert!(!left.contains(":: tonic ::"), "{name}: {rewritten}");
        }
    }

    /// The template is written exactly as prettyplease lays it out, so it is the output
    /// for the default settings as it is.
    #[test]
    fn the_plumbing_template_is_laid_out() {
        let body = code::template_body(PLUMBING_TEMPLATE);
        assert_eq!(code::relayout("grpc_plumbing.rs", body).unwrap(), body);
        let file = syn::parse_file(body).unwrap();
        assert_eq!(file.items.len(), 1, "one module");
        // The module is named where names.rs says.
        assert!(
            matches!(&file.items[0], syn::Item::Mod(m) if m.ident == names::GRPC_PLUMBING_MODULE)
        );
    }

    /// Halves not generated are left out; other runtime paths are rewritten.
    #[test]
    fn plumbing_follows_the_settings() {
        let mut settings = Settings::default();
        let rt = Tonic::new(&settings.runtime);
        assert_eq!(
            plumbing_text(&settings, &rt, Kinds::ALL).unwrap(),
            code::template_body(PLUMBING_TEMPLATE)
        );
        settings.services.client = false;
        let text = plumbing_text(&settings, &rt, Kinds::ALL).unwrap();
        assert!(text.contains("pub mod server") && !text.contains("pub mod client"));
        settings.services.server = false;
        settings.services.client = true;
        settings.runtime.tonic = "::re::tonic".to_owned();
        let rt = Tonic::new(&settings.runtime);
        let text = plumbing_text(&settings, &rt, Kinds::ALL).unwrap();
        assert!(!text.contains("pub mod server") && text.contains("pub mod client"));
        assert!(text.contains("::re::tonic::client::Grpc") && !text.contains(" ::tonic::"));
    }

    /// A file's plumbing has the adapters and calls of the kinds its methods use, and
    /// nothing else is lost: each set is the full template without the other kinds' items,
    /// as prettyplease lays it out.
    #[test]
    fn plumbing_keeps_the_kinds_used() {
        use StreamingKind::*;
        let settings = Settings::default();
        let rt = Tonic::new(&settings.runtime);
        let full = plumbing_text(&settings, &rt, Kinds::ALL).unwrap();
        let kinds = [Unary, ServerStreaming, ClientStreaming, Bidi];
        // What each kind alone adds: its Handler impl, its server adapter, its client call.
        let marks = |kind| match kind {
            Unary => [
                "::tonic::server::UnaryService<Req>",
                "pub fn unary<",
                "pub async fn unary<",
            ],
            ServerStreaming => [
                "::tonic::server::ServerStreamingService<Req>",
                "pub fn server_streaming<",
                "pub async fn server_streaming<",
            ],
            ClientStreaming => [
                "::tonic::server::ClientStreamingService<Req>",
                "pub fn client_streaming<",
                "pub async fn client_streaming<",
            ],
            Bidi => [
                "::tonic::server::StreamingService<Req>",
                "pub fn streaming<",
                "pub async fn streaming<",
            ],
        };
        for bits in 0..Kinds::COUNT {
            let set = Kinds(bits as u8);
            assert_eq!(set.index(), bits);
            let text = plumbing_text(&settings, &rt, set).unwrap();
            assert_eq!(code::relayout("plumbing", &text).unwrap(), text);
            // Cut out line by line, it is what parsing and laying out give.
            assert_eq!(
                text,
                plumbing_parsed(&settings, &rt, set).unwrap(),
                "{set:?}"
            );
            for kind in kinds {
                for mark in marks(kind) {
                    assert_eq!(text.contains(mark), set.has(kind), "{set:?} {mark}");
                }
            }
            let no_stream = set.has(ServerStreaming) || set.has(Bidi);
            assert_eq!(text.contains("pub type NoStream"), no_stream, "{set:?}");
            for shared in [
                "pub struct ServiceDescriptor",
                "pub struct Config",
                "pub struct Handler",
                "pub fn unimplemented()",
                "pub trait Channel",
                "async fn prepare",
            ] {
                assert!(text.contains(shared), "{set:?} {shared}");
            }
            // Lines only go away.
            let mut rest = full.lines();
            for line in text.lines() {
                assert!(rest.any(|l| l == line), "{set:?}: {line}");
            }
        }
    }
}
