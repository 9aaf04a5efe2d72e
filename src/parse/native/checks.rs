//! What protoc checks once names are resolved, with its messages and positions: field
//! numbers (range, duplicates, reserved, extension ranges, extension numbers), reserved
//! names, proto3 rules (required, defaults, groups, open enums starting at zero), enum
//! aliases, map keys and JSON name conflicts.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::pb::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};

use super::link::LinkError;
use super::parser::{OValue, PFile, Syntax};
use super::text;

const MAX_NUMBER: i32 = 536_870_911;

struct Checker<'a> {
    file: usize,
    f: &'a PFile,
    /// Extension ranges by message full name (for extension numbers).
    ranges: &'a HashMap<String, Vec<(i32, i32)>>,
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.push(field);
    p.push(index as i32);
    p
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_owned()
    } else {
        format!("{scope}.{name}")
    }
}

impl Checker<'_> {
    /// Where the parser saw part `field` of the element at `path` (its name when unknown).
    fn at(&self, path: &[i32], field: i32) -> (i32, i32) {
        self.f
            .refs
            .iter()
            .find(|(p, f, _)| p == path && *f == field)
            .map(|r| r.2)
            .or_else(|| self.name(path))
            .unwrap_or((0, 0))
    }

    fn name(&self, path: &[i32]) -> Option<(i32, i32)> {
        self.f.names_at.iter().find(|(p, _)| p == path).map(|n| n.1)
    }

    fn error(&self, at: (i32, i32), message: String) -> LinkError {
        LinkError {
            file: self.file,
            at,
            message,
        }
    }

    fn raw_ident(&self, path: &[i32], name: &str) -> Option<&str> {
        self.f
            .opts_at(path)
            .iter()
            .flat_map(|o| o.items.iter())
            .find(|u| u.name.len() == 1 && !u.name[0].1 && u.name[0].0 == name)
            .and_then(|u| match &u.value {
                OValue::Ident(v) => Some(v.as_str()),
                _ => None,
            })
    }

    fn feature(&self, path: &[i32], feature: &str) -> Option<&str> {
        self.f.feature(path, feature)
    }

    fn file(&self, d: &FileDescriptorProto) -> Result<(), LinkError> {
        let pkg = d.package();
        for (i, m) in d.message_type.iter().enumerate() {
            self.message(m, &[4, i as i32], &join(pkg, m.name()), &[&[]])?;
        }
        for (i, e) in d.enum_type.iter().enumerate() {
            self.enumeration(e, &[5, i as i32], pkg, &[&[]])?;
        }
        for (i, x) in d.extension.iter().enumerate() {
            self.extension(x, &[7, i as i32])?;
        }
        Ok(())
    }

    fn field_number(&self, n: i32, path: &[i32]) -> Result<(), LinkError> {
        if n > 0 && n <= MAX_NUMBER {
            return Ok(());
        }
        if n <= 0 {
            return Err(self.error(
                self.at(path, 3),
                "Field numbers must be positive integers.".into(),
            ));
        }
        if n > MAX_NUMBER {
            return Err(self.error(
                self.at(path, 3),
                format!("Field numbers cannot be greater than {MAX_NUMBER}."),
            ));
        }
        Ok(())
    }

    fn proto3_field(
        &self,
        fd: &crate::pb::FieldDescriptorProto,
        path: &[i32],
    ) -> Result<(), LinkError> {
        if self.f.syntax != Syntax::Proto3 {
            return Ok(());
        }
        if fd.label == Some(2) {
            return Err(self.error(
                self.at(path, 5),
                "Required fields are not allowed in proto3.".into(),
            ));
        }
        if fd.default_value.is_some() {
            return Err(self.error(
                self.at(path, 7),
                "Explicit default values are not allowed in proto3.".into(),
            ));
        }
        if fd.r#type == Some(10) {
            return Err(self.error(
                self.at(path, 5),
                "Groups are not supported in proto3 syntax.".into(),
            ));
        }
        Ok(())
    }

    /// Checks for fields and extensions alike.
    fn any_field(
        &self,
        fd: &crate::pb::FieldDescriptorProto,
        path: &[i32],
    ) -> Result<(), LinkError> {
        let repeated = fd.label == Some(3);
        if repeated && fd.default_value.is_some() {
            return Err(self.error(
                self.at(path, 7),
                "Repeated fields can't have default values.".into(),
            ));
        }
        let packable = repeated && !matches!(fd.r#type, Some(9..=12) | None);
        if !packable && self.raw_ident(path, "packed") == Some("true") {
            return Err(self.error(
                self.at(path, 5),
                "[packed = true] can only be specified for repeated primitive fields.".into(),
            ));
        }
        Ok(())
    }

    fn extension(
        &self,
        x: &crate::pb::FieldDescriptorProto,
        path: &[i32],
    ) -> Result<(), LinkError> {
        self.field_number(x.number(), path)?;
        self.any_field(x, path)?;
        if x.json_name.is_some() {
            return Err(self.error(
                self.at(path, 10),
                "option json_name is not allowed on extension fields.".into(),
            ));
        }
        let extendee = x.extendee().trim_start_matches('.');
        if self.f.syntax == Syntax::Proto3 && !extendee.starts_with("google.protobuf.") {
            return Err(self.error(
                self.at(path, 2),
                "Extensions in proto3 are only allowed for defining options.".into(),
            ));
        }
        self.proto3_field(x, path)?;
        if let Some(ranges) = self.ranges.get(extendee) {
            if !ranges
                .iter()
                .any(|&(s, e)| s <= x.number() && x.number() < e)
            {
                return Err(self.error(
                    self.at(path, 3),
                    format!(
                        "\"{extendee}\" does not declare {} as an extension number.",
                        x.number()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn message(
        &self,
        m: &DescriptorProto,
        path: &[i32],
        full: &str,
        _scopes: &[&[i32]],
    ) -> Result<(), LinkError> {
        for (i, r) in m.reserved_range.iter().enumerate() {
            for (j, o) in m.reserved_range[..i].iter().enumerate() {
                if r.start() < o.end() && o.start() < r.end() {
                    return Err(self.error(
                        self.at(&child(path, 9, j), 1),
                        format!(
                            "Reserved range {} to {} overlaps with already-defined range {} to {}.",
                            r.start(),
                            r.end() - 1,
                            o.start(),
                            o.end() - 1
                        ),
                    ));
                }
            }
        }
        let reserved_names: HashSet<&str> = m.reserved_name.iter().map(String::as_str).collect();
        let mut used: HashMap<i32, &str> = HashMap::new();
        for (i, fd) in m.field.iter().enumerate() {
            let fp = child(path, 2, i);
            self.field_number(fd.number(), &fp)?;
            if let Some(other) = used.insert(fd.number(), fd.name()) {
                let mut taken: BTreeSet<(i64, i64)> = m
                    .field
                    .iter()
                    .map(|f| (i64::from(f.number()), i64::from(f.number())))
                    .collect();
                for r in &m.extension_range {
                    taken.insert((i64::from(r.start()), i64::from(r.end()) - 1));
                }
                for r in &m.reserved_range {
                    taken.insert((i64::from(r.start()), i64::from(r.end()) - 1));
                }
                let mut next = 1i64;
                for (s, e) in taken {
                    if s <= next && next <= e {
                        next = e + 1;
                    }
                }
                let hint = if next <= i64::from(MAX_NUMBER) {
                    format!("Next available field number is {next}")
                } else {
                    "There are no available field numbers".into()
                };
                return Err(self.error(
                    self.at(&fp, 3),
                    format!(
                        "Field number {} has already been used in \"{full}\" by field \"{other}\". {hint}.",
                        fd.number()
                    ),
                ));
            }
            for (j, r) in m.extension_range.iter().enumerate() {
                if r.start() <= fd.number() && fd.number() < r.end() {
                    return Err(self.error(
                        self.at(&child(path, 5, j), 1),
                        format!(
                            "Extension range {} to {} includes field \"{}\" ({}).",
                            r.start(),
                            r.end() - 1,
                            fd.name(),
                            fd.number()
                        ),
                    ));
                }
            }
            for (j, r) in m.reserved_range.iter().enumerate() {
                if r.start() <= fd.number() && fd.number() < r.end() {
                    return Err(self.error(
                        self.at(&child(path, 9, j), 1),
                        format!(
                            "Field \"{}\" uses reserved number {}.",
                            fd.name(),
                            fd.number()
                        ),
                    ));
                }
            }
            if reserved_names.contains(fd.name()) {
                return Err(self.error(
                    self.name(&fp).unwrap_or((0, 0)),
                    format!("Field name \"{}\" is reserved.", fd.name()),
                ));
            }
            self.proto3_field(fd, &fp)?;
            self.any_field(fd, &fp)?;
            // Map keys.
            if fd.label == Some(3) && fd.r#type == Some(11) {
                let entry = fd.type_name().rsplit('.').next().unwrap_or_default();
                let is_entry = |(k, n): &(usize, &DescriptorProto)| {
                    n.name() == entry
                        && self
                            .f
                            .opts_at(&child(path, 3, *k))
                            .first()
                            .is_some_and(|o| !o.preset.is_empty())
                };
                if let Some((_, e)) = m.nested_type.iter().enumerate().find(is_entry) {
                    let key = e.field.first().and_then(|k| k.r#type).unwrap_or(0);
                    let message = match key {
                        14 => Some("Key in map fields cannot be enum types."),
                        1 | 2 | 10 | 11 | 12 => Some(
                            "Key in map fields cannot be float/double, bytes or message types.",
                        ),
                        _ => None,
                    };
                    if let Some(message) = message {
                        return Err(self.error(self.at(&fp, 6), message.into()));
                    }
                }
            }
        }
        // JSON names (proto3 and editions; proto2 only warns).
        if self.f.syntax != Syntax::Proto2 {
            let any_custom = m.field.iter().any(|f| f.json_name.is_some());
            for custom in [false, true] {
                if custom && !any_custom {
                    break;
                }
                let mut seen: HashMap<String, (&str, bool)> = HashMap::with_capacity(m.field.len());
                for (i, fd) in m.field.iter().enumerate() {
                    let default = text::json_name(fd.name());
                    let (name, is_custom) = match &fd.json_name {
                        Some(j) if custom && *j != default => (j.clone(), true),
                        _ => (default, false),
                    };
                    if let Some(&(other, other_custom)) = seen.get(&name) {
                        if custom && !is_custom && !other_custom {
                            continue;
                        }
                        let kind = |c: bool| if c { "custom" } else { "default" };
                        return Err(self.error(
                            self.name(&child(path, 2, i)).unwrap_or((0, 0)),
                            format!(
                                "The {} JSON name of field \"{}\" (\"{name}\") conflicts with the {} JSON name of field \"{other}\".",
                                kind(is_custom),
                                fd.name(),
                                kind(other_custom)
                            ),
                        ));
                    }
                    seen.insert(name, (fd.name(), is_custom));
                }
            }
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.extension(x, &child(path, 6, i))?;
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(n, &child(path, 3, i), &join(full, n.name()), &[])?;
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enumeration(e, &child(path, 4, i), full, &[path])?;
        }
        Ok(())
    }

    fn enumeration(
        &self,
        e: &EnumDescriptorProto,
        path: &[i32],
        scope: &str,
        parents: &[&[i32]],
    ) -> Result<(), LinkError> {
        let full = join(scope, e.name());
        let closed = match self.f.syntax {
            Syntax::Proto2 => true,
            Syntax::Proto3 => false,
            Syntax::Editions => {
                // The nearest setting: the enum, its enclosing messages, the file.
                let _ = parents;
                let nearest = (0..=path.len() / 2)
                    .rev()
                    .find_map(|k| self.feature(&path[..2 * k], "enum_type"));
                nearest == Some("CLOSED")
            }
        };
        if !closed {
            if let Some(first) = e.value.first() {
                if first.number() != 0 {
                    return Err(self.error(
                        self.at(&child(path, 2, 0), 2),
                        "The first enum value must be zero for open enums.".into(),
                    ));
                }
            }
        }
        for (i, v) in e.value.iter().enumerate() {
            for (j, r) in e.reserved_range.iter().enumerate() {
                if r.start() <= v.number() && v.number() <= r.end() {
                    return Err(self.error(
                        self.at(&child(path, 4, j), 1),
                        format!(
                            "Enum value \"{}\" uses reserved number {}.",
                            v.name(),
                            v.number()
                        ),
                    ));
                }
            }
            if e.reserved_name.iter().any(|n| n == v.name()) {
                return Err(self.error(
                    self.name(&child(path, 2, i)).unwrap_or((0, 0)),
                    format!("Enum value \"{}\" is reserved.", v.name()),
                ));
            }
        }
        if self.raw_ident(path, "allow_alias") != Some("true") {
            let mut used: HashMap<i32, String> = HashMap::new();
            for (i, v) in e.value.iter().enumerate() {
                let vfull = join(scope, v.name());
                if let Some(other) = used.get(&v.number()) {
                    let taken: HashSet<i64> =
                        e.value.iter().map(|v| i64::from(v.number())).collect();
                    let mut next = i64::from(v.number()) + 1;
                    while taken.contains(&next) {
                        next += 1;
                    }
                    let mut message = format!(
                        "\"{vfull}\" uses the same enum value as \"{other}\". If this is intended, set 'option allow_alias = true;' to the enum definition."
                    );
                    if next < i64::from(i32::MAX) {
                        message.push_str(&format!(" The next available enum value is {next}."));
                    }
                    return Err(self.error(self.at(&child(path, 2, i), 2), message));
                }
                used.insert(v.number(), vfull);
            }
        }
        let _ = full;
        Ok(())
    }
}

/// Extension ranges of every message, by full name.
pub fn extension_ranges(files: &[&FileDescriptorProto]) -> HashMap<String, Vec<(i32, i32)>> {
    fn walk(m: &DescriptorProto, full: String, out: &mut HashMap<String, Vec<(i32, i32)>>) {
        out.insert(
            full.clone(),
            m.extension_range
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
        );
        for n in &m.nested_type {
            walk(n, join(&full, n.name()), out);
        }
    }
    let mut out = HashMap::new();
    for f in files {
        for m in &f.message_type {
            walk(m, join(f.package(), m.name()), &mut out);
        }
    }
    out
}

/// Runs the checks on one file.
pub fn check(
    file: usize,
    f: &PFile,
    ranges: &HashMap<String, Vec<(i32, i32)>>,
) -> Result<(), LinkError> {
    Checker { file, f, ranges }.file(&f.desc)
}
