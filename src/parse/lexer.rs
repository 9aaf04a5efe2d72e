//! The .proto lexer of the native front end: tokens with their positions as protoc counts
//! them, and the comments between tokens.
//!
//! Positions follow protoc's tokenizer: lines and columns from 0, columns in bytes, a tab
//! moves to the next multiple of 8. Comments are attributed the way protoc's
//! `Tokenizer::NextWithComments` does at the end of each declaration: a trailing comment
//! for the declaration just ended, detached comments, and the leading comment of the next.

/// What a token is; only the distinctions the parser needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    String,
    Symbol,
}

/// A token with protoc-style positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte range in the source.
    pub start: usize,
    pub end: usize,
    pub line: i32,
    pub column: i32,
    pub end_line: i32,
    pub end_column: i32,
}

impl Token<'_> {
    pub fn is(&self, text: &str) -> bool {
        self.kind != Kind::String && self.text == text
    }
}

/// The comments protoc finds after one token: the trailing comment of the declaration that
/// token ended, detached comments, and the leading comment of what follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gap {
    pub trailing: String,
    pub detached: Vec<String>,
    pub leading: String,
}

/// The tokens of a file and the text around them.
pub struct Lexed<'a> {
    pub source: &'a str,
    pub tokens: Vec<Token<'a>>,
}

/// A lexing problem: an unterminated string or block comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub line: i32,
    pub column: i32,
    pub message: &'static str,
}

struct Cursor<'a> {
    s: &'a str,
    pos: usize,
    line: i32,
    column: i32,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            s,
            pos: 0,
            line: 0,
            column: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos).copied()
    }

    fn peek2(&self) -> Option<u8> {
        self.s.as_bytes().get(self.pos + 1).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\n' => {
                    self.line += 1;
                    self.column = 0;
                }
                b'\t' => self.column += 8 - self.column % 8,
                _ => self.column += 1,
            }
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn skip_ws_no_newline(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | 0x0b | 0x0c)) {
            self.bump();
        }
    }

    /// At `//` or `/*`: consumes the opener and says which.
    fn comment_start(&mut self) -> Option<CommentKind> {
        if self.peek() == Some(b'/') {
            match self.peek2() {
                Some(b'/') => {
                    self.bump();
                    self.bump();
                    return Some(CommentKind::Line);
                }
                Some(b'*') => {
                    self.bump();
                    self.bump();
                    return Some(CommentKind::Block);
                }
                _ => {}
            }
        }
        None
    }

    /// After `//`: the text up to and including the newline.
    fn line_comment(&mut self, out: &mut String) {
        let start = self.pos;
        match self.s[start..].find('\n') {
            // The common case, found fast: the next line starts at column 0.
            Some(len) => {
                self.pos += len + 1;
                self.line += 1;
                self.column = 0;
            }
            None => {
                while self.peek().is_some() {
                    self.bump();
                }
            }
        }
        out.push_str(&self.s[start..self.pos]);
    }

    /// After `/*`: the text up to `*/`, with each continuation line's leading whitespace
    /// and one `*` left out, as protoc records it.
    fn block_comment(&mut self, out: &mut String) -> bool {
        let mut start = self.pos;
        loop {
            while !matches!(self.peek(), None | Some(b'*' | b'/' | b'\n')) {
                self.bump();
            }
            if self.eat(b'\n') {
                out.push_str(&self.s[start..self.pos]);
                self.skip_ws_no_newline();
                if self.eat(b'*') && self.eat(b'/') {
                    return true;
                }
                start = self.pos;
            } else if self.eat(b'*') {
                if self.eat(b'/') {
                    out.push_str(&self.s[start..self.pos - 2]);
                    return true;
                }
            } else if self.eat(b'/') {
                // A `/*` inside a block comment: protoc warns and goes on.
            } else {
                out.push_str(&self.s[start..self.pos]);
                return false;
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CommentKind {
    Line,
    Block,
}

/// protoc's `CommentCollector`.
#[derive(Default)]
struct Collector {
    buffer: String,
    has_comment: bool,
    is_line_comment: bool,
    cannot_attach_to_prev: bool,
    num_comments: usize,
    has_trailing: bool,
    gap: Gap,
}

impl Collector {
    fn buffer_for_line(&mut self) -> &mut String {
        if self.has_comment && !self.is_line_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = true;
        &mut self.buffer
    }

    fn buffer_for_block(&mut self) -> &mut String {
        if self.has_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = false;
        &mut self.buffer
    }

    fn clear_buffer(&mut self) {
        self.buffer.clear();
        self.has_comment = false;
    }

    fn flush(&mut self) {
        if self.has_comment {
            let text = std::mem::take(&mut self.buffer);
            if self.cannot_attach_to_prev {
                self.gap.detached.push(text);
            } else {
                self.gap.trailing.push_str(&text);
                self.has_trailing = true;
                self.cannot_attach_to_prev = true;
            }
            self.clear_buffer();
            self.num_comments += 1;
        }
    }

    fn detach_from_prev(&mut self) {
        self.cannot_attach_to_prev = true;
    }

    fn maybe_detach(&mut self) {
        let count = self.num_comments + usize::from(self.has_comment);
        if count == 1 {
            if self.has_trailing {
                let trailing = std::mem::take(&mut self.gap.trailing);
                self.gap.detached.insert(0, trailing);
            }
            self.cannot_attach_to_prev = true;
            self.flush();
        }
    }

    fn finish(mut self) -> Gap {
        if self.has_comment {
            self.gap.leading = std::mem::take(&mut self.buffer);
        }
        self.gap
    }
}

/// Splits `source` into tokens.
pub fn lex(source: &str) -> Result<Lexed<'_>, LexError> {
    let mut c = Cursor::new(source);
    // A UTF-8 byte order mark at the start is ignored.
    if source.starts_with('\u{feff}') {
        c.pos = 3;
    }
    let mut tokens = Vec::new();
    // Comments are read again where they are attached (`Lexed::gap_after`); here they are
    // only skipped, into one reused buffer.
    let mut sink = String::new();
    loop {
        // Whitespace and comments.
        loop {
            match c.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c) => c.bump(),
                Some(b'/') if matches!(c.peek2(), Some(b'/' | b'*')) => {
                    let (line, column) = (c.line, c.column);
                    sink.clear();
                    match c.comment_start() {
                        Some(CommentKind::Line) => c.line_comment(&mut sink),
                        Some(CommentKind::Block) if !c.block_comment(&mut sink) => {
                            return Err(LexError {
                                line,
                                column,
                                message: "this block comment is never closed with */",
                            });
                        }
                        _ => {}
                    }
                }
                _ => break,
            }
        }
        let Some(b) = c.peek() else { break };
        let (start, line, column) = (c.pos, c.line, c.column);
        let kind = if b.is_ascii_alphabetic() || b == b'_' {
            while matches!(c.peek(), Some(x) if x.is_ascii_alphanumeric() || x == b'_') {
                c.bump();
            }
            Kind::Ident
        } else if b.is_ascii_digit() || (b == b'.' && c.peek2().is_some_and(|x| x.is_ascii_digit()))
        {
            let hex = b == b'0' && matches!(c.peek2(), Some(b'x' | b'X'));
            let mut prev = b;
            c.bump();
            while let Some(x) = c.peek() {
                let exponent_sign = !hex && matches!(x, b'+' | b'-') && matches!(prev, b'e' | b'E');
                if x.is_ascii_alphanumeric() || x == b'_' || x == b'.' || exponent_sign {
                    prev = x;
                    c.bump();
                } else {
                    break;
                }
            }
            Kind::Number
        } else if b == b'"' || b == b'\'' {
            c.bump();
            loop {
                match c.peek() {
                    None | Some(b'\n') => {
                        return Err(LexError {
                            line,
                            column,
                            message: "this string is not closed on its line",
                        })
                    }
                    Some(b'\\') => {
                        c.bump();
                        c.bump();
                    }
                    Some(x) => {
                        c.bump();
                        if x == b {
                            break;
                        }
                    }
                }
            }
            Kind::String
        } else {
            // One symbol; a multi-byte character stays whole.
            let len = source[start..].chars().next().map_or(1, char::len_utf8);
            for _ in 0..len {
                c.bump();
            }
            Kind::Symbol
        };
        tokens.push(Token {
            kind,
            text: &source[start..c.pos],
            start,
            end: c.pos,
            line,
            column,
            end_line: c.line,
            end_column: c.column,
        });
    }
    Ok(Lexed { source, tokens })
}

impl<'a> Lexed<'a> {
    /// The comments protoc collects after token `index` (`None`: before the first token).
    pub fn gap_after(&self, index: Option<usize>) -> Gap {
        let (from, line, column) = match index {
            Some(i) => {
                let t = &self.tokens[i];
                (t.end, t.end_line, t.end_column)
            }
            None => (
                if self.source.starts_with('\u{feff}') {
                    3
                } else {
                    0
                },
                0,
                0,
            ),
        };
        let next = index.map_or(0, |i| i + 1);
        let next_token = self.tokens.get(next);
        let to = next_token.map_or(self.source.len(), |t| t.start);
        let next_closes_scope = next_token.is_none_or(|t| t.is("}") || t.is("]") || t.is(")"));
        let mut c = Cursor {
            s: &self.source[..to],
            pos: from,
            line,
            column,
        };
        let prev_line = c.line;
        let mut trailing_end_line = -1;
        let mut col = Collector::default();
        if index.is_none() {
            col.detach_from_prev();
        } else {
            c.skip_ws_no_newline();
            match c.comment_start() {
                Some(CommentKind::Line) => {
                    trailing_end_line = c.line;
                    c.line_comment(col.buffer_for_line());
                    col.flush();
                }
                Some(CommentKind::Block) => {
                    c.block_comment(col.buffer_for_block());
                    trailing_end_line = c.line;
                    c.skip_ws_no_newline();
                    if !c.eat(b'\n') {
                        // The next token is on the same line: the comment belongs to
                        // neither token, it is detached.
                        col.maybe_detach();
                        return col.finish();
                    }
                    col.flush();
                }
                None => {
                    if !c.eat(b'\n') {
                        return Gap::default();
                    }
                }
            }
        }
        loop {
            c.skip_ws_no_newline();
            match c.comment_start() {
                Some(CommentKind::Line) => c.line_comment(col.buffer_for_line()),
                Some(CommentKind::Block) => {
                    c.block_comment(col.buffer_for_block());
                    c.skip_ws_no_newline();
                    c.eat(b'\n');
                }
                None => {
                    if c.eat(b'\n') {
                        col.flush();
                        col.detach_from_prev();
                    } else {
                        if next_closes_scope {
                            col.flush();
                        }
                        if next_token.is_some()
                            && (prev_line == c.line || trailing_end_line == c.line)
                        {
                            col.maybe_detach();
                        }
                        break;
                    }
                }
            }
        }
        col.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        lex(src).unwrap().tokens.iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_and_positions() {
        assert_eq!(
            texts("message A { int32 x = 1 [default = -1.5e+3]; string s = 2 [default = \"a\\\"b\"]; }"),
            vec![
                "message", "A", "{", "int32", "x", "=", "1", "[", "default", "=", "-", "1.5e+3",
                "]", ";", "string", "s", "=", "2", "[", "default", "=", "\"a\\\"b\"", "]", ";",
                "}"
            ]
        );
        let l = lex("a\n\tb /* x */ c").unwrap();
        let pos: Vec<(i32, i32, i32)> = l
            .tokens
            .iter()
            .map(|t| (t.line, t.column, t.end_column))
            .collect();
        assert_eq!(pos, vec![(0, 0, 1), (1, 8, 9), (1, 18, 19)]);
    }

    #[test]
    fn unterminated() {
        assert_eq!(
            lex("a /* x").err().map(|e| (e.line, e.column)),
            Some((0, 2))
        );
        assert!(lex("a \"x\n\"").is_err());
    }

    fn gap(src: &str, after: &str) -> Gap {
        let l = lex(src).unwrap();
        let i = l.tokens.iter().position(|t| t.text == after).unwrap();
        l.gap_after(Some(i))
    }

    #[test]
    fn trailing_leading_detached() {
        let g = gap("a; // t\n// d\n\n// l1\n// l2\nb;", ";");
        assert_eq!(g.trailing, " t\n");
        assert_eq!(g.detached, vec![" d\n"]);
        assert_eq!(g.leading, " l1\n l2\n");
        // A comment on the next line, then a blank line, trails the previous declaration.
        let g = gap("a;\n// t\n\nb;", ";");
        assert_eq!(g.trailing, " t\n");
        assert_eq!(g.leading, "");
        // A block comment with stars is unwrapped.
        let g = gap("a;\n/* one\n * two\n */\nb;", ";");
        assert_eq!(g.leading, " one\n two\n");
        // Before a closing brace nothing leads.
        let g = gap("{ a;\n // x\n}", ";");
        assert_eq!(g.trailing, " x\n");
        assert_eq!(g.leading, "");
        // A block comment followed by a token on the same line is detached.
        let g = gap("a; /* x */ b;", ";");
        assert_eq!((g.trailing.as_str(), g.leading.as_str()), ("", ""));
        assert_eq!(g.detached, vec![" x "]);
        assert_eq!(gap("a; b;", ";"), Gap::default());
        let first = lex("// d\n\n// l\nsyntax").unwrap().gap_after(None);
        assert_eq!(first.detached, vec![" d\n"]);
        assert_eq!(first.leading, " l\n");
    }
}
