//! The text forms of the proto3 JSON mapping ("ProtoJSON"): pure functions from values to
//! strings and back, with no serde in sight.
//!
//! The rules follow protobuf's conformance suite (`binary_json_conformance_suite.cc`) and
//! protobuf-go's `encoding/protojson`, which the suite's reference behaviour matches:
//! - [`format_timestamp`] / [`parse_timestamp`]: `google.protobuf.Timestamp` as RFC 3339;
//! - [`format_duration`] / [`parse_duration`]: `google.protobuf.Duration` as `"1.5s"`;
//! - [`format_field_mask`] / [`parse_field_mask`]: `google.protobuf.FieldMask` as
//!   `"fooBar,baz.quxQuux"`;
//! - [`encode_bytes`] / [`decode_bytes`]: `bytes` fields as base64;
//! - [`parse_i32_str`] and friends, [`integral_from_f64`]: integer fields given as JSON strings
//!   or as JSON numbers in float form;
//! - [`parse_f64_str`], [`parse_f32_str`], [`f32_in_range`], [`non_finite_name`]: float fields.
//!
//! Every error is an [`Error`] whose message says what was expected and what was found, ready
//! to be wrapped into a serde error that adds the field path.

use std::borrow::Cow;
use std::fmt;

/// Why a value has no ProtoJSON text form, or a text is not the form that was expected.
///
/// The message (its `Display`) says what was expected and quotes what was found, for example
/// `expected a Duration like "1.5s" (seconds with up to 9 fraction digits and an 's'), found
/// "1.5"`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Cow<'static, str>);

impl Error {
    fn new(message: impl Into<Cow<'static, str>>) -> Self {
        Error(message.into())
    }

    /// The message: what was expected, and what was found.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Error").field(&self.0).finish()
    }
}

impl std::error::Error for Error {}

/// The input quoted for an error message, cut to a readable length.
fn quoted(s: &str) -> String {
    const MAX: usize = 64;
    if s.len() <= MAX {
        return format!("{s:?}");
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{:?}… ({} bytes)", &s[..end], s.len())
}

// ---------------------------------------------------------------------------------------------
// Timestamp

/// The first second a Timestamp can hold: 0001-01-01T00:00:00Z.
pub const TIMESTAMP_MIN_SECONDS: i64 = -62_135_596_800;
/// The last second a Timestamp can hold: 9999-12-31T23:59:59Z.
pub const TIMESTAMP_MAX_SECONDS: i64 = 253_402_300_799;

const SECONDS_PER_DAY: i64 = 86_400;
const NANOS_PER_SECOND: i32 = 1_000_000_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// ASCII text built in a fixed buffer (a Timestamp or a Duration is at most 30 bytes), turned
/// into a `String` with one allocation.
struct Ascii {
    buf: [u8; 32],
    len: usize,
}

impl Ascii {
    fn new() -> Self {
        Ascii {
            buf: [0; 32],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) {
        self.buf[self.len] = byte;
        self.len += 1;
    }

    /// `value` as exactly `width` decimal digits (zero-padded; `value < 10^width`). Divides
    /// by the constant 10 only, which compiles to multiplications.
    fn digits(&mut self, mut value: u64, width: usize) {
        for slot in self.buf[self.len..self.len + width].iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }

    /// The fraction of a second: nothing for 0, else `.` and 3, 6 or 9 digits, the fewest
    /// that hold `nanos` (`0 < nanos < 10^9`) exactly.
    fn fraction(&mut self, nanos: u32) {
        if nanos == 0 {
            return;
        }
        self.push(b'.');
        if nanos.is_multiple_of(1_000_000) {
            self.digits(u64::from(nanos / 1_000_000), 3);
        } else if nanos.is_multiple_of(1_000) {
            self.digits(u64::from(nanos / 1_000), 6);
        } else {
            self.digits(u64::from(nanos), 9);
        }
    }

    fn into_string(self) -> String {
        // Only ASCII was written.
        String::from(std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default())
    }
}

/// A `google.protobuf.Timestamp` as ProtoJSON text: RFC 3339 in UTC with a `Z`, and 0, 3, 6 or
/// 9 fraction digits, for example `"1972-01-01T10:00:20.021Z"`.
///
/// Errors when `seconds` is outside 0001-01-01T00:00:00Z..=9999-12-31T23:59:59Z or `nanos`
/// outside `0..=999_999_999` (a negative `nanos` is an error, as in the conformance suite).
pub fn format_timestamp(seconds: i64, nanos: i32) -> Result<String, Error> {
    if !(TIMESTAMP_MIN_SECONDS..=TIMESTAMP_MAX_SECONDS).contains(&seconds) {
        return Err(Error::new(format!(
            "expected a Timestamp between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z \
             (seconds {TIMESTAMP_MIN_SECONDS}..={TIMESTAMP_MAX_SECONDS}), found seconds {seconds}"
        )));
    }
    if !(0..NANOS_PER_SECOND).contains(&nanos) {
        return Err(Error::new(format!(
            "expected a Timestamp's nanos in 0..=999999999, found {nanos}"
        )));
    }
    let days = seconds.div_euclid(SECONDS_PER_DAY);
    let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY) as u64;
    let (year, month, day) = civil_from_days(days);
    let mut out = Ascii::new();
    out.digits(year as u64, 4);
    out.push(b'-');
    out.digits(u64::from(month), 2);
    out.push(b'-');
    out.digits(u64::from(day), 2);
    out.push(b'T');
    out.digits(second_of_day / 3600, 2);
    out.push(b':');
    out.digits(second_of_day / 60 % 60, 2);
    out.push(b':');
    out.digits(second_of_day % 60, 2);
    out.fraction(nanos as u32);
    out.push(b'Z');
    Ok(out.into_string())
}

/// A cursor over ASCII text for the small grammars below.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(s: &'a str) -> Self {
        Cursor {
            bytes: s.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    /// Consumes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `count` digits as a number.
    fn fixed_digits(&mut self, count: usize) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + count)?;
        let mut value = 0u32;
        for &b in digits {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos += count;
        Some(value)
    }

    /// The longest run of digits (possibly empty).
    fn digit_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }
}

/// `.` followed by 1 to 9 digits, as nanoseconds; `None` (nothing consumed) without a `.`,
/// `Some(None)` when the digits are missing or more than 9.
fn fraction_nanos(cursor: &mut Cursor<'_>) -> Option<Option<i32>> {
    if !cursor.eat(b'.') {
        return None;
    }
    let digits = cursor.digit_run();
    if digits.is_empty() || digits.len() > 9 {
        return Some(None);
    }
    Some(Some(digits_to_nanos(digits)))
}

/// Up to 9 fraction digits as nanoseconds (`b"5"` is 500000000).
fn digits_to_nanos(digits: &[u8]) -> i32 {
    let mut nanos = 0i32;
    for &b in digits {
        nanos = nanos * 10 + i32::from(b - b'0');
    }
    nanos * 10i32.pow(9 - digits.len() as u32)
}

const TIMESTAMP_FORM: &str =
    "an RFC 3339 Timestamp like \"1972-01-01T10:00:20.021Z\" (uppercase 'T', 0 to 9 fraction \
     digits, 'Z' or an offset like \"+08:00\")";

/// Parses a `google.protobuf.Timestamp` from ProtoJSON text: RFC 3339
/// `YYYY-MM-DDThh:mm:ss[.f]Z` with 1 to 9 fraction digits and `Z` or a `±hh:mm` offset
/// (uppercase `T` and `Z`; no leap second `60`), returning `(seconds, nanos)` since the Unix
/// epoch in UTC with `0 <= nanos < 10^9`.
///
/// Errors on any other form and on instants (after applying the offset) outside
/// 0001-01-01T00:00:00Z..=9999-12-31T23:59:59.999999999Z.
pub fn parse_timestamp(s: &str) -> Result<(i64, i32), Error> {
    let invalid = || Error::new(format!("expected {TIMESTAMP_FORM}, found {}", quoted(s)));
    let mut c = Cursor::new(s);
    let year = c.fixed_digits(4).ok_or_else(invalid)?;
    if !c.eat(b'-') {
        return Err(invalid());
    }
    let month = c.fixed_digits(2).ok_or_else(invalid)?;
    if !c.eat(b'-') {
        return Err(invalid());
    }
    let day = c.fixed_digits(2).ok_or_else(invalid)?;
    if !c.eat(b'T') {
        return Err(invalid());
    }
    let hour = c.fixed_digits(2).ok_or_else(invalid)?;
    if !c.eat(b':') {
        return Err(invalid());
    }
    let minute = c.fixed_digits(2).ok_or_else(invalid)?;
    if !c.eat(b':') {
        return Err(invalid());
    }
    let second = c.fixed_digits(2).ok_or_else(invalid)?;
    let nanos = match fraction_nanos(&mut c) {
        None => 0,
        Some(Some(nanos)) => nanos,
        Some(None) => return Err(invalid()),
    };
    let offset_seconds = match c.peek() {
        Some(b'Z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let offset_hour = c.fixed_digits(2).ok_or_else(invalid)?;
            if !c.eat(b':') {
                return Err(invalid());
            }
            let offset_minute = c.fixed_digits(2).ok_or_else(invalid)?;
            if offset_hour > 23 || offset_minute > 59 {
                return Err(Error::new(format!(
                    "expected a Timestamp's UTC offset between -23:59 and +23:59, found {}",
                    quoted(s)
                )));
            }
            let offset = i64::from(offset_hour * 3600 + offset_minute * 60);
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return Err(invalid()),
    };
    if !c.at_end() {
        return Err(invalid());
    }
    let year = i64::from(year);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(Error::new(format!(
            "expected a Timestamp with a valid date and time of day (month 01-12, a day that \
             exists in that month, hour 00-23, minute and second 00-59), found {}",
            quoted(s)
        )));
    }
    let seconds = days_from_civil(year, month, day) * SECONDS_PER_DAY
        + i64::from(hour * 3600 + minute * 60 + second)
        - offset_seconds;
    if !(TIMESTAMP_MIN_SECONDS..=TIMESTAMP_MAX_SECONDS).contains(&seconds) {
        return Err(Error::new(format!(
            "expected a Timestamp between 0001-01-01T00:00:00Z and \
             9999-12-31T23:59:59.999999999Z, found {}",
            quoted(s)
        )));
    }
    Ok((seconds, nanos))
}

// ---------------------------------------------------------------------------------------------
// Duration

/// The largest magnitude of a Duration's seconds: 10,000 years of 365.25 days.
pub const DURATION_MAX_SECONDS: i64 = 315_576_000_000;

/// A `google.protobuf.Duration` as ProtoJSON text: seconds with 0, 3, 6 or 9 fraction digits and
/// an `s`, negative durations with a leading `-`: `"1.5s"`, `"-0.5s"`, `"3s"`, `"0.000000001s"`.
///
/// Errors when `|seconds| > 315576000000`, `|nanos| > 999999999`, or `seconds` and `nanos`
/// have different signs (a zero has either sign).
pub fn format_duration(seconds: i64, nanos: i32) -> Result<String, Error> {
    if !(-DURATION_MAX_SECONDS..=DURATION_MAX_SECONDS).contains(&seconds) {
        return Err(Error::new(format!(
            "expected a Duration's seconds in -{DURATION_MAX_SECONDS}..={DURATION_MAX_SECONDS}, \
             found {seconds}"
        )));
    }
    if nanos <= -NANOS_PER_SECOND || nanos >= NANOS_PER_SECOND {
        return Err(Error::new(format!(
            "expected a Duration's nanos in -999999999..=999999999, found {nanos}"
        )));
    }
    if (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0) {
        return Err(Error::new(format!(
            "expected a Duration's seconds and nanos to have the same sign, found seconds \
             {seconds} and nanos {nanos}"
        )));
    }
    let mut out = Ascii::new();
    if seconds < 0 || nanos < 0 {
        out.push(b'-');
    }
    // At most 12 digits (the range check above).
    let magnitude = seconds.unsigned_abs();
    let width = magnitude.checked_ilog10().map_or(1, |log| log as usize + 1);
    out.digits(magnitude, width);
    out.fraction(nanos.unsigned_abs());
    out.push(b's');
    Ok(out.into_string())
}

const DURATION_FORM: &str =
    "a Duration like \"1.5s\" or \"-0.000000001s\" (an optional sign, whole seconds without \
     leading zeros, an optional '.' with up to 9 digits, then 's')";

/// Parses a `google.protobuf.Duration` from ProtoJSON text (`"1.5s"`, `"-0.5s"`, `"3s"`),
/// returning `(seconds, nanos)` with the sign of the text on both (`"-1.5s"` is
/// `(-1, -500000000)`, `"-0.5s"` is `(0, -500000000)`).
///
/// The grammar is protobuf-go's: an optional `-` or `+`, whole seconds without leading zeros
/// (`0` or `[1-9][0-9]*`, which may be left out before a `.`), an optional `.` with 0 to 9
/// digits, and `s` (so `"+1s"`, `".5s"` and `"1.s"` are read too). Errors on anything else and
/// on `|seconds| > 315576000000`.
pub fn parse_duration(s: &str) -> Result<(i64, i32), Error> {
    let invalid = || Error::new(format!("expected {DURATION_FORM}, found {}", quoted(s)));
    let mut c = Cursor::new(s);
    let negative = c.eat(b'-') || {
        c.eat(b'+');
        false
    };
    let whole = c.digit_run();
    if (whole.len() > 1 && whole[0] == b'0') || (whole.is_empty() && c.peek() != Some(b'.')) {
        return Err(invalid());
    }
    let nanos = if c.eat(b'.') {
        let digits = c.digit_run();
        if digits.len() > 9 {
            return Err(invalid());
        }
        digits_to_nanos(digits)
    } else {
        0
    };
    if !c.eat(b's') || !c.at_end() {
        return Err(invalid());
    }
    let out_of_range = || {
        Error::new(format!(
            "expected a Duration between -315576000000.999999999s and 315576000000.999999999s, \
             found {}",
            quoted(s)
        ))
    };
    // More than 12 digits is out of range; fewer cannot overflow.
    if whole.len() > 12 {
        return Err(out_of_range());
    }
    let seconds = whole
        .iter()
        .fold(0i64, |acc, &b| acc * 10 + i64::from(b - b'0'));
    if seconds > DURATION_MAX_SECONDS {
        return Err(out_of_range());
    }
    Ok(if negative {
        (-seconds, -nanos)
    } else {
        (seconds, nanos)
    })
}

// ---------------------------------------------------------------------------------------------
// FieldMask

/// A path's JSON (lowerCamelCase) form: each `_` dropped and a lowercase letter after it
/// uppercased (protobuf-go's `JSONCamelCase`).
fn camel_case(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut after_underscore = false;
    for c in path.chars() {
        if c != '_' {
            out.push(if after_underscore {
                c.to_ascii_uppercase()
            } else {
                c
            });
        }
        after_underscore = c == '_';
    }
    out
}

/// A JSON path's proto (snake_case) form: each uppercase ASCII letter becomes `_` and its
/// lowercase (protobuf-go's `JSONSnakeCase`).
fn snake_case(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `path` is dot-separated identifiers (`[A-Za-z_][A-Za-z0-9_]*`), the form of a
/// field path (protobuf's full-name rule).
fn is_field_path(path: &str) -> bool {
    path.split('.').all(|ident| {
        let mut bytes = ident.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// A `google.protobuf.FieldMask` as ProtoJSON text: each path in lowerCamelCase
/// (`foo_bar.baz_qux` → `fooBar.bazQux`), joined by `,`; no paths is `""`.
///
/// Errors when a path is not dot-separated identifiers, or its camel-case form would not turn
/// back into the same path (`"fooBar"`, `"foo__bar"`, `"foo_bar_"`, `"foo_3_bar"`), since a
/// reader could not recover it.
pub fn format_field_mask(paths: &[String]) -> Result<String, Error> {
    let mut out = String::new();
    for (i, path) in paths.iter().enumerate() {
        if !is_field_path(path) {
            return Err(Error::new(format!(
                "expected a FieldMask path of dot-separated field names like \"foo_bar.baz\", \
                 found {}",
                quoted(path)
            )));
        }
        let camel = camel_case(path);
        if snake_case(&camel) != *path {
            return Err(Error::new(format!(
                "expected a FieldMask path in lower snake_case that survives the JSON \
                 lowerCamelCase round trip (no uppercase letters, no '_' before a digit, \
                 doubled or at the end), found {} (its JSON form {} reads back as {})",
                quoted(path),
                quoted(&camel),
                quoted(&snake_case(&camel))
            )));
        }
        if i > 0 {
            out.push(',');
        }
        out.push_str(&camel);
    }
    Ok(out)
}

/// Parses a `google.protobuf.FieldMask` from ProtoJSON text: comma-separated lowerCamelCase
/// paths (`"fooBar,baz.quxQuux"` → `["foo_bar", "baz.qux_quux"]`); `""` (or only whitespace)
/// is no paths.
///
/// Errors when a path contains `_` (the JSON form is camel case) or is not dot-separated
/// identifiers once converted (an empty path, as in `"a,,b"`, included).
pub fn parse_field_mask(s: &str) -> Result<Vec<String>, Error> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    trimmed
        .split(',')
        .map(|json_path| {
            let path = snake_case(json_path);
            if json_path.contains('_') || !is_field_path(&path) {
                Err(Error::new(format!(
                    "expected a FieldMask of comma-separated lowerCamelCase paths like \
                     \"fooBar,baz.quxQuux\", found the path {} in {}",
                    quoted(json_path),
                    quoted(s)
                )))
            } else {
                Ok(path)
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// bytes

/// The base64 decoders: any padding, trailing bits ignored (like protobuf-go).
const LENIENT: base64::engine::GeneralPurposeConfig = base64::engine::GeneralPurposeConfig::new()
    .with_decode_allow_trailing_bits(true)
    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent);
const STANDARD_DECODER: base64::engine::GeneralPurpose =
    base64::engine::GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE_DECODER: base64::engine::GeneralPurpose =
    base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// A `bytes` value as ProtoJSON text: standard base64 (RFC 4648 §4) with padding.
pub fn encode_bytes(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}

/// Parses a `bytes` value from ProtoJSON text: standard (`+/`) or URL-safe (`-_`) base64, with
/// or without `=` padding (the alphabet is chosen the way protobuf-go does: URL-safe when the
/// text has a `-` or `_`).
///
/// Errors on characters outside the alphabet, mixed alphabets, padding on text whose length is
/// not a multiple of 4, and impossible lengths.
pub fn decode_bytes(s: &str) -> Result<Vec<u8>, Error> {
    use base64::Engine as _;
    let invalid = || {
        Error::new(format!(
            "expected base64 (standard or URL-safe alphabet, padding optional), found {}",
            quoted(s)
        ))
    };
    if !s.len().is_multiple_of(4) && s.ends_with('=') {
        return Err(invalid());
    }
    // The standard alphabet first: it fails on any '-' or '_', and only then is the text
    // URL-safe (scanning for them first would cost a pass over every standard text).
    match STANDARD_DECODER.decode(s) {
        Ok(bytes) => Ok(bytes),
        Err(_) if s.bytes().any(|b| b == b'-' || b == b'_') => {
            URL_SAFE_DECODER.decode(s).map_err(|_| invalid())
        }
        Err(_) => Err(invalid()),
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// An integer type of a proto field: `i32` (int32, sint32, sfixed32), `i64`, `u32`, `u64`.
pub trait Integral: Copy + Sized + sealed::Sealed {
    /// The proto name for error messages.
    const NAME: &'static str;
    /// The value of a whole number in range.
    fn from_i128(value: i128) -> Option<Self>;
    /// The value of an integral, finite `f64`, when in range.
    fn from_integral_f64(value: f64) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for i32 {}
    impl Sealed for i64 {}
    impl Sealed for u32 {}
    impl Sealed for u64 {}
}

macro_rules! integral {
    ($t:ty, $name:literal, $min:expr, $max_exclusive:expr) => {
        impl Integral for $t {
            const NAME: &'static str = $name;
            fn from_i128(value: i128) -> Option<Self> {
                <$t>::try_from(value).ok()
            }
            fn from_integral_f64(value: f64) -> Option<Self> {
                // Both bounds are exact in f64 (powers of two, or zero).
                ($min..$max_exclusive).contains(&value).then(|| value as $t)
            }
        }
    };
}
integral!(i32, "int32", -2_147_483_648.0, 2_147_483_648.0);
integral!(
    i64,
    "int64",
    -9_223_372_036_854_775_808.0,
    9_223_372_036_854_775_808.0
);
integral!(u32, "uint32", 0.0, 4_294_967_296.0);
integral!(u64, "uint64", 0.0, 18_446_744_073_709_551_616.0);

/// The parts of a JSON number (RFC 8259 §6: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
struct NumberParts<'a> {
    negative: bool,
    /// The integer and fraction digits, in order.
    int_digits: &'a [u8],
    frac_digits: &'a [u8],
    /// The exponent, saturated to ±(i64::MAX / 2).
    exponent: i64,
}

fn json_number(s: &str) -> Option<NumberParts<'_>> {
    let mut c = Cursor::new(s);
    let negative = c.eat(b'-');
    let int_digits = c.digit_run();
    if int_digits.is_empty() || (int_digits.len() > 1 && int_digits[0] == b'0') {
        return None;
    }
    let mut frac_digits: &[u8] = &[];
    if c.eat(b'.') {
        frac_digits = c.digit_run();
        if frac_digits.is_empty() {
            return None;
        }
    }
    let mut exponent = 0i64;
    if c.eat(b'e') || c.eat(b'E') {
        let exp_negative = if c.eat(b'-') {
            true
        } else {
            c.eat(b'+');
            false
        };
        let digits = c.digit_run();
        if digits.is_empty() {
            return None;
        }
        const LIMIT: i64 = i64::MAX / 2;
        for &b in digits {
            exponent = exponent
                .saturating_mul(10)
                .saturating_add(i64::from(b - b'0'))
                .min(LIMIT);
        }
        if exp_negative {
            exponent = -exponent;
        }
    }
    c.at_end().then_some(NumberParts {
        negative,
        int_digits,
        frac_digits,
        exponent,
    })
}

enum IntegerText {
    NotANumber,
    NotIntegral,
    /// Integral, but beyond any 64-bit integer.
    TooLarge,
    Value(i128),
}

/// The integer a JSON number text stands for, exactly (no float rounding).
fn integer_text(s: &str) -> IntegerText {
    let Some(parts) = json_number(s) else {
        return IntegerText::NotANumber;
    };
    // The significant digits: integer then fraction digits, without leading zeros; the value
    // is digits × 10^exponent.
    let mut digits: Vec<u8> = parts
        .int_digits
        .iter()
        .chain(parts.frac_digits)
        .copied()
        .collect();
    let mut exponent = parts.exponent - parts.frac_digits.len() as i64;
    let leading = digits.iter().take_while(|&&b| b == b'0').count();
    digits.drain(..leading);
    if digits.is_empty() {
        return IntegerText::Value(0);
    }
    while digits.last() == Some(&b'0') {
        digits.pop();
        exponent += 1;
    }
    if exponent < 0 {
        return IntegerText::NotIntegral;
    }
    // 20 digits hold every u64; more is out of range for every integer field.
    if digits.len() as i64 + exponent > 20 {
        return IntegerText::TooLarge;
    }
    let mut magnitude: i128 = 0;
    for &b in &digits {
        magnitude = magnitude * 10 + i128::from(b - b'0');
    }
    for _ in 0..exponent {
        magnitude *= 10;
    }
    IntegerText::Value(if parts.negative {
        -magnitude
    } else {
        magnitude
    })
}

/// Parses an integer field's value from a quoted JSON number: integer text (`"123"`, `"-0"`),
/// or decimal or exponent text whose value is whole (`"1e5"`, `"1.0"`, `"1.5e1"`), in the range
/// of `T`.
///
/// Errors on anything that is not a JSON number (a leading `+` or `0`, whitespace, `""`), on
/// fractions (`"1.5"`) and on values out of range. The value is computed from the text exactly,
/// never through a float.
pub fn parse_integral_str<T: Integral>(s: &str) -> Result<T, Error> {
    match integer_text(s) {
        IntegerText::Value(value) => T::from_i128(value).ok_or_else(|| {
            Error::new(format!(
                "expected a {} in range, found {}",
                T::NAME,
                quoted(s)
            ))
        }),
        IntegerText::TooLarge => Err(Error::new(format!(
            "expected a {} in range, found {}",
            T::NAME,
            quoted(s)
        ))),
        IntegerText::NotIntegral => Err(Error::new(format!(
            "expected a whole number for a {}, found {}",
            T::NAME,
            quoted(s)
        ))),
        IntegerText::NotANumber => Err(Error::new(format!(
            "expected a {} as a number or a string holding a JSON number (no spaces, no \
             leading '+' or zeros), found {}",
            T::NAME,
            quoted(s)
        ))),
    }
}

/// [`parse_integral_str`] for `int32`, `sint32` and `sfixed32` fields (and enum numbers).
pub fn parse_i32_str(s: &str) -> Result<i32, Error> {
    parse_integral_str(s)
}

/// [`parse_integral_str`] for `int64`, `sint64` and `sfixed64` fields.
pub fn parse_i64_str(s: &str) -> Result<i64, Error> {
    parse_integral_str(s)
}

/// [`parse_integral_str`] for `uint32` and `fixed32` fields.
pub fn parse_u32_str(s: &str) -> Result<u32, Error> {
    parse_integral_str(s)
}

/// [`parse_integral_str`] for `uint64` and `fixed64` fields.
pub fn parse_u64_str(s: &str) -> Result<u64, Error> {
    parse_integral_str(s)
}

/// An integer field's value from an unquoted JSON number that the JSON reader gave as a float
/// (`1e5`, `100000.000`, `2.147483647e9`): whole and in the range of `T`.
///
/// Errors on fractions, non-finite values and values out of range. A reader that keeps the
/// number's text should prefer [`parse_integral_str`] on it, which is exact for every 64-bit
/// value.
pub fn integral_from_f64<T: Integral>(v: f64) -> Result<T, Error> {
    if !v.is_finite() || v.fract() != 0.0 {
        return Err(Error::new(format!(
            "expected a whole number for a {}, found {v}",
            T::NAME
        )));
    }
    T::from_integral_f64(v)
        .ok_or_else(|| Error::new(format!("expected a {} in range, found {v}", T::NAME)))
}

/// The ProtoJSON string of a non-finite float: `"NaN"`, `"Infinity"` or `"-Infinity"`; `None`
/// for finite values, which are written as JSON numbers.
pub fn non_finite_name(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

fn special_float(s: &str) -> Option<f64> {
    match s {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

/// Parses a `double` field's value from a JSON string: `"NaN"`, `"Infinity"`, `"-Infinity"`, or
/// a JSON number (`"1"`, `"-2.5e-3"`).
///
/// Errors on any other text (`"nan"`, `"inf"`, `"+1"`, `".5"`, `" 1"`, `""`) and on numbers
/// beyond the range of `f64` (`"1e400"`).
pub fn parse_f64_str(s: &str) -> Result<f64, Error> {
    if let Some(v) = special_float(s) {
        return Ok(v);
    }
    let not_a_number = || {
        Error::new(format!(
            "expected a double as a number or a string holding a JSON number, \"NaN\", \
             \"Infinity\" or \"-Infinity\", found {}",
            quoted(s)
        ))
    };
    json_number(s).ok_or_else(not_a_number)?;
    let v: f64 = s.parse().map_err(|_| not_a_number())?;
    if v.is_infinite() {
        return Err(Error::new(format!(
            "expected a double in range (magnitude at most 1.7976931348623157e308), found {}",
            quoted(s)
        )));
    }
    Ok(v)
}

/// Parses a `float` field's value from a JSON string, like [`parse_f64_str`] but in the range of
/// `f32` (`"3.5e38"` is an error; values are rounded to the nearest `f32`).
pub fn parse_f32_str(s: &str) -> Result<f32, Error> {
    if let Some(v) = special_float(s) {
        return Ok(v as f32);
    }
    let not_a_number = || {
        Error::new(format!(
            "expected a float as a number or a string holding a JSON number, \"NaN\", \
             \"Infinity\" or \"-Infinity\", found {}",
            quoted(s)
        ))
    };
    json_number(s).ok_or_else(not_a_number)?;
    let v: f32 = s.parse().map_err(|_| not_a_number())?;
    if v.is_infinite() {
        return Err(float_out_of_range(&quoted(s)));
    }
    Ok(v)
}

fn float_out_of_range(found: &str) -> Error {
    Error::new(format!(
        "expected a float in range (magnitude at most 3.4028235e38), found {found}"
    ))
}

/// A `float` field's value from a JSON number read as `f64`: rounded to the nearest `f32`;
/// an error when a finite value rounds to infinity (`3.5e38`). Non-finite values (from the
/// strings `"NaN"`, `"Infinity"`, `"-Infinity"`) pass through.
pub fn f32_in_range(v: f64) -> Result<f32, Error> {
    let narrowed = v as f32;
    if narrowed.is_infinite() && v.is_finite() {
        return Err(float_out_of_range(&format!("{v:e}")));
    }
    Ok(narrowed)
}

#[cfg(test)]
mod tests;
