//! .proto text → a `FileDescriptorProto` as protoc's parser builds it (names not yet
//! resolved, options not yet interpreted), with the source locations of its declarations.

use crate::pb::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, MethodDescriptorProto, OneofDescriptorProto, ServiceDescriptorProto,
};

use super::super::lexer::{Kind, Lexed, Token};
use super::text;

/// Which rules a file follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

/// An option as written, before it is interpreted.
#[derive(Debug, Clone)]
pub struct UOpt {
    /// Name parts: (text, is an extension in parentheses).
    pub name: Vec<(String, bool)>,
    pub value: OValue,
    /// Where the option's name starts (0-based line, column).
    pub at: (i32, i32),
    /// Where its value starts.
    pub value_at: (i32, i32),
}

#[derive(Debug, Clone)]
pub enum OValue {
    Ident(String),
    Pos(u64),
    Neg(i64),
    Double(f64),
    Str(Vec<u8>),
    /// The tokens between the braces of a message literal.
    Aggregate(Vec<OwnedToken>),
}

#[derive(Debug, Clone)]
pub struct OwnedToken {
    pub kind: Kind,
    pub text: String,
    pub at: (i32, i32),
}

/// Which options message an element's options are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptKind {
    File,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
    ExtRange,
}

impl OptKind {
    /// The element's `OptionTargetType` number.
    pub fn target(self) -> u16 {
        match self {
            OptKind::File => 1,
            OptKind::ExtRange => 2,
            OptKind::Message => 3,
            OptKind::Field => 4,
            OptKind::Oneof => 5,
            OptKind::Enum => 6,
            OptKind::EnumValue => 7,
            OptKind::Service => 8,
            OptKind::Method => 9,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            OptKind::File => "google.protobuf.FileOptions",
            OptKind::Message => "google.protobuf.MessageOptions",
            OptKind::Field => "google.protobuf.FieldOptions",
            OptKind::Oneof => "google.protobuf.OneofOptions",
            OptKind::Enum => "google.protobuf.EnumOptions",
            OptKind::EnumValue => "google.protobuf.EnumValueOptions",
            OptKind::Service => "google.protobuf.ServiceOptions",
            OptKind::Method => "google.protobuf.MethodOptions",
            OptKind::ExtRange => "google.protobuf.ExtensionRangeOptions",
        }
    }
}

/// The options of one element: its path in the file, and what was written.
#[derive(Debug, Clone)]
pub struct OptSet {
    pub path: Vec<i32>,
    pub kind: OptKind,
    pub items: Vec<UOpt>,
    /// Options already decided by the parser, encoded (a map entry's `map_entry = true`).
    pub preset: Vec<u8>,
}

/// A source location as protoc records it.
#[derive(Debug, Clone, Default)]
pub struct Loc {
    pub path: Vec<i32>,
    pub span: Vec<i32>,
    pub leading: String,
    pub trailing: String,
    pub detached: Vec<String>,
}

/// A field's type as written: a scalar's type number, or a type name.
type FieldType = (Option<i32>, String);

/// A parsed file.
#[derive(Debug, Clone)]
pub struct PFile {
    pub desc: FileDescriptorProto,
    pub syntax: Syntax,
    /// One entry per element with options, in the order first seen.
    pub opts: Vec<OptSet>,
    /// `opts` by element path.
    pub opts_index: crate::fasthash::FastMap<Vec<i32>, usize>,
    pub locs: Vec<Loc>,
    /// Where type names were written, by the path of the element that names them and
    /// the field number of the name (type_name 6, extendee 2, input 2, output 3).
    pub refs: Vec<(Vec<i32>, i32, (i32, i32))>,
    /// Where each import statement is (for "not found" and cycle errors).
    pub import_at: Vec<(String, (i32, i32))>,
    /// Where each element's name is, by path.
    pub names_at: Vec<(Vec<i32>, (i32, i32))>,
}

impl PFile {
    /// The value of `features.<feature>` as written on the element at `path`, either as
    /// `features.<feature> = VALUE` or inside `features = { <feature>: VALUE }`.
    pub fn feature(&self, path: &[i32], feature: &str) -> Option<&str> {
        let mut found = None;
        for u in self.opts_at(path).iter().flat_map(|o| o.items.iter()) {
            if u.name.is_empty() || u.name[0].1 || u.name[0].0 != "features" {
                continue;
            }
            match (&u.name[..], &u.value) {
                ([_, (name, false)], OValue::Ident(v)) if name == feature => {
                    found = Some(v.as_str())
                }
                ([_], OValue::Aggregate(tokens)) => {
                    for w in tokens.windows(3) {
                        if w[0].text == feature && w[1].text == ":" && w[2].kind == Kind::Ident {
                            found = Some(w[2].text.as_str());
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }

    /// The options written on the element at `path` (none or one set).
    pub fn opts_at(&self, path: &[i32]) -> &[OptSet] {
        match self.opts_index.get(path) {
            Some(&i) => std::slice::from_ref(&self.opts[i]),
            None => &[],
        }
    }
}

/// A syntax error: position (0-based) and protoc's message.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub at: (i32, i32),
    pub message: String,
}

type PResult<T> = Result<T, SyntaxError>;

/// protoc's limit on nested message declarations (groups included).
const MAX_DEPTH: usize = 32;

/// The most parts an option name may have.
const MAX_OPTION_NAME_PARTS: usize = 100;

struct Parser<'a> {
    lx: &'a Lexed<'a>,
    pos: usize,
    syntax: Syntax,
    edition: i32,
    doc: String,
    detached: Vec<String>,
    locs: Vec<Loc>,
    opts: Vec<OptSet>,
    opts_index: crate::fasthash::FastMap<Vec<i32>, usize>,
    refs: Vec<(Vec<i32>, i32, (i32, i32))>,
    import_at: Vec<(String, (i32, i32))>,
    names_at: Vec<(Vec<i32>, (i32, i32))>,
    depth: usize,
}

/// Parses a lexed file.
pub fn parse(lx: &Lexed<'_>) -> PResult<PFile> {
    let mut p = Parser {
        lx,
        pos: 0,
        syntax: Syntax::Proto2,
        edition: 0,
        doc: String::new(),
        detached: Vec::new(),
        locs: Vec::new(),
        opts: Vec::new(),
        opts_index: crate::fasthash::FastMap::default(),
        refs: Vec::new(),
        import_at: Vec::new(),
        names_at: Vec::new(),
        depth: 0,
    };
    let first = lx.gap_after(None);
    p.doc = first.leading;
    p.detached = first.detached;
    let mut file = FileDescriptorProto::default();
    let root = p.begin(Vec::new());
    if p.at("syntax") || p.at("edition") {
        p.syntax_statement(&mut file)?;
    }
    while p.cur().is_some() {
        p.top_level(&mut file)?;
    }
    p.finish(root);
    // protoc's root location spans the whole file... from the first token.
    Ok(PFile {
        desc: file,
        syntax: p.syntax,
        opts_index: p.opts_index,
        opts: p.opts,
        locs: p.locs,
        refs: p.refs,
        import_at: p.import_at,
        names_at: p.names_at,
    })
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + 2);
    p.extend_from_slice(path);
    p.push(field);
    p.push(index as i32);
    p
}

impl<'a> Parser<'a> {
    fn cur(&self) -> Option<&Token<'a>> {
        self.lx.tokens.get(self.pos)
    }

    fn at(&self, text: &str) -> bool {
        self.cur().is_some_and(|t| t.is(text))
    }

    fn at_kind(&self, kind: Kind) -> bool {
        self.cur().is_some_and(|t| t.kind == kind)
    }

    fn here(&self) -> (i32, i32) {
        match self.cur() {
            Some(t) => (t.line, t.column),
            None => self
                .lx
                .tokens
                .last()
                .map_or((0, 0), |t| (t.end_line, t.end_column)),
        }
    }

    fn token_at(&self, index: usize) -> (i32, i32) {
        self.lx
            .tokens
            .get(index)
            .map_or((0, 0), |t| (t.line, t.column))
    }

    fn error<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(SyntaxError {
            at: self.here(),
            message: message.into(),
        })
    }

    fn try_consume(&mut self, text: &str) -> bool {
        if self.at(text) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn consume(&mut self, text: &str) -> PResult<()> {
        if self.try_consume(text) {
            Ok(())
        } else {
            self.error(format!("Expected \"{text}\"."))
        }
    }

    fn consume_msg(&mut self, text: &str, message: &str) -> PResult<()> {
        if self.try_consume(text) {
            Ok(())
        } else {
            self.error(message)
        }
    }

    fn identifier(&mut self, message: &str) -> PResult<String> {
        match self.cur() {
            Some(t) if t.kind == Kind::Ident => {
                let s = t.text.to_owned();
                self.pos += 1;
                Ok(s)
            }
            _ => self.error(message),
        }
    }

    /// One or more adjacent string literals, concatenated.
    fn string_bytes(&mut self, message: &str) -> PResult<Vec<u8>> {
        if !self.at_kind(Kind::String) {
            return self.error(message);
        }
        let mut out = Vec::new();
        while let Some(t) = self.cur().filter(|t| t.kind == Kind::String) {
            if let Err(m) = text::unescape(t.text, &mut out) {
                return self.error(m);
            }
            self.pos += 1;
        }
        Ok(out)
    }

    fn string(&mut self, message: &str) -> PResult<String> {
        let at = self.here();
        let bytes = self.string_bytes(message)?;
        String::from_utf8(bytes).map_err(|_| SyntaxError {
            at,
            message: "String is not valid UTF-8.".into(),
        })
    }

    /// An integer token up to `max`.
    fn integer(&mut self, max: u64, message: &str) -> PResult<u64> {
        match self.cur() {
            Some(t) if t.kind == Kind::Number && !text::is_float(t.text) => {
                match text::parse_integer(t.text, max) {
                    Some(v) => {
                        self.pos += 1;
                        Ok(v)
                    }
                    None => self.error("Integer out of range."),
                }
            }
            _ => self.error(message),
        }
    }

    fn int32(&mut self, message: &str) -> PResult<i32> {
        Ok(self.integer(i32::MAX as u64, message)? as i32)
    }

    fn signed_int32(&mut self, message: &str) -> PResult<i32> {
        let negative = self.try_consume("-");
        let max = i32::MAX as u64 + u64::from(negative);
        let v = self.integer(max, message)? as i64;
        Ok(if negative { -v } else { v } as i32)
    }

    /// A number (float or integer, `inf`, `nan`) as a double.
    fn number(&mut self, message: &str) -> PResult<f64> {
        let Some(t) = self.cur() else {
            return self.error(message);
        };
        let v = match t.kind {
            Kind::Number if text::is_float(t.text) => match text::parse_float(t.text) {
                Some(v) => v,
                None => return self.error(message),
            },
            Kind::Number => match text::parse_integer(t.text, u64::MAX) {
                Some(v) => v as f64,
                None if t.text.starts_with('0') => return self.error("Integer out of range."),
                None => match t.text.parse::<f64>() {
                    Ok(v) => v,
                    Err(_) => return self.error("Integer out of range."),
                },
            },
            Kind::Ident if t.text == "inf" => f64::INFINITY,
            Kind::Ident if t.text == "nan" => f64::NAN,
            _ => return self.error(message),
        };
        self.pos += 1;
        Ok(v)
    }

    // Locations ------------------------------------------------------------------------

    /// Starts a location at the current token; [`Self::finish`] ends it at the previous one.
    fn begin(&mut self, path: Vec<i32>) -> usize {
        let (line, col) = self.here();
        self.locs.push(Loc {
            path,
            span: vec![line, col],
            ..Loc::default()
        });
        self.locs.len() - 1
    }

    fn begin_at(&mut self, path: Vec<i32>, token: usize) -> usize {
        let i = self.begin(path);
        if let Some(t) = self.lx.tokens.get(token) {
            self.locs[i].span = vec![t.line, t.column];
        }
        i
    }

    fn finish(&mut self, loc: usize) {
        let end = self
            .pos
            .checked_sub(1)
            .and_then(|i| self.lx.tokens.get(i))
            .map(|t| (t.end_line, t.end_column));
        let span = &mut self.locs[loc].span;
        if let Some((line, col)) = end {
            if span[0] != line {
                span.push(line);
            }
            span.push(col);
        } else {
            let start_col = span[1];
            span.push(start_col);
        }
    }

    /// protoc's `TryConsumeEndOfDeclaration`: the comments around the token go to `loc`.
    fn try_end_decl(&mut self, text: &str, loc: Option<usize>) -> bool {
        if !self.at(text) {
            return false;
        }
        let gap = self.lx.gap_after(Some(self.pos));
        self.pos += 1;
        let leading = std::mem::replace(&mut self.doc, gap.leading);
        match loc {
            Some(l) => {
                let detached = std::mem::replace(&mut self.detached, gap.detached);
                let loc = &mut self.locs[l];
                loc.leading = leading;
                loc.trailing = gap.trailing;
                loc.detached = detached;
            }
            None if text == "}" => self.detached = gap.detached,
            None => self.detached.extend(gap.detached),
        }
        true
    }

    fn end_decl(&mut self, text: &str, loc: Option<usize>) -> PResult<()> {
        if self.try_end_decl(text, loc) {
            Ok(())
        } else {
            self.error(format!("Expected \"{text}\"."))
        }
    }

    fn name_at(&mut self, path: &[i32]) {
        let at = self.here();
        self.names_at.push((path.to_vec(), at));
    }

    // Statements -----------------------------------------------------------------------

    fn syntax_statement(&mut self, file: &mut FileDescriptorProto) -> PResult<()> {
        let loc = self.begin(vec![12]);
        let edition = self.try_consume("edition");
        if !edition {
            self.consume_msg(
                "syntax",
                "File must begin with an edition or syntax statement, e.g. 'edition = \"2023\";'.",
            )?;
        }
        self.consume("=")?;
        let at = self.here();
        let value = self.string("Expected syntax identifier.")?;
        self.end_decl(";", Some(loc))?;
        self.finish(loc);
        if edition {
            // Every value of descriptor.proto's `Edition` but UNKNOWN, PROTO2 and PROTO3.
            self.edition = match value.as_str() {
                "2023" => 1000,
                "2024" => 1001,
                "2026" => 1002,
                "LEGACY" => 900,
                "UNSTABLE" => 9999,
                "1_TEST_ONLY" => 1,
                "2_TEST_ONLY" => 2,
                "99997_TEST_ONLY" => 99997,
                "99998_TEST_ONLY" => 99998,
                "99999_TEST_ONLY" => 99999,
                "MAX" => i32::MAX,
                _ => {
                    return Err(SyntaxError {
                        at,
                        message: format!("Unknown edition \"{value}\"."),
                    })
                }
            };
            self.syntax = Syntax::Editions;
            file.syntax = Some("editions".into());
            file.edition = Some(self.edition);
        } else {
            self.syntax = match value.as_str() {
                "proto2" => Syntax::Proto2,
                "proto3" => Syntax::Proto3,
                _ => {
                    return Err(SyntaxError {
                        at,
                        message: format!(
                            "Unrecognized syntax identifier \"{value}\".  This parser only \
                             recognizes \"proto2\" and \"proto3\"."
                        ),
                    })
                }
            };
            file.syntax = Some(value);
        }
        Ok(())
    }

    /// `export` / `local` before a message or enum (edition 2024).
    fn visibility(&mut self) -> Option<i32> {
        if self.syntax == Syntax::Editions && self.edition >= 1001 {
            if self.try_consume("export") {
                return Some(2);
            }
            if self.try_consume("local") {
                return Some(1);
            }
        }
        None
    }

    fn top_level(&mut self, file: &mut FileDescriptorProto) -> PResult<()> {
        if self.try_end_decl(";", None) {
            return Ok(());
        }
        let visibility = if self.at("export") || self.at("local") {
            self.visibility()
        } else {
            None
        };
        if self.at("message") {
            let path = vec![4, file.message_type.len() as i32];
            let mut m = DescriptorProto::default();
            self.message(&mut m, path)?;
            m.visibility = visibility;
            file.message_type.push(m);
        } else if self.at("enum") {
            let path = vec![5, file.enum_type.len() as i32];
            let mut e = EnumDescriptorProto::default();
            self.enumeration(&mut e, path)?;
            e.visibility = visibility;
            file.enum_type.push(e);
        } else if self.at("service") {
            let path = vec![6, file.service.len() as i32];
            let mut s = ServiceDescriptorProto::default();
            self.service(&mut s, path)?;
            file.service.push(s);
        } else if self.at("extend") {
            self.extend(&mut file.extension, &mut file.message_type, &[], 7, 4)?;
        } else if self.at("import") {
            self.import(file)?;
        } else if self.at("package") {
            if file.package.is_some() {
                return self.error("Multiple package definitions.");
            }
            let loc = self.begin(vec![2]);
            // Where "already defined (as something other than a package)" points.
            self.name_at(&[2]);
            self.consume("package")?;
            let mut name = self.identifier("Expected identifier.")?;
            while self.try_consume(".") {
                name.push('.');
                name.push_str(&self.identifier("Expected identifier.")?);
            }
            self.end_decl(";", Some(loc))?;
            self.finish(loc);
            file.package = Some(name);
        } else if self.at("option") {
            self.option_statement(Vec::new(), OptKind::File, 8)?;
        } else {
            return self.error("Expected top-level statement (e.g. \"message\").");
        }
        Ok(())
    }

    fn import(&mut self, file: &mut FileDescriptorProto) -> PResult<()> {
        let start = self.pos;
        self.consume("import")?;
        if self.at("option") {
            let loc = self.begin_at(vec![15, file.option_dependency.len() as i32], start);
            self.pos += 1;
            let name = self.string("Expected a string naming the file to import.")?;
            self.import_at.push((name.clone(), self.token_at(start)));
            file.option_dependency.push(name);
            self.end_decl(";", Some(loc))?;
            self.finish(loc);
            return Ok(());
        }
        let index = file.dependency.len();
        let loc = self.begin_at(vec![3, index as i32], start);
        if self.try_consume("public") {
            file.public_dependency.push(index as i32);
        } else if self.at("weak") {
            if self.syntax == Syntax::Editions && self.edition >= 1001 {
                return self.error(
                    "weak import is not supported in edition 2024 and above. Consider using \
                     option import instead.",
                );
            }
            self.pos += 1;
            file.weak_dependency.push(index as i32);
        }
        let name = self.string("Expected a string naming the file to import.")?;
        self.import_at.push((name.clone(), self.token_at(start)));
        file.dependency.push(name);
        self.end_decl(";", Some(loc))?;
        self.finish(loc);
        Ok(())
    }

    /// `option name = value;` for the element at `owner`; the options are field
    /// `options_field` of that element.
    fn option_statement(
        &mut self,
        owner: Vec<i32>,
        kind: OptKind,
        options_field: i32,
    ) -> PResult<()> {
        let mut path = owner.clone();
        path.push(options_field);
        let loc = self.begin(path);
        self.consume("option")?;
        let opt = self.option_body()?;
        self.push_opt(owner, kind, opt);
        self.end_decl(";", Some(loc))?;
        self.finish(loc);
        Ok(())
    }

    fn push_opt(&mut self, owner: Vec<i32>, kind: OptKind, opt: UOpt) {
        self.opt_set(owner, kind).items.push(opt);
    }

    fn opt_set(&mut self, owner: Vec<i32>, kind: OptKind) -> &mut OptSet {
        match self.opts_index.get(&owner) {
            Some(&i) => &mut self.opts[i],
            None => {
                self.opts_index.insert(owner.clone(), self.opts.len());
                self.opts.push(OptSet {
                    path: owner,
                    kind,
                    items: Vec::new(),
                    preset: Vec::new(),
                });
                self.opts.last_mut().expect("just pushed")
            }
        }
    }

    /// `name = value` of an option.
    fn option_body(&mut self) -> PResult<UOpt> {
        let at = self.here();
        let mut name = vec![self.option_name_part()?];
        while self.try_consume(".") {
            if name.len() >= MAX_OPTION_NAME_PARTS {
                return self.error("Option name has too many parts (at most 100).");
            }
            name.push(self.option_name_part()?);
        }
        self.consume("=")?;
        let value_at = self.here();
        let negative = self.try_consume("-");
        let Some(t) = self.cur() else {
            return self.error("Unexpected end of stream while parsing option value.");
        };
        let value = match t.kind {
            Kind::Ident => {
                let s = t.text.to_owned();
                self.pos += 1;
                if negative {
                    match s.as_str() {
                        "inf" => OValue::Double(f64::NEG_INFINITY),
                        "nan" => OValue::Double(f64::NAN),
                        _ => return self.error("Identifier after '-' symbol must be inf or nan."),
                    }
                } else {
                    OValue::Ident(s)
                }
            }
            Kind::Number if !text::is_float(t.text) => {
                let max = if negative {
                    i64::MAX as u64 + 1
                } else {
                    u64::MAX
                };
                match text::parse_integer(t.text, max) {
                    Some(v) => {
                        self.pos += 1;
                        if negative {
                            OValue::Neg((v as i64).wrapping_neg())
                        } else {
                            OValue::Pos(v)
                        }
                    }
                    None => {
                        let v = self.number("Expected number.")?;
                        OValue::Double(if negative { -v } else { v })
                    }
                }
            }
            Kind::Number => {
                let v = self.number("Expected number.")?;
                OValue::Double(if negative { -v } else { v })
            }
            Kind::String => {
                if negative {
                    return self.error("Invalid '-' symbol before string.");
                }
                OValue::Str(self.string_bytes("Expected string.")?)
            }
            Kind::Symbol if t.is("{") => OValue::Aggregate(self.aggregate()?),
            Kind::Symbol => return self.error("Expected option value."),
        };
        Ok(UOpt {
            name,
            value,
            at,
            value_at,
        })
    }

    fn option_name_part(&mut self) -> PResult<(String, bool)> {
        if self.try_consume("(") {
            let mut name = String::new();
            if self.at_kind(Kind::Ident) {
                name.push_str(&self.identifier("Expected identifier.")?);
            }
            while self.try_consume(".") {
                name.push('.');
                name.push_str(&self.identifier("Expected identifier.")?);
            }
            self.consume(")")?;
            Ok((name, true))
        } else {
            Ok((self.identifier("Expected identifier.")?, false))
        }
    }

    /// The tokens of `{ ... }`, braces balanced, the outer ones left out.
    fn aggregate(&mut self) -> PResult<Vec<OwnedToken>> {
        self.consume("{")?;
        let mut depth = 1usize;
        let mut out = Vec::new();
        loop {
            let Some(t) = self.cur() else {
                return self.error("Unexpected end of stream while parsing aggregate value.");
            };
            if t.is("{") {
                depth += 1;
            } else if t.is("}") {
                depth -= 1;
                if depth == 0 {
                    self.pos += 1;
                    return Ok(out);
                }
            }
            out.push(OwnedToken {
                kind: t.kind,
                text: t.text.to_owned(),
                at: (t.line, t.column),
            });
            self.pos += 1;
        }
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return self.error("Reached maximum recursion limit for nested messages.");
        }
        Ok(())
    }

    fn message(&mut self, m: &mut DescriptorProto, path: Vec<i32>) -> PResult<()> {
        self.enter()?;
        let loc = self.begin(path.clone());
        self.consume("message")?;
        self.name_at(&path);
        m.name = Some(self.identifier("Expected message name.")?);
        self.message_block(m, &path, loc)?;
        self.finish(loc);
        if self.syntax == Syntax::Proto3 {
            synthetic_oneofs(m);
        }
        self.depth -= 1;
        Ok(())
    }

    fn message_block(&mut self, m: &mut DescriptorProto, path: &[i32], loc: usize) -> PResult<()> {
        self.end_decl("{", Some(loc))?;
        while !self.try_end_decl("}", None) {
            if self.cur().is_none() {
                return self.error("Reached end of input in message definition (missing '}').");
            }
            self.message_statement(m, path)?;
        }
        let message_set = self.opts_index.get(path).is_some_and(|&i| {
            self.opts[i].items.iter().any(|u| {
                u.name.len() == 1
                    && !u.name[0].1
                    && u.name[0].0 == "message_set_wire_format"
                    && matches!(&u.value, OValue::Ident(v) if v == "true")
            })
        });
        let max = if message_set { i32::MAX } else { 536_870_912 };
        for r in &mut m.extension_range {
            if r.end == Some(-1) {
                r.end = Some(max);
            }
        }
        for r in &mut m.reserved_range {
            if r.end == Some(-1) {
                r.end = Some(max);
            }
        }
        Ok(())
    }

    fn message_statement(&mut self, m: &mut DescriptorProto, path: &[i32]) -> PResult<()> {
        if self.try_end_decl(";", None) {
            return Ok(());
        }
        let visibility = if self.at("export") || self.at("local") {
            self.visibility()
        } else {
            None
        };
        if self.at("message") {
            let mut n = DescriptorProto::default();
            self.message(&mut n, child(path, 3, m.nested_type.len()))?;
            n.visibility = visibility;
            m.nested_type.push(n);
        } else if self.at("enum") {
            let mut e = EnumDescriptorProto::default();
            self.enumeration(&mut e, child(path, 4, m.enum_type.len()))?;
            e.visibility = visibility;
            m.enum_type.push(e);
        } else if self.at("extensions") {
            self.extensions(m, path)?;
        } else if self.at("reserved") {
            self.reserved(
                &mut m.reserved_range,
                &mut m.reserved_name,
                path,
                9,
                10,
                false,
            )?;
        } else if self.at("extend") {
            self.extend(&mut m.extension, &mut m.nested_type, path, 6, 3)?;
        } else if self.at("option") {
            self.option_statement(path.to_vec(), OptKind::Message, 7)?;
        } else if self.at("oneof") {
            self.oneof(m, path)?;
        } else {
            let fpath = child(path, 2, m.field.len());
            let mut f = FieldDescriptorProto::default();
            let loc = self.begin(fpath.clone());
            self.field_with_label(&mut f, &mut m.nested_type, path, 3, &fpath, loc)?;
            m.field.push(f);
        }
        Ok(())
    }

    fn field_with_label(
        &mut self,
        f: &mut FieldDescriptorProto,
        nested: &mut Vec<DescriptorProto>,
        parent: &[i32],
        nested_field: i32,
        fpath: &[i32],
        loc: usize,
    ) -> PResult<()> {
        for (word, label) in [("optional", 1), ("repeated", 3), ("required", 2)] {
            if self.at(word) {
                if self.syntax == Syntax::Editions && label != 3 {
                    return self.error(if label == 1 {
                        "Label \"optional\" is not supported in editions. By default, all \
                         singular fields have presence unless features.field_presence is set."
                    } else {
                        "Label \"required\" is not supported in editions, use \
                         features.field_presence = LEGACY_REQUIRED."
                    });
                }
                self.pos += 1;
                f.label = Some(label);
                if label == 1 && self.syntax == Syntax::Proto3 {
                    f.proto3_optional = Some(true);
                }
                break;
            }
        }
        self.field_no_label(f, nested, parent, nested_field, fpath, loc)
    }

    #[allow(clippy::too_many_arguments)]
    fn field_no_label(
        &mut self,
        f: &mut FieldDescriptorProto,
        nested: &mut Vec<DescriptorProto>,
        parent: &[i32],
        nested_field: i32,
        fpath: &[i32],
        loc: usize,
    ) -> PResult<()> {
        let mut map: Option<(FieldType, FieldType)> = None;
        let type_at = self.here();
        self.refs.push((fpath.to_vec(), 5, type_at));
        let mut type_name = String::new();
        let mut map_word = false;
        if self.at("map") {
            self.pos += 1;
            if self.at("<") {
                if f.oneof_index.is_some() {
                    return self.error("Map fields are not allowed in oneofs.");
                }
                if f.label.is_some() {
                    return self.error(
                        "Field labels (required/optional/repeated) are not allowed on map fields.",
                    );
                }
                if f.extendee.is_some() {
                    return self.error("Map fields are not allowed to be extensions.");
                }
                f.label = Some(3);
                self.consume("<")?;
                let key = self.type_()?;
                self.consume(",")?;
                let value = self.type_()?;
                self.consume(">")?;
                map = Some((key, value));
            } else {
                map_word = true;
                type_name = "map".into();
            }
        }
        if map.is_none() {
            if f.label.is_none() {
                if self.syntax == Syntax::Proto2 && f.oneof_index.is_none() {
                    return self.error("Expected \"required\", \"optional\", or \"repeated\".");
                }
                f.label = Some(1);
            }
            if !map_word {
                let (ty, name) = self.type_()?;
                if ty == Some(10) && self.syntax == Syntax::Editions {
                    return self.error(
                        "Group syntax is no longer supported in editions. To get group behavior \
                         you can specify features.message_encoding = DELIMITED on a message field.",
                    );
                }
                f.r#type = ty;
                type_name = name;
            }
            if !type_name.is_empty() {
                f.type_name = Some(type_name);
                self.refs.push((fpath.to_vec(), 6, type_at));
            }
        } else {
            self.refs.push((fpath.to_vec(), 6, type_at));
        }
        let name_token = self.pos;
        self.name_at(fpath);
        f.name = Some(self.identifier("Expected field name.")?);
        self.consume_msg("=", "Missing field number.")?;
        self.refs.push((fpath.to_vec(), 3, self.here()));
        f.number = Some(self.int32("Expected field number.")?);
        self.field_options(f, fpath)?;
        if f.r#type == Some(10) {
            let gpath = child(parent, nested_field, nested.len());
            let gloc = self.begin_at(gpath.clone(), self.locs[loc].span_start_token(self.lx));
            let name = f.name.clone().unwrap_or_default();
            if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
                let t = &self.lx.tokens[name_token];
                return Err(SyntaxError {
                    at: (t.line, t.column),
                    message: "Group names must start with a capital letter.".into(),
                });
            }
            f.name = Some(name.to_ascii_lowercase());
            f.type_name = Some(name.clone());
            let t = &self.lx.tokens[name_token];
            self.refs.push((fpath.to_vec(), 6, (t.line, t.column)));
            self.names_at.push((gpath.clone(), (t.line, t.column)));
            let mut group = DescriptorProto {
                name: Some(name),
                ..Default::default()
            };
            if !self.at("{") {
                return self.error("Missing group body.");
            }
            self.enter()?;
            self.message_block(&mut group, &gpath, gloc)?;
            self.depth -= 1;
            self.finish(gloc);
            if self.syntax == Syntax::Proto3 {
                synthetic_oneofs(&mut group);
            }
            nested.push(group);
        } else {
            self.end_decl(";", Some(loc))?;
        }
        self.finish(loc);
        if let Some(((kt, kn), (vt, vn))) = map {
            let name = text::map_entry_name(f.name());
            f.type_name = Some(name.clone());
            let epath = child(parent, nested_field, nested.len());
            let mut entry = DescriptorProto {
                name: Some(name),
                ..Default::default()
            };
            for (i, (n, t, tn)) in [("key", kt, kn), ("value", vt, vn)].into_iter().enumerate() {
                entry.field.push(FieldDescriptorProto {
                    name: Some(n.into()),
                    number: Some(i as i32 + 1),
                    label: Some(1),
                    r#type: t,
                    type_name: (!tn.is_empty()).then_some(tn),
                    ..Default::default()
                });
                if t.is_none() {
                    self.refs.push((child(&epath, 2, i), 6, type_at));
                }
            }
            // map_entry = true (MessageOptions field 7).
            self.opt_set(epath.clone(), OptKind::Message).preset = vec![7 << 3, 1];
            let own: &[UOpt] = self
                .opts_index
                .get(fpath)
                .map_or(&[], |&i| &self.opts[i].items);
            let copied: Vec<UOpt> = own
                .iter()
                .filter(|u| !u.name[0].1 && u.name[0].0 == "features")
                .cloned()
                .collect();
            let utf8: Vec<UOpt> = own
                .iter()
                .filter(|u| u.name.len() == 1 && !u.name[0].1 && u.name[0].0 == "enforce_utf8")
                .cloned()
                .collect();
            for (i, fld) in entry.field.iter().enumerate() {
                let p = child(&epath, 2, i);
                for u in &utf8 {
                    if fld.r#type == Some(9) {
                        self.push_opt(p.clone(), OptKind::Field, u.clone());
                    }
                }
                for u in &copied {
                    self.push_opt(p.clone(), OptKind::Field, u.clone());
                }
            }
            nested.push(entry);
        }
        Ok(())
    }

    /// A field type: a scalar's type number, or a type name.
    fn type_(&mut self) -> PResult<FieldType> {
        if let Some(t) = self.cur().filter(|t| t.kind == Kind::Ident) {
            let ty = if self.syntax == Syntax::Editions && self.edition == 9999 {
                unstable_scalar(t.text)
            } else {
                scalar(t.text)
            };
            if let Some(ty) = ty {
                self.pos += 1;
                return Ok((Some(ty), String::new()));
            }
        }
        Ok((None, self.user_type()?))
    }

    fn user_type(&mut self) -> PResult<String> {
        if let Some(t) = self.cur().filter(|t| t.kind == Kind::Ident) {
            if scalar(t.text).is_some() {
                return self.error("Expected message type.");
            }
        }
        let mut name = String::new();
        if self.try_consume(".") {
            name.push('.');
        }
        name.push_str(&self.identifier("Expected type name.")?);
        while self.try_consume(".") {
            name.push('.');
            name.push_str(&self.identifier("Expected identifier.")?);
        }
        Ok(name)
    }

    fn field_options(&mut self, f: &mut FieldDescriptorProto, fpath: &[i32]) -> PResult<()> {
        if !self.try_consume("[") {
            return Ok(());
        }
        loop {
            if self.at("default") {
                if f.default_value.is_some() {
                    return self.error("Already set option \"default\".");
                }
                self.pos += 1;
                self.consume("=")?;
                self.refs.push((fpath.to_vec(), 7, self.here()));
                f.default_value = Some(self.default_value(f)?);
            } else if self.at("json_name") {
                if f.json_name.is_some() {
                    return self.error("Already set option \"json_name\".");
                }
                self.refs.push((fpath.to_vec(), 10, self.here()));
                self.pos += 1;
                self.consume("=")?;
                f.json_name = Some(self.string("Expected string for JSON name.")?);
            } else {
                let opt = self.option_body()?;
                self.push_opt(fpath.to_vec(), OptKind::Field, opt);
            }
            if !self.try_consume(",") {
                break;
            }
        }
        self.consume("]")
    }

    /// A default value as protoc's parser stores it (the linker may still rewrite it).
    fn default_value(&mut self, f: &FieldDescriptorProto) -> PResult<String> {
        let Some(ty) = f.r#type else {
            // A named type: an enum value, checked when linking.
            let Some(t) = self.cur() else {
                return self.error("Expected enum identifier for field default value.");
            };
            let s = t.text.to_owned();
            self.pos += 1;
            return Ok(s);
        };
        let mut out = String::new();
        match ty {
            // int32, int64, sint32, sint64, sfixed32, sfixed64
            3 | 5 | 15 | 16 | 17 | 18 => {
                let mut max = if matches!(ty, 5 | 15 | 17) {
                    i32::MAX as u64
                } else {
                    i64::MAX as u64
                };
                if self.try_consume("-") {
                    out.push('-');
                    max += 1;
                }
                let v = self.integer(max, "Expected integer for field default value.")?;
                out.push_str(&v.to_string());
            }
            // uint32, uint64, fixed32, fixed64
            4 | 6 | 7 | 13 => {
                let max = if matches!(ty, 7 | 13) {
                    u32::MAX as u64
                } else {
                    u64::MAX
                };
                if self.at("-") {
                    return self.error("Unsigned field can't have negative default value.");
                }
                let v = self.integer(max, "Expected integer for field default value.")?;
                out.push_str(&v.to_string());
            }
            1 | 2 => {
                if self.try_consume("-") {
                    out.push('-');
                }
                let v = self.number("Expected number.")?;
                out.push_str(&text::simple_dtoa(v));
            }
            8 => {
                if self.try_consume("true") {
                    out.push_str("true");
                } else if self.try_consume("false") {
                    out.push_str("false");
                } else {
                    return self.error("Expected \"true\" or \"false\".");
                }
            }
            9 => {
                let bytes = self.string_bytes("Expected string for field default value.")?;
                out = String::from_utf8_lossy(&bytes).into_owned();
            }
            12 => {
                let bytes = self.string_bytes("Expected string.")?;
                out = text::c_escape(&bytes);
            }
            _ => return self.error("Messages can't have default values."),
        }
        Ok(out)
    }

    fn oneof(&mut self, m: &mut DescriptorProto, path: &[i32]) -> PResult<()> {
        let index = m.oneof_decl.len();
        let opath = child(path, 8, index);
        let loc = self.begin(opath.clone());
        self.consume("oneof")?;
        self.name_at(&opath);
        let name = self.identifier("Expected oneof name.")?;
        m.oneof_decl.push(OneofDescriptorProto {
            name: Some(name),
            options: None,
        });
        self.end_decl("{", Some(loc))?;
        loop {
            if self.cur().is_none() {
                return self.error("Reached end of input in oneof definition (missing '}').");
            }
            if self.at("option") {
                self.option_statement(opath.clone(), OptKind::Oneof, 2)?;
            } else {
                if self.at("required") || self.at("optional") || self.at("repeated") {
                    return self.error(
                        "Fields in oneofs must not have labels (required / optional / repeated).",
                    );
                }
                let fpath = child(path, 2, m.field.len());
                let floc = self.begin(fpath.clone());
                let mut f = FieldDescriptorProto {
                    label: Some(1),
                    oneof_index: Some(index as i32),
                    ..Default::default()
                };
                self.field_no_label(&mut f, &mut m.nested_type, path, 3, &fpath, floc)?;
                m.field.push(f);
            }
            if self.try_end_decl("}", None) {
                break;
            }
        }
        self.finish(loc);
        Ok(())
    }

    fn extensions(&mut self, m: &mut DescriptorProto, path: &[i32]) -> PResult<()> {
        let mut spath = path.to_vec();
        spath.push(5);
        let loc = self.begin(spath.clone());
        self.consume("extensions")?;
        let first = m.extension_range.len();
        loop {
            let rpath = child(path, 5, m.extension_range.len());
            self.refs.push((rpath.clone(), 1, self.here()));
            let rloc = self.begin(rpath);
            let start = self.int32("Expected field number range.")?;
            if start == i32::MAX {
                return self.error("Field number out of bounds.");
            }
            let end = if self.try_consume("to") {
                if self.try_consume("max") {
                    -2
                } else {
                    let e = self.int32("Expected integer.")?;
                    if e == i32::MAX {
                        return self.error("Field number out of bounds.");
                    }
                    e
                }
            } else {
                start
            };
            self.finish(rloc);
            m.extension_range.push(crate::pb::ExtensionRange {
                start: Some(start),
                end: Some(end + 1),
                options: None,
            });
            if !self.try_consume(",") {
                break;
            }
        }
        if self.try_consume("[") {
            let mut items = Vec::new();
            loop {
                items.push(self.option_body()?);
                if !self.try_consume(",") {
                    break;
                }
            }
            self.consume("]")?;
            for i in first..m.extension_range.len() {
                for u in &items {
                    self.push_opt(child(path, 5, i), OptKind::ExtRange, u.clone());
                }
            }
        }
        self.end_decl(";", Some(loc))?;
        self.finish(loc);
        Ok(())
    }

    /// `reserved` in a message (`enum_ranges` false) or an enum.
    fn reserved<R: Default + RangeLike>(
        &mut self,
        ranges: &mut Vec<R>,
        names: &mut Vec<String>,
        path: &[i32],
        range_field: i32,
        name_field: i32,
        enum_ranges: bool,
    ) -> PResult<()> {
        let start_token = self.pos;
        self.consume("reserved")?;
        if self.at_kind(Kind::String) || self.at_kind(Kind::Ident) {
            let strings = self.at_kind(Kind::String);
            if strings && self.syntax == Syntax::Editions {
                return self
                    .error("Reserved names must be identifiers in editions, not string literals.");
            }
            if !strings && self.syntax != Syntax::Editions {
                return self.error(
                    "Reserved names must be string literals. (Only editions supports identifiers.)",
                );
            }
            let mut p = path.to_vec();
            p.push(name_field);
            let loc = self.begin_at(p, start_token);
            loop {
                let what = if enum_ranges {
                    "enum value"
                } else {
                    "field name"
                };
                let name = if strings {
                    self.string(&format!("Expected {what} string literal."))?
                } else {
                    self.identifier(&format!("Expected {what} identifier."))?
                };
                names.push(name);
                if !self.try_consume(",") {
                    break;
                }
            }
            self.end_decl(";", Some(loc))?;
            self.finish(loc);
            return Ok(());
        }
        let mut p = path.to_vec();
        p.push(range_field);
        let loc = self.begin_at(p, start_token);
        let mut first = true;
        loop {
            let rpath = child(path, range_field, ranges.len());
            self.refs.push((rpath.clone(), 1, self.here()));
            let rloc = self.begin(rpath);
            let (start, end) = if enum_ranges {
                let m = if first {
                    "Expected enum value or number range."
                } else {
                    "Expected enum number range."
                };
                let s = self.signed_int32(m)?;
                let e = if self.try_consume("to") {
                    if self.try_consume("max") {
                        i32::MAX
                    } else {
                        self.signed_int32("Expected integer.")?
                    }
                } else {
                    s
                };
                (s, e)
            } else {
                let m = if first {
                    "Expected field name or number range."
                } else {
                    "Expected field number range."
                };
                let s = self.int32(m)?;
                if s == i32::MAX {
                    return self.error("Field number out of bounds.");
                }
                let e = if self.try_consume("to") {
                    if self.try_consume("max") {
                        -2
                    } else {
                        let e = self.int32("Expected integer.")?;
                        if e == i32::MAX {
                            return self.error("Field number out of bounds.");
                        }
                        e
                    }
                } else {
                    s
                };
                (s, e + 1)
            };
            self.finish(rloc);
            let mut r = R::default();
            r.set(start, end);
            ranges.push(r);
            first = false;
            if !self.try_consume(",") {
                break;
            }
        }
        self.end_decl(";", Some(loc))?;
        self.finish(loc);
        Ok(())
    }

    fn extend(
        &mut self,
        extensions: &mut Vec<FieldDescriptorProto>,
        nested: &mut Vec<DescriptorProto>,
        parent: &[i32],
        ext_field: i32,
        nested_field: i32,
    ) -> PResult<()> {
        let mut xpath = parent.to_vec();
        xpath.push(ext_field);
        let loc = self.begin(xpath);
        self.consume("extend")?;
        let extendee_at = self.here();
        let extendee = self.user_type()?;
        self.end_decl("{", Some(loc))?;
        loop {
            if self.cur().is_none() {
                return self.error("Reached end of input in extend definition (missing '}').");
            }
            let fpath = child(parent, ext_field, extensions.len());
            let floc = self.begin(fpath.clone());
            let mut f = FieldDescriptorProto {
                extendee: Some(extendee.clone()),
                ..Default::default()
            };
            self.refs.push((fpath.clone(), 2, extendee_at));
            self.field_with_label(&mut f, nested, parent, nested_field, &fpath, floc)?;
            extensions.push(f);
            if self.try_end_decl("}", None) {
                break;
            }
        }
        self.finish(loc);
        Ok(())
    }

    fn enumeration(&mut self, e: &mut EnumDescriptorProto, path: Vec<i32>) -> PResult<()> {
        let loc = self.begin(path.clone());
        self.consume("enum")?;
        self.name_at(&path);
        e.name = Some(self.identifier("Expected enum name.")?);
        self.end_decl("{", Some(loc))?;
        while !self.try_end_decl("}", None) {
            if self.cur().is_none() {
                return self.error("Reached end of input in enum definition (missing '}').");
            }
            if self.try_end_decl(";", None) {
                continue;
            }
            if self.at("option") {
                self.option_statement(path.clone(), OptKind::Enum, 3)?;
            } else if self.at("reserved") {
                self.reserved(
                    &mut e.reserved_range,
                    &mut e.reserved_name,
                    &path,
                    4,
                    5,
                    true,
                )?;
            } else {
                let vpath = child(&path, 2, e.value.len());
                let vloc = self.begin(vpath.clone());
                self.name_at(&vpath);
                let name = self.identifier("Expected enum constant name.")?;
                self.consume_msg("=", "Missing numeric value for enum constant.")?;
                self.refs.push((vpath.clone(), 2, self.here()));
                let number = self.signed_int32("Expected integer.")?;
                if self.try_consume("[") {
                    loop {
                        let opt = self.option_body()?;
                        self.push_opt(vpath.clone(), OptKind::EnumValue, opt);
                        if !self.try_consume(",") {
                            break;
                        }
                    }
                    self.consume("]")?;
                }
                self.end_decl(";", Some(vloc))?;
                self.finish(vloc);
                e.value.push(EnumValueDescriptorProto {
                    name: Some(name),
                    number: Some(number),
                    options: None,
                });
            }
        }
        self.finish(loc);
        Ok(())
    }

    fn service(&mut self, s: &mut ServiceDescriptorProto, path: Vec<i32>) -> PResult<()> {
        let loc = self.begin(path.clone());
        self.consume("service")?;
        self.name_at(&path);
        s.name = Some(self.identifier("Expected service name.")?);
        self.end_decl("{", Some(loc))?;
        while !self.try_end_decl("}", None) {
            if self.cur().is_none() {
                return self.error("Reached end of input in service definition (missing '}').");
            }
            if self.try_end_decl(";", None) {
                continue;
            }
            if self.at("option") {
                self.option_statement(path.clone(), OptKind::Service, 3)?;
                continue;
            }
            let mpath = child(&path, 2, s.method.len());
            let mloc = self.begin(mpath.clone());
            self.consume("rpc")?;
            self.name_at(&mpath);
            let mut method = MethodDescriptorProto {
                name: Some(self.identifier("Expected method name.")?),
                ..Default::default()
            };
            self.consume("(")?;
            if self.try_consume("stream") {
                method.client_streaming = Some(true);
            }
            self.refs.push((mpath.clone(), 2, self.here()));
            method.input_type = Some(self.user_type()?);
            self.consume(")")?;
            self.consume("returns")?;
            self.consume("(")?;
            if self.try_consume("stream") {
                method.server_streaming = Some(true);
            }
            self.refs.push((mpath.clone(), 3, self.here()));
            method.output_type = Some(self.user_type()?);
            self.consume(")")?;
            if self.at("{") {
                self.opt_set(mpath.clone(), OptKind::Method);
                self.end_decl("{", Some(mloc))?;
                while !self.try_end_decl("}", None) {
                    if self.cur().is_none() {
                        return self.error("Reached end of input in method options (missing '}').");
                    }
                    if self.try_end_decl(";", None) {
                        continue;
                    }
                    self.option_statement(mpath.clone(), OptKind::Method, 4)?;
                }
            } else {
                self.end_decl(";", Some(mloc))?;
            }
            self.finish(mloc);
            s.method.push(method);
        }
        self.finish(loc);
        Ok(())
    }
}

impl Loc {
    /// The token index where this location starts (found by position).
    fn span_start_token(&self, lx: &Lexed<'_>) -> usize {
        lx.tokens
            .iter()
            .position(|t| t.line == self.span[0] && t.column == self.span[1])
            .unwrap_or(0)
    }
}

/// A reserved range of a message or an enum.
pub trait RangeLike {
    fn set(&mut self, start: i32, end: i32);
}

macro_rules! range_like {
    ($($t:ty),*) => {$(
        impl RangeLike for $t {
            fn set(&mut self, start: i32, end: i32) {
                self.start = Some(start);
                self.end = Some(end);
            }
        }
    )*};
}
range_like!(crate::pb::ReservedRange, crate::pb::EnumReservedRange);

/// The type number of a scalar type name.
pub fn scalar(name: &str) -> Option<i32> {
    Some(match name {
        "double" => 1,
        "float" => 2,
        "int64" => 3,
        "uint64" => 4,
        "int32" => 5,
        "fixed64" => 6,
        "fixed32" => 7,
        "bool" => 8,
        "string" => 9,
        "group" => 10,
        "bytes" => 12,
        "uint32" => 13,
        "sfixed32" => 15,
        "sfixed64" => 16,
        "sint32" => 17,
        "sint64" => 18,
        _ => return None,
    })
}

/// The scalar type names of edition UNSTABLE: fixed-width integers by default.
fn unstable_scalar(name: &str) -> Option<i32> {
    Some(match name {
        "uint64" => 6,
        "uint32" => 7,
        "int32" => 15,
        "int64" => 16,
        "varint32" => 5,
        "varint64" => 3,
        "uvarint32" => 13,
        "uvarint64" => 4,
        "zigzag32" => 17,
        "zigzag64" => 18,
        "fixed32" | "fixed64" | "sfixed32" | "sfixed64" | "sint32" | "sint64" => return None,
        other => return scalar(other),
    })
}

/// protoc's synthetic oneofs for proto3 `optional` fields, after the real ones.
fn synthetic_oneofs(m: &mut DescriptorProto) {
    if !m.field.iter().any(|f| f.proto3_optional == Some(true)) {
        return;
    }
    let mut names: std::collections::HashSet<String> = m
        .field
        .iter()
        .map(|f| f.name().to_owned())
        .chain(m.oneof_decl.iter().map(|o| o.name().to_owned()))
        .collect();
    for f in &mut m.field {
        if f.proto3_optional == Some(true) {
            let mut name = f.name().to_owned();
            if !name.starts_with('_') {
                name.insert(0, '_');
            }
            while names.contains(&name) {
                name.insert(0, 'X');
            }
            names.insert(name.clone());
            f.oneof_index = Some(m.oneof_decl.len() as i32);
            m.oneof_decl.push(OneofDescriptorProto {
                name: Some(name),
                options: None,
            });
        }
    }
}
