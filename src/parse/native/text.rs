//! Literals as protoc's tokenizer reads them, and numbers written back as protoc writes them.

/// The bytes of a string literal token (quotes included), escapes resolved as protoc
/// resolves them; `Err` names the problem.
pub fn unescape(token: &str, out: &mut Vec<u8>) -> Result<(), &'static str> {
    let bytes = token.as_bytes();
    let inner = &bytes[1..bytes.len().saturating_sub(1).max(1)];
    let mut i = 0;
    while i < inner.len() {
        let b = inner[i];
        if b != b'\\' {
            out.push(b);
            i += 1;
            continue;
        }
        i += 1;
        let Some(&e) = inner.get(i) else {
            return Err("Invalid escape sequence in string literal.");
        };
        i += 1;
        match e {
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'v' => out.push(11),
            b'\\' | b'?' | b'\'' | b'"' => out.push(e),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match inner.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 2 {
                    match inner.get(i).and_then(|d| (*d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                            n += 1;
                        }
                        None => break,
                    }
                }
                if n == 0 {
                    return Err("Expected hex digits for escape sequence.");
                }
                out.push(v as u8);
            }
            b'u' | b'U' => {
                let len = if e == b'u' { 4 } else { 8 };
                let digits = inner
                    .get(i..i + len)
                    .ok_or("Expected four hex digits for \\u escape sequence.")?;
                let text = std::str::from_utf8(digits)
                    .map_err(|_| "Invalid escape sequence in string literal.")?;
                let mut v = u32::from_str_radix(text, 16)
                    .map_err(|_| "Expected hex digits for escape sequence.")?;
                i += len;
                if (0xD800..0xDC00).contains(&v) {
                    // A high surrogate: combined with a following \u low surrogate.
                    if inner.get(i) == Some(&b'\\') && inner.get(i + 1) == Some(&b'u') {
                        if let Some(low) = inner
                            .get(i + 2..i + 6)
                            .and_then(|d| std::str::from_utf8(d).ok())
                            .and_then(|t| u32::from_str_radix(t, 16).ok())
                            .filter(|l| (0xDC00..0xE000).contains(l))
                        {
                            v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00);
                            i += 6;
                        }
                    }
                }
                if v > 0x10FFFF {
                    return Err("Invalid escape sequence in string literal.");
                }
                push_utf8(v, out);
            }
            _ => return Err("Invalid escape sequence in string literal."),
        }
    }
    Ok(())
}

/// UTF-8 of a code point, surrogates included (as protoc writes a lone one).
fn push_utf8(v: u32, out: &mut Vec<u8>) {
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x800 {
        out.extend_from_slice(&[0xC0 | (v >> 6) as u8, 0x80 | (v & 0x3F) as u8]);
    } else if v < 0x10000 {
        out.extend_from_slice(&[
            0xE0 | (v >> 12) as u8,
            0x80 | ((v >> 6) & 0x3F) as u8,
            0x80 | (v & 0x3F) as u8,
        ]);
    } else {
        out.extend_from_slice(&[
            0xF0 | (v >> 18) as u8,
            0x80 | ((v >> 12) & 0x3F) as u8,
            0x80 | ((v >> 6) & 0x3F) as u8,
            0x80 | (v & 0x3F) as u8,
        ]);
    }
}

/// Whether a number token is a float (protoc's TYPE_FLOAT) rather than an integer.
pub fn is_float(text: &str) -> bool {
    let hex = text.len() > 1 && (text.starts_with("0x") || text.starts_with("0X"));
    !hex && text.contains(['.', 'e', 'E'])
}

/// An integer token's value (decimal, 0x hex, 0 octal), if it is at most `max`.
pub fn parse_integer(text: &str, max: u64) -> Option<u64> {
    let (digits, radix) =
        if let Some(h) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            (h, 16)
        } else if text.len() > 1 && text.starts_with('0') {
            (&text[1..], 8)
        } else {
            (text, 10)
        };
    if digits.is_empty() {
        return None;
    }
    let v = u64::from_str_radix(digits, radix).ok()?;
    (v <= max).then_some(v)
}

/// A float token's value, as strtod reads it.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_end_matches(['f', 'F']);
    let t = if t.ends_with(['e', 'E']) {
        &t[..t.len() - 1]
    } else {
        t
    };
    t.parse::<f64>().ok()
}

/// printf's `%.{precision}g`.
fn format_g(v: f64, precision: usize) -> String {
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let sci = format!("{:.*e}", precision - 1, v);
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is a number");
    if exp < -4 || exp >= precision as i32 {
        let m = strip_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{m}e{sign}{:02}", exp.abs())
    } else {
        let decimals = (precision as i32 - 1 - exp).max(0) as usize;
        strip_zeros(&format!("{v:.decimals$}")).to_owned()
    }
}

fn strip_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// protoc's `SimpleDtoa`: the shortest of 15 or 17 significant digits that reads back.
pub fn simple_dtoa(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let s = format_g(v, 15);
    if s.parse::<f64>().ok() == Some(v) {
        s
    } else {
        format_g(v, 17)
    }
}

/// protoc's `SimpleFtoa`: 6 or 9 significant digits.
pub fn simple_ftoa(v: f32) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let s = format_g(f64::from(v), 6);
    if s.parse::<f32>().ok() == Some(v) {
        s
    } else {
        format_g(f64::from(v), 9)
    }
}

/// protoc's float default: a double narrowed to float, saturating at the float range.
pub fn double_to_float(v: f64) -> f32 {
    if v > f64::from(f32::MAX) {
        f32::INFINITY
    } else if v < -f64::from(f32::MAX) {
        f32::NEG_INFINITY
    } else {
        v as f32
    }
}

/// absl's `CEscape`: how protoc writes a bytes default.
pub fn c_escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            b'"' => s.push_str("\\\""),
            b'\'' => s.push_str("\\'"),
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\{b:03o}")),
        }
    }
    s
}

/// protoc's `ToJsonName`: underscores dropped, the letter after each one upper-cased.
pub fn json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// protoc's map entry name: `foo_bar` → `FooBarEntry`.
pub fn map_entry_name(field: &str) -> String {
    let mut out = String::with_capacity(field.len() + 5);
    let mut upper = true;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out.push_str("Entry");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_protoc_writes_them() {
        assert_eq!(simple_dtoa(9e9), "9000000000");
        assert_eq!(simple_dtoa(1e300), "1e+300");
        assert_eq!(simple_dtoa(0.1), "0.1");
        assert_eq!(simple_dtoa(1.5e-7), "1.5e-07");
        assert_eq!(simple_dtoa(-0.0), "-0");
        assert_eq!(simple_ftoa(double_to_float(1e-300)), "0");
        assert_eq!(simple_ftoa(double_to_float(9e9)), "9e+09");
        assert_eq!(simple_ftoa(0.1), "0.1");
        assert_eq!(simple_ftoa(double_to_float(1e39)), "inf");
        assert_eq!(parse_integer("0x10", u64::MAX), Some(16));
        assert_eq!(parse_integer("010", u64::MAX), Some(8));
        assert_eq!(parse_integer("2147483648", i32::MAX as u64), None);
    }

    #[test]
    fn escapes() {
        let mut v = Vec::new();
        unescape(r#""\u00e9\001\x41\n\"\U0001F600""#, &mut v).unwrap();
        assert_eq!(v, "é\u{1}A\n\"😀".as_bytes());
        assert_eq!(c_escape("é\u{1}".as_bytes()), "\\303\\251\\001");
        assert_eq!(json_name("foo_bar_baz"), "fooBarBaz");
        assert_eq!(map_entry_name("my_map"), "MyMapEntry");
    }
}
