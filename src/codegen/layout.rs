//! prettyplease's line breaking for the lists in generated signatures and expressions.
//!
//! Generic arguments (`A<B, C>`), call arguments (`f(a, b)`) and fn parameters are, for
//! prettyplease, consistent groups: a list stays on one line when it fits together with
//! whatever follows it up to the next place a line may break (the rest of the line, or the
//! comma after an element of an enclosing list); otherwise every element goes on a line of its
//! own, one level deeper than the block the list is in, each followed by a comma, and the
//! closing delimiter comes back at the block's indentation. The comma after a list's last
//! element is only printed when the list breaks, so it does not count when that element is
//! measured and may pass the margin by one column.
//!
//! A [`Doc`] describes a piece of code in those terms and [`Doc::write`] lays it out the same
//! way, so the service generator writes signatures and calls whose breaks depend on the
//! lengths of names and types without going through prettyplease.

use std::borrow::Cow;

use super::code::{fits, Code, INDENT_WIDTH as INDENT, MARGIN};

/// Code whose breaks prettyplease decides by width.
pub enum Doc<'a> {
    /// Text prettyplease never breaks: a path without generic arguments, a literal, a short
    /// expression that always fits where it is used.
    Text(Cow<'a, str>),
    /// Pieces one after the other.
    Seq(Vec<Doc<'a>>),
    /// `open` elements separated by `, ` `close` (see the module documentation).
    List {
        open: &'static str,
        items: Vec<Doc<'a>>,
        close: &'static str,
    },
    /// A block of one expression: `{ expr }`, or when that does not fit, `{`, the expression
    /// one level deeper, and `}` back at the block's indentation.
    Block(Box<Doc<'a>>),
    /// `expr.await`; when it does not fit, `.await` goes on a line of its own one level deeper,
    /// and so do the lists of `expr`.
    Await(Box<Doc<'a>>),
}

impl<'a> Doc<'a> {
    pub fn text(s: impl Into<Cow<'a, str>>) -> Self {
        Doc::Text(s.into())
    }

    /// `head<args>`: a path with generic arguments.
    pub fn generic(head: impl Into<Cow<'a, str>>, args: Vec<Doc<'a>>) -> Self {
        Doc::headed(head, "<", args, ">")
    }

    /// `head(args)`: a call, or a fn's name and parameters.
    pub fn call(head: impl Into<Cow<'a, str>>, args: Vec<Doc<'a>>) -> Self {
        Doc::headed(head, "(", args, ")")
    }

    fn headed(
        head: impl Into<Cow<'a, str>>,
        open: &'static str,
        items: Vec<Doc<'a>>,
        close: &'static str,
    ) -> Self {
        Doc::Seq(vec![Doc::text(head), Doc::List { open, items, close }])
    }

    /// The length of the text on one line.
    pub fn flat_len(&self) -> usize {
        match self {
            Doc::Text(s) => s.len(),
            Doc::Seq(parts) => parts.iter().map(Doc::flat_len).sum(),
            Doc::List { open, items, close } => open.len() + items_flat_len(items) + close.len(),
            Doc::Block(inner) => inner.flat_len() + "{  }".len(),
            Doc::Await(inner) => inner.flat_len() + ".await".len(),
        }
    }

    /// Writes the code from a new line at the code's depth, followed by `trailing` (text up
    /// to where the line may break next: `" {"`, `";"`, `""`).
    pub fn write(&self, code: &mut Code, trailing: &str) {
        self.write_in_block(code, 0, trailing);
    }

    /// [`Doc::write`] for code whose lists are indented from a block `extra` columns deeper
    /// than the code's depth (an item whose own breaks indent it, like a `type` with bounds).
    pub fn write_in_block(&self, code: &mut Code, extra: usize, trailing: &str) {
        let base = code.depth() * INDENT;
        let mut w = Writer {
            code,
            base,
            indent: base,
            line: String::new(),
        };
        w.doc(self, base + extra, trailing.len());
        w.line.push_str(trailing);
        w.flush();
    }

    /// Writes the code followed by ` {` and opens that block (a signature and its body).
    pub fn open(&self, code: &mut Code) {
        let base = code.depth() * INDENT;
        let mut w = Writer {
            code,
            base,
            indent: base,
            line: String::new(),
        };
        w.doc(self, base, " {".len());
        let head = w.take_line();
        if base + head.len() + " {".len() > MARGIN {
            w.code.open_unbreakable(&head);
        } else {
            w.code.open(&head);
        }
    }
}

fn items_flat_len(items: &[Doc<'_>]) -> usize {
    let sep = ", ".len() * items.len().saturating_sub(1);
    items.iter().map(Doc::flat_len).sum::<usize>() + sep
}

/// A type from the options (an extern path) as a [`Doc`], when it is spelled exactly as
/// prettyplease prints it: paths (`::a::B`), generic arguments (`<u8>`, `<K, V>`) and `()`.
/// `None` for any other text (its item is then laid out by prettyplease).
pub fn parse_type(text: &str) -> Option<Doc<'static>> {
    match parse_type_prefix(text)? {
        (ty, "") => Some(ty),
        _ => None,
    }
}

fn parse_type_prefix(text: &str) -> Option<(Doc<'static>, &str)> {
    if let Some(rest) = text.strip_prefix("()") {
        return Some((Doc::text("()"), rest));
    }
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':' || c == '#'))
        .unwrap_or(text.len());
    let (path, mut rest) = text.split_at(end);
    if !is_plain_path(path) {
        return None;
    }
    let Some(after) = rest.strip_prefix('<') else {
        return Some((Doc::text(path.to_owned()), rest));
    };
    rest = after;
    let mut args = Vec::new();
    loop {
        let (arg, after) = parse_type_prefix(rest)?;
        args.push(arg);
        if let Some(after) = after.strip_prefix(", ") {
            rest = after;
        } else {
            rest = after.strip_prefix('>')?;
            break;
        }
    }
    Some((Doc::generic(path.to_owned(), args), rest))
}

/// `a::b`, `::a::r#b`: identifiers joined by `::`, with nothing prettyplease would
/// respell.
fn is_plain_path(path: &str) -> bool {
    let path = path.strip_prefix("::").unwrap_or(path);
    !path.is_empty()
        && path.split("::").all(|segment| {
            let ident = segment.strip_prefix("r#").unwrap_or(segment);
            ident
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Lines being laid out into a [`Code`].
struct Writer<'c> {
    code: &'c mut Code,
    /// The code's indentation, which [`Code::line`] writes itself.
    base: usize,
    /// The indentation of the current line.
    indent: usize,
    /// The current line without its indentation.
    line: String,
}

impl Writer<'_> {
    fn column(&self) -> usize {
        self.indent + self.line.len()
    }

    fn fits(&self, width: usize) -> bool {
        fits(self.indent, self.column() + width)
    }

    /// Ends the current line; the next starts at `indent`.
    fn newline(&mut self, indent: usize) {
        self.flush();
        self.indent = indent;
    }

    fn flush(&mut self) {
        let s = self.take_line();
        if self.base + s.len() > MARGIN {
            // Past the margin only where prettyplease cannot break either.
            self.code.line_unbreakable(&s);
        } else {
            self.code.line(&s);
        }
    }

    /// The current line with its indentation beyond the code's, which is left empty.
    fn take_line(&mut self) -> String {
        let mut s = String::with_capacity(self.indent.saturating_sub(self.base) + self.line.len());
        for _ in self.base..self.indent {
            s.push(' ');
        }
        s.push_str(&self.line);
        self.line.clear();
        s
    }

    /// Lays out `doc` in a block indented by `block`; `trailing` columns follow it up to the
    /// next place a line may break.
    fn doc(&mut self, doc: &Doc<'_>, block: usize, trailing: usize) {
        match doc {
            Doc::Text(s) => self.line.push_str(s),
            Doc::Seq(parts) => {
                let lens: Vec<usize> = parts.iter().map(Doc::flat_len).collect();
                let mut rest: usize = lens.iter().sum();
                for (part, len) in parts.iter().zip(lens) {
                    rest -= len;
                    self.doc(part, block, rest + trailing);
                }
            }
            Doc::List { open, items, close } => {
                self.line.push_str(open);
                if items.is_empty() || self.fits(items_flat_len(items) + close.len() + trailing) {
                    self.flat_items(items);
                } else {
                    for (i, item) in items.iter().enumerate() {
                        self.newline(block + INDENT);
                        let last = i + 1 == items.len();
                        // A last element's comma is printed only because the list broke.
                        self.doc(item, block + INDENT, if last { 0 } else { 1 });
                        self.line.push(',');
                    }
                    self.newline(block);
                }
                self.line.push_str(close);
            }
            Doc::Block(inner) => {
                if self.fits(doc.flat_len() + trailing) {
                    self.line.push_str("{ ");
                    self.flat(inner);
                    self.line.push_str(" }");
                } else {
                    self.line.push('{');
                    self.newline(block + INDENT);
                    self.doc(inner, block + INDENT, 0);
                    self.newline(block);
                    self.line.push('}');
                }
            }
            Doc::Await(inner) => {
                if self.fits(doc.flat_len() + trailing) {
                    self.flat(doc);
                } else {
                    self.doc(inner, block + INDENT, 0);
                    self.newline(block + INDENT);
                    self.line.push_str(".await");
                }
            }
        }
    }

    fn flat_items(&mut self, items: &[Doc<'_>]) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.line.push_str(", ");
            }
            self.flat(item);
        }
    }

    fn flat(&mut self, doc: &Doc<'_>) {
        match doc {
            Doc::Text(s) => self.line.push_str(s),
            Doc::Seq(parts) => parts.iter().for_each(|p| self.flat(p)),
            Doc::List { open, items, close } => {
                self.line.push_str(open);
                self.flat_items(items);
                self.line.push_str(close);
            }
            Doc::Block(inner) => {
                self.line.push_str("{ ");
                self.flat(inner);
                self.line.push_str(" }");
            }
            Doc::Await(inner) => {
                self.flat(inner);
                self.line.push_str(".await");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn extern_types_are_taken_apart_only_when_spelled_like_prettyplease() {
        for text in [
            "::prost::alloc::vec::Vec<u8>",
            "a::B<::c::D<()>, r#type::E>",
            "()",
            "a::B",
        ] {
            let ty = super::parse_type(text).unwrap();
            assert_eq!(ty.flat_len(), text.len(), "{text}");
            let mut code = super::Code::new();
            ty.write(&mut code, "");
            assert_eq!(code.finish("t").unwrap(), format!("{text}\n"));
        }
        for odd in [
            ":: a::B",
            "a :: B",
            "Vec<u8 >",
            "Vec<u8,u8>",
            "&'static str",
            "[u8; 4]",
            "a::",
            "a::::b",
            "1a",
            "Vec::<u8>",
            "dyn A",
            "",
        ] {
            assert!(super::parse_type(odd).is_none(), "{odd}");
        }
    }

    use super::*;
    use crate::codegen::code;

    /// `doc` written as a trait's fn signature (at depth 1) or as an expression (at depth 3),
    /// as prettyplease lays out the same text.
    fn assert_like_prettyplease(doc: &Doc<'_>, signature: bool) {
        let mut c = Code::new();
        c.open("pub trait T");
        if signature {
            doc.write(&mut c, ";");
        } else {
            c.open("fn f()");
            c.open("if x");
            c.line("let _ = x;");
            doc.write(&mut c, "");
            c.close("");
            c.close("");
        }
        c.close("");
        let text = c.finish("test").unwrap();
        assert_eq!(text, code::relayout("test", &text).unwrap());
    }

    fn name(len: usize) -> String {
        format!("super::{}", "A".repeat(len))
    }

    #[test]
    fn signatures_break_like_prettyplease() {
        for len in 1..100 {
            let (input, output) = (name(len), name(100 - len));
            let response = Doc::generic("::tonic::Response", vec![Doc::text(&output)]);
            let doc = Doc::Seq(vec![
                Doc::call(
                    format!("fn m{}", "x".repeat(len / 3)),
                    vec![
                        Doc::text("&self"),
                        Doc::Seq(vec![
                            Doc::text("request: "),
                            Doc::generic("::tonic::Request", vec![Doc::text(&input)]),
                        ]),
                    ],
                ),
                Doc::text(" -> "),
                Doc::Seq(vec![
                    Doc::generic(
                        "impl ::core::future::Future",
                        vec![Doc::Seq(vec![
                            Doc::text("Output = "),
                            Doc::generic(
                                "::core::result::Result",
                                vec![response, Doc::text("::tonic::Status")],
                            ),
                        ])],
                    ),
                    Doc::text(" + ::core::marker::Send"),
                ]),
            ]);
            assert_like_prettyplease(&doc, true);
            let short = Doc::call(
                format!("fn {}", "m".repeat(len)),
                vec![Doc::text("&self"), Doc::text(format!("r: {input}"))],
            );
            assert_like_prettyplease(&short, true);
        }
    }

    #[test]
    fn calls_blocks_and_awaits_break_like_prettyplease() {
        for len in 1..80 {
            let method = "m".repeat(len);
            let doc = Doc::call(
                format!("super::{}", "f".repeat(80 - len)),
                vec![
                    Doc::text("&self.config"),
                    Doc::Seq(vec![
                        Doc::text("|s, r| async move "),
                        Doc::Block(Box::new(Doc::Await(Box::new(Doc::call(
                            format!("s.{method}"),
                            vec![Doc::text("r")],
                        ))))),
                    ]),
                ],
            );
            assert_like_prettyplease(&doc, false);
            let chain = Doc::Await(Box::new(Doc::call(
                format!("super::{method}"),
                vec![Doc::text("&mut self.inner"), Doc::text("super::PATH")],
            )));
            assert_like_prettyplease(&chain, false);
        }
    }
}
