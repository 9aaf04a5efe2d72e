//! Plugin parameters (`--rustsvc_opt=k=v,...`) → [`Options`].
//!
//! Every option is declared once, in the `option_table!` macro: its name, group, value shape, Rust
//! type, default, help text, example and extra check. From that one declaration come the
//! [`Options`] struct and its defaults, [`SPECS`] (parsing, the error for an unknown option,
//! `--help`, the README table and its test) and the build.rs builder's typed setters. The
//! builder passes its settings through the same parser, so both ways share one
//! implementation. A new option is one entry in the table (plus what it does in the model).

use crate::error::{err, Result};

/// A proto path (prost-build's matching rules, see [`path_matches`]) with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathValue {
    pub path: String,
    pub value: String,
}

/// The shape of an option's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// `name`, `name=true` or `name=false`.
    Bool,
    /// `name=PATH`, may be given several times.
    Path,
    /// `name=PATH=ATTRIBUTE`, may be given several times; the attribute must parse.
    PathAttribute,
    /// `name=PATH=VALUE`, may be given several times.
    PathValue,
    /// `name=RUST_PATH` (a Rust path such as `::my_crate::prost`).
    RustPath,
    /// `name=TEXT`.
    Text,
}

/// One documented option.
#[derive(Debug, Clone, Copy)]
pub struct OptionSpec {
    pub name: &'static str,
    /// What the option is about: `messages`, `output`, `services` or `runtime paths`.
    pub group: &'static str,
    pub kind: ValueKind,
    pub default: &'static str,
    pub help: &'static str,
    pub example: &'static str,
}

/// Every option, grouped by concern. Calls `$callback!` with the whole table; each entry is
/// `name: Kind, RustType, default, "default as text", "help", "example", extra_check;`.
macro_rules! option_table {
    ($callback:ident) => {
        $callback! {
            "messages" {
                btree_map: Path, Vec<String>, Vec::new(), "",
                    "map fields under PATH become BTreeMap instead of HashMap ('.' for all)",
                    "btree_map=.my.pkg.Message.field", no_check;
                bytes: Path, Vec<String>, Vec::new(), "",
                    "bytes fields under PATH become bytes::Bytes instead of Vec<u8>",
                    "bytes=.my.pkg", no_check;
                boxed: Path, Vec<String>, Vec::new(), "",
                    "box the singular message and group fields under PATH (others stay unboxed, with a warning)",
                    "boxed=.my.pkg.Message.big_field", no_check;
                skip_debug: Path, Vec<String>, Vec::new(), "",
                    "no derived Debug for messages and enums under PATH (implement it yourself)",
                    "skip_debug=.my.pkg.Secret", no_check;
                disable_comments: Path, Vec<String>, Vec::new(), "",
                    "no doc comments for elements under PATH",
                    "disable_comments=.", no_check;
                extern_path: PathValue, Vec<PathValue>, Vec::new(), "",
                    "use the Rust type at RUST_PATH for the proto path PATH instead of generating it",
                    "extern_path=.google.type=::google_types", check_extern_path;
                type_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to messages, enums and oneofs under PATH",
                    "type_attribute=.=#[derive(serde::Serialize)]", no_check;
                message_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to messages under PATH",
                    "message_attribute=.my.pkg=#[non_exhaustive]", no_check;
                enum_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to enums and oneofs under PATH",
                    "enum_attribute=.my.pkg.Color=#[derive(strum::EnumIter)]", no_check;
                field_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to fields under PATH",
                    "field_attribute=.my.pkg.User.id=#[serde(rename = \"ID\")]", no_check;
                enable_type_names: Bool, bool, false, "false",
                    "implement prost::Name (full name and type URL) for messages",
                    "enable_type_names", no_check;
                type_name_domain: PathValue, Vec<PathValue>, Vec::new(), "",
                    "the type URL domain for messages under PATH (with enable_type_names)",
                    "type_name_domain=.=type.googleapis.com", no_check;
                compile_well_known_types: Bool, bool, false, "false",
                    "generate google.protobuf types instead of using prost-types",
                    "compile_well_known_types", no_check;
                retain_enum_prefix: Bool, bool, false, "false",
                    "keep the enum name as a prefix of variant names",
                    "retain_enum_prefix", no_check;
                message_impl: Text, String, "own".to_owned(), "own",
                    "how messages implement prost::Message: derive (prost's derive macros) or own (impls written by the generator)",
                    "message_impl=derive", check_message_impl;
                unknown_fields: Path, Vec<String>, Vec::new(), "",
                    "messages under PATH keep unknown fields and write them back (not with message_impl=derive)",
                    "unknown_fields=.", no_check;
                typed_enums: Path, Vec<String>, Vec::new(), "",
                    "enum fields under PATH hold the enum (closed enums) or rustsvc_runtime::EnumValue (open enums) instead of i32 (not with message_impl=derive)",
                    "typed_enums=.", no_check;
                json: Path, Vec<String>, Vec::new(), "",
                    "messages and enums under PATH implement serde's Serialize and Deserialize in the proto3 JSON mapping (needs rustsvc-runtime with feature json)",
                    "json=.", no_check;
            }
            "output" {
                default_package_filename: Text, String, "_".to_owned(), "_",
                    "file stem for .proto files without a package",
                    "default_package_filename=root", check_file_stem;
                file_descriptor_set: Bool, bool, false, "false",
                    "embed each package's encoded FileDescriptorSet (for server reflection)",
                    "file_descriptor_set", no_check;
                mod_file: Text, String, "mod.rs".to_owned(), "mod.rs",
                    "name of the file that builds the module tree",
                    "mod_file=proto.rs", check_mod_file;
                versions: Bool, bool, true, "true",
                    "name the generator and protoc versions in each file's header",
                    "versions=false", no_check;
            }
            "services" {
                server: Bool, bool, true, "true",
                    "generate server traits and servers for services",
                    "server=false", no_check;
                client: Bool, bool, true, "true",
                    "generate clients for services",
                    "client=false", no_check;
                transport: Bool, bool, true, "true",
                    "generate the clients' connect constructor (needs tonic's transport feature)",
                    "transport=false", no_check;
                async_trait: Bool, bool, false, "false",
                    "generate tonic-build's #[async_trait] server traits instead of native async fns",
                    "async_trait=true", no_check;
                unimplemented_defaults: Bool, bool, true, "true",
                    "give every server method a default body that answers Unimplemented",
                    "unimplemented_defaults=false", no_check;
                server_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to the servers of services under PATH",
                    "server_attribute=.my.pkg=#[cfg(feature = \"server\")]", no_check;
                client_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to the clients of services under PATH",
                    "client_attribute=.=#[cfg(feature = \"client\")]", no_check;
                trait_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to the server traits of services under PATH",
                    "trait_attribute=.=#[allow(missing_docs)]", no_check;
                server_mod_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to the server modules of services under PATH",
                    "server_mod_attribute=.=#[cfg(feature = \"server\")]", no_check;
                client_mod_attribute: PathAttribute, Vec<PathValue>, Vec::new(), "",
                    "add the attribute to the client modules of services under PATH",
                    "client_mod_attribute=.=#[cfg(feature = \"client\")]", no_check;
            }
            "runtime paths" {
                prost_path: RustPath, Option<String>, None, "::prost",
                    "path of the prost crate (for crates that re-export it)",
                    "prost_path=::my_crate::prost", no_check;
                prost_types_path: RustPath, String, "::prost_types".to_owned(), "::prost_types",
                    "path of the prost-types crate for well-known types",
                    "prost_types_path=::my_crate::prost_types", no_check;
                tonic_path: RustPath, String, "::tonic".to_owned(), "::tonic",
                    "path of the tonic crate (for crates that re-export it)",
                    "tonic_path=::my_crate::tonic", no_check;
                codec_path: RustPath, String, "::tonic_prost::ProstCodec".to_owned(),
                    "::tonic_prost::ProstCodec",
                    "path of the codec type services use",
                    "codec_path=::my_crate::Codec", no_check;
                runtime_path: RustPath, String, "::rustsvc_runtime".to_owned(), "::rustsvc_runtime",
                    "path of the rustsvc-runtime crate, which `typed_enums` and `json` need",
                    "runtime_path=::my_crate::rustsvc_runtime", no_check;
            }
        }
    };
}
pub(crate) use option_table;

/// The [`Options`] struct, its defaults, [`SPECS`] and the field of each option by name.
macro_rules! declare_options {
    ($($group:literal {
        $($name:ident: $kind:ident, $ty:ty, $default:expr, $default_text:literal,
            $help:literal, $example:literal, $check:ident;)*
    })*) => {
        /// What the generator was asked to do: one field per option (see [`SPECS`] for each
        /// option's meaning).
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Options {
            $($(#[doc = concat!("The `", stringify!($name), "` option (see [`SPECS`]).")] pub $name: $ty,)*)*
        }

        impl Default for Options {
            fn default() -> Self {
                Options { $($($name: $default,)*)* }
            }
        }

        /// Every option the generator accepts, in groups.
        pub const SPECS: &[OptionSpec] = &[
            $($(OptionSpec {
                name: stringify!($name),
                group: $group,
                kind: ValueKind::$kind,
                default: $default_text,
                help: $help,
                example: $example,
            },)*)*
        ];

        impl Options {
            /// Where an option's value goes, and its extra check.
            fn slot(&mut self, name: &str) -> Option<(Slot<'_>, Check)> {
                match name {
                    $($(stringify!($name) => Some((Slot::from(&mut self.$name), $check as Check)),)*)*
                    _ => None,
                }
            }
        }
    };
}

option_table!(declare_options);

/// An option's check beyond its value's shape: (option, path if any, value).
type Check = fn(&str, Option<&str>, &str) -> Result<()>;

/// The field an option sets.
enum Slot<'o> {
    Bool(&'o mut bool),
    Paths(&'o mut Vec<String>),
    PathValues(&'o mut Vec<PathValue>),
    Text(&'o mut String),
    OptionalText(&'o mut Option<String>),
}

impl<'o> From<&'o mut bool> for Slot<'o> {
    fn from(v: &'o mut bool) -> Self {
        Slot::Bool(v)
    }
}
impl<'o> From<&'o mut Vec<String>> for Slot<'o> {
    fn from(v: &'o mut Vec<String>) -> Self {
        Slot::Paths(v)
    }
}
impl<'o> From<&'o mut Vec<PathValue>> for Slot<'o> {
    fn from(v: &'o mut Vec<PathValue>) -> Self {
        Slot::PathValues(v)
    }
}
impl<'o> From<&'o mut String> for Slot<'o> {
    fn from(v: &'o mut String) -> Self {
        Slot::Text(v)
    }
}
impl<'o> From<&'o mut Option<String>> for Slot<'o> {
    fn from(v: &'o mut Option<String>) -> Self {
        Slot::OptionalText(v)
    }
}

fn no_check(_: &str, _: Option<&str>, _: &str) -> Result<()> {
    Ok(())
}

fn check_extern_path(option: &str, path: Option<&str>, value: &str) -> Result<()> {
    let path = path.unwrap_or_default();
    if !path.starts_with('.') || path == "." {
        return Err(err!(
            "option 'extern_path' needs a fully qualified proto path starting with '.', not '{path}' (for example 'extern_path=.google.type=::google_types')"
        ));
    }
    check_rust_path(option, value)
}

fn check_message_impl(_: &str, _: Option<&str>, v: &str) -> Result<()> {
    if v != "derive" && v != "own" {
        return Err(err!(
            "option 'message_impl' takes 'derive' or 'own', not '{v}' (for example 'message_impl=derive')"
        ));
    }
    Ok(())
}

fn check_mod_file(_: &str, _: Option<&str>, v: &str) -> Result<()> {
    if v.contains(['/', '\\']) || !v.ends_with(".rs") || v.len() <= 3 {
        return Err(err!(
            "option 'mod_file' must be a plain file name ending in .rs, not '{v}'"
        ));
    }
    Ok(())
}

fn check_file_stem(_: &str, _: Option<&str>, v: &str) -> Result<()> {
    if v.contains(['/', '\\']) || v.starts_with('.') {
        return Err(err!(
            "option 'default_package_filename' must be a plain file stem, not '{v}'"
        ));
    }
    Ok(())
}

impl Options {
    /// Parses protoc's parameter string: `key` or `key=value`, comma separated. Commas
    /// inside brackets, parentheses, braces or quotes belong to the value (so attributes
    /// like `#[derive(A, B)]` need no escaping); elsewhere write `\,` for a comma.
    pub fn parse(parameter: &str) -> Result<Options> {
        let mut options = Options::default();
        options.apply_list(parameter)?;
        Ok(options)
    }

    /// Applies a comma-separated list of options, split as [`Options::parse`] splits.
    pub fn apply_list(&mut self, list: &str) -> Result<()> {
        // Every bad item is reported, not only the first.
        crate::error::collect(split_parameter(list), |item| self.apply(&item)).map(|_| ())
    }

    /// Applies one `key` or `key=value` item.
    pub fn apply(&mut self, item: &str) -> Result<()> {
        let item = item.trim();
        if item.is_empty() {
            return Ok(());
        }
        let (key, value) = match item.split_once('=') {
            Some((k, v)) => (k.trim(), Some(v.trim())),
            None => (item, None),
        };
        let spec = SPECS.iter().find(|s| s.name == key).ok_or_else(|| {
            err!(
                "unknown option '{key}' in '{item}'; valid options are: {}",
                valid_names()
            )
        })?;
        self.set(spec, value)
    }

    fn set(&mut self, spec: &OptionSpec, value: Option<&str>) -> Result<()> {
        let name = spec.name;
        let example = spec.example;
        let needs_value = || err!("option '{name}' needs a value (for example '{example}')");
        let Some((slot, check)) = self.slot(name) else {
            return Err(err!("internal error: option '{name}' has no field"));
        };
        match (spec.kind, slot) {
            (ValueKind::Bool, Slot::Bool(field)) => {
                *field = match value {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(other) => {
                        return Err(err!(
                            "option '{name}' takes true or false, not '{other}' (for example '{example}')"
                        ))
                    }
                };
            }
            (ValueKind::Path, Slot::Paths(list)) => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                let path = check_path(name, v)?;
                check(name, Some(&path), "")?;
                list.push(path);
            }
            (ValueKind::PathValue | ValueKind::PathAttribute, Slot::PathValues(list)) => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                let (path, val) = v.split_once('=').ok_or_else(|| {
                    err!("option '{name}' takes PATH=VALUE, not '{v}' (for example '{example}')")
                })?;
                let (path, val) = (path.trim(), val.trim());
                let path = check_path(name, path)?;
                if val.is_empty() {
                    return Err(err!(
                        "option '{name}' has no value for path '{path}' (for example '{example}')"
                    ));
                }
                if spec.kind == ValueKind::PathAttribute {
                    check_attribute(name, &path, val)?;
                }
                check(name, Some(&path), val)?;
                list.push(PathValue {
                    path,
                    value: val.to_owned(),
                });
            }
            (ValueKind::RustPath, slot) => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                check_rust_path(name, v)?;
                check(name, None, v)?;
                match slot {
                    Slot::Text(field) => *field = v.to_owned(),
                    Slot::OptionalText(field) => *field = Some(v.to_owned()),
                    _ => return Err(err!("internal error: option '{name}' has no text field")),
                }
            }
            (ValueKind::Text, Slot::Text(field)) => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                check(name, None, v)?;
                *field = v.to_owned();
            }
            _ => {
                return Err(err!(
                    "internal error: option '{name}' has a field of another kind"
                ))
            }
        }
        Ok(())
    }

    /// The attributes of `list` whose path matches `fq_name`, in the order given.
    pub fn attributes<'o>(list: &'o [PathValue], fq_name: &str) -> impl Iterator<Item = &'o str> {
        let fq = fq_name.to_owned();
        list.iter()
            .filter(move |pv| path_matches(&pv.path, &fq))
            .map(|pv| pv.value.as_str())
    }

    /// Whether any path of `list` matches `fq_name`.
    pub fn matches(list: &[String], fq_name: &str) -> bool {
        list.iter().any(|p| path_matches(p, fq_name))
    }
}

/// The README's options table: one row per option, grouped, from [`SPECS`] (a test keeps
/// the README equal to it).
pub fn markdown_table() -> String {
    let mut out =
        String::from("| option | group | default | meaning | example |\n|---|---|---|---|---|\n");
    for spec in SPECS {
        let shape = match spec.kind {
            ValueKind::Bool => "BOOL",
            ValueKind::Path => "PATH",
            ValueKind::PathAttribute => "PATH=#[ATTR]",
            ValueKind::PathValue => "PATH=VALUE",
            ValueKind::RustPath => "RUST_PATH",
            ValueKind::Text => "NAME",
        };
        let default = if spec.default.is_empty() {
            "none".to_owned()
        } else {
            format!("`{}`", spec.default)
        };
        out.push_str(&format!(
            "| `{}={shape}` | {} | {default} | {} | `{}` |\n",
            spec.name, spec.group, spec.help, spec.example
        ));
    }
    out
}

/// The valid option names, comma separated, for error messages.
pub fn valid_names() -> String {
    SPECS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// Splits on commas outside brackets and quotes, and not escaped with a backslash;
/// `\,` becomes `,` and `\\` becomes `\`.
fn split_parameter(parameter: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut depth: i32 = 0;
    let mut quote: Option<char> = None;
    let mut chars = parameter.chars();
    while let Some(c) = chars.next() {
        let cur = items.last_mut().expect("never empty");
        match c {
            '\\' => match chars.next() {
                Some(next @ (',' | '\\')) if quote.is_none() => cur.push(next),
                Some(next) => {
                    cur.push('\\');
                    cur.push(next);
                }
                None => cur.push('\\'),
            },
            '"' | '\'' if quote == Some(c) => {
                quote = None;
                cur.push(c);
            }
            '"' if quote.is_none() => {
                quote = Some(c);
                cur.push(c);
            }
            _ if quote.is_some() => cur.push(c),
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            ',' if depth <= 0 => items.push(String::new()),
            c => cur.push(c),
        }
    }
    items
}

/// Checks a proto path as prost-build accepts them: `.` alone, `.fully.qualified.Name`
/// or a `Suffix.name` made of identifiers.
fn check_path(option: &str, path: &str) -> Result<String> {
    if path == "." {
        return Ok(path.to_owned());
    }
    let body = path.strip_prefix('.').unwrap_or(path);
    let ok = !body.is_empty()
        && body.split('.').all(|seg| {
            !seg.is_empty()
                && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !seg.starts_with(|c: char| c.is_ascii_digit())
        });
    if ok {
        Ok(path.to_owned())
    } else {
        Err(err!(
            "option '{option}' has a malformed proto path '{path}': write '.' for everything, \
             '.package.Message.field' for a fully qualified prefix, or 'Message.field' for a suffix"
        ))
    }
}

/// An attribute value must be one or more outer attributes (`#[...]`).
fn check_attribute(option: &str, path: &str, value: &str) -> Result<()> {
    use syn::parse::Parser;
    let parsed = syn::Attribute::parse_outer.parse_str(value);
    match parsed {
        Ok(attrs) if !attrs.is_empty() => Ok(()),
        Ok(_) => Err(err!(
            "option '{option}' for path '{path}': '{value}' is not a Rust attribute; write it like #[derive(Eq)]"
        )),
        Err(e) => Err(err!(
            "option '{option}' for path '{path}': '{value}' is not a Rust attribute ({e}); write it like #[derive(Eq)]"
        )),
    }
}

/// A Rust path or type such as `::my_crate::prost` or `crate::gen::Type`.
fn check_rust_path(option: &str, value: &str) -> Result<()> {
    match syn::parse_str::<syn::Type>(value) {
        Ok(_) => Ok(()),
        Err(e) => Err(err!(
            "option '{option}': '{value}' is not a Rust path ({e}); write it like ::my_crate::module"
        )),
    }
}

/// Whether a prost-build style path matches a fully qualified proto name (`.pkg.Msg.field`).
/// `.` matches everything, a leading `.` is a prefix on whole segments, anything else a
/// suffix on whole segments.
pub fn path_matches(pattern: &str, fq_name: &str) -> bool {
    if pattern == "." {
        return true;
    }
    if pattern.starts_with('.') {
        fq_name == pattern
            || (fq_name.starts_with(pattern)
                && fq_name.as_bytes().get(pattern.len()) == Some(&b'.'))
    } else {
        fq_name.ends_with(pattern)
            && fq_name.len() > pattern.len()
            && fq_name.as_bytes()[fq_name.len() - pattern.len() - 1] == b'.'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_bools_and_paths() {
        let o = Options::parse("server=false,async_trait,btree_map=.a.B,versions=false").unwrap();
        assert!(!o.server && o.client && o.async_trait && !o.versions);
        assert_eq!(o.btree_map, vec![".a.B"]);
    }

    #[test]
    fn attributes_with_commas_and_equals() {
        let o = Options::parse(
            r#"type_attribute=.a=#[derive(serde::Serialize, serde::Deserialize)],field_attribute=B.c=#[serde(rename = "x,y")],bytes=."#,
        )
        .unwrap();
        assert_eq!(o.type_attribute[0].path, ".a");
        assert_eq!(
            o.type_attribute[0].value,
            "#[derive(serde::Serialize, serde::Deserialize)]"
        );
        assert_eq!(o.field_attribute[0].value, r#"#[serde(rename = "x,y")]"#);
        assert_eq!(o.bytes, vec!["."]);
    }

    #[test]
    fn unknown_option_lists_valid_ones() {
        let e = Options::parse("sever=false").unwrap_err();
        assert_eq!(
            e.message(),
            format!(
                "unknown option 'sever' in 'sever=false'; valid options are: {}",
                valid_names()
            )
        );
    }

    #[test]
    fn malformed_values() {
        assert_eq!(
            Options::parse("server=yes").unwrap_err().message(),
            "option 'server' takes true or false, not 'yes' (for example 'server=false')"
        );
        assert_eq!(
            Options::parse("btree_map=a..b").unwrap_err().message(),
            "option 'btree_map' has a malformed proto path 'a..b': write '.' for everything, \
             '.package.Message.field' for a fully qualified prefix, or 'Message.field' for a suffix"
        );
        assert_eq!(
            Options::parse("type_attribute=.a=#[derive(Foo").unwrap_err().message(),
            "option 'type_attribute' for path '.a': '#[derive(Foo' is not a Rust attribute (cannot parse string into token stream); write it like #[derive(Eq)]"
        );
        assert_eq!(
            Options::parse("type_attribute=.a=derive(Foo)").unwrap_err().message(),
            "option 'type_attribute' for path '.a': 'derive(Foo)' is not a Rust attribute (unexpected token); write it like #[derive(Eq)]"
        );
        assert_eq!(
            Options::parse("type_attribute=.a").unwrap_err().message(),
            "option 'type_attribute' takes PATH=VALUE, not '.a' (for example 'type_attribute=.=#[derive(serde::Serialize)]')"
        );
        assert_eq!(
            Options::parse("extern_path=foo=::x").unwrap_err().message(),
            "option 'extern_path' needs a fully qualified proto path starting with '.', not 'foo' (for example 'extern_path=.google.type=::google_types')"
        );
        assert!(Options::parse("prost_path=::a::")
            .unwrap_err()
            .message()
            .starts_with("option 'prost_path': '::a::' is not a Rust path ("));
        assert!(Options::parse("mod_file=../x.rs").is_err());
        assert!(Options::parse("btree_map").is_err());
    }

    #[test]
    fn escaped_commas() {
        assert_eq!(split_parameter(r"a=1\,2,b"), vec!["a=1,2", "b"]);
        assert_eq!(split_parameter(r"a=x\\,b"), vec![r"a=x\", "b"]);
        assert_eq!(split_parameter(r#"a="x,y",b"#), vec![r#"a="x,y""#, "b"]);
    }

    #[test]
    fn path_matching() {
        for (pat, name, want) in [
            (".", ".a.B.c", true),
            (".a", ".a.B.c", true),
            (".a", ".ab.B", false),
            (".a.B.c", ".a.B.c", true),
            ("B.c", ".a.B.c", true),
            ("c", ".a.B.c", true),
            ("B.c", ".a.XB.c", false),
            ("a.B.c", ".a.B.c", true),
        ] {
            assert_eq!(path_matches(pat, name), want, "{pat} vs {name}");
        }
    }
}
