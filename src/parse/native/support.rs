//! protoc's feature support windows: the `feature_support` of a feature (a field of
//! `google.protobuf.FeatureSet` or of a language's feature message such as
//! `pb.JavaFeatures`), of a standard option (`java_multiple_files`) or of an enum value a
//! feature is set to says in which editions it may be used. Using it before it was
//! introduced or after it was removed is an error; after it was deprecated, a warning.
//!
//! The windows of the standard options and features are read from the bundled
//! descriptor.proto (the one protoc 36.2 has compiled in), those of language features from
//! the files that define them.

use std::sync::OnceLock;

use crate::pb::FileDescriptorProto;

use super::lexer::{self, Kind};
use super::parser::{self, OValue, OwnedToken, PFile, Syntax};

/// One `feature_support` value; 0 where a field is not set.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Support {
    pub introduced: i32,
    pub deprecated: i32,
    pub warning: String,
    pub removed: i32,
    pub removal_error: String,
}

/// What a use of a feature or option in an edition comes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    Error(String),
    Warning(String),
}

/// The number of an `Edition` value by name.
fn edition_number(name: &str) -> i32 {
    match name {
        "EDITION_LEGACY" => 900,
        "EDITION_PROTO2" => 998,
        "EDITION_PROTO3" => 999,
        "EDITION_2023" => 1000,
        "EDITION_2024" => 1001,
        "EDITION_2026" => 1002,
        "EDITION_UNSTABLE" => 9999,
        "EDITION_MAX" => i32::MAX,
        _ => 0,
    }
}

/// An edition as protoc names it in messages (`2024`, `PROTO2`).
pub fn edition_name(n: i32) -> String {
    match n {
        900 => "LEGACY".into(),
        998 => "PROTO2".into(),
        999 => "PROTO3".into(),
        1000 => "2023".into(),
        1001 => "2024".into(),
        1002 => "2026".into(),
        9999 => "UNSTABLE".into(),
        other => other.to_string(),
    }
}

/// The edition a file is in (proto2 and proto3 as their editions).
pub fn file_edition(f: &PFile) -> i32 {
    match f.syntax {
        Syntax::Proto2 => 998,
        Syntax::Proto3 => 999,
        Syntax::Editions => f.desc.edition.unwrap_or(1000),
    }
}

/// The text of a string literal token (quotes off, simple escapes read).
fn string_text(token: &str) -> String {
    let inner = token
        .get(1..token.len().saturating_sub(1))
        .unwrap_or_default();
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Reads the tokens of a `feature_support = { … }` literal.
fn read_support(tokens: &[OwnedToken]) -> Support {
    let mut s = Support::default();
    let mut i = 0;
    while i + 2 < tokens.len() + 1 {
        let Some(key) = tokens.get(i) else { break };
        if tokens.get(i + 1).map(|t| t.text.as_str()) != Some(":") {
            i += 1;
            continue;
        }
        let mut j = i + 2;
        let mut text = String::new();
        let mut ident = None;
        while let Some(t) = tokens.get(j) {
            match t.kind {
                Kind::String => text.push_str(&string_text(&t.text)),
                Kind::Ident if ident.is_none() && text.is_empty() => {
                    ident = Some(t.text.as_str());
                    j += 1;
                    break;
                }
                _ => break,
            }
            j += 1;
        }
        let edition = ident.map_or(0, edition_number);
        match key.text.as_str() {
            "edition_introduced" => s.introduced = edition,
            "edition_deprecated" => s.deprecated = edition,
            "edition_removed" => s.removed = edition,
            "deprecation_warning" => s.warning = text,
            "removal_error" => s.removal_error = text,
            _ => {}
        }
        i = j;
    }
    s
}

/// The `feature_support` written on the element at `path` of `f`.
pub fn support_at(f: &PFile, path: &[i32]) -> Option<Support> {
    f.opts_at(path)
        .iter()
        .flat_map(|o| o.items.iter())
        .find(|u| u.name.len() == 1 && !u.name[0].1 && u.name[0].0 == "feature_support")
        .and_then(|u| match &u.value {
            OValue::Aggregate(tokens) => Some(read_support(tokens)),
            _ => None,
        })
}

/// descriptor.proto as protoc has it compiled in (the bundled copy), parsed once.
pub fn descriptor_proto() -> Option<&'static PFile> {
    static PARSED: OnceLock<Option<PFile>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            let text = super::bundled("google/protobuf/descriptor.proto")?;
            let lexed = lexer::lex(text).ok()?;
            parser::parse(&lexed).ok()
        })
        .as_ref()
}

/// The path of the message or enum `full` (no leading dot) in `d`, and whether it is an
/// enum.
pub fn type_path(d: &FileDescriptorProto, full: &str) -> Option<(Vec<i32>, bool)> {
    let pkg = d.package();
    let rest = if pkg.is_empty() {
        full
    } else {
        full.strip_prefix(pkg)?.strip_prefix('.')?
    };
    let mut parts = rest.split('.');
    let first = parts.next()?;
    let mut path;
    let mut message = None;
    if let Some(k) = d.message_type.iter().position(|m| m.name() == first) {
        path = vec![4, k as i32];
        message = Some(&d.message_type[k]);
    } else {
        let k = d.enum_type.iter().position(|e| e.name() == first)?;
        path = vec![5, k as i32];
    }
    let mut is_enum = message.is_none();
    for part in parts {
        let m = message?;
        if let Some(k) = m.nested_type.iter().position(|n| n.name() == part) {
            path.extend([3, k as i32]);
            message = Some(&m.nested_type[k]);
        } else {
            let k = m.enum_type.iter().position(|e| e.name() == part)?;
            path.extend([4, k as i32]);
            message = None;
            is_enum = true;
        }
    }
    Some((path, is_enum))
}

/// The verdict on using something with `support` in `edition`; `full` names it.
pub fn verdict(support: &Support, full: &str, edition: i32) -> Verdict {
    if support.introduced != 0 && edition < support.introduced {
        return Verdict::Error(format!(
            "{full} wasn't introduced until edition {} and can't be used in edition {}",
            edition_name(support.introduced),
            edition_name(edition)
        ));
    }
    if support.removed != 0 && edition >= support.removed {
        let mut message = format!(
            "{full} has been removed in edition {}",
            edition_name(support.removed)
        );
        if !support.removal_error.is_empty() {
            message.push_str(": ");
            message.push_str(&support.removal_error);
        }
        return Verdict::Error(message);
    }
    if support.deprecated != 0 && edition >= support.deprecated {
        return Verdict::Warning(format!(
            "{full} has been deprecated in edition {}: {}",
            edition_name(support.deprecated),
            support.warning
        ));
    }
    Verdict::Fine
}

/// The field `name` of the message at `path` in `f`: its path and its type name.
pub fn field_of<'f>(f: &'f PFile, path: &[i32], name: &str) -> Option<(Vec<i32>, &'f str)> {
    let mut m = f.desc.message_type.get(*path.get(1)? as usize)?;
    for pair in path[2..].chunks(2) {
        m = m.nested_type.get(*pair.get(1)? as usize)?;
    }
    let k = m.field.iter().position(|fd| fd.name() == name)?;
    let mut p = path.to_vec();
    p.extend([2, k as i32]);
    Some((p, m.field[k].type_name()))
}

/// The value `name` of the enum at `path` in `f`: its path.
pub fn value_of(f: &PFile, path: &[i32], name: &str) -> Option<Vec<i32>> {
    let e = if path.len() == 2 {
        f.desc.enum_type.get(*path.get(1)? as usize)?
    } else {
        let mut m = f.desc.message_type.get(*path.get(1)? as usize)?;
        for pair in path[2..path.len() - 2].chunks(2) {
            m = m.nested_type.get(*pair.get(1)? as usize)?;
        }
        m.enum_type.get(*path.last()? as usize)?
    };
    let k = e.value.iter().position(|v| v.name() == name)?;
    let mut p = path.to_vec();
    p.extend([2, k as i32]);
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_descriptor_proto_gives_the_windows_of_standard_features() {
        let d = descriptor_proto().expect("descriptor.proto is bundled");
        let (set, is_enum) = type_path(&d.desc, "google.protobuf.FeatureSet").unwrap();
        assert!(!is_enum);
        let (field, _) = field_of(d, &set, "enforce_naming_style").unwrap();
        let s = support_at(d, &field).unwrap();
        assert_eq!(s.introduced, 1001);
        assert_eq!(
            verdict(&s, "x", 1000),
            Verdict::Error(
                "x wasn't introduced until edition 2024 and can't be used in edition 2023".into()
            )
        );
        assert_eq!(verdict(&s, "x", 1001), Verdict::Fine);
        let (file_options, _) = type_path(&d.desc, "google.protobuf.FileOptions").unwrap();
        let (field, _) = field_of(d, &file_options, "java_multiple_files").unwrap();
        let s = support_at(d, &field).unwrap();
        assert_eq!((s.introduced, s.removed), (998, 1001));
        assert!(s.removal_error.starts_with(
            "This behavior is enabled by default in editions 2024 and above. To disable"
        ));
    }
}
