//! Plugin parameters (`--rustsvc_opt=k=v,...`) → [`Options`].
//!
//! Every option is described once in [`SPECS`]; parsing, the error for an unknown option
//! and the `--help` text all read that table.

use crate::error::{err, Result};

/// What the generator was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Proto paths whose map fields become `BTreeMap` instead of `HashMap`.
    pub btree_map: Vec<String>,
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
    /// Generate the `google.protobuf` types instead of naming them from `::prost_types`.
    pub compile_well_known_types: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            btree_map: Vec::new(),
            mod_file: "mod.rs".to_owned(),
            versions: true,
            server: true,
            client: true,
            transport: true,
            async_trait: false,
            unimplemented_defaults: true,
            compile_well_known_types: false,
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

/// Every option the generator accepts.
pub const SPECS: &[OptionSpec] = &[
    OptionSpec {
        name: "btree_map",
        kind: ValueKind::Path,
        default: "",
        help: "map fields under this proto path become BTreeMap instead of HashMap ('.' for all)",
        example: "btree_map=.my.pkg.Message.field",
    },
    OptionSpec {
        name: "mod_file",
        kind: ValueKind::Text,
        default: "mod.rs",
        help: "name of the file that builds the module tree",
        example: "mod_file=proto.rs",
    },
    OptionSpec {
        name: "versions",
        kind: ValueKind::Bool,
        default: "true",
        help: "name the generator and protoc versions in each file's header",
        example: "versions=false",
    },
    OptionSpec {
        name: "server",
        kind: ValueKind::Bool,
        default: "true",
        help: "generate server traits and servers for services",
        example: "server=false",
    },
    OptionSpec {
        name: "client",
        kind: ValueKind::Bool,
        default: "true",
        help: "generate clients for services",
        example: "client=false",
    },
    OptionSpec {
        name: "transport",
        kind: ValueKind::Bool,
        default: "true",
        help: "generate the clients' connect constructor (needs tonic's transport feature)",
        example: "transport=false",
    },
    OptionSpec {
        name: "async_trait",
        kind: ValueKind::Bool,
        default: "false",
        help: "generate tonic-build's #[async_trait] server traits instead of native async fns",
        example: "async_trait=true",
    },
    OptionSpec {
        name: "unimplemented_defaults",
        kind: ValueKind::Bool,
        default: "true",
        help: "give every server method a default body that answers Unimplemented",
        example: "unimplemented_defaults=false",
    },
    OptionSpec {
        name: "compile_well_known_types",
        kind: ValueKind::Bool,
        default: "false",
        help: "generate google.protobuf types from their .proto files instead of using prost-types",
        example: "compile_well_known_types=true",
    },
];

impl Options {
    /// Parses protoc's parameter string: `key` or `key=value`, comma separated.
    /// A comma or backslash inside a value is written `\,` or `\\`.
    pub fn parse(parameter: &str) -> Result<Options> {
        let mut options = Options::default();
        for item in split_parameter(parameter) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let (key, value) = match item.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v)),
                None => (item, None),
            };
            let spec = SPECS.iter().find(|s| s.name == key).ok_or_else(|| {
                err!(
                    "unknown option '{key}' in '{item}'; valid options are: {}",
                    valid_names()
                )
            })?;
            options.set(spec, value)?;
        }
        Ok(options)
    }

    fn set(&mut self, spec: &OptionSpec, value: Option<&str>) -> Result<()> {
        let name = spec.name;
        match spec.kind {
            ValueKind::Bool => {
                let v = match value.map(str::trim) {
                    None | Some("true") => true,
                    Some("false") => false,
                    Some(other) => {
                        return Err(err!(
                            "option '{name}' takes true or false, not '{other}' (for example '{}')",
                            spec.example
                        ))
                    }
                };
                match name {
                    "versions" => self.versions = v,
                    "server" => self.server = v,
                    "client" => self.client = v,
                    "transport" => self.transport = v,
                    "async_trait" => self.async_trait = v,
                    "unimplemented_defaults" => self.unimplemented_defaults = v,
                    "compile_well_known_types" => self.compile_well_known_types = v,
                    _ => unreachable!("bool option {name} has no field"),
                }
            }
            ValueKind::Path | ValueKind::Text => {
                let v = value.map(str::trim).unwrap_or("");
                if v.is_empty() {
                    return Err(err!(
                        "option '{name}' needs a value (for example '{}')",
                        spec.example
                    ));
                }
                match name {
                    "btree_map" => self.btree_map.push(check_path(name, v)?),
                    "mod_file" => {
                        if v.contains(['/', '\\']) || !v.ends_with(".rs") {
                            return Err(err!(
                                "option 'mod_file' must be a plain file name ending in .rs, not '{v}'"
                            ));
                        }
                        self.mod_file = v.to_owned();
                    }
                    _ => unreachable!("value option {name} has no field"),
                }
            }
        }
        Ok(())
    }
}

/// The valid option names, comma separated, for error messages.
pub fn valid_names() -> String {
    SPECS.iter().map(|s| s.name).collect::<Vec<_>>().join(", ")
}

/// Splits on commas not escaped with a backslash; `\,` becomes `,` and `\\` becomes `\`.
fn split_parameter(parameter: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = parameter.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next @ (',' | '\\')) => items.last_mut().expect("never empty").push(next),
                Some(next) => {
                    let last = items.last_mut().expect("never empty");
                    last.push('\\');
                    last.push(next);
                }
                None => items.last_mut().expect("never empty").push('\\'),
            },
            ',' => items.push(String::new()),
            c => items.last_mut().expect("never empty").push(c),
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
        assert!(!o.compile_well_known_types);
        assert!(
            Options::parse("compile_well_known_types")
                .unwrap()
                .compile_well_known_types
        );
        assert_eq!(o.btree_map, vec![".a.B"]);
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
        assert!(Options::parse("btree_map=a..b")
            .unwrap_err()
            .message()
            .starts_with("option 'btree_map' has a malformed proto path 'a..b'"));
        assert!(Options::parse("mod_file=../x.rs").is_err());
        assert!(Options::parse("btree_map").is_err());
    }

    #[test]
    fn escaped_commas() {
        assert_eq!(split_parameter(r"a=1\,2,b"), vec!["a=1,2", "b"]);
        assert_eq!(split_parameter(r"a=x\\,b"), vec![r"a=x\", "b"]);
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
