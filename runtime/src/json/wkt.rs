//! prost-types' well-known types and their special JSON forms. The wrappers are plain Rust
//! values in prost-types (`Option<i32>` for an `Int32Value` field) and `Empty` is `()`, so
//! the scalars' forms cover them.
//!
//! Generated well-known types (`compile_well_known_types`) go through the same functions,
//! over the traits [`TimestampLike`], [`DurationLike`], … that both implement.

use std::collections::BTreeMap;
use std::fmt;

use prost_types::value::Kind as ValueKind;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};

use super::kinds::{JsonEnum, ProtoJson};
use super::text;

/// A `google.protobuf.Timestamp`: seconds and nanos.
pub trait TimestampLike: Sized {
    /// The seconds and nanos.
    fn parts(&self) -> (i64, i32);
    /// A value from seconds and nanos.
    fn from_parts(seconds: i64, nanos: i32) -> Self;
}

/// A `google.protobuf.Duration`: seconds and nanos.
pub trait DurationLike: Sized {
    /// The seconds and nanos.
    fn parts(&self) -> (i64, i32);
    /// A value from seconds and nanos.
    fn from_parts(seconds: i64, nanos: i32) -> Self;
}

/// A `google.protobuf.FieldMask`: its paths.
pub trait FieldMaskLike: Sized {
    /// The paths.
    fn paths(&self) -> &[String];
    /// A value from paths.
    fn from_paths(paths: Vec<String>) -> Self;
}

impl TimestampLike for prost_types::Timestamp {
    fn parts(&self) -> (i64, i32) {
        (self.seconds, self.nanos)
    }
    fn from_parts(seconds: i64, nanos: i32) -> Self {
        prost_types::Timestamp { seconds, nanos }
    }
}

impl DurationLike for prost_types::Duration {
    fn parts(&self) -> (i64, i32) {
        (self.seconds, self.nanos)
    }
    fn from_parts(seconds: i64, nanos: i32) -> Self {
        prost_types::Duration { seconds, nanos }
    }
}

impl FieldMaskLike for prost_types::FieldMask {
    fn paths(&self) -> &[String] {
        &self.paths
    }
    fn from_paths(paths: Vec<String>) -> Self {
        prost_types::FieldMask { paths }
    }
}

/// Reads a string and converts it with `parse`.
fn de_text<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &'static str,
    parse: fn(&str) -> Result<T, text::Error>,
) -> Result<T, D::Error> {
    struct V<T>(&'static str, fn(&str) -> Result<T, text::Error>);
    impl<T> Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(V(what, parse))
}

/// Writes a Timestamp (`"1972-01-01T10:00:20.021Z"`).
pub fn serialize_timestamp<T: TimestampLike, S: Serializer>(
    v: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    let (seconds, nanos) = v.parts();
    let text = text::format_timestamp(seconds, nanos).map_err(S::Error::custom)?;
    s.serialize_str(&text)
}

/// Reads a Timestamp.
pub fn deserialize_timestamp<'de, T: TimestampLike, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let (seconds, nanos) = de_text(d, "an RFC 3339 timestamp string", text::parse_timestamp)?;
    Ok(T::from_parts(seconds, nanos))
}

/// Writes a Duration (`"1.5s"`).
pub fn serialize_duration<T: DurationLike, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    let (seconds, nanos) = v.parts();
    let text = text::format_duration(seconds, nanos).map_err(S::Error::custom)?;
    s.serialize_str(&text)
}

/// Reads a Duration.
pub fn deserialize_duration<'de, T: DurationLike, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let (seconds, nanos) = de_text(
        d,
        "a duration string such as \"1.5s\"",
        text::parse_duration,
    )?;
    Ok(T::from_parts(seconds, nanos))
}

/// Writes a FieldMask (`"a.b,c"`).
pub fn serialize_field_mask<T: FieldMaskLike, S: Serializer>(
    v: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    let text = text::format_field_mask(v.paths()).map_err(S::Error::custom)?;
    s.serialize_str(&text)
}

/// Reads a FieldMask.
pub fn deserialize_field_mask<'de, T: FieldMaskLike, D: Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    let paths = de_text(
        d,
        "a field mask string such as \"a.b,c\"",
        text::parse_field_mask,
    )?;
    Ok(T::from_paths(paths))
}

impl ProtoJson for prost_types::Timestamp {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_timestamp(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        deserialize_timestamp(d).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl ProtoJson for prost_types::Duration {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_duration(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        deserialize_duration(d).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl ProtoJson for prost_types::FieldMask {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_field_mask(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        deserialize_field_mask(d).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

/// `google.protobuf.Empty` is `()` in prost-types: `{}`.
impl ProtoJson for () {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_map(Some(0))?.end()
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an empty object (google.protobuf.Empty)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                let ignore = super::current_options().ignore_unknown_fields;
                while let Some(key) = map.next_key::<String>()? {
                    if !ignore {
                        return Err(de::Error::custom(format_args!(
                            "unknown field {key:?} in message google.protobuf.Empty"
                        )));
                    }
                    map.next_value::<de::IgnoredAny>()?;
                }
                Ok(())
            }
        }
        d.deserialize_map(V).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl JsonEnum for prost_types::NullValue {
    const IS_NULL_VALUE: bool = true;
    fn json_name(value: i32) -> Option<&'static str> {
        (value == 0).then_some("NULL_VALUE")
    }
    fn from_json_name(name: &str) -> Option<i32> {
        (name == "NULL_VALUE").then_some(0)
    }
}

// ---- Struct, Value, ListValue --------------------------------------------------------------

fn ser_value<S: Serializer>(v: &prost_types::Value, s: S) -> Result<S::Ok, S::Error> {
    match &v.kind {
        None | Some(ValueKind::NullValue(_)) => s.serialize_unit(),
        Some(ValueKind::NumberValue(n)) => {
            if !n.is_finite() {
                return Err(S::Error::custom(format_args!(
                    "google.protobuf.Value cannot hold {n}: JSON has no such number"
                )));
            }
            s.serialize_f64(*n)
        }
        Some(ValueKind::StringValue(t)) => s.serialize_str(t),
        Some(ValueKind::BoolValue(b)) => s.serialize_bool(*b),
        Some(ValueKind::StructValue(st)) => st.ser(s),
        Some(ValueKind::ListValue(l)) => l.ser(s),
    }
}

struct ValueSer<'a>(&'a prost_types::Value);

impl serde::Serialize for ValueSer<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_value(self.0, s)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = prost_types::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::NullValue(0)))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::BoolValue(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::NumberValue(v as f64)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::NumberValue(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::NumberValue(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::StringValue(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(kind(ValueKind::StringValue(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Ok(kind(ValueKind::ListValue(list_from(seq)?)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(kind(ValueKind::StructValue(struct_from(map)?)))
    }
}

fn kind(k: ValueKind) -> prost_types::Value {
    prost_types::Value { kind: Some(k) }
}

struct ValueSeed;

impl<'de> de::DeserializeSeed<'de> for ValueSeed {
    type Value = prost_types::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

fn list_from<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<prost_types::ListValue, A::Error> {
    let mut values = Vec::new();
    while let Some(v) = seq.next_element_seed(ValueSeed)? {
        values.push(v);
    }
    Ok(prost_types::ListValue { values })
}

fn struct_from<'de, A: MapAccess<'de>>(mut map: A) -> Result<prost_types::Struct, A::Error> {
    let mut fields = BTreeMap::new();
    while let Some(key) = map.next_key::<String>()? {
        let value = map.next_value_seed(ValueSeed)?;
        if fields.insert(key.clone(), value).is_some() {
            return Err(de::Error::custom(format_args!(
                "google.protobuf.Struct has the key {key:?} twice"
            )));
        }
    }
    Ok(prost_types::Struct { fields })
}

impl ProtoJson for prost_types::Value {
    const NULL_IS_VALUE: bool = true;
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_value(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(ValueVisitor).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl ProtoJson for prost_types::ListValue {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.values.len()))?;
        for v in &self.values {
            seq.serialize_element(&ValueSer(v))?;
        }
        seq.end()
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = prost_types::ListValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array (google.protobuf.ListValue)")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                list_from(seq)
            }
        }
        d.deserialize_seq(V).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl ProtoJson for prost_types::Struct {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.fields.len()))?;
        for (k, v) in &self.fields {
            map.serialize_entry(k, &ValueSer(v))?;
        }
        map.end()
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = prost_types::Struct;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object (google.protobuf.Struct)")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                struct_from(map)
            }
        }
        d.deserialize_map(V).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

impl ProtoJson for prost_types::Any {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        super::any::serialize_any(&self.type_url, &self.value, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let (type_url, value) = super::any::deserialize_any(d)?;
        Ok(Some(prost_types::Any { type_url, value }))
    }
    fn is_default(&self) -> bool {
        false
    }
}

/// Writes a generated well-known type (`compile_well_known_types`) as prost-types' type `P`
/// of the same name writes itself: the same wire form, so the one implementation serves both.
pub fn serialize_via<P, M, S>(m: &M, s: S) -> Result<S::Ok, S::Error>
where
    P: prost::Message + Default + ProtoJson,
    M: prost::Message,
    S: Serializer,
{
    let p = P::decode(m.encode_to_vec().as_slice()).map_err(S::Error::custom)?;
    p.ser(s)
}

/// Reads a generated well-known type through prost-types' type `P` (see [`serialize_via`]).
pub fn deserialize_via<'de, P, M, D>(d: D) -> Result<Option<M>, D::Error>
where
    P: prost::Message + Default + ProtoJson,
    M: prost::Message + Default,
    D: Deserializer<'de>,
{
    match P::de(d)? {
        Some(p) => M::decode(p.encode_to_vec().as_slice())
            .map(Some)
            .map_err(de::Error::custom),
        None => Ok(None),
    }
}

/// `Serialize` of a type through its [`ProtoJson`] impl.
pub fn serialize_value<T: ProtoJson, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    v.ser(s)
}

/// `Deserialize` of a type through its [`ProtoJson`] impl.
pub fn deserialize_value<'de, T: ProtoJson, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    T::de(d)?.ok_or_else(|| de::Error::custom("an unknown enum value name"))
}
