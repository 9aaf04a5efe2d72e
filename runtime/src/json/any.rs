//! `google.protobuf.Any`: `{"@type": URL, ...fields of the packed message}`, or
//! `{"@type": URL, "value": ...}` for a well-known type with a special form. The packed
//! message's type is found in a [`TypeRegistry`] by the last segment of its URL.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{self, Deserializer};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde_json::Value;

use super::kinds::{Kind, Plain, ProtoJson, SerWith};

/// How to turn one message type's bytes into JSON and back.
#[derive(Clone, Copy)]
pub struct TypeRegistryEntry {
    to_json: fn(&[u8]) -> Result<Value, String>,
    from_json: fn(Value) -> Result<Vec<u8>, String>,
    /// A well-known type with a special form: its JSON goes under `"value"`.
    special: bool,
}

impl std::fmt::Debug for TypeRegistryEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypeRegistryEntry")
            .field("special", &self.special)
            .finish_non_exhaustive()
    }
}

fn to_json<T: prost::Message + Default + ProtoJson>(bytes: &[u8]) -> Result<Value, String> {
    let message = T::decode(bytes).map_err(|e| e.to_string())?;
    serde_json::to_value(SerWith::<Plain, T>(&message, PhantomData)).map_err(|e| e.to_string())
}

fn from_json<T: prost::Message + Default + ProtoJson>(value: Value) -> Result<Vec<u8>, String> {
    match <Plain as Kind<T>>::de(value) {
        Ok(Some(message)) => Ok(message.encode_to_vec()),
        Ok(None) => Ok(Vec::new()),
        Err(e) => Err(e.to_string()),
    }
}

impl TypeRegistryEntry {
    /// The entry of message type `T`.
    pub fn of<T: prost::Message + Default + ProtoJson>() -> TypeRegistryEntry {
        TypeRegistryEntry {
            to_json: to_json::<T>,
            from_json: from_json::<T>,
            special: false,
        }
    }

    /// The entry of a well-known type whose JSON is not an object of its fields.
    pub fn special<T: prost::Message + Default + ProtoJson>() -> TypeRegistryEntry {
        TypeRegistryEntry {
            special: true,
            ..TypeRegistryEntry::of::<T>()
        }
    }
}

/// The message types an `Any` may hold, by full proto name. [`TypeRegistry::new`] knows
/// the well-known types (prost-types'); generated code adds its own types with the
/// `register_json_types` function each generated package file has.
#[derive(Debug, Clone)]
pub struct TypeRegistry {
    types: HashMap<String, TypeRegistryEntry>,
}

impl Default for TypeRegistry {
    fn default() -> Self {
        TypeRegistry::new()
    }
}

impl TypeRegistry {
    /// A registry that knows no type, not even the well-known ones.
    pub fn empty() -> TypeRegistry {
        TypeRegistry {
            types: HashMap::new(),
        }
    }

    /// A registry that knows prost-types' well-known types.
    pub fn new() -> TypeRegistry {
        let mut r = TypeRegistry::empty();
        use prost_types as t;
        let wkt = [
            (
                "google.protobuf.Timestamp",
                TypeRegistryEntry::special::<t::Timestamp>(),
            ),
            (
                "google.protobuf.Duration",
                TypeRegistryEntry::special::<t::Duration>(),
            ),
            (
                "google.protobuf.FieldMask",
                TypeRegistryEntry::special::<t::FieldMask>(),
            ),
            (
                "google.protobuf.Struct",
                TypeRegistryEntry::special::<t::Struct>(),
            ),
            (
                "google.protobuf.Value",
                TypeRegistryEntry::special::<t::Value>(),
            ),
            (
                "google.protobuf.ListValue",
                TypeRegistryEntry::special::<t::ListValue>(),
            ),
            (
                "google.protobuf.Any",
                TypeRegistryEntry::special::<t::Any>(),
            ),
            ("google.protobuf.Empty", TypeRegistryEntry::special::<()>()),
            (
                "google.protobuf.BoolValue",
                TypeRegistryEntry::special::<bool>(),
            ),
            (
                "google.protobuf.Int32Value",
                TypeRegistryEntry::special::<i32>(),
            ),
            (
                "google.protobuf.Int64Value",
                TypeRegistryEntry::special::<i64>(),
            ),
            (
                "google.protobuf.UInt32Value",
                TypeRegistryEntry::special::<u32>(),
            ),
            (
                "google.protobuf.UInt64Value",
                TypeRegistryEntry::special::<u64>(),
            ),
            (
                "google.protobuf.FloatValue",
                TypeRegistryEntry::special::<f32>(),
            ),
            (
                "google.protobuf.DoubleValue",
                TypeRegistryEntry::special::<f64>(),
            ),
            (
                "google.protobuf.StringValue",
                TypeRegistryEntry::special::<String>(),
            ),
            (
                "google.protobuf.BytesValue",
                TypeRegistryEntry::special::<Vec<u8>>(),
            ),
        ];
        for (name, entry) in wkt {
            r.types.insert(name.to_owned(), entry);
        }
        r
    }

    /// Adds (or replaces) the entry of the message type with this full proto name
    /// (`my.pkg.Outer.Inner`).
    pub fn insert(&mut self, full_name: &str, entry: TypeRegistryEntry) {
        self.types.insert(full_name.to_owned(), entry);
    }

    /// Adds message type `T` under its full proto name.
    pub fn add<T: prost::Message + Default + ProtoJson>(&mut self, full_name: &str) {
        self.insert(full_name, TypeRegistryEntry::of::<T>());
    }

    /// The entry of a type URL (`type.googleapis.com/my.pkg.Message`), by its last segment.
    pub fn find(&self, type_url: &str) -> Option<&TypeRegistryEntry> {
        let name = type_url.rsplit('/').next().unwrap_or(type_url);
        self.types.get(name)
    }

    /// This registry, shared.
    pub fn into_shared(self) -> Arc<TypeRegistry> {
        Arc::new(self)
    }
}

fn entry(type_url: &str) -> Result<TypeRegistryEntry, String> {
    if !type_url.contains('/') {
        return Err(format!(
            "the Any type URL {type_url:?} has no '/' (expected type.googleapis.com/<full name>)"
        ));
    }
    let found = match super::current_registry() {
        Some(registry) => registry.find(type_url).copied(),
        None => TypeRegistry::new().find(type_url).copied(),
    };
    found.ok_or_else(|| {
        format!(
            "Any holds type {type_url:?}, which the type registry does not know (add it with the \
             generated register_json_types, and pass the registry with json::with_options)"
        )
    })
}

/// Writes an `Any` of `type_url` holding `value` (encoded).
pub fn serialize_any<S: Serializer>(type_url: &str, value: &[u8], s: S) -> Result<S::Ok, S::Error> {
    if type_url.is_empty() && value.is_empty() {
        return s.serialize_map(Some(0))?.end();
    }
    let entry = entry(type_url).map_err(S::Error::custom)?;
    let json = (entry.to_json)(value)
        .map_err(|e| S::Error::custom(format_args!("Any of type {type_url:?}: {e}")))?;
    let mut map = s.serialize_map(None)?;
    map.serialize_entry("@type", type_url)?;
    if entry.special {
        map.serialize_entry("value", &json)?;
    } else if let Value::Object(fields) = json {
        for (k, v) in &fields {
            map.serialize_entry(k, v)?;
        }
    } else {
        return Err(S::Error::custom(format_args!(
            "Any of type {type_url:?}: the message did not write an object"
        )));
    }
    map.end()
}

/// Reads an `Any`: its type URL and the packed message, encoded.
pub fn deserialize_any<'de, D: Deserializer<'de>>(d: D) -> Result<(String, Vec<u8>), D::Error> {
    let value = <Value as serde::Deserialize>::deserialize(d)?;
    let Value::Object(mut fields) = value else {
        return Err(de::Error::custom(
            "expected an object (google.protobuf.Any)",
        ));
    };
    if fields.is_empty() {
        return Ok((String::new(), Vec::new()));
    }
    let type_url = match fields.remove("@type") {
        Some(Value::String(url)) => url,
        Some(_) => {
            return Err(de::Error::custom(
                "the \"@type\" of an Any must be a string",
            ))
        }
        None => {
            return Err(de::Error::custom(
                "an Any with fields needs \"@type\" (the type URL of the packed message)",
            ))
        }
    };
    let entry = entry(&type_url).map_err(de::Error::custom)?;
    let json = if entry.special {
        let value = fields.remove("value");
        if let Some(key) = fields.keys().next() {
            if !super::current_options().ignore_unknown_fields {
                return Err(de::Error::custom(format_args!(
                    "unknown field {key:?} in an Any of type {type_url:?} (only \"value\")"
                )));
            }
        }
        match value {
            Some(v) => v,
            None => {
                return Err(de::Error::custom(format_args!(
                    "an Any of type {type_url:?} needs \"value\""
                )))
            }
        }
    } else {
        Value::Object(fields)
    };
    let bytes = (entry.from_json)(json)
        .map_err(|e| de::Error::custom(format_args!("Any of type {type_url:?}: {e}")))?;
    Ok((type_url, bytes))
}
