//! Plugin parameters (`--rustsvc_opt=k=v,...`) → [`Options`].
//!
//! Every option is described once in [`SPECS`]; parsing, the error for an unknown option,
//! `--help` and the README table all follow that table. The build.rs builder passes its
//! settings through the same parser, so both ways share one implementation.

use crate::error::{err, Result};

/// A proto path (prost-build's matching rules, see [`path_matches`]) with a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathValue {
    pub path: String,
    pub value: String,
}

/// What the generator was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Map fields under these paths become `BTreeMap`.
    pub btree_map: Vec<String>,
    /// `bytes` fields under these paths become `bytes::Bytes`.
    pub bytes: Vec<String>,
    /// Fields under these paths are boxed.
    pub boxed: Vec<String>,
    /// Messages and enums under these paths get no derived `Debug`.
    pub skip_debug: Vec<String>,
    /// Elements under these paths get no doc comments.
    pub disable_comments: Vec<String>,
    /// Proto paths provided by other crates: `.pkg` → `::other_crate::pkg`.
    pub extern_path: Vec<PathValue>,
    /// Attributes on messages, enums and oneofs.
    pub type_attribute: Vec<PathValue>,
    /// Attributes on messages only.
    pub message_attribute: Vec<PathValue>,
    /// Attributes on enums and oneofs only.
    pub enum_attribute: Vec<PathValue>,
    /// Attributes on fields.
    pub field_attribute: Vec<PathValue>,
    /// Generate `prost::Name` impls.
    pub enable_type_names: bool,
    /// Type URL domains for `prost::Name::type_url`.
    pub type_name_domain: Vec<PathValue>,
    /// Generate google.protobuf types instead of using prost-types.
    pub compile_well_known_types: bool,
    /// Keep the enum name prefix on variants.
    pub retain_enum_prefix: bool,
    /// File stem for files without a package.
    pub default_package_filename: String,
    /// Path of the prost crate in generated code.
    pub prost_path: Option<String>,
    /// Path of the prost-types crate in generated code.
    pub prost_types_path: String,
    /// Embed the encoded descriptor set in each package.
    pub file_descriptor_set: bool,
    /// Name of the file that ties the packages into a module tree.
    pub mod_file: String,
    /// Whether the header names the generator and protoc versions.
    pub versions: bool,
    /// Generate the server half of services.
    pub server: bool,
    /// Generate the client half of services.
    pub client: bool,
    /// Generate `connect` constructors (tonic's `transport` feature).
    pub transport: bool,
    /// Generate tonic-build's `#[async_trait]` trait instead of native async fns.
    pub async_trait: bool,
    /// Give every server trait method a default body answering `Unimplemented`.
    pub unimplemented_defaults: bool,
    /// Attributes on generated servers, clients, server traits, and their modules.
    pub server_attribute: Vec<PathValue>,
    pub client_attribute: Vec<PathValue>,
    pub trait_attribute: Vec<PathValue>,
    pub server_mod_attribute: Vec<PathValue>,
    pub client_mod_attribute: Vec<PathValue>,
    /// Path of the tonic crate in generated code.
    pub tonic_path: String,
    /// Path of the codec type in generated code.
    pub codec_path: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            btree_map: Vec::new(),
            bytes: Vec::new(),
            boxed: Vec::new(),
            skip_debug: Vec::new(),
            disable_comments: Vec::new(),
            extern_path: Vec::new(),
            type_attribute: Vec::new(),
            message_attribute: Vec::new(),
            enum_attribute: Vec::new(),
            field_attribute: Vec::new(),
            enable_type_names: false,
            type_name_domain: Vec::new(),
            compile_well_known_types: false,
            retain_enum_prefix: false,
            default_package_filename: "_".to_owned(),
            prost_path: None,
            prost_types_path: "::prost_types".to_owned(),
            file_descriptor_set: false,
            mod_file: "mod.rs".to_owned(),
            versions: true,
            server: true,
            client: true,
            transport: true,
            async_trait: false,
            unimplemented_defaults: true,
            server_attribute: Vec::new(),
            client_attribute: Vec::new(),
            trait_attribute: Vec::new(),
            server_mod_attribute: Vec::new(),
            client_mod_attribute: Vec::new(),
            tonic_path: "::tonic".to_owned(),
            codec_path: "::tonic_prost::ProstCodec".to_owned(),
        }
    }
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
    pub kind: ValueKind,
    pub default: &'static str,
    pub help: &'static str,
    pub example: &'static str,
}

macro_rules! spec {
    ($name:literal, $kind:ident, $default:literal, $help:literal, $example:literal) => {
        OptionSpec {
            name: $name,
            kind: ValueKind::$kind,
            default: $default,
            help: $help,
            example: $example,
        }
    };
}

/// Every option the generator accepts.
pub const SPECS: &[OptionSpec] = &[
    spec!(
        "btree_map",
        Path,
        "",
        "map fields under PATH become BTreeMap instead of HashMap ('.' for all)",
        "btree_map=.my.pkg.Message.field"
    ),
    spec!(
        "bytes",
        Path,
        "",
        "bytes fields under PATH become bytes::Bytes instead of Vec<u8>",
        "bytes=.my.pkg"
    ),
    spec!(
        "boxed",
        Path,
        "",
        "box the singular message and group fields under PATH (others stay unboxed, with a warning)",
        "boxed=.my.pkg.Message.big_field"
    ),
    spec!(
        "skip_debug",
        Path,
        "",
        "no derived Debug for messages and enums under PATH (implement it yourself)",
        "skip_debug=.my.pkg.Secret"
    ),
    spec!(
        "disable_comments",
        Path,
        "",
        "no doc comments for elements under PATH",
        "disable_comments=."
    ),
    spec!(
        "extern_path",
        PathValue,
        "",
        "use the Rust type at RUST_PATH for the proto path PATH instead of generating it",
        "extern_path=.google.type=::google_types"
    ),
    spec!(
        "type_attribute",
        PathAttribute,
        "",
        "add the attribute to messages, enums and oneofs under PATH",
        "type_attribute=.=#[derive(serde::Serialize)]"
    ),
    spec!(
        "message_attribute",
        PathAttribute,
        "",
        "add the attribute to messages under PATH",
        "message_attribute=.my.pkg=#[non_exhaustive]"
    ),
    spec!(
        "enum_attribute",
        PathAttribute,
        "",
        "add the attribute to enums and oneofs under PATH",
        "enum_attribute=.my.pkg.Color=#[derive(strum::EnumIter)]"
    ),
    spec!(
        "field_attribute",
        PathAttribute,
        "",
        "add the attribute to fields under PATH",
        "field_attribute=.my.pkg.User.id=#[serde(rename = \"ID\")]"
    ),
    spec!(
        "enable_type_names",
        Bool,
        "false",
        "implement prost::Name (full name and type URL) for messages",
        "enable_type_names"
    ),
    spec!(
        "type_name_domain",
        PathValue,
        "",
        "the type URL domain for messages under PATH (with enable_type_names)",
        "type_name_domain=.=type.googleapis.com"
    ),
    spec!(
        "compile_well_known_types",
        Bool,
        "false",
        "generate google.protobuf types instead of using prost-types",
        "compile_well_known_types"
    ),
    spec!(
        "retain_enum_prefix",
        Bool,
        "false",
        "keep the enum name as a prefix of variant names",
        "retain_enum_prefix"
    ),
    spec!(
        "default_package_filename",
        Text,
        "_",
        "file stem for .proto files without a package",
        "default_package_filename=root"
    ),
    spec!(
        "prost_path",
        RustPath,
        "::prost",
        "path of the prost crate (for crates that re-export it)",
        "prost_path=::my_crate::prost"
    ),
    spec!(
        "prost_types_path",
        RustPath,
        "::prost_types",
        "path of the prost-types crate for well-known types",
        "prost_types_path=::my_crate::prost_types"
    ),
    spec!(
        "file_descriptor_set",
        Bool,
        "false",
        "embed each package's encoded FileDescriptorSet (for server reflection)",
        "file_descriptor_set"
    ),
    spec!(
        "mod_file",
        Text,
        "mod.rs",
        "name of the file that builds the module tree",
        "mod_file=proto.rs"
    ),
    spec!(
        "versions",
        Bool,
        "true",
        "name the generator and protoc versions in each file's header",
        "versions=false"
    ),
    spec!(
        "server",
        Bool,
        "true",
        "generate server traits and servers for services",
        "server=false"
    ),
    spec!(
        "client",
        Bool,
        "true",
        "generate clients for services",
        "client=false"
    ),
    spec!(
        "transport",
        Bool,
        "true",
        "generate the clients' connect constructor (needs tonic's transport feature)",
        "transport=false"
    ),
    spec!(
        "async_trait",
        Bool,
        "false",
        "generate tonic-build's #[async_trait] server traits instead of native async fns",
        "async_trait=true"
    ),
    spec!(
        "unimplemented_defaults",
        Bool,
        "true",
        "give every server method a default body that answers Unimplemented",
        "unimplemented_defaults=false"
    ),
    spec!(
        "server_attribute",
        PathAttribute,
        "",
        "add the attribute to the servers of services under PATH",
        "server_attribute=.my.pkg=#[cfg(feature = \"server\")]"
    ),
    spec!(
        "client_attribute",
        PathAttribute,
        "",
        "add the attribute to the clients of services under PATH",
        "client_attribute=.=#[cfg(feature = \"client\")]"
    ),
    spec!(
        "trait_attribute",
        PathAttribute,
        "",
        "add the attribute to the server traits of services under PATH",
        "trait_attribute=.=#[allow(missing_docs)]"
    ),
    spec!(
        "server_mod_attribute",
        PathAttribute,
        "",
        "add the attribute to the server modules of services under PATH",
        "server_mod_attribute=.=#[cfg(feature = \"server\")]"
    ),
    spec!(
        "client_mod_attribute",
        PathAttribute,
        "",
        "add the attribute to the client modules of services under PATH",
        "client_mod_attribute=.=#[cfg(feature = \"client\")]"
    ),
    spec!(
        "tonic_path",
        RustPath,
        "::tonic",
        "path of the tonic crate (for crates that re-export it)",
        "tonic_path=::my_crate::tonic"
    ),
    spec!(
        "codec_path",
        RustPath,
        "::tonic_prost::ProstCodec",
        "path of the codec type services use",
        "codec_path=::my_crate::Codec"
    ),
];

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
        match spec.kind {
            ValueKind::Bool => {
                let v = match value {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(other) => {
                        return Err(err!(
                            "option '{name}' takes true or false, not '{other}' (for example '{example}')"
                        ))
                    }
                };
                *self.bool_field(name) = v;
            }
            ValueKind::Path => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                let path = check_path(name, v)?;
                self.path_list(name).push(path);
            }
            ValueKind::PathValue | ValueKind::PathAttribute => {
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
                match spec.kind {
                    ValueKind::PathAttribute => check_attribute(name, &path, val)?,
                    _ if name == "extern_path" => {
                        if !path.starts_with('.') || path == "." {
                            return Err(err!(
                                "option 'extern_path' needs a fully qualified proto path starting with '.', not '{path}' (for example '{example}')"
                            ));
                        }
                        check_rust_path(name, val)?;
                    }
                    _ => {}
                }
                self.path_value_list(name).push(PathValue {
                    path,
                    value: val.to_owned(),
                });
            }
            ValueKind::RustPath => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                check_rust_path(name, v)?;
                match name {
                    "prost_path" => self.prost_path = Some(v.to_owned()),
                    "prost_types_path" => self.prost_types_path = v.to_owned(),
                    "tonic_path" => self.tonic_path = v.to_owned(),
                    "codec_path" => self.codec_path = v.to_owned(),
                    _ => unreachable!("rust path option {name} has no field"),
                }
            }
            ValueKind::Text => {
                let v = value.filter(|v| !v.is_empty()).ok_or_else(needs_value)?;
                match name {
                    "mod_file" => {
                        if v.contains(['/', '\\']) || !v.ends_with(".rs") || v.len() <= 3 {
                            return Err(err!(
                                "option 'mod_file' must be a plain file name ending in .rs, not '{v}'"
                            ));
                        }
                        self.mod_file = v.to_owned();
                    }
                    "default_package_filename" => {
                        if v.contains(['/', '\\']) || v.starts_with('.') {
                            return Err(err!(
                                "option 'default_package_filename' must be a plain file stem, not '{v}'"
                            ));
                        }
                        self.default_package_filename = v.to_owned();
                    }
                    _ => unreachable!("text option {name} has no field"),
                }
            }
        }
        Ok(())
    }

    fn bool_field(&mut self, name: &str) -> &mut bool {
        match name {
            "enable_type_names" => &mut self.enable_type_names,
            "compile_well_known_types" => &mut self.compile_well_known_types,
            "retain_enum_prefix" => &mut self.retain_enum_prefix,
            "file_descriptor_set" => &mut self.file_descriptor_set,
            "versions" => &mut self.versions,
            "server" => &mut self.server,
            "client" => &mut self.client,
            "transport" => &mut self.transport,
            "async_trait" => &mut self.async_trait,
            "unimplemented_defaults" => &mut self.unimplemented_defaults,
            _ => unreachable!("bool option {name} has no field"),
        }
    }

    fn path_list(&mut self, name: &str) -> &mut Vec<String> {
        match name {
            "btree_map" => &mut self.btree_map,
            "bytes" => &mut self.bytes,
            "boxed" => &mut self.boxed,
            "skip_debug" => &mut self.skip_debug,
            "disable_comments" => &mut self.disable_comments,
            _ => unreachable!("path option {name} has no field"),
        }
    }

    fn path_value_list(&mut self, name: &str) -> &mut Vec<PathValue> {
        match name {
            "extern_path" => &mut self.extern_path,
            "type_attribute" => &mut self.type_attribute,
            "message_attribute" => &mut self.message_attribute,
            "enum_attribute" => &mut self.enum_attribute,
            "field_attribute" => &mut self.field_attribute,
            "type_name_domain" => &mut self.type_name_domain,
            "server_attribute" => &mut self.server_attribute,
            "client_attribute" => &mut self.client_attribute,
            "trait_attribute" => &mut self.trait_attribute,
            "server_mod_attribute" => &mut self.server_mod_attribute,
            "client_mod_attribute" => &mut self.client_mod_attribute,
            _ => unreachable!("path/value option {name} has no field"),
        }
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
