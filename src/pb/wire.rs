//! A minimal protobuf wire reader over borrowed bytes, for the parts of a request that are
//! read without decoding them into owned messages: the request's top level (to skip what
//! the generator never reads) and `SourceCodeInfo` (comments are borrowed from the input).

use std::fmt;

/// The input is not valid protobuf wire format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireError(pub String);

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

impl From<prost::DecodeError> for WireError {
    fn from(e: prost::DecodeError) -> Self {
        WireError(e.to_string())
    }
}

/// One field's value as it is on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
    /// A group (wire types 3 and 4), skipped.
    Group,
}

/// Reads fields one after the other.
pub struct Reader<'a> {
    buf: &'a [u8],
    /// How deep in groups, to bound recursion on hostile input.
    depth: u32,
}

const MAX_GROUP_DEPTH: u32 = 100;

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, depth: 0 }
    }

    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.buf.len()
    }

    pub fn varint(&mut self) -> Result<u64, WireError> {
        let mut value = 0u64;
        for i in 0..10 {
            let Some((&byte, rest)) = self.buf.split_first() else {
                return Err(WireError("truncated varint".into()));
            };
            self.buf = rest;
            value |= u64::from(byte & 0x7f) << (7 * i);
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(WireError("varint longer than 10 bytes".into()))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if n > self.buf.len() {
            return Err(WireError(format!(
                "field of {n} bytes with only {} left",
                self.buf.len()
            )));
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Ok(head)
    }

    /// The next field (`None` at the end): its number and value.
    pub fn field(&mut self) -> Result<Option<(u32, Value<'a>)>, WireError> {
        if self.buf.is_empty() {
            return Ok(None);
        }
        let key = self.varint()?;
        let tag = u32::try_from(key >> 3)
            .ok()
            .filter(|&t| t != 0)
            .ok_or_else(|| WireError(format!("invalid field key {key}")))?;
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                let b = self.take(8)?;
                Value::Fixed64(u64::from_le_bytes(b.try_into().unwrap_or_default()))
            }
            2 => {
                let len = usize::try_from(self.varint()?)
                    .map_err(|_| WireError("length does not fit in memory".into()))?;
                Value::Bytes(self.take(len)?)
            }
            3 => {
                self.skip_group(tag)?;
                Value::Group
            }
            5 => {
                let b = self.take(4)?;
                Value::Fixed32(u32::from_le_bytes(b.try_into().unwrap_or_default()))
            }
            w => return Err(WireError(format!("invalid wire type {w} for field {tag}"))),
        };
        Ok(Some((tag, value)))
    }

    fn skip_group(&mut self, tag: u32) -> Result<(), WireError> {
        self.depth += 1;
        if self.depth > MAX_GROUP_DEPTH {
            return Err(WireError("groups nested too deeply".into()));
        }
        loop {
            if self.buf.is_empty() {
                return Err(WireError(format!("group {tag} is not closed")));
            }
            let key = self.varint()?;
            if key & 7 == 4 {
                if key >> 3 != u64::from(tag) {
                    return Err(WireError(format!("group {tag} closed by {}", key >> 3)));
                }
                self.depth -= 1;
                return Ok(());
            }
            self.value_after_key(key)?;
        }
    }

    fn value_after_key(&mut self, key: u64) -> Result<(), WireError> {
        match key & 7 {
            0 => {
                self.varint()?;
            }
            1 => {
                self.take(8)?;
            }
            2 => {
                let len = usize::try_from(self.varint()?)
                    .map_err(|_| WireError("length does not fit in memory".into()))?;
                self.take(len)?;
            }
            3 => self.skip_group(
                u32::try_from(key >> 3).map_err(|_| WireError("invalid group key".into()))?,
            )?,
            5 => {
                self.take(4)?;
            }
            w => return Err(WireError(format!("invalid wire type {w}"))),
        }
        Ok(())
    }
}

/// The `int32` values of a repeated field occurrence, packed or not.
pub fn push_int32s(value: Value<'_>, out: &mut Vec<i32>) -> Result<(), WireError> {
    match value {
        // int32 is sign-extended to 64 bits on the wire; truncation is the decoding.
        Value::Varint(v) => out.push(v as i32),
        Value::Bytes(packed) => {
            let mut r = Reader::new(packed);
            while !r.buf.is_empty() {
                out.push(r.varint()? as i32);
            }
        }
        _ => return Err(WireError("an int32 field with a wrong wire type".into())),
    }
    Ok(())
}

/// A length-delimited field's bytes.
pub fn bytes(value: Value<'_>) -> Result<&[u8], WireError> {
    match value {
        Value::Bytes(b) => Ok(b),
        _ => Err(WireError(
            "a length-delimited field with a wrong wire type".into(),
        )),
    }
}

/// A `string` field's value.
pub fn string(value: Value<'_>) -> Result<&str, WireError> {
    match value {
        Value::Bytes(b) => {
            std::str::from_utf8(b).map_err(|_| WireError("a string field is not UTF-8".into()))
        }
        _ => Err(WireError("a string field with a wrong wire type".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    #[test]
    fn reads_what_prost_writes() {
        let loc = crate::pb::Location {
            path: vec![4, 0, 2, 300],
            span: vec![-1, 7, 9],
            leading_comments: Some("héllo".into()),
            trailing_comments: None,
            leading_detached_comments: vec!["x".into()],
        };
        let bytes = loc.encode_to_vec();
        let mut r = Reader::new(&bytes);
        let mut path = Vec::new();
        let mut span = Vec::new();
        let mut leading = None;
        while let Some((tag, v)) = r.field().unwrap() {
            match tag {
                1 => push_int32s(v, &mut path).unwrap(),
                2 => push_int32s(v, &mut span).unwrap(),
                3 => leading = Some(string(v).unwrap()),
                _ => {}
            }
        }
        assert_eq!(path, loc.path);
        assert_eq!(span, loc.span);
        assert_eq!(leading, Some("héllo"));
    }

    #[test]
    fn groups_are_skipped_and_bad_input_is_an_error() {
        // field 1 varint 5; group 2 { field 3 varint 1 }; field 4 bytes "ab"
        let bytes = [0x08, 5, 0x13, 0x18, 1, 0x14, 0x22, 2, b'a', b'b'];
        let mut r = Reader::new(&bytes);
        assert_eq!(r.field().unwrap(), Some((1, Value::Varint(5))));
        assert_eq!(r.field().unwrap(), Some((2, Value::Group)));
        assert_eq!(r.field().unwrap(), Some((4, Value::Bytes(b"ab"))));
        assert_eq!(r.field().unwrap(), None);

        for bad in [
            &[0x22, 5, b'a'][..],
            &[0x80],
            &[0x13, 0x18],
            &[0x07],
            &[0x00],
        ] {
            assert!(Reader::new(bad).field().is_err(), "{bad:?}");
        }
        let deep: Vec<u8> = std::iter::repeat_n(0x13, 200).collect();
        assert!(Reader::new(&deep).field().is_err());
    }
}
