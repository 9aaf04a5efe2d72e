//! Every identifier decision: heck casing, keyword escaping, module paths and file names.
//!
//! The rules follow prost-build's so generated types keep the names users already have.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Keywords that can be written as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "false", "fn", "for", "if", "impl", "in",
    "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "true", "type", "unsafe", "use", "where", "while", "dyn", "abstract", "become", "box",
    "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "async",
    "await", "try", "gen",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const SUFFIXED_KEYWORDS: &[&str] = &["_", "super", "self", "Self", "extern", "crate"];

/// Makes `ident` a valid Rust identifier: `r#` for keywords, `_` after the ones that cannot
/// be raw, `_` before a leading digit.
pub fn sanitize(ident: &str) -> String {
    if RAW_KEYWORDS.contains(&ident) {
        format!("r#{ident}")
    } else if SUFFIXED_KEYWORDS.contains(&ident) {
        format!("{ident}_")
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{ident}")
    } else {
        ident.to_owned()
    }
}

/// `fooBar`, `FOO_BAR` → `foo_bar` (escaped).
pub fn to_snake(s: &str) -> String {
    sanitize(&non_empty(s.to_snake_case(), s))
}

/// `foo_bar` → `FooBar` (escaped).
pub fn to_upper_camel(s: &str) -> String {
    sanitize(&non_empty(s.to_upper_camel_case(), s))
}

/// heck drops every `_`, so a legal proto name made only of them (`_`, `__`) would become
/// an empty identifier: keep such a name as written (`sanitize` escapes `_`).
fn non_empty(cased: String, original: &str) -> String {
    if cased.is_empty() {
        original.to_owned()
    } else {
        cased
    }
}

/// The Rust name of a message or enum (`http_request` → `HttpRequest`).
pub fn type_name(proto_name: &str) -> String {
    to_upper_camel(proto_name)
}

/// The module of a message's nested types and oneof enums (`HttpRequest` → `http_request`).
pub fn nested_module(message: &str) -> String {
    to_snake(message)
}

/// The enum of a oneof, in its message's nested module: the oneof's name in UpperCamel
/// case, with `OneOf` appended when a nested message or enum (`siblings`, proto names)
/// already has that name.
pub fn oneof_type(oneof: &str, siblings: &[&str]) -> String {
    let mut name = to_upper_camel(oneof);
    if siblings.iter().any(|s| to_upper_camel(s) == name) {
        name.push_str("OneOf");
    }
    name
}

/// The variant of a oneof's enum for one of its fields (`home_address` → `HomeAddress`).
pub fn oneof_variant(field: &str) -> String {
    to_upper_camel(field)
}

/// The variant of enum `enum_name` (its Rust name) for a value: UpperCamel, without the
/// enum's name in front unless `retain_prefix` (`COLOR_RED` of `Color` → `Red`).
pub fn enum_variant(enum_name: &str, value: &str, retain_prefix: bool) -> String {
    let camel = to_upper_camel(value);
    if retain_prefix {
        camel
    } else {
        strip_enum_prefix(enum_name, &camel)
    }
}

/// Strips the enum's name from the front of a variant name, both in UpperCamel case, when
/// what follows starts a new word (`ColorRed` → `Red`, but `Foobar` keeps `Foo`).
pub fn strip_enum_prefix(enum_name: &str, variant: &str) -> String {
    let stripped = match variant.strip_prefix(enum_name) {
        Some(rest) if rest.starts_with(char::is_uppercase) => rest,
        _ => variant,
    };
    sanitize(stripped)
}

/// An identifier token for an already sanitized name (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust module names of a proto package (`google.api` → `["google", "api"]`).
pub fn package_modules(package: &str) -> Vec<String> {
    package
        .split('.')
        .filter(|s| !s.is_empty())
        .map(to_snake)
        .collect()
}

/// The file holding a package's messages, as prost-build names it (`google.api.rs`),
/// but with no `r#` from keyword segments (`foo.type.rs`, not `foo.r#type.rs`).
pub fn package_file_stem(package: &str) -> String {
    let parts: Vec<String> = package
        .split('.')
        .filter(|s| !s.is_empty())
        .map(|s| {
            let snake = to_snake(s);
            snake.strip_prefix("r#").map(str::to_owned).unwrap_or(snake)
        })
        .collect();
    if parts.is_empty() {
        "_".to_owned()
    } else {
        parts.join(".")
    }
}

/// The file of a package's messages and enums (`google.api.rs`), from its stem.
pub fn messages_file_name(stem: &str) -> String {
    format!("{stem}.rs")
}

/// The file of a package's services (`google.api_grpc.rs`), from its stem.
pub fn services_file_name(stem: &str) -> String {
    format!("{stem}_grpc.rs")
}

/// The Rust path of a type covered by an `extern_path` prefix: the prefix's Rust path,
/// then the proto path below the prefix (`Outer.Inner`) as generated code would name it
/// (`outer::Inner`).
pub fn extern_type_path(rust_prefix: &str, below: &str) -> String {
    let mut segments: Vec<&str> = below.split('.').collect();
    let last = segments.pop().unwrap_or_default();
    let mut parts: Vec<String> = vec![rust_prefix.to_owned()];
    parts.extend(segments.iter().map(|s| nested_module(s)));
    parts.push(type_name(last));
    parts.join("::")
}

/// The Rust modules that packages take: each package's module path and every module above
/// it (`a.b.c` takes `a`, `a::b` and `a::b::c`), with the package that takes it (the first
/// by name when several do).
#[derive(Debug, Clone, Default)]
pub struct PackageModules {
    taken: std::collections::HashMap<Vec<String>, String>,
}

impl PackageModules {
    /// The modules of the given proto packages.
    pub fn new<'p>(packages: impl IntoIterator<Item = &'p str>) -> Self {
        let mut packages: Vec<&str> = packages.into_iter().collect();
        packages.sort_unstable();
        packages.dedup();
        let mut taken = std::collections::HashMap::new();
        for package in packages {
            let modules = package_modules(package);
            for end in 1..=modules.len() {
                taken
                    .entry(modules[..end].to_vec())
                    .or_insert_with(|| package.to_owned());
            }
        }
        PackageModules { taken }
    }

    /// The module of message `message`'s nested types, inside the module `parent`:
    /// prost-build's name, the message's name in snake_case (`Cluster` → `cluster`), unless a
    /// package's module goes there (message `a.b.Cluster` beside package `a.b.cluster`, as in
    /// envoy's v2 API, where prost-build's output does not compile). Then the name gets `_`
    /// appended until no package takes it (`cluster_`), and the package is returned with it.
    /// snake_case drops trailing `_`, so no other message's module or package has that name
    /// (keywords such as `self_` aside, which the loop steps over); every other path stays
    /// prost-build's.
    pub fn nested_module(&self, parent: &[String], message: &str) -> (String, Option<&str>) {
        let mut name = nested_module(message);
        let mut path = parent.to_vec();
        path.push(name.clone());
        let Some(package) = self.taken.get(&path) else {
            return (name, None);
        };
        while self.taken.contains_key(&path) {
            name = format!("{}_", name.strip_prefix("r#").unwrap_or(&name));
            *path.last_mut().expect("pushed above") = name.clone();
        }
        (name, Some(package.as_str()))
    }
}

/// A path from the module `from` (module names, outermost first) to the type at module
/// path `to_module` named `name`, as text: `super::` for each level left, then down
/// (`super::foo::Bar`).
pub fn relative_path_string(from: &[String], to_module: &[String], name: &str) -> String {
    let common = from
        .iter()
        .zip(to_module)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = (common..from.len()).map(|_| "super").collect();
    parts.extend(to_module[common..].iter().map(String::as_str));
    parts.push(name);
    parts.join("::")
}

#[cfg(test)]
mod tests {
    #[test]
    fn unknown_fields_field_avoids_the_struct_fields() {
        assert_eq!(
            super::unknown_fields_field(&["a", "unknown_fields"]),
            "_unknown_fields"
        );
        assert_eq!(
            super::unknown_fields_field(&["_unknown_fields"]),
            "_unknown_fields_"
        );
        assert_eq!(
            super::unknown_fields_field(&["_unknown_fields", "_unknown_fields_"]),
            "_unknown_fields__"
        );
    }

    use super::*;

    #[test]
    fn casing_and_keywords() {
        for (input, snake, camel) in [
            ("foo_bar", "foo_bar", "FooBar"),
            ("fooBar", "foo_bar", "FooBar"),
            ("FOO_BAR", "foo_bar", "FooBar"),
            ("type", "r#type", "Type"),
            ("self", "self_", "Self_"),
            ("Self", "self_", "Self_"),
            ("super", "super_", "Super"),
            ("crate", "crate_", "Crate"),
            ("async", "r#async", "Async"),
            ("gen", "r#gen", "Gen"),
            ("Value", "value", "Value"),
            ("HTTPServer", "http_server", "HttpServer"),
            ("field2", "field2", "Field2"),
            ("_", "__", "__"),
            ("__", "__", "__"),
            ("___", "___", "___"),
        ] {
            assert_eq!(to_snake(input), snake, "snake of {input}");
            assert_eq!(to_upper_camel(input), camel, "camel of {input}");
        }
        assert_eq!(sanitize("_"), "__");
        assert_eq!(sanitize("1abc"), "_1abc");
    }

    #[test]
    fn enum_prefix() {
        assert_eq!(strip_enum_prefix("Color", "ColorRed"), "Red");
        assert_eq!(strip_enum_prefix("Foo", "Foobar"), "Foobar");
        assert_eq!(strip_enum_prefix("Foo", "Foo"), "Foo");
        assert_eq!(strip_enum_prefix("Foo", "FooSelf"), "Self_");
        assert_eq!(strip_enum_prefix("E", "E1"), "E1");
    }

    #[test]
    fn file_stems() {
        assert_eq!(
            package_file_stem("google.cloud.foo.v1"),
            "google.cloud.foo.v1"
        );
        assert_eq!(package_file_stem("a.type.b"), "a.type.b");
        assert_eq!(package_file_stem("My.PkgName"), "my.pkg_name");
        assert_eq!(package_file_stem(""), "_");
        assert_eq!(package_modules("a.type"), vec!["a", "r#type"]);
    }

    #[test]
    fn nested_modules_make_way_for_packages() {
        let m = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let packages = PackageModules::new(["a.b", "a.b.cluster", "a.b.cluster.v3", "x.type"]);
        // prost-build's name where no package goes.
        assert_eq!(
            packages.nested_module(&m(&["a", "b"]), "Listener"),
            ("listener".to_owned(), None)
        );
        // `a::b::cluster` is package a.b.cluster's module: the nested types move aside.
        assert_eq!(
            packages.nested_module(&m(&["a", "b"]), "Cluster"),
            ("cluster_".to_owned(), Some("a.b.cluster"))
        );
        // A module above a package is taken too.
        assert_eq!(
            packages.nested_module(&m(&["a"]), "B"),
            ("b_".to_owned(), Some("a.b"))
        );
        // Keywords lose their `r#` before the `_`.
        assert_eq!(
            packages.nested_module(&m(&["x"]), "Type"),
            ("type_".to_owned(), Some("x.type"))
        );
        assert_eq!(
            packages.nested_module(&m(&["x"]), "type"),
            ("type_".to_owned(), Some("x.type"))
        );
        // Names that end in `_` already (`self_`) get another.
        let packages = PackageModules::new(["p.self"]);
        assert_eq!(
            packages.nested_module(&m(&["p"]), "Self"),
            ("self__".to_owned(), Some("p.self"))
        );
    }

    #[test]
    fn relative_paths() {
        let m = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            relative_path_string(&m(&["a", "b"]), &m(&["a", "c"]), "T"),
            "super::c::T"
        );
        assert_eq!(
            relative_path_string(&m(&["a"]), &m(&["a", "m"]), "T"),
            "m::T"
        );
        assert_eq!(relative_path_string(&m(&["a"]), &m(&["a"]), "T"), "T");
        assert_eq!(
            relative_path_string(&m(&["a", "r#type"]), &m(&["b", "r#type"]), "Foo"),
            "super::super::b::r#type::Foo"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Services: every name a service's generated code introduces.
// ---------------------------------------------------------------------------------------

/// Method names the generated client or server already uses (constructors, interceptor,
/// compression and size methods, `Clone`/`Debug`, tower's `Service` and `ServiceExt`). An
/// rpc whose snake_case name is one of these gets [`RPC_SUFFIX`] appended.
pub const RESERVED_METHODS: &[&str] = &[
    "new",
    "from_arc",
    "connect",
    "with_origin",
    "with_interceptor",
    "accept_compressed",
    "send_compressed",
    "max_decoding_message_size",
    "max_encoding_message_size",
    "clone",
    "clone_from",
    "fmt",
    "poll_ready",
    "call",
    "ready",
    "ready_oneshot",
    "oneshot",
    "into_inner",
];

/// What a reserved method name gets appended (`new` → `new_rpc`).
pub const RPC_SUFFIX: &str = "_rpc";

/// The module of the hidden plumbing shared by the services of one `_grpc.rs` file.
pub const GRPC_PLUMBING_MODULE: &str = "__rustsvc";

/// The module of the hidden helpers shared by the messages of one `<package>.rs` file
/// (with `message_impl=own`).
pub const MESSAGE_RUNTIME_MODULE: &str = "__rustsvc_msg";

/// The struct field keeping a message's unknown fields (`unknown_fields`):
/// `_unknown_fields`, with `_` appended until no field or oneof of the struct (`taken`) has
/// the name.
pub fn unknown_fields_field(taken: &[&str]) -> String {
    let mut name = "_unknown_fields".to_owned();
    while taken.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The names generated for one service, named like tonic-build's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceNames {
    /// The server trait (`UserInfo`).
    pub server_trait: String,
    /// The module of the trait and server (`user_info_server`).
    pub server_module: String,
    /// The tower service wrapping an implementation (`UserInfoServer`).
    pub server: String,
    /// The module of the client (`user_info_client`).
    pub client_module: String,
    /// The client (`UserInfoClient`).
    pub client: String,
    /// The package-level constant holding the full service name (`USER_INFO_SERVICE_NAME`).
    pub name_const: String,
    /// The package-level static service descriptor (`USER_INFO_DESCRIPTOR`).
    pub descriptor: String,
}

/// The names of a service called `name` in the .proto.
pub fn service_names(name: &str) -> ServiceNames {
    let camel = non_empty(name.to_upper_camel_case(), name);
    let snake = non_empty(name.to_snake_case(), name);
    let shouty = non_empty(heck::ToShoutySnakeCase::to_shouty_snake_case(name), name);
    // `sanitize` on every composed name too: a service `_6` gives `6Server`, `6_server`, ….
    ServiceNames {
        server_trait: sanitize(&camel),
        server_module: sanitize(&format!("{snake}_server")),
        server: sanitize(&format!("{camel}Server")),
        client_module: sanitize(&format!("{snake}_client")),
        client: sanitize(&format!("{camel}Client")),
        name_const: sanitize(&format!("{shouty}_SERVICE_NAME")),
        descriptor: sanitize(&format!("{shouty}_DESCRIPTOR")),
    }
}

/// The names generated for one rpc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodNames {
    /// The trait and client method (`add_user`; `new_rpc` for a reserved name; `r#type`).
    pub method: String,
    /// The associated stream type of tonic-build's `#[async_trait]` form (`ListStream`).
    pub stream_type: String,
    /// The package-level constant holding the full path (`USER_INFO_ADD_USER_PATH`).
    pub path_const: String,
}

/// The names of rpc `method` of service `service` (both as written in the .proto).
pub fn method_names(service: &str, method: &str) -> MethodNames {
    let snake = non_empty(method.to_snake_case(), method);
    let rust = if RESERVED_METHODS.contains(&snake.as_str()) {
        format!("{snake}{RPC_SUFFIX}")
    } else {
        sanitize(&snake)
    };
    let shouty = |s: &str| non_empty(heck::ToShoutySnakeCase::to_shouty_snake_case(s), s);
    MethodNames {
        method: rust,
        stream_type: sanitize(&format!(
            "{}Stream",
            non_empty(method.to_upper_camel_case(), method)
        )),
        path_const: sanitize(&format!("{}_{}_PATH", shouty(service), shouty(method))),
    }
}

/// The full path of a method on the wire: `/package.Service/Method`, as written.
pub fn method_path(service_full_name: &str, method: &str) -> String {
    format!("/{service_full_name}/{method}")
}

#[cfg(test)]
mod service_tests {
    use super::*;

    #[test]
    fn service_names_like_tonic_build() {
        let n = service_names("UserInfo");
        assert_eq!(n.server_trait, "UserInfo");
        assert_eq!(n.server_module, "user_info_server");
        assert_eq!(n.server, "UserInfoServer");
        assert_eq!(n.client_module, "user_info_client");
        assert_eq!(n.client, "UserInfoClient");
        assert_eq!(n.name_const, "USER_INFO_SERVICE_NAME");
        assert_eq!(n.descriptor, "USER_INFO_DESCRIPTOR");
        assert_eq!(service_names("user_info").server_trait, "UserInfo");
        assert_eq!(service_names("Self").server_trait, "Self_");
        // All-underscore names (legal in a .proto) never become empty identifiers.
        let n = service_names("_");
        assert_eq!(
            (
                n.server_trait.as_str(),
                n.server_module.as_str(),
                n.name_const.as_str()
            ),
            ("__", "__server", "__SERVICE_NAME")
        );
        // Names starting with a digit once cased (`_6` → `6`) get a leading `_`.
        let n = service_names("_6");
        assert_eq!(
            [
                n.server_trait.as_str(),
                n.server_module.as_str(),
                n.server.as_str(),
                n.client_module.as_str(),
                n.client.as_str(),
                n.name_const.as_str(),
                n.descriptor.as_str()
            ],
            [
                "_6",
                "_6_server",
                "_6Server",
                "_6_client",
                "_6Client",
                "_6_SERVICE_NAME",
                "_6_DESCRIPTOR"
            ]
        );
        let m = method_names("_6", "_1x");
        assert_eq!(
            (
                m.method.as_str(),
                m.stream_type.as_str(),
                m.path_const.as_str()
            ),
            ("_1x", "_1xStream", "_6_1X_PATH")
        );
        let m = method_names("_", "_");
        assert_eq!(
            (
                m.method.as_str(),
                m.stream_type.as_str(),
                m.path_const.as_str()
            ),
            ("__", "_Stream", "____PATH")
        );
    }

    #[test]
    fn method_names_and_renames() {
        for (rpc, method) in [
            ("addUser", "add_user"),
            ("GetUser", "get_user"),
            ("New", "new_rpc"),
            ("connect", "connect_rpc"),
            ("Call", "call_rpc"),
            ("WithInterceptor", "with_interceptor_rpc"),
            ("type", "r#type"),
            ("Self", "self_"),
            ("async", "r#async"),
        ] {
            assert_eq!(method_names("S", rpc).method, method, "{rpc}");
        }
        let m = method_names("UserInfo", "addUser");
        assert_eq!(m.path_const, "USER_INFO_ADD_USER_PATH");
        assert_eq!(m.stream_type, "AddUserStream");
        assert_eq!(
            method_path("user.UserInfo", "addUser"),
            "/user.UserInfo/addUser"
        );
    }
}

/// protoc's JSON name of a field (`foo_bar` → `fooBar`), used when a descriptor carries no
/// `json_name`: the front end's, so both compute it one way.
pub use crate::parse::native::json_name;
