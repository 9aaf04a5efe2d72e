//! Rust source written directly in the layout prettyplease gives it.
//!
//! Going through `quote!` → `TokenStream` → `syn` → prettyplease for every item was most of
//! the plugin's time (bench/README.md). The generators instead write each line as
//! prettyplease would print it. That is exact for lines that fit prettyplease's margin and
//! for the constructs the generators write; whenever a line is too long (prettyplease would
//! break it) or a construct is not laid out here (user attributes, odd doc lines), the item
//! is marked and [`Code::finish`] re-lays it out through syn + prettyplease, so the output
//! is always prettyplease's. `RUSTSVC_REFORMAT_ALL=1` re-lays out every item, which is how
//! tests and `scripts/googleapis.sh` check that both ways give the same bytes.

use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::error::{err, Result};

/// prettyplease's margin: a line that fits within it is never broken.
pub(crate) const MARGIN: usize = 89;
/// However deep the indentation, prettyplease leaves a line at least this much room.
const MIN_SPACE: usize = 60;
const INDENT: &str = "    ";
/// The columns of one level of indentation.
pub(crate) const INDENT_WIDTH: usize = INDENT.len();

/// Whether `width` columns (indentation included) fit on a line indented by `indent`
/// columns: within the margin, or within the least room prettyplease leaves a deep line.
pub fn fits(indent: usize, width: usize) -> bool {
    width <= MARGIN.max(indent + MIN_SPACE)
}

/// Items being written, at an indentation depth.
#[derive(Default)]
pub struct Code {
    text: String,
    depth: usize,
    reformat: bool,
}

impl Code {
    pub fn new() -> Self {
        Code::default()
    }

    /// One line at the current depth.
    pub fn line(&mut self, s: &str) {
        if !self.fits(s.len()) {
            self.reformat = true;
        }
        self.exact_line(s);
    }

    /// Whether a line of `len` bytes at the current depth fits prettyplease's margin (every
    /// line gets at least `MIN_SPACE` (60) columns beyond its indentation).
    pub fn fits(&self, len: usize) -> bool {
        let indent = self.depth * INDENT_WIDTH;
        fits(indent, indent + len)
    }

    /// One line at the current depth, known to be laid out as prettyplease lays it out
    /// whatever its length (the generator decided where prettyplease breaks, or nothing in
    /// the line can be broken).
    pub fn exact_line(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.text.push_str(INDENT);
        }
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// One formatted line: `code.linef(format_args!(…))`.
    pub fn linef(&mut self, args: std::fmt::Arguments<'_>) {
        match args.as_str() {
            Some(s) => self.line(s),
            None => {
                let s = args.to_string();
                self.line(&s);
            }
        }
    }

    /// `head {` and one level deeper.
    pub fn open(&mut self, head: &str) {
        if head.is_empty() {
            self.line("{");
        } else {
            let mut s = String::with_capacity(head.len() + 2);
            s.push_str(head);
            s.push_str(" {");
            self.line(&s);
        }
        self.depth += 1;
    }

    /// One level deeper, for the lines of a construct prettyplease broke (`Vec<` …).
    pub fn indent(&mut self) {
        self.depth += 1;
    }

    /// One level up again after [`Code::indent`].
    pub fn outdent(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// One level up and `}` followed by `tail` (`""`, `","`, `;`, `)` …).
    pub fn close(&mut self, tail: &str) {
        self.depth = self.depth.saturating_sub(1);
        let mut s = String::with_capacity(1 + tail.len());
        s.push('}');
        s.push_str(tail);
        self.line(&s);
    }

    /// A `#[doc = value]` attribute, as prettyplease prints it: `///value` with trailing
    /// spaces trimmed, unless the value would not survive as a `///` comment.
    pub fn doc(&mut self, value: &str) {
        if value.contains(['\n', '\r']) || value.starts_with('/') {
            // prettyplease prints these as block comments or attributes: let it.
            self.reformat = true;
            let literal = proc_macro2::Literal::string(value);
            self.linef(format_args!("#[doc = {literal}]"));
            return;
        }
        let value = value.trim_end_matches(' ');
        for _ in 0..self.depth {
            self.text.push_str(INDENT);
        }
        // Doc comments are never broken, whatever their length.
        self.text.push_str("///");
        self.text.push_str(value);
        self.text.push('\n');
    }

    /// One `#[doc]` per line.
    pub fn docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for l in lines {
            self.doc(l.as_ref());
        }
    }

    /// Rust text whose layout is not known here (an attribute from the options, say): it is
    /// written as is and the item is re-laid out by prettyplease.
    pub fn verbatim(&mut self, tokens: &str) {
        self.reformat = true;
        self.line(tokens);
    }

    /// A line the caller knows prettyplease prints as it is, even past the margin: nothing in
    /// it can be broken (a path, a string literal, an attribute-free `const`), or it was laid
    /// out by prettyplease's rules ([`super::layout`]).
    pub fn line_unbreakable(&mut self, s: &str) {
        for _ in 0..self.depth {
            self.text.push_str(INDENT);
        }
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// [`Code::open`] for a head that [`Code::line_unbreakable`] would write.
    pub fn open_unbreakable(&mut self, head: &str) {
        let mut s = String::with_capacity(head.len() + 2);
        s.push_str(head);
        s.push_str(" {");
        self.line_unbreakable(&s);
        self.depth += 1;
    }

    /// Marks the items as needing prettyplease's layout.
    pub fn reformat(&mut self) {
        self.reformat = true;
    }

    /// Whether [`Code::finish`] will re-lay the text out through prettyplease.
    #[cfg(test)]
    pub fn needs_relayout(&self) -> bool {
        self.reformat
    }

    /// The current depth (in levels of four spaces).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// `head for self_ty` (`impl Trait for Type`), opened with ` {` when `open`; when that
    /// does not fit, `head` and `for self_ty` on the next line at the same depth, as
    /// prettyplease breaks it.
    pub fn impl_for(&mut self, head: &str, self_ty: &str, open: bool) {
        let indent = self.depth * INDENT_WIDTH;
        let brace = if open { " {".len() } else { 0 };
        let one_line = format!("{head} for {self_ty}");
        let last = if fits(indent, indent + one_line.len() + brace) {
            one_line
        } else {
            self.line(head);
            format!("for {self_ty}")
        };
        if open {
            self.open(&last);
        } else {
            self.line(&last);
        }
    }

    /// Writes, with `write`, items that follow at the current depth and are laid out on their
    /// own (an item's impls): when they need prettyplease's layout, just they are re-laid out,
    /// not the whole item around them (a message's nested module can be most of a file).
    /// `what` names the item for the error that reports text that does not parse (a bug).
    pub fn nested_items(
        &mut self,
        what: &str,
        write: impl FnOnce(&mut Code) -> Result<()>,
    ) -> Result<()> {
        let mut items = Code {
            text: String::new(),
            depth: self.depth,
            reformat: false,
        };
        write(&mut items)?;
        self.append(what, items)
    }

    /// Appends the items of [`Code::nested_items`]: as written, or re-laid out by
    /// prettyplease at this depth when they need it and the text around them does not.
    fn append(&mut self, what: &str, items: Code) -> Result<()> {
        if items.reformat && !(self.reformat || reformat_all()) {
            self.text
                .push_str(&relayout_at(what, &items.text, items.depth)?);
        } else {
            self.text.push_str(&items.text);
        }
        Ok(())
    }

    /// The laid-out text of everything written. `what` names the file for the error that
    /// reports generated text that does not parse (a bug).
    pub fn finish(self, what: &str) -> Result<String> {
        if !(self.reformat || reformat_all()) {
            return Ok(self.text);
        }
        relayout(what, &self.text)
    }

    /// Appends the finished text of `self` to `out`.
    pub fn finish_into(self, what: &str, out: &mut String) -> Result<()> {
        if !(self.reformat || reformat_all()) {
            out.push_str(&self.text);
            return Ok(());
        }
        out.push_str(&relayout(what, &self.text)?);
        Ok(())
    }
}

/// Top-level items → prettyplease's layout of them as a file.
pub fn relayout(what: &str, text: &str) -> Result<String> {
    if text.trim().is_empty() {
        return Ok(String::new());
    }
    let file: syn::File = syn::parse_file(text).map_err(|e| {
        err!("internal error: the code generated for {what} does not parse as Rust ({e}); please report it")
    })?;
    Ok(prettyplease::unparse(&file))
}

/// Items `depth` modules deep → prettyplease's layout of them there: laid out inside as many
/// wrapping modules (prettyplease's line breaks depend on the indentation), which are then
/// cut off again.
fn relayout_at(what: &str, text: &str, depth: usize) -> Result<String> {
    if depth == 0 {
        return relayout(what, text);
    }
    const WRAP: &str = "mod __rustsvc_layout {\n";
    let mut wrapped = String::with_capacity(text.len() + depth * (WRAP.len() + 2));
    for _ in 0..depth {
        wrapped.push_str(WRAP);
    }
    wrapped.push_str(text);
    for _ in 0..depth {
        wrapped.push_str("}\n");
    }
    let laid_out = relayout(what, &wrapped)?;
    let lines: Vec<&str> = laid_out.lines().collect();
    let inner = lines
        .get(depth..lines.len().saturating_sub(depth))
        .ok_or_else(|| {
            err!("internal error: laying out {what} lost its wrapping; please report it")
        })?;
    let mut out = String::with_capacity(laid_out.len());
    for line in inner {
        out.push_str(line);
        out.push('\n');
    }
    Ok(out)
}

/// A template (templates/*.rs) without its `//!` header.
pub fn template_body(template: &str) -> &str {
    let mut rest = template;
    while rest.starts_with("//!") {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

/// Formats top-level items as prettyplease lays them out in a file.
pub fn format_items(name: &str, items: proc_macro2::TokenStream) -> Result<String> {
    if items.is_empty() {
        return Ok(String::new());
    }
    let file: syn::File = syn::parse2(items).map_err(|e| {
        err!("internal error: the code generated for {name} does not parse as Rust ({e}); please report it")
    })?;
    Ok(prettyplease::unparse(&file))
}

/// `RUSTSVC_REFORMAT_ALL=1`: lay out every item with prettyplease (a check of this module).
fn reformat_all() -> bool {
    static ALL: OnceLock<bool> = OnceLock::new();
    *ALL.get_or_init(|| std::env::var_os("RUSTSVC_REFORMAT_ALL").is_some_and(|v| v == "1"))
}

pub use crate::text::{byte_string_literal, string_literal};

/// A path from the options (`::my::prost`) as prettyplease prints it: tokens without the
/// spaces `TokenStream`'s `Display` puts between them.
pub fn path_text(path: &syn::Path) -> String {
    let mut s = String::new();
    if path.leading_colon.is_some() {
        s.push_str("::");
    }
    for (i, seg) in path.segments.iter().enumerate() {
        if i > 0 {
            s.push_str("::");
        }
        let _ = write!(s, "{}", seg.ident);
        if !seg.arguments.is_none() {
            // Not written by hand; the caller's item is re-laid out anyway when this shows up
            // (generic arguments in a runtime path are not something the options produce).
            let args = &seg.arguments;
            let _ = write!(s, "{}", quote::quote!(#args));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_fit_are_written_as_prettyplease_would() {
        let mut c = Code::new();
        c.doc(" A thing.  ");
        c.line("#[derive(Clone, PartialEq, ::prost::Message)]");
        c.open("pub struct Thing");
        c.line("#[prost(string, tag = \"1\")]");
        c.line("pub name: ::prost::alloc::string::String,");
        c.close("");
        assert!(!c.reformat);
        let direct = c.text.clone();
        assert_eq!(relayout("t", &direct).unwrap(), direct);
        assert!(direct.starts_with("/// A thing.\n"));
    }

    #[test]
    fn long_lines_and_odd_docs_are_relaid_out() {
        let mut c = Code::new();
        c.open("pub mod m");
        c.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration)]");
        c.line("#[repr(i32)]");
        c.open("pub enum E");
        c.line("A = 0,");
        c.close("");
        c.close("");
        assert!(c.reformat);
        let out = c.finish("t").unwrap();
        assert!(out.contains("    #[derive(\n        Clone,\n"), "{out}");

        let mut c = Code::new();
        c.doc("/ starts with a slash");
        c.line("pub struct S;");
        assert!(c.reformat);
        let out = c.finish("t").unwrap();
        assert!(out.contains("#[doc = \"/ starts with a slash\"]"), "{out}");
    }

    #[test]
    fn deep_lines_get_at_least_the_minimum_width() {
        let mut c = Code::new();
        assert!(c.fits(89) && !c.fits(90));
        for _ in 0..10 {
            c.indent();
        }
        assert!(c.fits(60) && !c.fits(61));
        let line = format!("pub x: {},", "T".repeat(52));
        c.line(&line);
        assert!(!c.reformat);
        c.line(&format!("{line}X"));
        assert!(c.reformat);
    }

    #[test]
    fn option_paths_print_without_spaces() {
        let p: syn::Path = syn::parse_str("::my_crate::prost").unwrap();
        assert_eq!(path_text(&p), "::my_crate::prost");
        let p: syn::Path = syn::parse_str("crate::re::prost").unwrap();
        assert_eq!(path_text(&p), "crate::re::prost");
    }
}
