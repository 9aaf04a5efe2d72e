//! How a field's Rust type maps to JSON: a *kind* per shape of field.
//!
//! Generated code names a field's kind once (`Plain`, `Enum<E>`, `Rep<K>`, `Opt<K>`,
//! `Boxed<K>`, `Map<K>`) and calls one generic helper; the kinds do the rest. A scalar's
//! Rust type decides its JSON form (`i64` and `u64` are strings, `Vec<u8>` and `Bytes`
//! base64, …), except for enum fields, which prost keeps as `i32`: those are `Enum<E>`.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{BuildHasher, Hash};
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};

use super::text;
use crate::{EnumValue, ProtoEnum};

pub use super::message::{read, read_oneof, read_optional, skip};

/// A value with a ProtoJSON form of its own: the scalars, messages (through
/// [`super::JsonMessage`]) and the well-known types.
pub trait ProtoJson: Sized {
    /// Whether JSON `null` is a value of the type (`google.protobuf.Value`) rather than
    /// "not set".
    const NULL_IS_VALUE: bool = false;
    /// Writes the value.
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
    /// Reads a value; `None` when the value is to be skipped (an unknown enum name while
    /// ignoring unknown fields).
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error>;
    /// Whether the value is its type's default (not written for fields without presence).
    fn is_default(&self) -> bool;
}

/// What generated enums implement: the names of their values.
pub trait JsonEnum {
    /// `google.protobuf.NullValue`: written as `null`, read from `null`.
    const IS_NULL_VALUE: bool = false;
    /// The name of a value (the first name declared for its number).
    fn json_name(value: i32) -> Option<&'static str>;
    /// The number of a name (aliases included).
    fn from_json_name(name: &str) -> Option<i32>;
}

/// How a field's Rust type `T` is written and read.
pub trait Kind<T> {
    /// Whether JSON `null` is a value (`google.protobuf.Value`, `NullValue`).
    const NULL_IS_VALUE: bool = false;
    /// Writes the value.
    fn ser<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error>;
    /// Reads a value; `None`: skip it.
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error>;
    /// Whether the field is left out (its default, or unset).
    fn is_default(v: &T) -> bool;
}

/// A value with a form of its own ([`ProtoJson`]).
pub struct Plain;
/// An enum field (an `i32` holding a value of `E`).
pub struct Enum<E>(PhantomData<E>);
/// A closed enum field under `typed_enums` (the enum `E` itself). An open one under
/// `typed_enums` (an [`EnumValue<E>`]) is [`Enum<E>`], as an `i32` field is.
pub struct ClosedEnum<E>(PhantomData<E>);
/// A repeated field of `K`.
pub struct Rep<K>(PhantomData<K>);
/// A field with explicit presence (`Option`).
pub struct Opt<K>(PhantomData<K>);
/// A boxed value.
pub struct Boxed<K>(PhantomData<K>);
/// A map whose values are `K` (the key's Rust type decides its form).
pub struct Map<K>(PhantomData<K>);

impl<T: ProtoJson> Kind<T> for Plain {
    const NULL_IS_VALUE: bool = T::NULL_IS_VALUE;
    fn ser<S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        v.ser(s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        T::de(d)
    }
    fn is_default(v: &T) -> bool {
        v.is_default()
    }
}

/// `value` serialized as kind `K`.
pub struct SerWith<'a, K, T: ?Sized>(pub &'a T, pub PhantomData<K>);

impl<K: Kind<T>, T> serde::Serialize for SerWith<'_, K, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        K::ser(self.0, s)
    }
}

/// Reads one value of kind `K` (null is an error unless the kind takes it).
pub struct Seed<K, T>(pub PhantomData<(K, T)>);

impl<K, T> Seed<K, T> {
    /// The seed.
    pub fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<K, T> Default for Seed<K, T> {
    fn default() -> Self {
        Seed::new()
    }
}

impl<'de, K: Kind<T>, T> DeserializeSeed<'de> for Seed<K, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        K::de(d)
    }
}

/// Reads a field's value of kind `K`: JSON `null` means "not set" (`None`) unless the kind
/// takes null as a value.
pub struct FieldSeed<K, T>(pub PhantomData<(K, T)>);

impl<'de, K: Kind<T>, T> DeserializeSeed<'de> for FieldSeed<K, T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        if K::NULL_IS_VALUE {
            return K::de(d);
        }
        struct NullOr<K, T>(PhantomData<(K, T)>);
        impl<'de, K: Kind<T>, T> Visitor<'de> for NullOr<K, T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                K::de(d)
            }
        }
        d.deserialize_option(NullOr::<K, T>(PhantomData))
    }
}

// ---- scalars -------------------------------------------------------------------------------

/// An error for a value of the wrong JSON type.
fn wrong<E: de::Error>(what: &str, got: de::Unexpected<'_>) -> E {
    E::invalid_type(got, &what)
}

/// `expecting` from a plain text.
struct Expect(&'static str);

impl de::Expected for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

macro_rules! integer {
    ($ty:ty, $what:literal, $parse:path, quoted: $quoted:literal) => {
        impl ProtoJson for $ty {
            fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                if $quoted {
                    s.collect_str(self)
                } else {
                    s.serialize_i64(*self as i64)
                }
            }
            fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $ty;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($what)
                    }
                    fn visit_i64<E: de::Error>(self, v: i64) -> Result<$ty, E> {
                        <$ty>::try_from(v).map_err(|_| {
                            E::invalid_value(de::Unexpected::Signed(v), &Expect($what))
                        })
                    }
                    fn visit_u64<E: de::Error>(self, v: u64) -> Result<$ty, E> {
                        <$ty>::try_from(v).map_err(|_| {
                            E::invalid_value(de::Unexpected::Unsigned(v), &Expect($what))
                        })
                    }
                    fn visit_f64<E: de::Error>(self, v: f64) -> Result<$ty, E> {
                        text::integral_from_f64::<$ty>(v).map_err(E::custom)
                    }
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$ty, E> {
                        $parse(v).map_err(E::custom)
                    }
                }
                d.deserialize_any(V).map(Some)
            }
            fn is_default(&self) -> bool {
                *self == 0
            }
        }
    };
}

integer!(i32, "an int32 (a number or a string)", text::parse_i32_str, quoted: false);
integer!(u32, "a uint32 (a number or a string)", text::parse_u32_str, quoted: false);
integer!(i64, "an int64 (a string or a number)", text::parse_i64_str, quoted: true);
integer!(u64, "a uint64 (a string or a number)", text::parse_u64_str, quoted: true);

fn ser_float<S: Serializer>(v: f64, s: S, f32: bool) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        s.serialize_str("NaN")
    } else if v == f64::INFINITY {
        s.serialize_str("Infinity")
    } else if v == f64::NEG_INFINITY {
        s.serialize_str("-Infinity")
    } else if f32 {
        s.serialize_f32(v as f32)
    } else {
        s.serialize_f64(v)
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        text::parse_f64_str(v).map_err(E::custom)
    }
}

impl ProtoJson for f64 {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_float(*self, s, false)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        d.deserialize_any(FloatVisitor).map(Some)
    }
    fn is_default(&self) -> bool {
        self.to_bits() == 0
    }
}

impl ProtoJson for f32 {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser_float(*self as f64, s, true)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        let v = d.deserialize_any(FloatVisitor)?;
        if !v.is_finite() {
            return Ok(Some(v as f32));
        }
        text::f32_in_range(v).map(Some).map_err(de::Error::custom)
    }
    fn is_default(&self) -> bool {
        self.to_bits() == 0
    }
}

impl ProtoJson for bool {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(*self)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a bool (true or false)")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
                Ok(v)
            }
        }
        d.deserialize_bool(V).map(Some)
    }
    fn is_default(&self) -> bool {
        !*self
    }
}

impl ProtoJson for String {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = String;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
                Ok(v.to_owned())
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
                Ok(v)
            }
        }
        d.deserialize_string(V).map(Some)
    }
    fn is_default(&self) -> bool {
        self.is_empty()
    }
}

struct BytesVisitor;

impl Visitor<'_> for BytesVisitor {
    type Value = Vec<u8>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
        text::decode_bytes(v).map_err(E::custom)
    }
}

impl ProtoJson for Vec<u8> {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text::encode_bytes(self))
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        d.deserialize_str(BytesVisitor).map(Some)
    }
    fn is_default(&self) -> bool {
        self.is_empty()
    }
}

impl ProtoJson for bytes::Bytes {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&text::encode_bytes(self))
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        d.deserialize_str(BytesVisitor).map(|b| Some(b.into()))
    }
    fn is_default(&self) -> bool {
        self.is_empty()
    }
}

// ---- enums ---------------------------------------------------------------------------------

/// Writes an enum value: its name (the number if it has none, or under `enums_as_ints`).
pub fn serialize_enum<E: JsonEnum, S: Serializer>(value: i32, s: S) -> Result<S::Ok, S::Error> {
    if E::IS_NULL_VALUE {
        return s.serialize_unit();
    }
    if !super::current_options().enums_as_ints {
        if let Some(name) = E::json_name(value) {
            return s.serialize_str(name);
        }
    }
    s.serialize_i32(value)
}

/// Reads an enum value: a name or a number. `None`: an unknown name, skipped because the
/// options ignore unknown fields.
pub fn deserialize_enum<'de, E: JsonEnum, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<i32>, D::Error> {
    struct V<E>(PhantomData<E>);
    impl<E: JsonEnum> Visitor<'_> for V<E> {
        type Value = Option<i32>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            if E::IS_NULL_VALUE {
                f.write_str("null")
            } else {
                f.write_str("an enum value name or number")
            }
        }
        fn visit_unit<E2: de::Error>(self) -> Result<Option<i32>, E2> {
            if E::IS_NULL_VALUE {
                Ok(Some(0))
            } else {
                Err(wrong("an enum value name or number", de::Unexpected::Unit))
            }
        }
        fn visit_none<E2: de::Error>(self) -> Result<Option<i32>, E2> {
            self.visit_unit()
        }
        fn visit_i64<E2: de::Error>(self, v: i64) -> Result<Option<i32>, E2> {
            i32::try_from(v).map(Some).map_err(|_| {
                E2::invalid_value(de::Unexpected::Signed(v), &"an enum number (an int32)")
            })
        }
        fn visit_u64<E2: de::Error>(self, v: u64) -> Result<Option<i32>, E2> {
            i32::try_from(v).map(Some).map_err(|_| {
                E2::invalid_value(de::Unexpected::Unsigned(v), &"an enum number (an int32)")
            })
        }
        fn visit_f64<E2: de::Error>(self, v: f64) -> Result<Option<i32>, E2> {
            text::integral_from_f64::<i32>(v)
                .map(Some)
                .map_err(E2::custom)
        }
        fn visit_str<E2: de::Error>(self, v: &str) -> Result<Option<i32>, E2> {
            match E::from_json_name(v) {
                Some(n) => Ok(Some(n)),
                None if super::current_options().ignore_unknown_fields => Ok(None),
                None => Err(E2::custom(format_args!("unknown enum value name {v:?}"))),
            }
        }
    }
    d.deserialize_any(V::<E>(PhantomData))
}

impl<E: JsonEnum> Kind<i32> for Enum<E> {
    const NULL_IS_VALUE: bool = E::IS_NULL_VALUE;
    fn ser<S: Serializer>(v: &i32, s: S) -> Result<S::Ok, S::Error> {
        serialize_enum::<E, S>(*v, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
        deserialize_enum::<E, D>(d)
    }
    fn is_default(v: &i32) -> bool {
        *v == 0
    }
}

/// An open enum field under `typed_enums`: every number is a value, as for `i32` fields.
impl<E: JsonEnum + ProtoEnum> Kind<EnumValue<E>> for Enum<E> {
    const NULL_IS_VALUE: bool = E::IS_NULL_VALUE;
    fn ser<S: Serializer>(v: &EnumValue<E>, s: S) -> Result<S::Ok, S::Error> {
        serialize_enum::<E, S>(v.to_i32(), s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EnumValue<E>>, D::Error> {
        Ok(deserialize_enum::<E, D>(d)?.map(EnumValue::from_i32))
    }
    fn is_default(v: &EnumValue<E>) -> bool {
        v.to_i32() == 0
    }
}

/// A closed enum field under `typed_enums`: a number the enum does not name cannot be held,
/// so it is an error, or skipped as an unknown name is when the options ignore unknown
/// fields.
impl<E: JsonEnum + ProtoEnum> Kind<E> for ClosedEnum<E> {
    const NULL_IS_VALUE: bool = E::IS_NULL_VALUE;
    fn ser<S: Serializer>(v: &E, s: S) -> Result<S::Ok, S::Error> {
        serialize_enum::<E, S>((*v).into(), s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<E>, D::Error> {
        let Some(number) = deserialize_enum::<E, D>(d)? else {
            return Ok(None);
        };
        match E::try_from(number) {
            Ok(value) => Ok(Some(value)),
            Err(_) if super::current_options().ignore_unknown_fields => Ok(None),
            Err(_) => Err(de::Error::custom(format_args!(
                "{number} is not a value of the closed enum {}",
                std::any::type_name::<E>()
            ))),
        }
    }
    fn is_default(v: &E) -> bool {
        Into::<i32>::into(*v) == 0
    }
}

// ---- containers ----------------------------------------------------------------------------

impl<T, K: Kind<T>> Kind<Option<T>> for Opt<K> {
    const NULL_IS_VALUE: bool = K::NULL_IS_VALUE;
    fn ser<S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => K::ser(v, s),
            None => s.serialize_unit(),
        }
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
        Ok(K::de(d)?.map(Some))
    }
    fn is_default(v: &Option<T>) -> bool {
        v.is_none()
    }
}

impl<T, K: Kind<T>> Kind<Box<T>> for Boxed<K> {
    const NULL_IS_VALUE: bool = K::NULL_IS_VALUE;
    fn ser<S: Serializer>(v: &Box<T>, s: S) -> Result<S::Ok, S::Error> {
        K::ser(v, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Box<T>>, D::Error> {
        Ok(K::de(d)?.map(Box::new))
    }
    fn is_default(v: &Box<T>) -> bool {
        K::is_default(v)
    }
}

impl<T, K: Kind<T>> Kind<Vec<T>> for Rep<K> {
    fn ser<S: Serializer>(v: &Vec<T>, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for item in v {
            seq.serialize_element(&SerWith::<K, T>(item, PhantomData))?;
        }
        seq.end()
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<T>>, D::Error> {
        struct V<K, T>(PhantomData<(K, T)>);
        impl<'de, K: Kind<T>, T> Visitor<'de> for V<K, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                let mut index = 0usize;
                loop {
                    match seq.next_element_seed(Seed::<K, T>::new()) {
                        Ok(Some(Some(v))) => out.push(v),
                        Ok(Some(None)) => {}
                        Ok(None) => return Ok(out),
                        Err(e) => return Err(super::message::at_path(&format!("[{index}]"), e)),
                    }
                    index += 1;
                }
            }
        }
        d.deserialize_seq(V::<K, T>(PhantomData)).map(Some)
    }
    fn is_default(v: &Vec<T>) -> bool {
        v.is_empty()
    }
}

/// A map key's Rust type: written as a string, read from one.
pub trait MapKey: Sized {
    /// The key as JSON object member name.
    fn to_key(&self) -> String;
    /// The key from an object member name.
    fn from_key(s: &str) -> Result<Self, String>;
}

impl MapKey for String {
    fn to_key(&self) -> String {
        self.clone()
    }
    fn from_key(s: &str) -> Result<Self, String> {
        Ok(s.to_owned())
    }
}

impl MapKey for bool {
    fn to_key(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
    fn from_key(s: &str) -> Result<Self, String> {
        match s {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!(
                "map key {s:?} is not a bool (\"true\" or \"false\")"
            )),
        }
    }
}

macro_rules! int_key {
    ($ty:ty, $parse:path) => {
        impl MapKey for $ty {
            fn to_key(&self) -> String {
                self.to_string()
            }
            fn from_key(s: &str) -> Result<Self, String> {
                $parse(s).map_err(|e| format!("map key {s:?}: {e}"))
            }
        }
    };
}

int_key!(i32, text::parse_i32_str);
int_key!(i64, text::parse_i64_str);
int_key!(u32, text::parse_u32_str);
int_key!(u64, text::parse_u64_str);

/// Writes map entries.
fn ser_map<'a, K, V, VK, S>(
    len: usize,
    entries: impl Iterator<Item = (&'a K, &'a V)>,
    s: S,
) -> Result<S::Ok, S::Error>
where
    K: MapKey + 'a,
    V: 'a,
    VK: Kind<V>,
    S: Serializer,
{
    let mut map = s.serialize_map(Some(len))?;
    for (k, v) in entries {
        map.serialize_entry(&k.to_key(), &SerWith::<VK, V>(v, PhantomData))?;
    }
    map.end()
}

/// Reads map entries into `insert`, which inserts an entry (or, for a `null` value, only looks
/// the key up) and says whether the key was new: a key given twice is an error.
fn de_map<'de, K, V, VK, D>(
    d: D,
    insert: &mut dyn FnMut(K, Option<V>) -> bool,
) -> Result<(), D::Error>
where
    K: MapKey + PartialEq,
    VK: Kind<V>,
    D: Deserializer<'de>,
{
    struct Vis<'i, K, V, VK>(&'i mut dyn FnMut(K, Option<V>) -> bool, PhantomData<VK>);
    impl<'de, K: MapKey + PartialEq, V, VK: Kind<V>> Visitor<'de> for Vis<'_, K, V, VK> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object (a map)")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            // Keys whose value was `null` (not inserted), to find them given twice too; the
            // map itself finds the others as it inserts, without a second set of keys to hash.
            let mut null_keys: Vec<K> = Vec::new();
            // Keys borrowed from the input where it allows (no allocation for a key that is
            // not a string).
            while let Some(key) = map.next_key::<super::message::Key<'de>>()? {
                let key = key.as_str();
                let k = K::from_key(key).map_err(de::Error::custom)?;
                let v = map
                    .next_value_seed(Seed::<VK, V>::new())
                    .map_err(|e| super::message::at_path(&format!("[{key:?}]"), e))?;
                let duplicate = if null_keys.contains(&k) {
                    true
                } else if v.is_some() {
                    !(self.0)(k, v)
                } else {
                    null_keys.push(k);
                    // Read the key again to look it up (null values in maps are rare).
                    let k = K::from_key(key).map_err(de::Error::custom)?;
                    !(self.0)(k, None)
                };
                if duplicate {
                    return Err(de::Error::custom(format_args!("duplicate map key {key:?}")));
                }
            }
            Ok(())
        }
    }
    d.deserialize_map(Vis::<K, V, VK>(insert, PhantomData))
}

impl<K, V, VK, H> Kind<HashMap<K, V, H>> for Map<VK>
where
    K: MapKey + Eq + Hash,
    VK: Kind<V>,
    H: BuildHasher + Default,
{
    fn ser<S: Serializer>(v: &HashMap<K, V, H>, s: S) -> Result<S::Ok, S::Error> {
        ser_map::<K, V, VK, S>(v.len(), v.iter(), s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<HashMap<K, V, H>>, D::Error> {
        let mut out = HashMap::default();
        de_map::<K, V, VK, D>(d, &mut |k, v| match v {
            Some(v) => out.insert(k, v).is_none(),
            None => !out.contains_key(&k),
        })?;
        Ok(Some(out))
    }
    fn is_default(v: &HashMap<K, V, H>) -> bool {
        v.is_empty()
    }
}

impl<K, V, VK> Kind<BTreeMap<K, V>> for Map<VK>
where
    K: MapKey + Ord,
    VK: Kind<V>,
{
    fn ser<S: Serializer>(v: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
        ser_map::<K, V, VK, S>(v.len(), v.iter(), s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<BTreeMap<K, V>>, D::Error> {
        let mut out = BTreeMap::new();
        de_map::<K, V, VK, D>(d, &mut |k, v| match v {
            Some(v) => out.insert(k, v).is_none(),
            None => !out.contains_key(&k),
        })?;
        Ok(Some(out))
    }
    fn is_default(v: &BTreeMap<K, V>) -> bool {
        v.is_empty()
    }
}
