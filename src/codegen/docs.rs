//! Proto comments → `#[doc = …]` attributes that rustdoc shows as text and never runs.
//!
//! Each line becomes one attribute built with a string literal token, so nothing in a
//! comment can end the attribute or become code. On top of that the text is made safe for
//! rustdoc: code fences and indented blocks are marked `text` (no doctests from proto text),
//! brackets that would be intra-doc links are escaped, bare URLs become autolinks,
//! HTML-looking tags are escaped, and control or bidirectional characters are shown as
//! `\u{…}` escapes instead of being emitted.

use crate::model::Comments;

/// Writes the doc comments for an element's comments (leading, then trailing).
pub fn write(code: &mut super::code::Code, comments: &Comments<'_>) {
    code.docs(&lines(comments));
}

/// Writes doc comments for lines that are already rustdoc text (written by the generator).
pub fn write_text(code: &mut super::code::Code, lines: &[&str]) {
    for l in lines {
        if l.is_empty() {
            code.doc("");
        } else {
            code.doc(&format!(" {l}"));
        }
    }
}

/// The sanitised doc lines for an element's comments.
pub fn lines(comments: &Comments<'_>) -> Vec<String> {
    let mut raw: Vec<&str> = Vec::new();
    if let Some(leading) = &comments.leading {
        raw.extend(leading.lines());
    }
    if let Some(trailing) = &comments.trailing {
        if !raw.is_empty() {
            raw.push("");
        }
        raw.extend(trailing.lines());
    }
    while raw.last().is_some_and(|l| l.trim().is_empty()) {
        raw.pop();
    }
    sanitize(&raw)
}

/// rustdoc strips the indentation common to all lines; prost-build puts one space before
/// each line that has none (or has several) so `//foo` and `// foo` read alike.
fn indent_like_prost(mut line: String) -> String {
    let mut chars = line.chars();
    let needs_space = chars
        .next()
        .is_some_and(|c| c != ' ' || chars.next() == Some(' '));
    if needs_space {
        line.insert(0, ' ');
    }
    line
}

fn indent_of(line: &str) -> usize {
    let mut n = 0;
    for c in line.chars() {
        match c {
            ' ' => n += 1,
            '\t' => n += 4 - n % 4,
            _ => break,
        }
    }
    n
}

/// A fence opener or closer: the fence character, its run length, and the rest of the line.
fn fence(line: &str) -> Option<(char, usize, &str)> {
    let trimmed = line.trim_start();
    let c = trimmed.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let run = trimmed.chars().take_while(|&x| x == c).count();
    if run < 3 {
        return None;
    }
    let rest = &trimmed[run..];
    if c == '`' && rest.contains('`') {
        return None; // an inline code span, not a fence
    }
    Some((c, run, rest))
}

fn sanitize(raw: &[&str]) -> Vec<String> {
    let lines: Vec<String> = raw.iter().map(|l| indent_like_prost(visible(l))).collect();
    let markdown = escape_lines(&lines);
    if surely_inert(&markdown) || is_inert(&markdown) {
        markdown
    } else {
        // Markdown the escaping above does not follow (fences inside lists or block quotes,
        // blocks that end early, …): show the whole comment as one text block instead.
        text_block(&lines)
    }
}

/// How many leading whitespace characters rustdoc removes from every line (the smallest
/// indentation of a non-blank line).
fn common_indent(lines: &[String]) -> usize {
    lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.chars().take_while(|&c| c == ' ' || c == '\t').count())
        .min()
        .unwrap_or(0)
}

/// A line as rustdoc's markdown parser sees it, after the common indentation is removed.
fn unindented(line: &str, common: usize) -> &str {
    match line.char_indices().nth(common) {
        Some((i, _)) => &line[i..],
        None => "",
    }
}

/// Makes fences and indented blocks `text` and escapes the rest of the markdown.
fn escape_lines(lines: &[String]) -> Vec<String> {
    let common = common_indent(lines);
    let mut out = Vec::with_capacity(lines.len() + 2);
    // (fence char, run length) while inside a fenced block.
    let mut in_fence: Option<(char, usize)> = None;
    let mut in_indented = false;
    let mut prev_blank = true;
    // Content columns of the open list items, outermost first.
    let mut lists: Vec<usize> = Vec::new();
    for line in lines {
        let blank = line.trim().is_empty();
        if let Some((c, run)) = in_fence {
            if let Some((c2, run2, rest)) = fence(line) {
                if c2 == c && run2 >= run && rest.trim().is_empty() {
                    in_fence = None;
                }
            }
            out.push(line.clone());
            prev_blank = blank;
            continue;
        }
        let code_indent = !blank && indent_of(unindented(line, common)) >= 4;
        if in_indented {
            if code_indent || blank {
                out.push(line.clone());
                prev_blank = blank;
                continue;
            }
            close_block(&mut out);
            in_indented = false;
        } else if code_indent && prev_blank {
            out.push(" ```text".to_owned());
            out.push(line.clone());
            in_indented = true;
            prev_blank = false;
            continue;
        }
        if indent_of(unindented(line, common)) < 4 {
            if let Some((c, run, _)) = fence(line) {
                let lead: String = line.chars().take_while(|c| c.is_whitespace()).collect();
                let marker: String = std::iter::repeat_n(c, run).collect();
                out.push(format!("{lead}{marker}text"));
                in_fence = Some((c, run));
                prev_blank = false;
                continue;
            }
        }
        let line = align_list_line(line, common, blank, prev_blank, &mut lists);
        out.push(escape_markdown(&line));
        prev_blank = blank;
    }
    if in_indented {
        close_block(&mut out);
    }
    if let Some((c, run)) = in_fence {
        out.push(format!(
            " {}",
            std::iter::repeat_n(c, run).collect::<String>()
        ));
    }
    out
}

/// The column where a list item's text starts (`- x`, `* x`, `+ x`, `1. x`, `1) x`), if the
/// (unindented) line is one.
fn list_item_content(line: &str) -> Option<usize> {
    let indent = indent_of(line);
    let rest = line.trim_start();
    let marker = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 9 || !rest[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let after = &rest[marker..];
    let spaces = after.chars().take_while(|&c| c == ' ').count();
    if spaces == 0 || after.trim().is_empty() {
        return None;
    }
    Some(indent + marker + spaces.min(4))
}

/// Continuation lines of a list item start exactly where the item's text starts, so rustdoc
/// and clippy read them as part of the item (no lazy or over-indented continuation).
fn align_list_line<'a>(
    line: &'a str,
    common: usize,
    blank: bool,
    prev_blank: bool,
    lists: &mut Vec<usize>,
) -> std::borrow::Cow<'a, str> {
    if blank {
        return line.into();
    }
    let text = unindented(line, common);
    let indent = indent_of(text);
    if let Some(content) = list_item_content(text) {
        while lists.last().is_some_and(|&top| top > indent) {
            lists.pop();
        }
        // A nested item starts where its parent's text starts.
        if let Some(&parent) = lists.last() {
            if indent > parent {
                lists.push(content - (indent - parent));
                return format!("{}{}", " ".repeat(common + parent), text.trim_start()).into();
            }
        }
        lists.push(content);
        return line.into();
    }
    if prev_blank {
        while lists.last().is_some_and(|&top| top > indent) {
            lists.pop();
        }
    }
    match lists.last() {
        Some(&content) if indent != content && (!prev_blank || indent < content + 4) => {
            format!("{}{}", " ".repeat(common + content), text.trim_start()).into()
        }
        _ => line.into(),
    }
}

/// Whether these lines are plain text to any markdown parser, so that [`is_inert`] need not
/// parse them (most comments): no character that can start a link, an autolink, HTML, a
/// footnote, a code span or a fence, no entity or escape that could spell a URL, no URL, and
/// no run of four spaces (the only way to an indented code block, in a list item or a block
/// quote too; tabs are spaces by now).
fn surely_inert(lines: &[String]) -> bool {
    lines.iter().all(|l| {
        !l.contains(['<', '[', '`', '~', '&', '\\', '\t'])
            && !l.contains("://")
            && !l.contains("    ")
    })
}

/// Whether rustdoc, reading these lines, finds nothing but text, `text` code blocks and
/// links to URLs: no code block it would test or check as Rust, no HTML, no link it would
/// try to resolve as an intra-doc link, no footnote, no bare URL.
fn is_inert(lines: &[String]) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
    let common = common_indent(lines);
    let text: Vec<&str> = lines.iter().map(|l| unindented(l, common)).collect();
    let text = text.join("\n");
    // rustdoc's options for doc comments.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let broken = std::cell::Cell::new(false);
    let mut callback = |_| {
        broken.set(true);
        None
    };
    let parser = Parser::new_with_broken_link_callback(&text, options, Some(&mut callback));
    let mut in_link = 0usize;
    for event in parser {
        let fine = match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => &*info == "text",
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
            Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => false,
            Event::Start(Tag::FootnoteDefinition(_)) => false,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                in_link += 1;
                is_url(&dest_url)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                in_link = in_link.saturating_sub(1);
                true
            }
            Event::Text(t) => in_link > 0 || !(t.contains("http://") || t.contains("https://")),
            _ => true,
        };
        if !fine {
            return false;
        }
    }
    !broken.get()
}

/// A link target rustdoc takes as a URL rather than an item path.
fn is_url(target: &str) -> bool {
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| target.starts_with(scheme))
}

/// The whole comment as one `text` block, fenced with more backticks than any run in it, so
/// no line inside can end the block.
fn text_block(lines: &[String]) -> Vec<String> {
    let longest = lines
        .iter()
        .flat_map(|l| l.split(|c| c != '`'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let mut out = Vec::with_capacity(lines.len() + 2);
    out.push(format!(" {fence}text"));
    out.extend(lines.iter().cloned());
    out.push(format!(" {fence}"));
    out
}

/// Ends an indented block that was turned into a fenced one, before any trailing blanks.
fn close_block(out: &mut Vec<String>) {
    let mut blanks = 0;
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
        blanks += 1;
    }
    out.push(" ```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blanks));
}

/// Replaces characters that must not reach source code or that hide text (controls,
/// bidirectional overrides, zero-width characters) with a visible `\u{…}` escape.
/// Tabs become spaces to the next multiple of four columns (rustdoc's tab stops; clippy's
/// `tabs_in_doc_comments` warns about tabs in generated code).
fn visible(line: &str) -> String {
    // One more byte for the space `indent_like_prost` may put in front.
    let mut s = String::with_capacity(line.len() + 1);
    if !line.chars().any(|c| c == '\t' || crate::text::is_hidden(c)) {
        s.push_str(line);
        return s;
    }
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let pad = 4 - column % 4;
            s.extend(std::iter::repeat_n(' ', pad));
            column += pad;
            continue;
        }
        column += 1;
        if crate::text::is_hidden(c) {
            s.push_str(&format!("\\u{{{:04x}}}", c as u32));
        } else {
            s.push(c);
        }
    }
    s
}

/// Escapes, outside inline code spans: brackets that are not an inline link, HTML-looking
/// tags, and bare URLs (made autolinks).
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        match rest.find('`') {
            None => {
                out.push_str(&escape_text(rest));
                break;
            }
            Some(start) => {
                out.push_str(&escape_text(&rest[..start]));
                let run = rest[start..].chars().take_while(|&c| c == '`').count();
                let ticks = &rest[start..start + run];
                let after = &rest[start + run..];
                match find_closing_run(after, run) {
                    Some(end) => {
                        out.push_str(ticks);
                        out.push_str(&after[..end + run]);
                        rest = &after[end + run..];
                    }
                    None => {
                        // An unmatched backtick run: escape it so rustdoc does not guess.
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        rest = after;
                    }
                }
            }
        }
    }
    out
}

fn find_closing_run(s: &str, run: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            if n == run {
                return Some(i);
            }
            i += n;
        } else {
            i += 1;
        }
    }
    None
}

fn escape_text(s: &str) -> std::borrow::Cow<'_, str> {
    // Only brackets, `<` and URLs change; a backslash keeps the next character as it is.
    if !s.contains(['[', ']', '<']) && !s.contains("http://") && !s.contains("https://") {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut chars: Vec<char> = Vec::with_capacity(s.len());
    chars.extend(s.chars());
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                // Keep an existing escape as it is.
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                    i += 1;
                }
            }
            '[' => {
                let close = chars[i + 1..].iter().position(|&x| x == ']' || x == '[');
                match close {
                    Some(off)
                        if chars[i + 1 + off] == ']'
                            && chars.get(i + 2 + off) == Some(&'(')
                            && is_url(&chars[i + 3 + off..].iter().take(8).collect::<String>()) =>
                    {
                        // An inline link to a URL `[text](https://…)`: keep it. Any other
                        // target would be resolved as an item path (and warned about).
                        let text: String = chars[i + 1..i + 1 + off].iter().collect();
                        out.push('[');
                        out.push_str(&escape_text(&text));
                        out.push(']');
                        i += 1 + off;
                        // Copy the target up to its closing parenthesis.
                        let mut j = i + 1;
                        let mut depth = 0;
                        while j < chars.len() {
                            out.push(chars[j]);
                            match chars[j] {
                                '(' => depth += 1,
                                ')' => {
                                    depth -= 1;
                                    if depth == 0 {
                                        break;
                                    }
                                }
                                _ => {}
                            }
                            j += 1;
                        }
                        i = j;
                    }
                    _ => out.push_str("\\["),
                }
            }
            ']' => {
                out.push_str("\\]");
                // The end of a link whose text began on an earlier line: its target would
                // be a bare URL once the bracket is escaped.
                if chars.get(i + 1) == Some(&'(') {
                    if let Some(len) = url_at(&chars[i + 2..]) {
                        let url: String = chars[i + 2..i + 2 + len].iter().collect();
                        out.push_str("(<");
                        out.push_str(&url);
                        out.push('>');
                        i += 2 + len;
                        continue;
                    }
                }
            }
            '<' => {
                let next = chars.get(i + 1).copied();
                if let Some(url_len) = url_at(&chars[i + 1..]) {
                    if chars.get(i + 1 + url_len) == Some(&'>') {
                        // Already an autolink.
                        let url: String = chars[i..i + url_len + 2].iter().collect();
                        out.push_str(&url);
                        i += url_len + 2;
                        continue;
                    }
                }
                if next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) {
                    out.push_str("\\<");
                } else {
                    out.push('<');
                }
            }
            'h' if url_at(&chars[i..]).is_some() && !prev_is_word(&chars, i) => {
                let len = url_at(&chars[i..]).unwrap_or(0);
                let url: String = chars[i..i + len].iter().collect();
                out.push('<');
                out.push_str(&url);
                out.push('>');
                i += len;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

fn prev_is_word(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '(' || chars[i - 1] == '/')
}

/// Length of an `http://` or `https://` URL starting here (up to whitespace, `)`, `>`, `<`,
/// quotes, or trailing sentence punctuation).
fn url_at(chars: &[char]) -> Option<usize> {
    let s: String = chars.iter().take(8).collect();
    let scheme = if s.starts_with("https://") {
        8
    } else if s.starts_with("http://") {
        7
    } else {
        return None;
    };
    let mut len = chars
        .iter()
        .position(|&c| c.is_whitespace() || matches!(c, ')' | '>' | '<' | '"' | '`' | '[' | ']'))
        .unwrap_or(chars.len());
    while len > scheme && matches!(chars[len - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
        len -= 1;
    }
    (len > scheme).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(leading: &str) -> Vec<String> {
        lines(&Comments {
            leading: Some(leading),
            trailing: None,
        })
    }

    #[test]
    fn plain_lines_read_like_prost() {
        assert_eq!(doc(" Hello.\n World\n"), vec![" Hello.", " World"]);
        assert_eq!(doc("no space\n"), vec![" no space"]);
        assert_eq!(doc("  two\n"), vec!["   two"]);
    }

    #[test]
    fn leading_and_trailing_are_separated() {
        let c = Comments {
            leading: Some(" lead\n"),
            trailing: Some(" trail\n"),
        };
        assert_eq!(lines(&c), vec![" lead", "", " trail"]);
    }

    #[test]
    fn brackets_urls_and_html() {
        assert_eq!(
            doc(" see [Foo][google.Foo] and [x](http://a.b/c)"),
            vec![r" see \[Foo\]\[google.Foo\] and [x](http://a.b/c)"]
        );
        assert_eq!(
            doc(" at https://example.com/x."),
            vec![" at <https://example.com/x>."]
        );
        assert_eq!(
            doc(" <script>alert(1)</script> a < b"),
            vec![r" \<script>alert(1)\</script> a < b"]
        );
        assert_eq!(doc(" `a[0] <b>` [i]"), vec![r" `a[0] <b>` \[i\]"]);
        assert_eq!(doc(" <https://x.y>"), vec![" <https://x.y>"]);
    }

    #[test]
    fn fences_become_text() {
        assert_eq!(
            doc(" ```rust\n fn main() {}\n ```\n after [x]"),
            vec![" ```text", " fn main() {}", " ```", r" after \[x\]"]
        );
        assert_eq!(doc(" ~~~\n x\n"), vec![" ~~~text", " x", " ~~~"]);
        assert_eq!(
            doc(" ````python\n ```\n ````"),
            vec![" ````text", " ```", " ````"]
        );
    }

    #[test]
    fn indented_blocks_become_text() {
        assert_eq!(
            doc(" Example:\n\n     let x = 1;\n     x\n\n Done"),
            vec![
                " Example:",
                "",
                " ```text",
                "      let x = 1;",
                "      x",
                " ```",
                "",
                " Done"
            ]
        );
        // A continuation line of a paragraph is not a code block.
        assert_eq!(doc(" a\n      b"), vec![" a", "       b"]);
    }

    #[test]
    fn hidden_characters_are_shown() {
        assert_eq!(doc(" a\u{202E}b\u{0007}"), vec![r" a\u{202e}b\u{0007}"]);
        assert_eq!(doc(" */ \"q\" \\ #[x]"), vec![r#" */ "q" \ #\[x\]"#]);
    }
    #[test]
    fn indentation_is_measured_after_rustdoc_unindents() {
        // A tab after the common one-space indent is an indented block for rustdoc; tabs
        // become spaces to the next tab stop.
        assert_eq!(
            doc(" a\n\n \tpanic!()\n"),
            vec![" a", "", " ```text", "     panic!()", " ```"]
        );
        assert_eq!(doc(" a\tb\tc"), vec![" a  b   c"]);
    }

    #[test]
    fn a_link_broken_over_two_lines_keeps_its_url_a_link() {
        assert_eq!(
            doc(" a [24-hour linear\n smear](https://x.y/smear)."),
            vec![r" a \[24-hour linear", r" smear\](<https://x.y/smear>)."]
        );
    }

    #[test]
    fn links_to_anything_but_urls_are_text() {
        // rustdoc would resolve `Foo::bar` as an item path and warn.
        assert_eq!(
            doc(" [a](Foo::bar) [b](https://x.y) ![c](c.png)"),
            vec![r" \[a\](Foo::bar) [b](https://x.y) !\[c\](c.png)"]
        );
    }

    #[test]
    fn markdown_the_line_escaping_misreads_becomes_one_text_block() {
        // The list item's fence ends with the item, so the next fence is Rust to rustdoc;
        // the line-by-line escaping takes it for text inside the first fence.
        let raw = " * item\n   ```\n   x\n after\n ```rust\n panic!()\n ```\n";
        assert_eq!(
            doc(raw),
            vec![
                " ````text",
                " * item",
                "    ```",
                "    x",
                " after",
                " ```rust",
                " panic!()",
                " ```",
                " ````",
            ]
        );
        // Inside the block only a longer run could end it.
        assert_eq!(
            text_block(&[" <b>".to_owned(), " `````".to_owned()]),
            vec![" ``````text", " <b>", " `````", " ``````"]
        );
    }

    #[test]
    fn only_plain_text_skips_the_markdown_parse() {
        // Everything that is not plain text to pulldown-cmark, however it is spelled.
        for raw in [
            " -     code in a list item",
            " >     code in a block quote",
            " a\n\n     indented",
            " ~~~\n x\n ~~~",
            " `code`",
            " <b>",
            " see [x]",
            " mailto:a@b.c <mailto:a@b.c>",
            " http&#58;//x.y",
            " a \\[x\\]",
            " ftp://x.y",
        ] {
            let lines: Vec<String> = raw.lines().map(str::to_owned).collect();
            assert!(!surely_inert(&lines), "{raw:?} taken for plain text");
        }
        // Plain text is: and is_inert agrees.
        for raw in [
            " Hello.\n World",
            " - a list\n   continued",
            " 1. one\n 2. two",
            " a | b",
        ] {
            let lines: Vec<String> = raw.lines().map(str::to_owned).collect();
            assert!(surely_inert(&lines), "{raw:?} not taken for plain text");
            assert!(is_inert(&lines), "{raw:?}");
        }
    }

    #[test]
    fn escaped_output_is_inert_and_raw_markdown_is_not() {
        for raw in [
            " ```rust\n x\n ```",
            " a\n\n     indented",
            " <script>",
            " [Foo]",
            " [a](Foo)",
            " https://x.y",
            " a[^1]\n\n [^1]: b",
        ] {
            let raw_lines: Vec<String> = raw.lines().map(str::to_owned).collect();
            assert!(!is_inert(&raw_lines), "{raw:?} taken for inert");
            assert!(!surely_inert(&raw_lines), "{raw:?} taken for plain text");
            assert!(
                is_inert(&doc(raw)),
                "{raw:?} not made inert: {:?}",
                doc(raw)
            );
        }
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;

    fn doc(leading: &str) -> Vec<String> {
        lines(&Comments {
            leading: Some(leading),
            trailing: None,
        })
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(
            doc(" A list:\n - first item that wraps\n onto a second line\n - second\n"),
            vec![
                " A list:",
                " - first item that wraps",
                "   onto a second line",
                " - second"
            ]
        );
    }

    #[test]
    fn overindented_list_continuations_are_aligned() {
        assert_eq!(
            doc(" 1. A numbered item\n    continued with protoc's indentation.\n\n After."),
            vec![
                " 1. A numbered item",
                "    continued with protoc's indentation.",
                "",
                " After."
            ]
        );
        assert_eq!(
            doc(" * a\n   * nested\n     more\n   back to a\n"),
            vec![" * a", "   * nested", "     more", "     back to a"]
        );
        // googleapis' style: a nested item indented far past its parent's text.
        assert_eq!(
            doc("   * `database:prod`\n          - The name contains \"prod\".\n            of it.\n   * next"),
            vec![
                "    * `database:prod`",
                "      - The name contains \"prod\".",
                "        of it.",
                "    * next"
            ]
        );
    }
}
