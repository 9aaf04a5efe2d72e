//! Editions: features resolved the way protoc defines them, and mapped onto what prost can
//! express.
//!
//! A file's edition picks its defaults from [`FeatureSetDefaults`] (protoc's own, produced by
//! `protoc --edition_defaults_out` and checked in as `edition_defaults.binpb`); then the
//! file's `features`, each enclosing message's, a oneof's and finally the field's own are
//! merged over them, the later winning. Enums resolve file → enclosing messages → enum.
//!
//! The mapping onto the model:
//! - `field_presence`: `EXPLICIT` → [`Cardinality::Optional`], `IMPLICIT` →
//!   [`Cardinality::Singular`], `LEGACY_REQUIRED` → [`Cardinality::Required`].
//! - `repeated_field_encoding`: `PACKED`/`EXPANDED` → [`Cardinality::Repeated`]'s `packed`.
//! - `message_encoding`: `DELIMITED` → [`FieldType::Group`] (map fields stay length-prefixed,
//!   as protoc defines).
//! - `enum_type`: prost represents every enum field as an open `i32`. For a `CLOSED` enum an
//!   unknown number is kept in the field (and written back out) instead of going to the
//!   unknown fields; the getter returns the enum's default. This is what prost already does
//!   for proto2 enums.
//!   Under `typed_enums` the type table records whether each enum is closed
//!   ([`super::TypeInfo::closed`]) and closed enum fields hold the enum itself.
//! - `utf8_validation`: no effect. prost validates every `string`, under `NONE` as under
//!   `VERIFY`, as it does for proto2's strings, whose validation protoc defines as `NONE`.
//! - `json_format`, `enforce_naming_style`, `default_symbol_visibility`: checked by protoc,
//!   with no effect on prost's types or wire format.

use std::collections::HashMap;
use std::sync::OnceLock;

use prost::Message as _;

use super::{Cardinality, FieldType};
use crate::error::{err, Error, Result};
use crate::pb::{
    DescriptorProto, Edition, EnumDescriptorProto, FeatureSet, FeatureSetDefaults,
    FieldDescriptorProto, FieldPresence, FileDescriptorProto, Label, MessageEncoding,
    RepeatedFieldEncoding,
};

/// The oldest edition the plugin accepts.
pub const MINIMUM_EDITION: Edition = Edition::Proto2;
/// The newest edition the plugin accepts.
pub const MAXIMUM_EDITION: Edition = Edition::Edition2024;

/// `protoc --edition_defaults_out=… --edition_defaults_minimum=PROTO2
/// --edition_defaults_maximum=2024 google/protobuf/descriptor.proto`, checked in; a test
/// regenerates it with the vendored protoc.
pub const EDITION_DEFAULTS: &[u8] = include_bytes!("edition_defaults.binpb");

/// protoc's feature defaults for every edition from PROTO2 to 2024.
pub fn edition_defaults() -> Result<&'static FeatureSetDefaults> {
    static DEFAULTS: OnceLock<Option<FeatureSetDefaults>> = OnceLock::new();
    DEFAULTS
        .get_or_init(|| FeatureSetDefaults::decode(EDITION_DEFAULTS).ok())
        .as_ref()
        .ok_or_else(|| Error::new("internal error: the built-in edition defaults do not decode"))
}

/// The resolved defaults of an edition: the last entry at or before it, overridable and
/// fixed features together. `None` for an edition outside PROTO2..=2024.
pub fn defaults_for(edition: Edition) -> Result<Option<FeatureSet>> {
    if edition < MINIMUM_EDITION || edition > MAXIMUM_EDITION {
        return Ok(None);
    }
    let defaults = edition_defaults()?;
    let entry = defaults
        .defaults
        .iter()
        .filter(|d| d.edition() <= edition)
        .max_by_key(|d| d.edition());
    let Some(entry) = entry else {
        return Ok(None);
    };
    let mut features = entry.overridable_features.unwrap_or_default();
    if let Some(fixed) = &entry.fixed_features {
        merge(&mut features, fixed)?;
    }
    Ok(Some(features))
}

/// The edition's name as written in a .proto (`2023`, `proto2`).
pub fn edition_name(edition: Edition) -> String {
    match edition {
        Edition::Proto2 => "proto2".to_owned(),
        Edition::Proto3 => "proto3".to_owned(),
        other => other
            .as_str_name()
            .trim_start_matches("EDITION_")
            .to_lowercase(),
    }
}

/// `child` merged over `parent`, field by field, as protobuf merges messages.
fn merge(parent: &mut FeatureSet, child: &FeatureSet) -> Result<()> {
    parent
        .merge(child.encode_to_vec().as_slice())
        .map_err(|e| err!("internal error: merging features: {e}"))
}

/// The resolved features of every field and enum of an editions file.
pub struct FileFeatures {
    pub edition: Edition,
    /// By `.pkg.Message.field`.
    fields: HashMap<String, FeatureSet>,
    /// By `.pkg.Enum`.
    enums: HashMap<String, FeatureSet>,
}

impl FileFeatures {
    /// Resolves an editions file, or says why its edition cannot be generated.
    pub fn resolve(file: &FileDescriptorProto) -> Result<FileFeatures> {
        let edition = file.edition();
        let base = defaults_for(edition)?.ok_or_else(|| {
            err!(
                "{}: edition {} is not supported; protoc-gen-rustsvc generates editions {} to {} \
                 (and proto2, proto3): use edition = \"{}\" or older",
                file.name(),
                edition_name(edition),
                edition_name(Edition::Edition2023),
                edition_name(MAXIMUM_EDITION),
                edition_name(MAXIMUM_EDITION),
            )
        })?;
        let mut features = base;
        if let Some(own) = file.options.as_ref().and_then(|o| o.features.as_ref()) {
            merge(&mut features, own)?;
        }
        let mut resolved = FileFeatures {
            edition,
            fields: HashMap::new(),
            enums: HashMap::new(),
        };
        let prefix = match file.package() {
            "" => String::new(),
            p => format!(".{p}"),
        };
        for m in &file.message_type {
            resolved.add_message(&features, &prefix, m)?;
        }
        for e in &file.enum_type {
            resolved.add_enum(&features, &prefix, e)?;
        }
        Ok(resolved)
    }

    fn add_message(
        &mut self,
        parent: &FeatureSet,
        prefix: &str,
        message: &DescriptorProto,
    ) -> Result<()> {
        let full_name = format!("{prefix}.{}", message.name());
        let mut features = *parent;
        if let Some(own) = message.options.as_ref().and_then(|o| o.features.as_ref()) {
            merge(&mut features, own)?;
        }
        for field in &message.field {
            let mut resolved = features;
            let oneof = field
                .oneof_index
                .and_then(|i| message.oneof_decl.get(i as usize));
            if let Some(own) = oneof
                .and_then(|o| o.options.as_ref())
                .and_then(|o| o.features.as_ref())
            {
                merge(&mut resolved, own)?;
            }
            if let Some(own) = field.options.as_ref().and_then(|o| o.features.as_ref()) {
                merge(&mut resolved, own)?;
            }
            self.fields
                .insert(format!("{full_name}.{}", field.name()), resolved);
        }
        for nested in &message.nested_type {
            self.add_message(&features, &full_name, nested)?;
        }
        for e in &message.enum_type {
            self.add_enum(&features, &full_name, e)?;
        }
        Ok(())
    }

    fn add_enum(
        &mut self,
        parent: &FeatureSet,
        prefix: &str,
        enumeration: &EnumDescriptorProto,
    ) -> Result<()> {
        let mut features = *parent;
        if let Some(own) = enumeration
            .options
            .as_ref()
            .and_then(|o| o.features.as_ref())
        {
            merge(&mut features, own)?;
        }
        self.enums
            .insert(format!("{prefix}.{}", enumeration.name()), features);
        Ok(())
    }

    /// The resolved features of field `name` of message `holder` (`.pkg.Message`).
    pub fn field(&self, holder: &str, name: &str) -> Option<&FeatureSet> {
        self.fields.get(&format!("{holder}.{name}"))
    }

    /// The resolved features of an enum of this file, by `.pkg.Enum`.
    pub fn enumeration(&self, full_name: &str) -> Option<&FeatureSet> {
        self.enums.get(full_name)
    }

    /// A field's type and cardinality under its resolved features. `ty` is the type the
    /// descriptor gives (a map already recognised as one); `what` names the field for errors.
    pub fn field_shape(
        &self,
        holder: &str,
        proto: &FieldDescriptorProto,
        ty: FieldType,
        what: &str,
    ) -> Result<(FieldType, Cardinality)> {
        let features = self
            .field(holder, proto.name())
            .ok_or_else(|| err!("internal error: {what}: no resolved features"))?;
        let ty = match ty {
            FieldType::Message(name)
                if features.message_encoding() == MessageEncoding::Delimited =>
            {
                FieldType::Group(name)
            }
            other => other,
        };
        let cardinality = match proto.label() {
            Label::Repeated => Cardinality::Repeated {
                packed: features.repeated_field_encoding() == RepeatedFieldEncoding::Packed,
            },
            Label::Required => Cardinality::Required,
            Label::Optional => match features.field_presence() {
                FieldPresence::LegacyRequired => Cardinality::Required,
                FieldPresence::Implicit
                    if !matches!(ty, FieldType::Message(_) | FieldType::Group(_))
                        && proto.oneof_index.is_none() =>
                {
                    Cardinality::Singular
                }
                _ => Cardinality::Optional,
            },
        };
        Ok((ty, cardinality))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pb::{
        EnumOptions, EnumType, FieldOptions, FileOptions, OneofDescriptorProto, OneofOptions, Type,
        Utf8Validation,
    };

    fn field(name: &str, ty: Type, features: Option<FeatureSet>) -> FieldDescriptorProto {
        FieldDescriptorProto {
            name: Some(name.to_owned()),
            r#type: Some(ty as i32),
            label: Some(Label::Repeated as i32),
            options: features.map(|f| {
                Box::new(FieldOptions {
                    features: Some(Box::new(f)),
                    ..Default::default()
                })
            }),
            ..Default::default()
        }
    }

    fn features(f: impl FnOnce(&mut FeatureSet)) -> FeatureSet {
        let mut set = FeatureSet::default();
        f(&mut set);
        set
    }

    /// file (EXPANDED, CLOSED) → message → nested message / oneof → field, and enums.
    #[test]
    fn resolves_file_message_oneof_field_and_enums() {
        let expanded = features(|f| {
            f.set_repeated_field_encoding(RepeatedFieldEncoding::Expanded);
            f.set_enum_type(EnumType::Closed);
        });
        let packed = features(|f| f.set_repeated_field_encoding(RepeatedFieldEncoding::Packed));
        let open = features(|f| f.set_enum_type(EnumType::Open));
        let mut in_oneof = field("o", Type::Int32, None);
        in_oneof.oneof_index = Some(0);
        let file = FileDescriptorProto {
            name: Some("f.proto".to_owned()),
            package: Some("p".to_owned()),
            syntax: Some("editions".to_owned()),
            edition: Some(Edition::Edition2023 as i32),
            options: Some(Box::new(FileOptions {
                features: Some(Box::new(expanded)),
                ..Default::default()
            })),
            message_type: vec![DescriptorProto {
                name: Some("M".to_owned()),
                field: vec![
                    field("inherits", Type::Int32, None),
                    field("own", Type::Int32, Some(packed)),
                    in_oneof,
                ],
                oneof_decl: vec![OneofDescriptorProto {
                    name: Some("choice".to_owned()),
                    options: Some(Box::new(OneofOptions {
                        features: Some(Box::new(packed)),
                        ..Default::default()
                    })),
                }],
                nested_type: vec![DescriptorProto {
                    name: Some("N".to_owned()),
                    field: vec![field("deep", Type::Int32, None)],
                    ..Default::default()
                }],
                enum_type: vec![EnumDescriptorProto {
                    name: Some("E".to_owned()),
                    options: Some(Box::new(EnumOptions {
                        features: Some(Box::new(open)),
                        ..Default::default()
                    })),
                    ..Default::default()
                }],
                ..Default::default()
            }],
            enum_type: vec![EnumDescriptorProto {
                name: Some("Top".to_owned()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let resolved = FileFeatures::resolve(&file).unwrap();
        let encoding = |holder: &str, name: &str| {
            resolved
                .field(holder, name)
                .map(|f| f.repeated_field_encoding())
        };
        use RepeatedFieldEncoding::{Expanded, Packed};
        assert_eq!(encoding(".p.M", "inherits"), Some(Expanded));
        assert_eq!(encoding(".p.M", "own"), Some(Packed));
        assert_eq!(encoding(".p.M", "o"), Some(Packed));
        assert_eq!(encoding(".p.M.N", "deep"), Some(Expanded));
        // Untouched features keep the edition's defaults.
        let deep = resolved.field(".p.M.N", "deep").unwrap();
        assert_eq!(deep.field_presence(), FieldPresence::Explicit);
        assert_eq!(deep.utf8_validation(), Utf8Validation::Verify);
        assert_eq!(
            resolved.enumeration(".p.Top").map(|f| f.enum_type()),
            Some(EnumType::Closed)
        );
        assert_eq!(
            resolved.enumeration(".p.M.E").map(|f| f.enum_type()),
            Some(EnumType::Open)
        );
    }

    #[test]
    fn edition_names() {
        assert_eq!(edition_name(Edition::Edition2023), "2023");
        assert_eq!(edition_name(Edition::Proto2), "proto2");
        assert_eq!(edition_name(Edition::Unstable), "unstable");
    }
}
