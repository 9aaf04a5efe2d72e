//! The outline of a .proto file read from its tokens: where each element the generator
//! documents starts and ends, its descriptor path, and its comments, turned into the
//! `SourceCodeInfo` protoc would have produced.
//!
//! protobuf-parse has already checked the file, so this walk is lenient: it only needs to
//! count elements the way protoc numbers them (map fields and groups add a nested type in
//! declaration order, synthetic oneofs of proto3 `optional` come after the real ones).

use crate::pb::{Location, SourceCodeInfo};

use super::lexer::{Gap, Kind, Lexed, Token};

use crate::pb::source_path::{
    ENUM_VALUE, FILE_ENUM, FILE_MESSAGE, FILE_SERVICE, MESSAGE_ENUM, MESSAGE_FIELD, MESSAGE_NESTED,
    MESSAGE_ONEOF, SERVICE_METHOD,
};

/// One element: its descriptor path and the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub path: Vec<i32>,
    /// First and last token of the declaration.
    pub first: usize,
    pub last: usize,
    /// The token ending the declaration (`;` or `{`), after which its trailing comment is.
    pub end: usize,
}

/// A type named in a field or method, for locating resolution errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRef {
    /// The name as written (`Foo`, `.pkg.Foo`, `a.B`).
    pub name: String,
    /// The token where the name starts.
    pub token: usize,
    /// What names it: `field 'x' of message 'pkg.M'`, `method 'Get' of service 'pkg.S'`.
    pub owner: String,
}

/// A field's name and number as written, for locating duplicate-field errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDecl {
    pub name: String,
    pub number: String,
    /// The name token.
    pub token: usize,
    /// The message's full name.
    pub message: String,
}

/// An `import` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub path: String,
    /// The `import` keyword.
    pub token: usize,
}

/// The outline of a file.
#[derive(Debug, Default)]
pub struct Skeleton {
    pub elements: Vec<Element>,
    pub type_refs: Vec<TypeRef>,
    pub fields: Vec<FieldDecl>,
    pub imports: Vec<Import>,
    /// The `edition` keyword when the file is an editions file.
    pub edition: Option<usize>,
}

struct Walker<'l, 'a> {
    toks: &'l [Token<'a>],
    i: usize,
    package: String,
    out: Skeleton,
}

/// Counters of one message body, for the indexes of its children.
#[derive(Default)]
struct Counts {
    fields: i32,
    nested: i32,
    enums: i32,
    oneofs: i32,
}

fn child(path: &[i32], kind: i32, index: i32) -> Vec<i32> {
    let mut p = path.to_vec();
    p.push(kind);
    p.push(index);
    p
}

fn unquote(s: &str) -> String {
    s.get(1..s.len().saturating_sub(1)).unwrap_or("").to_owned()
}

impl<'a> Walker<'_, 'a> {
    fn tok(&self, i: usize) -> Option<&Token<'a>> {
        self.toks.get(i)
    }

    fn at(&self, text: &str) -> bool {
        self.tok(self.i).is_some_and(|t| t.is(text))
    }

    fn text(&self) -> &'a str {
        self.tok(self.i).map_or("", |t| t.text)
    }

    /// Skips to just after the next `;` at this nesting level (or the closing `}` of the
    /// enclosing block, not consumed). Returns the index of the `;`.
    fn skip_statement(&mut self) -> usize {
        let mut depth = 0usize;
        while let Some(t) = self.tok(self.i) {
            if t.kind == Kind::Symbol {
                match t.text {
                    "{" | "[" | "(" => depth += 1,
                    "}" | "]" | ")" => {
                        if depth == 0 {
                            return self.i.saturating_sub(1);
                        }
                        depth -= 1;
                    }
                    ";" if depth == 0 => {
                        self.i += 1;
                        return self.i - 1;
                    }
                    _ => {}
                }
            }
            self.i += 1;
        }
        self.i.saturating_sub(1)
    }

    /// At `{`: skips the balanced block, leaving `i` after its `}`. Returns the `}` index.
    fn skip_block(&mut self) -> usize {
        let mut depth = 0usize;
        while let Some(t) = self.tok(self.i) {
            if t.is("{") {
                depth += 1;
            } else if t.is("}") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    self.i += 1;
                    return self.i - 1;
                }
            }
            self.i += 1;
        }
        self.i.saturating_sub(1)
    }

    /// Reads a (possibly qualified) type name at `i`, returning it and its first token.
    fn type_name(&mut self) -> (String, usize) {
        let first = self.i;
        let mut name = String::new();
        if self.at(".") {
            name.push('.');
            self.i += 1;
        }
        while let Some(t) = self.tok(self.i) {
            if t.kind != Kind::Ident {
                break;
            }
            name.push_str(t.text);
            self.i += 1;
            if self.at(".") && self.tok(self.i + 1).is_some_and(|t| t.kind == Kind::Ident) {
                name.push('.');
                self.i += 1;
            } else {
                break;
            }
        }
        (name, first)
    }

    fn file(&mut self) {
        let mut messages = 0;
        let mut enums = 0;
        let mut services = 0;
        while self.i < self.toks.len() {
            let start = self.i;
            match self.text() {
                "edition" if start == 0 => {
                    self.out.edition = Some(start);
                    self.skip_statement();
                }
                "import" => {
                    self.i += 1;
                    if self.at("public") || self.at("weak") {
                        self.i += 1;
                    }
                    if let Some(t) = self.tok(self.i).filter(|t| t.kind == Kind::String) {
                        self.out.imports.push(Import {
                            path: unquote(t.text),
                            token: start,
                        });
                    }
                    self.skip_statement();
                }
                "option" => self.option(),
                "message" => {
                    self.message(vec![FILE_MESSAGE, messages], String::new());
                    messages += 1;
                }
                "enum" => {
                    self.enumeration(vec![FILE_ENUM, enums]);
                    enums += 1;
                }
                "service" => {
                    self.service(vec![FILE_SERVICE, services]);
                    services += 1;
                }
                "extend" => {
                    self.skip_to_block();
                }
                "package" => {
                    self.i += 1;
                    self.package = self.type_name().0;
                    self.skip_statement();
                }
                "}" => self.i += 1,
                _ => {
                    self.skip_statement();
                }
            }
            if self.i == start {
                self.i += 1;
            }
        }
    }

    fn option(&mut self) {
        self.skip_statement();
    }

    fn skip_to_block(&mut self) {
        while let Some(t) = self.tok(self.i) {
            if t.is("{") {
                self.skip_block();
                return;
            }
            if t.is(";") {
                self.i += 1;
                return;
            }
            self.i += 1;
        }
    }

    fn full_name(&self, scope: &str, name: &str) -> String {
        match (self.package.is_empty(), scope.is_empty()) {
            (_, false) => format!("{scope}.{name}"),
            (false, true) => format!("{}.{name}", self.package),
            (true, true) => name.to_owned(),
        }
    }

    /// At `message`.
    fn message(&mut self, path: Vec<i32>, scope: String) {
        let first = self.i;
        self.i += 1;
        let name = self.text().to_owned();
        let full = self.full_name(&scope, &name);
        self.i += 1;
        if !self.at("{") {
            self.skip_statement();
            return;
        }
        let end = self.i;
        self.i += 1;
        let mut counts = Counts::default();
        self.message_body(&path, &full, &mut counts);
        let last = self.close();
        self.out.elements.push(Element {
            path,
            first,
            last,
            end,
        });
    }

    /// At the `}` closing a block (or the end): consumes it and returns its index.
    fn close(&mut self) -> usize {
        let last = self.i.min(self.toks.len().saturating_sub(1));
        if self.at("}") {
            self.i += 1;
        }
        last
    }

    fn message_body(&mut self, path: &[i32], full: &str, counts: &mut Counts) {
        while self.i < self.toks.len() && !self.at("}") {
            let start = self.i;
            match self.text() {
                ";" => self.i += 1,
                "option" => self.option(),
                "reserved" | "extensions" => {
                    self.skip_statement();
                }
                "message" => {
                    self.message(child(path, MESSAGE_NESTED, counts.nested), full.to_owned());
                    counts.nested += 1;
                }
                "enum" => {
                    self.enumeration(child(path, MESSAGE_ENUM, counts.enums));
                    counts.enums += 1;
                }
                "extend" => self.skip_to_block(),
                "oneof" => {
                    let opath = child(path, MESSAGE_ONEOF, counts.oneofs);
                    counts.oneofs += 1;
                    self.i += 1;
                    self.i += 1; // the name
                    if !self.at("{") {
                        self.skip_statement();
                        continue;
                    }
                    let end = self.i;
                    self.i += 1;
                    while self.i < self.toks.len() && !self.at("}") {
                        let s = self.i;
                        match self.text() {
                            ";" => self.i += 1,
                            "option" => self.option(),
                            _ => self.field(path, full, counts),
                        }
                        if self.i == s {
                            self.i += 1;
                        }
                    }
                    let last = self.close();
                    self.out.elements.push(Element {
                        path: opath,
                        first: start,
                        last,
                        end,
                    });
                }
                _ => self.field(path, full, counts),
            }
            if self.i == start {
                self.i += 1;
            }
        }
    }

    /// A field (or map field, or group) of the message at `path`.
    fn field(&mut self, path: &[i32], full: &str, counts: &mut Counts) {
        let first = self.i;
        let fpath = child(path, MESSAGE_FIELD, counts.fields);
        counts.fields += 1;
        if matches!(self.text(), "optional" | "required" | "repeated") {
            self.i += 1;
        }
        if self.at("group") {
            // `group Name = N { ... }`: a nested type too; protoc gives the comments to it.
            let npath = child(path, MESSAGE_NESTED, counts.nested);
            counts.nested += 1;
            self.i += 1;
            let name = self.text().to_owned();
            while self.i < self.toks.len() && !self.at("{") && !self.at(";") {
                self.i += 1;
            }
            if !self.at("{") {
                self.skip_statement();
                return;
            }
            let end = self.i;
            self.i += 1;
            let nested_full = format!("{full}.{name}");
            let mut nested_counts = Counts::default();
            self.message_body(&npath, &nested_full, &mut nested_counts);
            let last = self.close();
            self.out.elements.push(Element {
                path: fpath,
                first,
                last,
                end: usize::MAX,
            });
            self.out.elements.push(Element {
                path: npath,
                first,
                last,
                end,
            });
            return;
        }
        if self.at("map") && self.tok(self.i + 1).is_some_and(|t| t.is("<")) {
            counts.nested += 1;
            self.i += 2;
            // Key type, then the value type, which may name a message or enum.
            while self.i < self.toks.len() && !self.at(",") && !self.at(";") {
                self.i += 1;
            }
            if self.at(",") {
                self.i += 1;
            }
            let (name, token) = self.type_name();
            self.i += 1; // `>`
            let field_name = self.text();
            self.push_type_ref(name, token, field_name, full);
        } else {
            let (name, token) = self.type_name();
            let field_name = self.text();
            self.push_type_ref(name, token, field_name, full);
        }
        // name `=` number
        if let (Some(name), Some(number)) = (self.tok(self.i), self.tok(self.i + 2)) {
            self.out.fields.push(FieldDecl {
                name: name.text.to_owned(),
                number: number.text.to_owned(),
                token: self.i,
                message: full.to_owned(),
            });
        }
        let end = self.skip_statement();
        self.out.elements.push(Element {
            path: fpath,
            first,
            last: end,
            end,
        });
    }

    fn push_type_ref(&mut self, name: String, token: usize, field: &str, message: &str) {
        if !is_scalar(&name) && !name.is_empty() {
            self.out.type_refs.push(TypeRef {
                name,
                token,
                owner: format!("field '{field}' of message '{message}'"),
            });
        }
    }

    /// At `enum`.
    fn enumeration(&mut self, path: Vec<i32>) {
        let first = self.i;
        self.i += 2;
        if !self.at("{") {
            self.skip_statement();
            return;
        }
        let end = self.i;
        self.i += 1;
        let mut values = 0;
        while self.i < self.toks.len() && !self.at("}") {
            let start = self.i;
            match self.text() {
                ";" => self.i += 1,
                "option" => self.option(),
                "reserved" => {
                    self.skip_statement();
                }
                _ => {
                    let vend = self.skip_statement();
                    self.out.elements.push(Element {
                        path: child(&path, ENUM_VALUE, values),
                        first: start,
                        last: vend,
                        end: vend,
                    });
                    values += 1;
                }
            }
            if self.i == start {
                self.i += 1;
            }
        }
        let last = self.close();
        self.out.elements.push(Element {
            path,
            first,
            last,
            end,
        });
    }

    /// At `service`.
    fn service(&mut self, path: Vec<i32>) {
        let first = self.i;
        self.i += 1;
        let service = self.full_name("", self.text());
        self.i += 1;
        if !self.at("{") {
            self.skip_statement();
            return;
        }
        let end = self.i;
        self.i += 1;
        let mut methods = 0;
        while self.i < self.toks.len() && !self.at("}") {
            let start = self.i;
            match self.text() {
                ";" => self.i += 1,
                "option" => self.option(),
                "rpc" => {
                    self.i += 1;
                    let method = self.text().to_owned();
                    // `(` [stream] Type `)` returns `(` [stream] Type `)`
                    for _ in 0..2 {
                        while self.i < self.toks.len() && !self.at("(") && !self.at(";") {
                            self.i += 1;
                        }
                        if !self.at("(") {
                            break;
                        }
                        self.i += 1;
                        if self.at("stream")
                            && self
                                .tok(self.i + 1)
                                .is_some_and(|t| !t.is(")") && !t.is("."))
                        {
                            self.i += 1;
                        }
                        let (name, token) = self.type_name();
                        if !name.is_empty() {
                            self.out.type_refs.push(TypeRef {
                                name,
                                token,
                                owner: format!("method '{method}' of service '{service}'"),
                            });
                        }
                    }
                    while self.i < self.toks.len() && !self.at("{") && !self.at(";") {
                        self.i += 1;
                    }
                    let (mend, last) = if self.at("{") {
                        let e = self.i;
                        (e, self.skip_block())
                    } else {
                        let e = self.i;
                        self.i += 1;
                        (e, e)
                    };
                    self.out.elements.push(Element {
                        path: child(&path, SERVICE_METHOD, methods),
                        first: start,
                        last: last.min(self.toks.len().saturating_sub(1)),
                        end: mend,
                    });
                    methods += 1;
                }
                _ => {
                    self.skip_statement();
                }
            }
            if self.i == start {
                self.i += 1;
            }
        }
        let last = self.close();
        self.out.elements.push(Element {
            path,
            first,
            last,
            end,
        });
    }
}

fn is_scalar(name: &str) -> bool {
    matches!(
        name,
        "double"
            | "float"
            | "int32"
            | "int64"
            | "uint32"
            | "uint64"
            | "sint32"
            | "sint64"
            | "fixed32"
            | "fixed64"
            | "sfixed32"
            | "sfixed64"
            | "bool"
            | "string"
            | "bytes"
    )
}

/// Walks the tokens of a file.
pub fn outline(lexed: &Lexed<'_>) -> Skeleton {
    let mut w = Walker {
        toks: &lexed.tokens,
        i: 0,
        package: String::new(),
        out: Skeleton::default(),
    };
    w.file();
    w.out
}

fn span(first: &Token<'_>, last: &Token<'_>) -> Vec<i32> {
    if first.line == last.end_line {
        vec![first.line, first.column, last.end_column]
    } else {
        vec![first.line, first.column, last.end_line, last.end_column]
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The `SourceCodeInfo` protoc would attach: the file, then each element (in path order
/// as protoc emits parents before children), with comments.
pub fn source_code_info(lexed: &Lexed<'_>, skeleton: &Skeleton) -> SourceCodeInfo {
    let toks = &lexed.tokens;
    let mut location = Vec::new();
    if let (Some(first), Some(last)) = (toks.first(), toks.last()) {
        location.push(Location {
            path: vec![],
            span: span(first, last),
            ..Default::default()
        });
    }
    let mut elements: Vec<&Element> = skeleton.elements.iter().collect();
    // Parents before children, siblings in order: protoc's order of locations.
    elements.sort_by_key(|e| (e.first, e.path.len()));
    for e in elements {
        let (Some(first), Some(last)) = (toks.get(e.first), toks.get(e.last)) else {
            continue;
        };
        let before: Gap = lexed.gap_after(e.first.checked_sub(1));
        let after = if e.end == usize::MAX {
            Gap::default()
        } else {
            lexed.gap_after(Some(e.end))
        };
        let has_comments = e.end != usize::MAX;
        location.push(Location {
            path: e.path.clone(),
            span: span(first, last),
            leading_comments: if has_comments {
                non_empty(before.leading)
            } else {
                None
            },
            trailing_comments: non_empty(after.trailing),
            leading_detached_comments: if has_comments {
                before.detached
            } else {
                Vec::new()
            },
        });
    }
    SourceCodeInfo { location }
}
