//! Messages: the trait generated messages implement and the drivers their serde impls call.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};

use super::extension::{self, Extension};
use super::kinds::{FieldSeed, Kind, ProtoJson, SerWith};
use super::Options;

/// What a generated message implements: its fields, one helper call each.
pub trait JsonMessage: Default {
    /// The message's full proto name (`my.pkg.Outer.Inner`), for errors.
    const NAME: &'static str;
    /// The JSON name of each field, by index (the index [`JsonMessage::field_index`] gives).
    const FIELDS: &'static [&'static str];
    /// The index of the field a JSON object member names (by JSON or proto name).
    fn field_index(key: &str) -> Option<usize>;
    /// Writes the fields that are to be written.
    fn write_fields<M: SerializeMap>(&self, w: &mut Writer<'_, M>) -> Result<(), M::Error>;
    /// Reads the value of field `index` from `map`.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error>;
    /// The extensions of the message written and read as JSON members (`"[pkg.ext]"`),
    /// kept in its unknown fields.
    const EXTENSIONS: &'static [Extension] = &[];
    /// The unknown fields (where extensions live), for a message that keeps them.
    fn unknown_fields(&self) -> &[u8] {
        &[]
    }
    /// The unknown fields to add extensions to, for a message that keeps them.
    fn unknown_fields_mut(&mut self) -> Option<&mut Vec<u8>> {
        None
    }
}

impl<T: JsonMessage> ProtoJson for T {
    fn ser<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_message(self, s)
    }
    fn de<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Self>, D::Error> {
        deserialize_message(d).map(Some)
    }
    fn is_default(&self) -> bool {
        false
    }
}

/// Writes a message's fields as object members, under the options in effect.
pub struct Writer<'m, M> {
    map: &'m mut M,
    options: Options,
}

impl<M: SerializeMap> Writer<'_, M> {
    fn key<'k>(&self, json: &'k str, proto: &'k str) -> &'k str {
        if self.options.proto_names {
            proto
        } else {
            json
        }
    }

    /// A field of kind `K`: written unless it is left out (default without presence and
    /// not `emit_defaults`, or unset with presence).
    pub fn field<K: Kind<T>, T>(&mut self, json: &str, proto: &str, v: &T) -> Result<(), M::Error> {
        if K::is_default(v) && !self.options.emit_defaults {
            return Ok(());
        }
        let key = self.key(json, proto);
        self.map
            .serialize_entry(key, &SerWith::<K, T>(v, PhantomData))
    }

    /// A field with explicit presence of kind `K` (`Option`): written when set.
    pub fn optional<K: Kind<T>, T>(
        &mut self,
        json: &str,
        proto: &str,
        v: &Option<T>,
    ) -> Result<(), M::Error> {
        match v {
            Some(v) => self.always::<K, T>(json, proto, v),
            None => Ok(()),
        }
    }

    /// A field that is written whatever its value (a set oneof member, a required field).
    pub fn always<K: Kind<T>, T>(
        &mut self,
        json: &str,
        proto: &str,
        v: &T,
    ) -> Result<(), M::Error> {
        let key = self.key(json, proto);
        self.map
            .serialize_entry(key, &SerWith::<K, T>(v, PhantomData))
    }
}

/// Writes a message as a JSON object.
pub fn serialize_message<T: JsonMessage, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(None)?;
    let mut w = Writer {
        map: &mut map,
        options: super::current_options(),
    };
    v.write_fields(&mut w)?;
    if !T::EXTENSIONS.is_empty() {
        extension::write(T::EXTENSIONS, v.unknown_fields(), &mut map)?;
    }
    map.end()
}

/// An object member's name, borrowed when the input allows.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// `e` with `segment` put in front of the path it names: `field `a.b`: …`.
pub fn at_path<E: de::Error>(segment: &str, e: E) -> E {
    let text = e.to_string();
    // serde_json adds the position to the outermost error; drop the inner one's.
    let text = match text.rfind(" at line ") {
        Some(i) if text[i..].contains(" column ") => &text[..i],
        _ => &text[..],
    };
    match text.strip_prefix("field `") {
        // `[1]` and `["key"]` follow their field directly; names are joined by '.'.
        Some(rest) if rest.starts_with('[') => E::custom(format_args!("field `{segment}{rest}")),
        Some(rest) => E::custom(format_args!("field `{segment}.{rest}")),
        None => E::custom(format_args!("field `{segment}`: {text}")),
    }
}

/// Reads a message from a JSON object.
pub fn deserialize_message<'de, T: JsonMessage, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: JsonMessage> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object (message {})", T::NAME)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut message = T::default();
            let mut seen = [0u64; 4];
            let mut seen_more = Vec::new();
            let mut seen_extensions: Vec<u32> = Vec::new();
            let ignore = super::current_options().ignore_unknown_fields;
            while let Some(key) = map.next_key::<Key<'de>>()? {
                let key = key.as_str();
                let Some(index) = T::field_index(key) else {
                    if key.starts_with('[') && key.ends_with(']') && !T::EXTENSIONS.is_empty() {
                        let name = &key[1..key.len() - 1];
                        if let Some(ext) = T::EXTENSIONS.iter().find(|e| e.name == name) {
                            if seen_extensions.contains(&ext.number) {
                                return Err(de::Error::custom(format_args!(
                                    "extension {key} of message {} is given twice",
                                    T::NAME
                                )));
                            }
                            seen_extensions.push(ext.number);
                            let key = key.to_owned();
                            let unknown = message.unknown_fields_mut();
                            let mut scratch = Vec::new();
                            let out = unknown.unwrap_or(&mut scratch);
                            extension::read(ext, &mut map, out).map_err(|e| at_path(&key, e))?;
                            continue;
                        }
                    }
                    if ignore {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    }
                    return Err(de::Error::custom(format_args!(
                        "unknown field {key:?} in message {}",
                        T::NAME
                    )));
                };
                let first = if index < 256 {
                    let bit = 1u64 << (index % 64);
                    let first = seen[index / 64] & bit == 0;
                    seen[index / 64] |= bit;
                    first
                } else if seen_more.contains(&index) {
                    false
                } else {
                    seen_more.push(index);
                    true
                };
                if !first {
                    return Err(de::Error::custom(format_args!(
                        "field {:?} of message {} is given twice",
                        T::FIELDS[index],
                        T::NAME
                    )));
                }
                message
                    .read_field(index, &mut map)
                    .map_err(|e| at_path(T::FIELDS[index], e))?;
            }
            Ok(message)
        }
    }
    d.deserialize_map(V::<T>(PhantomData))
}

/// Reads a field of kind `K` into `slot`; JSON `null` leaves it as it is (unless `null` is a
/// value of the kind).
pub fn read<'de, K: Kind<T>, T, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    if let Some(v) = map.next_value_seed(FieldSeed::<K, T>(PhantomData))? {
        *slot = v;
    }
    Ok(())
}

/// Reads a field with explicit presence of kind `K` into `slot`.
pub fn read_optional<'de, K: Kind<T>, T, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    if let Some(v) = map.next_value_seed(FieldSeed::<K, T>(PhantomData))? {
        *slot = Some(v);
    }
    Ok(())
}

/// Reads a member of a oneof into `slot` through `variant`; a oneof with a member set
/// already is an error.
pub fn read_oneof<'de, K: Kind<T>, T, O, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<O>,
    oneof: &str,
    variant: fn(T) -> O,
) -> Result<(), A::Error> {
    if let Some(v) = map.next_value_seed(FieldSeed::<K, T>(PhantomData))? {
        if slot.is_some() {
            return Err(de::Error::custom(format_args!(
                "oneof {oneof} has more than one field set"
            )));
        }
        *slot = Some(variant(v));
    }
    Ok(())
}

/// Skips the value of a member that names no field (generated `read_field`'s last arm).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}
