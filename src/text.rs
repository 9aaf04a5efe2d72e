//! Small text helpers shared by every stage: Rust literals, and the characters that must
//! never reach generated source as they are.

/// A string literal as quote writes it (`"…"` with Rust escapes).
pub fn string_literal(s: &str) -> String {
    proc_macro2::Literal::string(s).to_string()
}

/// A byte string literal as quote writes it.
pub fn byte_string_literal(b: &[u8]) -> String {
    proc_macro2::Literal::byte_string(b).to_string()
}

/// Controls, bidirectional overrides and isolates, and zero-width characters: text that
/// must not reach generated source as it is.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}
