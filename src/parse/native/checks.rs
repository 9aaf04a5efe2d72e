//! What protoc checks once names are resolved, with its messages and positions: field
//! numbers (range, duplicates, reserved, extension ranges, extension numbers), reserved
//! names, proto3 rules (required, defaults, groups, open enums starting at zero), enum
//! aliases, map keys and JSON name conflicts. Every error of a file is reported, in protoc's
//! three phases: building (`build_*`), cross-linking (`link_*`, with the errors of name
//! resolution placed where protoc meets them, then the field numbers it suggests), and
//! validating (`validate_*`, only for a file without errors so far).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet};

use crate::pb::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto};

use super::link::LinkError;
use super::parser::{OValue, PFile, Syntax};
use super::text;

const MAX_NUMBER: i32 = 536_870_911;

/// A message protoc suggests field numbers for: its path, how many, where the note goes.
type Hint = (Vec<i32>, usize, (i32, i32));

struct Checker<'a> {
    file: usize,
    f: &'a PFile,
    /// Extension ranges by message full name (for extension numbers).
    ranges: &'a HashMap<String, Vec<(i32, i32)>>,
    /// Every error found so far, in protoc's order.
    errors: RefCell<Vec<LinkError>>,
    /// Messages that get protoc's "Suggested field numbers" note: (path, how many, where).
    hints: RefCell<Vec<Hint>>,
    /// Errors of name resolution by the path of the field at fault, placed where protoc
    /// cross-links that field.
    unresolved: RefCell<Vec<(Vec<i32>, LinkError)>>,
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

    fn push(&self, at: (i32, i32), message: String) {
        self.errors.borrow_mut().push(self.error(at, message));
    }

    /// protoc's "Suggested field numbers" note for the message at `path`: one more number
    /// to suggest, the note placed where the first reason was.
    fn hint(&self, path: &[i32], at: (i32, i32)) {
        let mut hints = self.hints.borrow_mut();
        match hints.iter_mut().find(|h| h.0 == path) {
            Some(h) => h.1 += 1,
            None => hints.push((path.to_vec(), 1, at)),
        }
    }

    // Phase 1, as protoc builds a file: numbers in range, repeated defaults, reserved and
    // extension ranges, reserved names.

    fn build_file(&self, d: &FileDescriptorProto) {
        for (i, m) in d.message_type.iter().enumerate() {
            self.build_message(m, &[4, i as i32]);
        }
        for (i, e) in d.enum_type.iter().enumerate() {
            self.build_enum(e, &[5, i as i32]);
        }
        for (i, x) in d.extension.iter().enumerate() {
            self.build_field(x, &[7, i as i32], None);
        }
    }

    /// `message` is the path of the message a field (not an extension) belongs to.
    fn build_field(
        &self,
        fd: &crate::pb::FieldDescriptorProto,
        path: &[i32],
        message: Option<&[i32]>,
    ) {
        let n = fd.number();
        if n <= 0 || n > MAX_NUMBER {
            let at = self.at(path, 3);
            let text = if n <= 0 {
                "Field numbers must be positive integers.".to_owned()
            } else {
                format!("Field numbers cannot be greater than {MAX_NUMBER}.")
            };
            self.push(at, text);
            if let Some(m) = message {
                self.hint(m, at);
            }
        }
        if fd.label == Some(3) && fd.default_value.is_some() {
            self.push(
                self.at(path, 7),
                "Repeated fields can't have default values.".into(),
            );
        }
    }

    fn build_message(&self, m: &DescriptorProto, path: &[i32]) {
        for (i, fd) in m.field.iter().enumerate() {
            self.build_field(fd, &child(path, 2, i), Some(path));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.build_message(n, &child(path, 3, i));
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.build_enum(e, &child(path, 4, i));
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.build_field(x, &child(path, 6, i), None);
        }
        for (i, r) in m.reserved_range.iter().enumerate() {
            for (j, o) in m.reserved_range[..i].iter().enumerate() {
                if r.start() < o.end() && o.start() < r.end() {
                    self.push(
                        self.at(&child(path, 9, j), 1),
                        format!(
                            "Reserved range {} to {} overlaps with already-defined range {} to {}.",
                            r.start(),
                            r.end() - 1,
                            o.start(),
                            o.end() - 1
                        ),
                    );
                }
            }
        }
        let reserved_names: HashSet<&str> = m.reserved_name.iter().map(String::as_str).collect();
        for (i, fd) in m.field.iter().enumerate() {
            let fp = child(path, 2, i);
            for (j, r) in m.extension_range.iter().enumerate() {
                if r.start() <= fd.number() && fd.number() < r.end() {
                    let at = self.at(&child(path, 5, j), 1);
                    self.push(
                        at,
                        format!(
                            "Extension range {} to {} includes field \"{}\" ({}).",
                            r.start(),
                            r.end() - 1,
                            fd.name(),
                            fd.number()
                        ),
                    );
                    self.hint(path, at);
                }
            }
            for (j, r) in m.reserved_range.iter().enumerate() {
                if r.start() <= fd.number() && fd.number() < r.end() {
                    let at = self.at(&child(path, 9, j), 1);
                    self.push(
                        at,
                        format!(
                            "Field \"{}\" uses reserved number {}.",
                            fd.name(),
                            fd.number()
                        ),
                    );
                    self.hint(path, at);
                }
            }
            if reserved_names.contains(fd.name()) {
                self.push(
                    self.name(&fp).unwrap_or((0, 0)),
                    format!("Field name \"{}\" is reserved.", fd.name()),
                );
            }
        }
    }

    fn build_enum(&self, e: &EnumDescriptorProto, path: &[i32]) {
        for (i, v) in e.value.iter().enumerate() {
            for (j, r) in e.reserved_range.iter().enumerate() {
                if r.start() <= v.number() && v.number() <= r.end() {
                    self.push(
                        self.at(&child(path, 4, j), 1),
                        format!(
                            "Enum value \"{}\" uses reserved number {}.",
                            v.name(),
                            v.number()
                        ),
                    );
                }
            }
            if e.reserved_name.iter().any(|n| n == v.name()) {
                self.push(
                    self.name(&child(path, 2, i)).unwrap_or((0, 0)),
                    format!("Enum value \"{}\" is reserved.", v.name()),
                );
            }
        }
    }

    // Phase 2, as protoc cross-links: field numbers used twice, extension numbers the
    // extendee does not declare; then the field numbers protoc suggests.

    /// Moves the resolution error of the field at `path`, if any, to the errors.
    fn unresolved(&self, path: &[i32]) -> bool {
        let mut unresolved = self.unresolved.borrow_mut();
        match unresolved.iter().position(|(p, _)| p == path) {
            Some(k) => {
                let (_, e) = unresolved.remove(k);
                self.errors.borrow_mut().push(e);
                true
            }
            None => false,
        }
    }

    fn link_file(&self, d: &FileDescriptorProto) {
        let pkg = d.package();
        for (i, m) in d.message_type.iter().enumerate() {
            self.link_message(m, &[4, i as i32], &join(pkg, m.name()));
        }
        for (i, x) in d.extension.iter().enumerate() {
            let xp = [7, i as i32];
            if !self.unresolved(&xp) {
                self.extension_number(x, &xp);
            }
        }
    }

    fn link_message(&self, m: &DescriptorProto, path: &[i32], full: &str) {
        for (i, n) in m.nested_type.iter().enumerate() {
            self.link_message(n, &child(path, 3, i), &join(full, n.name()));
        }
        let mut used: HashMap<i32, &str> = HashMap::new();
        for (i, fd) in m.field.iter().enumerate() {
            let fp = child(path, 2, i);
            if self.unresolved(&fp) {
                continue;
            }
            let Some(other) = used.insert(fd.number(), fd.name()) else {
                continue;
            };
            // Keep the first field with a number.
            used.insert(fd.number(), other);
            let next = free_numbers(m, 1).first().copied();
            let hint = match next {
                Some(next) => format!("Next available field number is {next}"),
                None => "There are no available field numbers".into(),
            };
            self.push(
                self.at(&fp, 3),
                format!(
                    "Field number {} has already been used in \"{full}\" by field \"{other}\". {hint}.",
                    fd.number()
                ),
            );
        }
        for (i, x) in m.extension.iter().enumerate() {
            let xp = child(path, 6, i);
            if !self.unresolved(&xp) {
                self.extension_number(x, &xp);
            }
        }
    }

    fn extension_number(&self, x: &crate::pb::FieldDescriptorProto, path: &[i32]) {
        let extendee = x.extendee().trim_start_matches('.');
        if let Some(ranges) = self.ranges.get(extendee) {
            if !ranges
                .iter()
                .any(|&(s, e)| s <= x.number() && x.number() < e)
            {
                self.push(
                    self.at(path, 3),
                    format!(
                        "\"{extendee}\" does not declare {} as an extension number.",
                        x.number()
                    ),
                );
            }
        }
    }

    /// protoc's notes after the errors: for each message with fields numbered out of range
    /// or inside an extension range, as many free numbers as there are such fields.
    fn suggestions(&self, d: &FileDescriptorProto) {
        let hints = std::mem::take(&mut *self.hints.borrow_mut());
        for (path, count, at) in hints {
            let Some(m) = message_at(d, &path) else {
                continue;
            };
            // protoc suggests at most three.
            let numbers = free_numbers(m, count.min(3));
            let list: Vec<String> = numbers.iter().map(i64::to_string).collect();
            self.push(
                at,
                format!(
                    "Suggested field numbers for {}: {}",
                    m.name(),
                    list.join(", ")
                ),
            );
        }
    }

    // Phase 3, as protoc validates a file that built and linked without errors: proto3
    // rules, packed, map keys, JSON names, extensions, open enums, aliases.

    fn validate_file(&self, d: &FileDescriptorProto) {
        let pkg = d.package();
        for (i, m) in d.message_type.iter().enumerate() {
            self.validate_message(m, &[4, i as i32], &join(pkg, m.name()));
        }
        for (i, e) in d.enum_type.iter().enumerate() {
            self.validate_enum(e, &[5, i as i32], pkg);
        }
        for (i, x) in d.extension.iter().enumerate() {
            self.validate_extension(x, &[7, i as i32]);
        }
    }

    fn proto3_field(&self, fd: &crate::pb::FieldDescriptorProto, path: &[i32]) {
        if self.f.syntax != Syntax::Proto3 {
            return;
        }
        if fd.label == Some(2) {
            self.push(
                self.at(path, 5),
                "Required fields are not allowed in proto3.".into(),
            );
        }
        if fd.default_value.is_some() {
            self.push(
                self.at(path, 7),
                "Explicit default values are not allowed in proto3.".into(),
            );
        }
        if fd.r#type == Some(10) {
            self.push(
                self.at(path, 5),
                "Groups are not supported in proto3 syntax.".into(),
            );
        }
    }

    fn packed(&self, fd: &crate::pb::FieldDescriptorProto, path: &[i32]) {
        let repeated = fd.label == Some(3);
        let packable = repeated && !matches!(fd.r#type, Some(9..=12) | None);
        if !packable && self.raw_ident(path, "packed") == Some("true") {
            self.push(
                self.at(path, 5),
                "[packed = true] can only be specified for repeated primitive fields.".into(),
            );
        }
    }

    fn validate_extension(&self, x: &crate::pb::FieldDescriptorProto, path: &[i32]) {
        self.packed(x, path);
        if x.json_name.is_some() {
            self.push(
                self.at(path, 10),
                "option json_name is not allowed on extension fields.".into(),
            );
        }
        let extendee = x.extendee().trim_start_matches('.');
        if self.f.syntax == Syntax::Proto3 && !extendee.starts_with("google.protobuf.") {
            self.push(
                self.at(path, 2),
                "Extensions in proto3 are only allowed for defining options.".into(),
            );
        }
        self.proto3_field(x, path);
    }

    fn validate_message(&self, m: &DescriptorProto, path: &[i32], full: &str) {
        // JSON names, then proto3 rules of the fields, nested types and enums, then the
        // fields' options (protoc's order).
        self.json_names(m, path);
        for (i, fd) in m.field.iter().enumerate() {
            self.proto3_field(fd, &child(path, 2, i));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.validate_message(n, &child(path, 3, i), &join(full, n.name()));
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.validate_enum(e, &child(path, 4, i), full);
        }
        for (i, fd) in m.field.iter().enumerate() {
            let fp = child(path, 2, i);
            if self.f.syntax == Syntax::Editions
                && self.f.desc.edition.unwrap_or(0) >= 1001
                && self.raw_ident(&fp, "ctype").is_some()
            {
                // protoc places it at the field's start: its type, as editions have no
                // labels but `repeated`.
                self.push(
                    self.at(&fp, 5),
                    "ctype option is not allowed under edition 2024 and beyond. Use the feature \
                     string_type = VIEW|CORD|STRING|... instead."
                        .into(),
                );
            }
            self.packed(fd, &fp);
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
                        self.push(self.at(&fp, 6), message.into());
                    }
                }
            }
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.validate_extension(x, &child(path, 6, i));
        }
    }

    /// JSON name conflicts (proto3 and editions; proto2 only warns): the first of a message.
    fn json_names(&self, m: &DescriptorProto, path: &[i32]) {
        if self.f.syntax != Syntax::Proto2 {
            let any_custom = m.field.iter().any(|f| f.json_name.is_some());
            // The first conflict of a message only.
            let mut conflict = false;
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
                        self.push(
                            self.name(&child(path, 2, i)).unwrap_or((0, 0)),
                            format!(
                                "The {} JSON name of field \"{}\" (\"{name}\") conflicts with the {} JSON name of field \"{other}\".",
                                kind(is_custom),
                                fd.name(),
                                kind(other_custom)
                            ),
                        );
                        conflict = true;
                        break;
                    }
                    seen.insert(name, (fd.name(), is_custom));
                }
                if conflict {
                    break;
                }
            }
        }
    }

    fn validate_enum(&self, e: &EnumDescriptorProto, path: &[i32], scope: &str) {
        let closed = match self.f.syntax {
            Syntax::Proto2 => true,
            Syntax::Proto3 => false,
            Syntax::Editions => {
                // The nearest setting: the enum, its enclosing messages, the file.
                let nearest = (0..=path.len() / 2)
                    .rev()
                    .find_map(|k| self.feature(&path[..2 * k], "enum_type"));
                nearest == Some("CLOSED")
            }
        };
        if !closed {
            if let Some(first) = e.value.first() {
                if first.number() != 0 {
                    self.push(
                        self.at(&child(path, 2, 0), 2),
                        "The first enum value must be zero for open enums.".into(),
                    );
                }
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
                    self.push(self.at(&child(path, 2, i), 2), message);
                    continue;
                }
                used.insert(v.number(), vfull);
            }
        }
    }
}

/// The first `count` field numbers of `m` not used by a field, an extension range or a
/// reserved range, from 1 up, as protoc suggests them.
fn free_numbers(m: &DescriptorProto, count: usize) -> Vec<i64> {
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
    let mut out = Vec::with_capacity(count);
    let mut next = 1i64;
    for (s, e) in taken {
        while next < s && out.len() < count {
            out.push(next);
            next += 1;
        }
        if out.len() == count {
            return out;
        }
        next = next.max(e + 1);
    }
    while out.len() < count && next <= i64::from(MAX_NUMBER) {
        out.push(next);
        next += 1;
    }
    out
}

/// The message at `path` (4, i, 3, j, …) of `d`.
fn message_at<'d>(d: &'d FileDescriptorProto, path: &[i32]) -> Option<&'d DescriptorProto> {
    let mut m = d.message_type.get(*path.get(1)? as usize)?;
    for pair in path[2..].chunks(2) {
        m = m.nested_type.get(*pair.get(1)? as usize)?;
    }
    Some(m)
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

fn checker<'a>(
    file: usize,
    f: &'a PFile,
    ranges: &'a HashMap<String, Vec<(i32, i32)>>,
) -> Checker<'a> {
    Checker {
        file,
        f,
        ranges,
        errors: RefCell::new(Vec::new()),
        hints: RefCell::new(Vec::new()),
        unresolved: RefCell::new(Vec::new()),
    }
}

/// protoc's errors while it builds and cross-links one file, in its order: numbers in
/// range, ranges and reserved names (`build`); then, after the errors of name resolution
/// (`resolved`), numbers used twice and undeclared extension numbers; then the field
/// numbers it suggests.
pub fn build_and_link(
    file: usize,
    f: &PFile,
    ranges: &HashMap<String, Vec<(i32, i32)>>,
    resolved: Vec<(Vec<i32>, LinkError)>,
) -> Vec<LinkError> {
    let c = checker(file, f, ranges);
    c.build_file(&f.desc);
    *c.unresolved.borrow_mut() = resolved;
    c.link_file(&f.desc);
    // Services, and anything else that did not resolve.
    let rest = std::mem::take(&mut *c.unresolved.borrow_mut());
    c.errors
        .borrow_mut()
        .extend(rest.into_iter().map(|(_, e)| e));
    c.suggestions(&f.desc);
    c.errors.into_inner()
}

/// protoc's checks of a file that built and linked without errors (and whose options
/// were interpreted): proto3 rules, packed, map keys, JSON names, open enums, aliases.
pub fn validate(
    file: usize,
    f: &PFile,
    ranges: &HashMap<String, Vec<(i32, i32)>>,
) -> Vec<LinkError> {
    let c = checker(file, f, ranges);
    c.validate_file(&f.desc);
    c.errors.into_inner()
}
