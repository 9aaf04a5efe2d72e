//! Options as protoc interprets them: each `name = value` found in the options message's
//! schema (standard options) or among the extensions in scope (custom options), values
//! checked against the field's type, message literals read as text format, and the result
//! encoded as protoc writes it (fields in number order, message-valued options merged,
//! source-retention options left out).

use std::collections::{BTreeMap, HashMap};

use super::super::lexer::Kind;
use super::parser::{OValue, OwnedToken, UOpt};
use super::text;

/// A field of a message that options or message literals can set.
#[derive(Debug, Clone)]
pub struct PField {
    pub name: String,
    pub number: i32,
    pub repeated: bool,
    /// Field type number (11 message, 14 enum, 10 group, …).
    pub ty: i32,
    /// Fully qualified type name with a leading dot (messages and enums).
    pub type_name: String,
    pub packed: bool,
    pub source_retention: bool,
    /// An extension's extendee (full name without a leading dot).
    pub extendee: String,
    /// The field's full name (`google.protobuf.FileOptions.java_package`, `pkg.my_option`).
    pub full_name: String,
    /// The elements it may be set on, a bit per `OptionTargetType` number (0: any).
    pub targets: u16,
}

/// Messages, enums and extensions options can name, by full name without a leading dot.
#[derive(Default)]
pub struct Pool {
    pub messages: HashMap<String, Vec<PField>>,
    pub enums: HashMap<String, Vec<(String, i32)>>,
    /// Extensions by full name.
    pub extensions: HashMap<String, PField>,
    /// Messages with `option message_set_wire_format = true`.
    pub message_sets: std::collections::HashSet<String>,
}

impl Pool {
    /// Adds the compiled-in schema of descriptor.proto (schema.txt).
    pub fn add_builtin(&mut self) {
        let mut current: Option<String> = None;
        for line in include_str!("schema.txt").lines() {
            let mut parts = line.split_whitespace();
            match parts.next() {
                Some("M") => {
                    let name = parts.next().unwrap_or_default()[1..].to_owned();
                    self.messages.insert(name.clone(), Vec::new());
                    current = Some(name);
                }
                Some("F") => {
                    let number = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
                    let name = parts.next().unwrap_or_default().to_owned();
                    let field_name = name.clone();
                    let repeated = parts.next() == Some("r");
                    let ty_text = parts.next().unwrap_or_default();
                    let flags = parts.next().unwrap_or_default();
                    let targets = parts
                        .next()
                        .and_then(|t| t.strip_prefix("t="))
                        .map_or(0, |t| {
                            t.split(',')
                                .filter_map(|n| n.parse::<u16>().ok())
                                .fold(0, |m, n| m | 1 << n)
                        });
                    let (ty, type_name) = match super::parser::scalar(ty_text) {
                        Some(t) => (t, String::new()),
                        None if flags.contains('e') => (14, ty_text.to_owned()),
                        None => (11, ty_text.to_owned()),
                    };
                    let field = PField {
                        name,
                        number,
                        repeated,
                        ty,
                        type_name,
                        packed: flags.contains('p'),
                        source_retention: flags.contains('s'),
                        extendee: String::new(),
                        full_name: format!(
                            "{}.{field_name}",
                            current.as_deref().unwrap_or_default()
                        ),
                        targets,
                    };
                    if let Some(m) = current.as_ref().and_then(|c| self.messages.get_mut(c)) {
                        m.push(field);
                    }
                }
                Some("E") => {
                    let name = parts.next().unwrap_or_default()[1..].to_owned();
                    let values = parts
                        .filter_map(|v| v.split_once('='))
                        .map(|(n, v)| (n.to_owned(), v.parse().unwrap_or(0)))
                        .collect();
                    self.enums.insert(name, values);
                }
                _ => {}
            }
        }
    }

    fn extension_by_number(&self, extendee: &str, number: i32) -> Option<&PField> {
        self.extensions
            .values()
            .find(|f| f.extendee == extendee && f.number == number)
    }
}

/// A message being built: fields by number, in number order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dyn {
    pub fields: BTreeMap<i32, DField>,
    /// `message_set_wire_format`: fields are written as MessageSet items.
    pub message_set: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DField {
    /// The elements it may be set on (see [`PField::targets`]) and its full name.
    pub targets: u16,
    pub full_name: std::rc::Rc<str>,
    pub ty: i32,
    pub repeated: bool,
    pub packed: bool,
    pub source_retention: bool,
    pub values: Vec<DVal>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DVal {
    Int(u64),
    F32(f32),
    F64(f64),
    Bytes(Vec<u8>),
    Msg(Dyn),
}

impl DField {
    fn new(f: &PField) -> Self {
        DField {
            targets: f.targets,
            full_name: f.full_name.as_str().into(),
            ty: f.ty,
            repeated: f.repeated,
            packed: f.packed,
            source_retention: f.source_retention,
            values: Vec::new(),
        }
    }
}

/// protoc's word for an `OptionTargetType`.
fn target_name(target: u16) -> &'static str {
    match target {
        1 => "file",
        2 => "extension range",
        3 => "message",
        4 => "field",
        5 => "oneof",
        6 => "enum",
        7 => "enum entry",
        8 => "service",
        9 => "method",
        _ => "unknown",
    }
}

impl Dyn {
    /// The first field set here (at any depth) that may not be set on `target`.
    fn misplaced(&self, target: u16) -> Option<std::rc::Rc<str>> {
        for f in self.fields.values() {
            if f.targets != 0 && f.targets & (1 << target) == 0 {
                return Some(f.full_name.clone());
            }
            for v in &f.values {
                if let DVal::Msg(m) = v {
                    if let Some(name) = m.misplaced(target) {
                        return Some(name);
                    }
                }
            }
        }
        None
    }

    /// Merges `other` into `self` as protobuf parsing merges: singular values replaced,
    /// repeated appended, messages merged.
    pub fn merge(&mut self, other: Dyn) {
        for (n, f) in other.fields {
            match self.fields.get_mut(&n) {
                None => {
                    self.fields.insert(n, f);
                }
                Some(mine) if mine.repeated => mine.values.extend(f.values),
                Some(mine) => match (mine.values.last_mut(), f.values.into_iter().last()) {
                    (Some(DVal::Msg(a)), Some(DVal::Msg(b))) => a.merge(b),
                    (_, Some(v)) => mine.values = vec![v],
                    _ => {}
                },
            }
        }
    }

    /// The encoding, source-retention fields left out when `strip`.
    pub fn encode(&self, strip: bool, out: &mut Vec<u8>) {
        for (&n, f) in &self.fields {
            if strip && f.source_retention {
                continue;
            }
            if self.message_set {
                // Item group 1 { type_id 2, message 3 }.
                for v in &f.values {
                    if let DVal::Msg(m) = v {
                        let mut body = Vec::new();
                        m.encode(strip, &mut body);
                        varint(1 << 3 | 3, out);
                        varint(2 << 3, out);
                        varint(n as u64, out);
                        varint(3 << 3 | 2, out);
                        varint(body.len() as u64, out);
                        out.extend_from_slice(&body);
                        varint(1 << 3 | 4, out);
                    }
                }
                continue;
            }
            let n = n as u64;
            if f.packed && f.repeated && !matches!(f.ty, 9..=12) && !f.values.is_empty() {
                let mut body = Vec::new();
                for v in &f.values {
                    scalar(f.ty, v, &mut body);
                }
                varint(n << 3 | 2, out);
                varint(body.len() as u64, out);
                out.extend_from_slice(&body);
                continue;
            }
            for v in &f.values {
                match (f.ty, v) {
                    (10, DVal::Msg(m)) => {
                        varint(n << 3 | 3, out);
                        m.encode(strip, out);
                        varint(n << 3 | 4, out);
                    }
                    (_, DVal::Msg(m)) => {
                        let mut body = Vec::new();
                        m.encode(strip, &mut body);
                        varint(n << 3 | 2, out);
                        varint(body.len() as u64, out);
                        out.extend_from_slice(&body);
                    }
                    (_, DVal::Bytes(b)) => {
                        varint(n << 3 | 2, out);
                        varint(b.len() as u64, out);
                        out.extend_from_slice(b);
                    }
                    (ty, v) => {
                        varint(n << 3 | wire_type(ty), out);
                        scalar(ty, v, out);
                    }
                }
            }
        }
    }
}

fn wire_type(ty: i32) -> u64 {
    match ty {
        1 | 6 | 16 => 1,
        2 | 7 | 15 => 5,
        9 | 11 | 12 => 2,
        _ => 0,
    }
}

fn scalar(ty: i32, v: &DVal, out: &mut Vec<u8>) {
    match (ty, v) {
        (1, DVal::F64(x)) => out.extend_from_slice(&x.to_le_bytes()),
        (2, DVal::F32(x)) => out.extend_from_slice(&x.to_le_bytes()),
        (6 | 16, DVal::Int(x)) => out.extend_from_slice(&x.to_le_bytes()),
        (7 | 15, DVal::Int(x)) => out.extend_from_slice(&(*x as u32).to_le_bytes()),
        (17, DVal::Int(x)) => {
            let v = *x as i32;
            varint(((v << 1) ^ (v >> 31)) as u32 as u64, out)
        }
        (18, DVal::Int(x)) => {
            let v = *x as i64;
            varint(((v << 1) ^ (v >> 63)) as u64, out)
        }
        (_, DVal::Int(x)) => varint(*x, out),
        _ => {}
    }
}

pub fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Finds the extension an option name in parentheses means, from the element's scope.
pub type ResolveExt<'r> = dyn Fn(&str) -> Option<String> + 'r;

/// An interpretation error: where, and protoc's message.
pub struct OptError {
    pub at: (i32, i32),
    pub message: String,
}

fn oerr<T>(at: (i32, i32), message: String) -> Result<T, OptError> {
    Err(OptError { at, message })
}

/// Interprets the options `items` of an options message `message` into `out`.
pub fn interpret(
    pool: &Pool,
    message: &str,
    target: u16,
    items: &[UOpt],
    resolve: &ResolveExt<'_>,
    out: &mut Dyn,
) -> Result<(), OptError> {
    for u in items {
        interpret_one(pool, message, target, u, resolve, out)?;
    }
    Ok(())
}

fn display_name(u: &UOpt, upto: usize) -> String {
    u.name[..=upto]
        .iter()
        .map(|(n, ext)| if *ext { format!("({n})") } else { n.clone() })
        .collect::<Vec<_>>()
        .join(".")
}

fn interpret_one(
    pool: &Pool,
    message: &str,
    target: u16,
    u: &UOpt,
    resolve: &ResolveExt<'_>,
    out: &mut Dyn,
) -> Result<(), OptError> {
    let mut fields: Vec<&PField> = Vec::new();
    let mut current = message.to_owned();
    for (i, (part, is_ext)) in u.name.iter().enumerate() {
        let field = if *is_ext {
            resolve(part)
                .and_then(|full| pool.extensions.get(&full))
                .filter(|f| f.extendee == current)
        } else {
            pool.messages
                .get(&current)
                .and_then(|m| m.iter().find(|f| &f.name == part))
        };
        let Some(field) = field else {
            if *is_ext
                && resolve(part)
                    .and_then(|full| pool.extensions.get(&full))
                    .is_some()
            {
                return oerr(
                    u.at,
                    format!(
                        "Option \"{}\" is an extension of \"{}\", not \"{current}\".",
                        display_name(u, i),
                        resolve(part)
                            .and_then(|full| pool.extensions.get(&full))
                            .map(|f| f.extendee.clone())
                            .unwrap_or_default()
                    ),
                );
            }
            let shown = display_name(u, i);
            return oerr(
                u.at,
                if i == 0 {
                    format!(
                        "Option \"{shown}\" unknown. Ensure that your proto definition file \
                         imports the proto which defines the option (i.e. via import option \
                         after edition 2024)."
                    )
                } else {
                    format!("Option \"{shown}\" unknown.")
                },
            );
        };
        if i + 1 < u.name.len() {
            if !matches!(field.ty, 10 | 11) {
                return oerr(
                    u.at,
                    format!(
                        "Option \"{}\" is an atomic type, not a message.",
                        display_name(u, i)
                    ),
                );
            }
            if field.repeated {
                return oerr(
                    u.at,
                    format!(
                        "Option field \"{}\" is a repeated message. Repeated message options \
                         must be initialized using an aggregate value.",
                        display_name(u, i)
                    ),
                );
            }
            current = field.type_name.trim_start_matches('.').to_owned();
        }
        fields.push(field);
    }
    let last = *fields.last().expect("an option has a name");
    let value = option_value(pool, last, &u.value, &last.full_name, u.value_at, resolve)?;
    // Build the nested message from the innermost field out.
    let mut leaf = Dyn::default();
    let mut df = DField::new(last);
    df.values.push(value);
    leaf.fields.insert(last.number, df);
    for f in fields[..fields.len() - 1].iter().rev() {
        let mut outer = Dyn::default();
        let mut df = DField::new(f);
        df.values.push(DVal::Msg(leaf));
        outer.fields.insert(f.number, df);
        leaf = outer;
    }
    if let Some(name) = leaf.misplaced(target) {
        return oerr(
            u.at,
            format!(
                "Option {name} cannot be set on an entity of type `{}`.",
                target_name(target)
            ),
        );
    }
    // A singular non-message option set twice is an error, as in protoc.
    if !last.repeated && !matches!(last.ty, 10 | 11) && already_set(out, &fields) {
        let shown = display_name(u, u.name.len() - 1);
        return oerr(u.at, format!("Option \"{shown}\" was already set."));
    }
    out.merge(leaf);
    Ok(())
}

fn already_set(out: &Dyn, fields: &[&PField]) -> bool {
    let mut d = out;
    for (i, f) in fields.iter().enumerate() {
        let Some(df) = d.fields.get(&f.number) else {
            return false;
        };
        if i + 1 == fields.len() {
            return !df.values.is_empty();
        }
        match df.values.last() {
            Some(DVal::Msg(m)) => d = m,
            _ => return false,
        }
    }
    false
}

fn type_word(ty: i32) -> &'static str {
    match ty {
        1 => "double",
        2 => "float",
        3 => "int64",
        4 => "uint64",
        5 => "int32",
        6 => "fixed64",
        7 => "fixed32",
        8 => "bool",
        9 => "string",
        12 => "bytes",
        13 => "uint32",
        15 => "sfixed32",
        16 => "sfixed64",
        17 => "sint32",
        18 => "sint64",
        _ => "message",
    }
}

fn option_value(
    pool: &Pool,
    f: &PField,
    v: &OValue,
    shown: &str,
    at: (i32, i32),
    resolve: &ResolveExt<'_>,
) -> Result<DVal, OptError> {
    let word = type_word(f.ty);
    match f.ty {
        5 | 15 | 17 | 3 | 16 | 18 => {
            let (min, max) = if matches!(f.ty, 5 | 15 | 17) {
                (i64::from(i32::MIN), i64::from(i32::MAX))
            } else {
                (i64::MIN, i64::MAX)
            };
            let x = match v {
                OValue::Pos(p) if *p <= max as u64 => *p as i64,
                OValue::Neg(n) if *n >= min => *n,
                OValue::Pos(_) | OValue::Neg(_) => {
                    return oerr(
                        at,
                        format!("Value out of range for {word} option \"{shown}\"."),
                    )
                }
                _ => {
                    return oerr(
                        at,
                        format!("Value must be integer for {word} option \"{shown}\"."),
                    )
                }
            };
            Ok(DVal::Int(x as u64))
        }
        4 | 6 | 13 | 7 => {
            let max = if matches!(f.ty, 13 | 7) {
                u64::from(u32::MAX)
            } else {
                u64::MAX
            };
            match v {
                OValue::Pos(p) if *p <= max => Ok(DVal::Int(*p)),
                OValue::Pos(_) => oerr(
                    at,
                    format!("Value out of range for {word} option \"{shown}\"."),
                ),
                _ => oerr(
                    at,
                    format!("Value must be non-negative integer for {word} option \"{shown}\"."),
                ),
            }
        }
        1 | 2 => {
            let x = match v {
                OValue::Double(d) => *d,
                OValue::Pos(p) => *p as f64,
                OValue::Neg(n) => *n as f64,
                OValue::Ident(i) if i == "inf" => f64::INFINITY,
                OValue::Ident(i) if i == "nan" => f64::NAN,
                _ => {
                    return oerr(
                        at,
                        format!("Value must be number for {word} option \"{shown}\"."),
                    )
                }
            };
            Ok(if f.ty == 2 {
                DVal::F32(x as f32)
            } else {
                DVal::F64(x)
            })
        }
        8 => match v {
            OValue::Ident(i) if i == "true" => Ok(DVal::Int(1)),
            OValue::Ident(i) if i == "false" => Ok(DVal::Int(0)),
            _ => oerr(
                at,
                format!("Value must be \"true\" or \"false\" for boolean option \"{shown}\"."),
            ),
        },
        14 => {
            let OValue::Ident(name) = v else {
                return oerr(
                    at,
                    format!("Value must be identifier for enum-valued option \"{shown}\"."),
                );
            };
            let en = f.type_name.trim_start_matches('.');
            match pool
                .enums
                .get(en)
                .and_then(|vals| vals.iter().find(|(n, _)| n == name))
            {
                Some((_, num)) => Ok(DVal::Int(i64::from(*num) as u64)),
                None => oerr(
                    at,
                    format!(
                        "Enum type \"{en}\" has no value named \"{name}\" for option \"{shown}\"."
                    ),
                ),
            }
        }
        9 | 12 => match v {
            OValue::Str(s) => Ok(DVal::Bytes(s.clone())),
            _ => oerr(
                at,
                format!("Value must be quoted string for string option \"{shown}\"."),
            ),
        },
        _ => match v {
            OValue::Aggregate(tokens) => {
                let mut r = TextReader {
                    tokens,
                    pos: 0,
                    pool,
                    resolve,
                    end: at,
                    depth: 0,
                };
                let m = r.message(f.type_name.trim_start_matches('.'), None)?;
                Ok(DVal::Msg(m))
            }
            _ => oerr(
                at,
                format!(
                    "Option \"{shown}\" is a message. To set the entire message, use syntax like \
                     \"{shown} = {{ <proto text format> }}\". To set fields within it, use syntax \
                     like \"{shown}.foo = value\"."
                ),
            ),
        },
    }
}

/// Text format inside a message literal.
struct TextReader<'t, 'p, 'r> {
    tokens: &'t [OwnedToken],
    pos: usize,
    pool: &'p Pool,
    resolve: &'r ResolveExt<'r>,
    end: (i32, i32),
    depth: usize,
}

/// How deep message literals nest (protoc's text format limit).
const MAX_TEXT_DEPTH: usize = 100;

impl TextReader<'_, '_, '_> {
    fn cur(&self) -> Option<&OwnedToken> {
        self.tokens.get(self.pos)
    }

    fn at(&self, s: &str) -> bool {
        self.cur()
            .is_some_and(|t| t.kind != Kind::String && t.text == s)
    }

    fn here(&self) -> (i32, i32) {
        self.cur().map_or(self.end, |t| t.at)
    }

    fn fail<T>(&self, message: String) -> Result<T, OptError> {
        Err(OptError {
            at: self.here(),
            message: format!("Error while parsing option value: {message}"),
        })
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Fields until `close` (or the end of the tokens when `None`).
    fn message(&mut self, type_name: &str, close: Option<&str>) -> Result<Dyn, OptError> {
        self.depth += 1;
        if self.depth > MAX_TEXT_DEPTH {
            return self.fail(
                "Message is too deep, the parser exceeded the configured recursion limit of 100."
                    .into(),
            );
        }
        let result = self.message_fields(type_name, close);
        self.depth -= 1;
        result
    }

    fn message_fields(&mut self, type_name: &str, close: Option<&str>) -> Result<Dyn, OptError> {
        let mut out = Dyn {
            message_set: self.pool.message_sets.contains(type_name),
            ..Dyn::default()
        };
        let Some(fields) = self.pool.messages.get(type_name) else {
            return self.fail(format!("unknown message type \"{type_name}\""));
        };
        loop {
            match close {
                Some(c) if self.eat(c) => return Ok(out),
                None if self.cur().is_none() => return Ok(out),
                _ => {}
            }
            if self.cur().is_none() {
                return self.fail("Expected \"}\".".into());
            }
            let field: &PField = if self.eat("[") {
                let mut name = String::new();
                while !self.at("]") {
                    let Some(t) = self.cur() else {
                        return self.fail("Expected \"]\".".into());
                    };
                    name.push_str(&t.text);
                    self.pos += 1;
                }
                self.pos += 1;
                if let Some((_, inner)) = name.rsplit_once('/') {
                    // An Any written out: `[type.googleapis.com/pkg.Msg] { ... }`.
                    self.eat(":");
                    let close = if self.eat("{") {
                        "}"
                    } else if self.eat("<") {
                        ">"
                    } else {
                        return self.fail("Expected \"{\".".into());
                    };
                    let value = self.message(inner, Some(close))?;
                    let mut bytes = Vec::new();
                    value.encode(false, &mut bytes);
                    let field = |ty: i32, v: Vec<u8>| DField {
                        targets: 0,
                        full_name: "".into(),
                        ty,
                        repeated: false,
                        packed: false,
                        source_retention: false,
                        values: vec![DVal::Bytes(v)],
                    };
                    let mut any = Dyn::default();
                    any.fields.insert(1, field(9, name.clone().into_bytes()));
                    any.fields.insert(2, field(12, bytes));
                    out.merge(any);
                    if !self.eat(";") {
                        self.eat(",");
                    }
                    continue;
                }
                let found = self
                    .pool
                    .extensions
                    .get(name.trim_start_matches('.'))
                    .or_else(|| (self.resolve)(&name).and_then(|n| self.pool.extensions.get(&n)))
                    .filter(|f| f.extendee == type_name);
                match found {
                    Some(f) => f,
                    None => {
                        return self.fail(format!(
                            "Extension \"{name}\" is not defined or is not an extension of \"{type_name}\"."
                        ))
                    }
                }
            } else {
                let Some(t) = self.cur().filter(|t| t.kind == Kind::Ident) else {
                    return self.fail(format!(
                        "Expected identifier, got: {}",
                        self.cur().map_or("", |t| t.text.as_str())
                    ));
                };
                let name = t.text.clone();
                let found = fields.iter().find(|f| f.name == name).or_else(|| {
                    // A group is named by its type's name.
                    fields.iter().find(|f| {
                        f.ty == 10 && f.type_name.rsplit('.').next() == Some(name.as_str())
                    })
                });
                match found {
                    Some(f) => {
                        self.pos += 1;
                        f
                    }
                    None => {
                        return self.fail(format!(
                            "Message type \"{type_name}\" has no field named \"{name}\"."
                        ))
                    }
                }
            };
            let is_msg = matches!(field.ty, 10 | 11);
            let colon = self.eat(":");
            if !colon && !(is_msg && (self.at("{") || self.at("<"))) {
                return self.fail(
                    "Expected \":\", found \"".to_owned()
                        + self.cur().map_or("", |t| t.text.as_str())
                        + "\".",
                );
            }
            let mut df = DField::new(field);
            if field.repeated && self.eat("[") {
                if !self.eat("]") {
                    loop {
                        df.values.push(self.value(field)?);
                        if self.eat("]") {
                            break;
                        }
                        if !self.eat(",") {
                            return self.fail("Expected \",\" or \"]\".".into());
                        }
                    }
                }
            } else {
                df.values.push(self.value(field)?);
            }
            let mut one = Dyn::default();
            one.fields.insert(field.number, df);
            out.merge(one);
            if !self.eat(";") {
                self.eat(",");
            }
        }
    }

    fn value(&mut self, f: &PField) -> Result<DVal, OptError> {
        if matches!(f.ty, 10 | 11) {
            let close = if self.eat("{") {
                "}"
            } else if self.eat("<") {
                ">"
            } else {
                return self.fail("Expected \"{\".".into());
            };
            return Ok(DVal::Msg(
                self.message(f.type_name.trim_start_matches('.'), Some(close))?,
            ));
        }
        if matches!(f.ty, 9 | 12) {
            let mut bytes = Vec::new();
            if !self.cur().is_some_and(|t| t.kind == Kind::String) {
                return self.fail("Expected string.".into());
            }
            while let Some(t) = self.cur().filter(|t| t.kind == Kind::String) {
                if let Err(m) = text::unescape(&t.text, &mut bytes) {
                    return self.fail(m.into());
                }
                self.pos += 1;
            }
            return Ok(DVal::Bytes(bytes));
        }
        let negative = self.eat("-");
        let Some(t) = self.cur().cloned() else {
            return self.fail("Unexpected end of option value.".into());
        };
        self.pos += 1;
        let int = |text: &str| -> Option<u64> {
            if text::is_float(text) {
                None
            } else {
                text::parse_integer(text, u64::MAX)
            }
        };
        match f.ty {
            8 => match t.text.as_str() {
                "true" | "True" | "t" | "1" => Ok(DVal::Int(1)),
                "false" | "False" | "f" | "0" => Ok(DVal::Int(0)),
                other => self.fail(format!(
                    "Invalid value for boolean field \"{}\". Value: \"{other}\".",
                    f.name
                )),
            },
            14 => {
                let en = f.type_name.trim_start_matches('.');
                if t.kind == Kind::Number {
                    let v = int(&t.text).map(|v| v as i64).unwrap_or(0);
                    return Ok(DVal::Int((if negative { -v } else { v }) as u64));
                }
                match self
                    .pool
                    .enums
                    .get(en)
                    .and_then(|vals| vals.iter().find(|(n, _)| *n == t.text))
                {
                    Some((_, n)) => Ok(DVal::Int(i64::from(*n) as u64)),
                    None => self.fail(format!(
                        "Unknown enumeration value of \"{}\" for field \"{}\".",
                        t.text, f.name
                    )),
                }
            }
            1 | 2 => {
                let lower = t.text.to_ascii_lowercase();
                let x = if t.kind == Kind::Ident && (lower == "inf" || lower == "infinity") {
                    f64::INFINITY
                } else if t.kind == Kind::Ident && lower == "nan" {
                    f64::NAN
                } else if let Some(i) = int(&t.text) {
                    i as f64
                } else if let Some(x) = text::parse_float(&t.text) {
                    x
                } else {
                    return self.fail(format!("Expected double, got: {}", t.text));
                };
                let x = if negative { -x } else { x };
                Ok(if f.ty == 2 {
                    DVal::F32(x as f32)
                } else {
                    DVal::F64(x)
                })
            }
            _ => {
                let Some(v) = int(&t.text) else {
                    return self.fail(format!("Expected integer, got: {}", t.text));
                };
                let signed = matches!(f.ty, 3 | 5 | 15 | 16 | 17 | 18);
                if negative && !signed {
                    return self.fail(format!("Expected integer, got: -{}", t.text));
                }
                let v = if negative {
                    (v as i64).wrapping_neg() as u64
                } else {
                    v
                };
                let v = if matches!(f.ty, 5 | 15 | 17) {
                    v as i32 as i64 as u64
                } else {
                    v
                };
                Ok(DVal::Int(v))
            }
        }
    }
}

/// Reads encoded options back into a [`Dyn`] (for options the parser decided itself).
pub fn preset_dyn(pool: &Pool, message: &str, bytes: &[u8]) -> Dyn {
    let mut out = Dyn::default();
    let mut i = 0;
    while i + 1 < bytes.len() + 1 && i < bytes.len() {
        let key = u64::from(bytes[i]);
        let value = bytes.get(i + 1).copied().unwrap_or(0);
        i += 2;
        let number = (key >> 3) as i32;
        if let Some(f) = pool
            .messages
            .get(message)
            .and_then(|m| m.iter().find(|f| f.number == number))
            .or_else(|| pool.extension_by_number(message, number))
        {
            let mut df = DField::new(f);
            df.values.push(DVal::Int(u64::from(value)));
            let mut one = Dyn::default();
            one.fields.insert(number, df);
            out.merge(one);
        }
    }
    out
}
