//! The proto3 JSON mapping ("ProtoJSON") for code generated with `json=PATH`.
//!
//! Generated messages and enums implement `serde::Serialize` and `serde::Deserialize`
//! following the mapping: lowerCamelCase JSON names out, JSON and proto names in, 64-bit
//! integers as strings, bytes as base64, enums by name, `NaN`/`Infinity`, the well-known
//! types' special forms (prost-types' types are covered here), `Any` through a
//! [`TypeRegistry`]. Any serde format works; [`to_string`] and [`from_str`] use serde_json.
//!
//! ```ignore
//! let text = rustsvc_runtime::json::to_string(&message)?;
//! let back: MyMessage = rustsvc_runtime::json::from_str(&text)?;
//! ```
//!
//! # Options
//!
//! serde passes no settings from the caller to a `Serialize` impl, so [`Options`] travel in a
//! thread-local set for the duration of one call: [`to_string_with`], [`from_str_with`] and
//! [`with_options`] set them and restore the previous ones afterwards (also on panic). A
//! plain `serde_json::to_string(&message)` uses the defaults (or the options of the call it
//! is nested in). Why a thread-local: the alternatives are a second set of traits next to
//! serde's (every user of serde would then need adapters) or a wrapper type per field; the
//! thread-local costs one read per message and keeps the generated impls plain serde impls.
//!
//! # Generated code
//!
//! A message implements [`JsonMessage`] (one helper call per field, generic over a *kind*
//! that says how a field's Rust type maps to JSON, see [`kinds`]) and serde's traits by
//! calling [`serialize_message`] and [`deserialize_message`]. An enum implements
//! [`JsonEnum`]. What generated code calls is public but not meant to be called by hand.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

mod any;
mod extension;
pub mod kinds;
mod message;
pub mod text;
mod wkt;

#[cfg(test)]
mod tests;

/// serde, as generated code names it (so a crate with generated code needs no serde line).
pub use serde;

pub use any::{deserialize_any, serialize_any, TypeRegistry, TypeRegistryEntry};
pub use extension::{Extension, ExtensionScalar};
pub use kinds::{deserialize_enum, serialize_enum, JsonEnum, ProtoJson};
pub use message::{
    at_path, deserialize_message, read, read_oneof, read_optional, serialize_message, JsonMessage,
    Writer,
};
pub use wkt::{
    deserialize_duration, deserialize_field_mask, deserialize_timestamp, deserialize_value,
    deserialize_via, serialize_duration, serialize_field_mask, serialize_timestamp,
    serialize_value, serialize_via, DurationLike, FieldMaskLike, TimestampLike,
};

/// prost-types, whose well-known types generated code with `compile_well_known_types` goes
/// through for their JSON forms.
pub use prost_types;

/// How messages are written and read. The defaults follow the ProtoJSON specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Options {
    /// Write fields without presence (proto3 implicit scalars, repeated fields, maps) even
    /// when they hold their default value (protobuf's `always_print_fields_with_no_presence`).
    /// Fields with presence (`optional`, proto2, messages, oneofs) are written when set.
    pub emit_defaults: bool,
    /// Write fields under their proto names (`my_field`) instead of their JSON names
    /// (`myField`). Reading accepts both either way.
    pub proto_names: bool,
    /// Write enum values as numbers instead of names.
    pub enums_as_ints: bool,
    /// On reading, skip fields the message does not have and enum names the enum does not
    /// have (such a field is left unset; in a repeated field or map the element is dropped),
    /// instead of failing.
    pub ignore_unknown_fields: bool,
}

impl Options {
    /// The defaults: the ProtoJSON specification's behaviour.
    pub fn new() -> Options {
        Options::default()
    }

    /// [`Options::emit_defaults`] set to `yes`.
    pub fn emit_defaults(mut self, yes: bool) -> Options {
        self.emit_defaults = yes;
        self
    }

    /// [`Options::proto_names`] set to `yes`.
    pub fn proto_names(mut self, yes: bool) -> Options {
        self.proto_names = yes;
        self
    }

    /// [`Options::enums_as_ints`] set to `yes`.
    pub fn enums_as_ints(mut self, yes: bool) -> Options {
        self.enums_as_ints = yes;
        self
    }

    /// [`Options::ignore_unknown_fields`] set to `yes`.
    pub fn ignore_unknown_fields(mut self, yes: bool) -> Options {
        self.ignore_unknown_fields = yes;
        self
    }
}

thread_local! {
    static OPTIONS: Cell<Options> = const { Cell::new(Options {
        emit_defaults: false,
        proto_names: false,
        enums_as_ints: false,
        ignore_unknown_fields: false,
    }) };
    static REGISTRY: RefCell<Option<Arc<TypeRegistry>>> = const { RefCell::new(None) };
}

/// The options in effect on this thread.
pub fn current_options() -> Options {
    OPTIONS.with(|o| o.get())
}

/// The registry in effect on this thread, if one was given.
pub(crate) fn current_registry() -> Option<Arc<TypeRegistry>> {
    REGISTRY.with(|r| r.borrow().clone())
}

/// Restores the previous options and registry when dropped.
struct Scope {
    options: Options,
    registry: Option<Option<Arc<TypeRegistry>>>,
}

impl Drop for Scope {
    fn drop(&mut self) {
        OPTIONS.with(|o| o.set(self.options));
        if let Some(previous) = self.registry.take() {
            REGISTRY.with(|r| *r.borrow_mut() = previous);
        }
    }
}

fn scope(options: &Options, registry: Option<&Arc<TypeRegistry>>) -> Scope {
    let previous = OPTIONS.with(|o| o.replace(*options));
    let registry = registry.map(|new| REGISTRY.with(|r| r.replace(Some(new.clone()))));
    Scope {
        options: previous,
        registry,
    }
}

/// Runs `f` with `options` (and, if given, `registry` for `Any`) in effect on this thread:
/// every generated `Serialize`/`Deserialize` impl called inside reads them.
pub fn with_options<R>(
    options: &Options,
    registry: Option<&Arc<TypeRegistry>>,
    f: impl FnOnce() -> R,
) -> R {
    let _scope = scope(options, registry);
    f()
}

/// `value` as ProtoJSON text, with the default options.
pub fn to_string<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    to_string_with(value, &Options::default())
}

/// `value` as ProtoJSON text, with `options`.
pub fn to_string_with<T: serde::Serialize + ?Sized>(
    value: &T,
    options: &Options,
) -> serde_json::Result<String> {
    with_options(options, None, || serde_json::to_string(value))
}

/// A message read from ProtoJSON text, with the default options.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    from_str_with(text, &Options::default())
}

/// A message read from ProtoJSON text, with `options`.
pub fn from_str_with<T: serde::de::DeserializeOwned>(
    text: &str,
    options: &Options,
) -> serde_json::Result<T> {
    with_options(options, None, || serde_json::from_str(text))
}
