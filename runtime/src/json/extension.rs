//! Extensions in JSON (`"[pkg.extension]": value`) for messages that keep unknown fields:
//! an extension's value lives in the message's unknown fields, encoded, and its JSON member
//! is read into them and written from them. Singular scalar extensions only.

use std::collections::BTreeMap;

use prost::encoding::{self, DecodeContext, WireType};
use serde::de::MapAccess;
use serde::ser::{self, SerializeMap};

use super::kinds::{Plain, Seed, SerWith};

/// The scalar type of an extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum ExtensionScalar {
    Int32,
    Int64,
    Uint32,
    Uint64,
    Sint32,
    Sint64,
    Fixed32,
    Fixed64,
    Sfixed32,
    Sfixed64,
    Bool,
    Float,
    Double,
    String,
    Bytes,
}

/// One extension of a message, as generated code lists it.
#[derive(Debug, Clone, Copy)]
pub struct Extension {
    /// The full proto name (`pkg.extension_int32`), as in `"[pkg.extension_int32]"`.
    pub name: &'static str,
    /// The field number.
    pub number: u32,
    /// Its type.
    pub scalar: ExtensionScalar,
}

macro_rules! each_scalar {
    ($scalar:expr, $m:ident, $($arg:expr),*) => {
        match $scalar {
            ExtensionScalar::Int32 => $m!(int32, i32, $($arg),*),
            ExtensionScalar::Int64 => $m!(int64, i64, $($arg),*),
            ExtensionScalar::Uint32 => $m!(uint32, u32, $($arg),*),
            ExtensionScalar::Uint64 => $m!(uint64, u64, $($arg),*),
            ExtensionScalar::Sint32 => $m!(sint32, i32, $($arg),*),
            ExtensionScalar::Sint64 => $m!(sint64, i64, $($arg),*),
            ExtensionScalar::Fixed32 => $m!(fixed32, u32, $($arg),*),
            ExtensionScalar::Fixed64 => $m!(fixed64, u64, $($arg),*),
            ExtensionScalar::Sfixed32 => $m!(sfixed32, i32, $($arg),*),
            ExtensionScalar::Sfixed64 => $m!(sfixed64, i64, $($arg),*),
            ExtensionScalar::Bool => $m!(bool, bool, $($arg),*),
            ExtensionScalar::Float => $m!(float, f32, $($arg),*),
            ExtensionScalar::Double => $m!(double, f64, $($arg),*),
            ExtensionScalar::String => $m!(string, String, $($arg),*),
            ExtensionScalar::Bytes => $m!(bytes, Vec<u8>, $($arg),*),
        }
    };
}

/// Reads the value of extension `ext` from `map` and appends it, encoded, to `unknown`.
pub(crate) fn read<'de, A: MapAccess<'de>>(
    ext: &Extension,
    map: &mut A,
    unknown: &mut Vec<u8>,
) -> Result<(), A::Error> {
    macro_rules! one {
        ($module:ident, $ty:ty, $map:expr, $out:expr) => {{
            if let Some(v) = $map.next_value_seed(Seed::<Plain, $ty>::new())? {
                encoding::$module::encode(ext.number, &v, $out);
            }
            Ok(())
        }};
    }
    each_scalar!(ext.scalar, one, map, unknown)
}

/// Writes the extensions found in `unknown` (the last value of each wins, as on the wire).
pub(crate) fn write<M: SerializeMap>(
    extensions: &[Extension],
    unknown: &[u8],
    map: &mut M,
) -> Result<(), M::Error> {
    // Each extension's last encoded value, by its place in `extensions`.
    let mut last: BTreeMap<usize, &[u8]> = BTreeMap::new();
    let mut buf = unknown;
    while !buf.is_empty() {
        let (number, wire_type) = encoding::decode_key(&mut buf).map_err(ser::Error::custom)?;
        let value_start = buf;
        encoding::skip_field(wire_type, number, &mut buf, DecodeContext::default())
            .map_err(ser::Error::custom)?;
        let found = extensions
            .iter()
            .position(|e| e.number == number && wire_type_of(e.scalar) == wire_type);
        if let Some(i) = found {
            last.insert(i, &value_start[..value_start.len() - buf.len()]);
        }
    }
    for (i, value) in last {
        let ext = &extensions[i];
        let key = format!("[{}]", ext.name);
        macro_rules! one {
            ($module:ident, $ty:ty, $value:expr, $map:expr) => {{
                let mut v = <$ty>::default();
                let mut b = $value;
                let wire = wire_type_of(ext.scalar);
                encoding::$module::merge(wire, &mut v, &mut b, DecodeContext::default())
                    .map_err(ser::Error::custom)?;
                $map.serialize_entry(&key, &SerWith::<Plain, $ty>(&v, std::marker::PhantomData))
            }};
        }
        each_scalar!(ext.scalar, one, value, map)?;
    }
    Ok(())
}

fn wire_type_of(s: ExtensionScalar) -> WireType {
    use ExtensionScalar as S;
    match s {
        S::Int32 | S::Int64 | S::Uint32 | S::Uint64 | S::Sint32 | S::Sint64 | S::Bool => {
            WireType::Varint
        }
        S::Fixed32 | S::Sfixed32 | S::Float => WireType::ThirtyTwoBit,
        S::Fixed64 | S::Sfixed64 | S::Double => WireType::SixtyFourBit,
        S::String | S::Bytes => WireType::LengthDelimited,
    }
}
