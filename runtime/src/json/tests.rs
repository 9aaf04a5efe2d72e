//! The plumbing without generated code: options scoping, paths in errors, the well-known
//! types of prost-types and the registry. Generated messages are tested in
//! tests/compat/tests/json.rs.

use std::marker::PhantomData;
use std::sync::Arc;

use super::kinds::{Kind, Plain, SerWith};
use super::*;

fn write<T: ProtoJson>(v: &T) -> String {
    serde_json::to_string(&SerWith::<Plain, T>(v, PhantomData)).unwrap()
}

fn read<T: ProtoJson>(text: &str) -> Result<T, String> {
    let mut d = serde_json::Deserializer::from_str(text);
    <Plain as Kind<T>>::de(&mut d)
        .map(|v| v.expect("a value"))
        .map_err(|e| e.to_string())
}

#[test]
fn options_are_scoped_to_the_call_and_restored_after_a_panic() {
    assert_eq!(current_options(), Options::default());
    let outer = Options::new().proto_names(true);
    with_options(&outer, None, || {
        assert_eq!(current_options(), outer);
        let inner = Options::new().enums_as_ints(true);
        with_options(&inner, None, || assert_eq!(current_options(), inner));
        assert_eq!(current_options(), outer);
        let caught = std::panic::catch_unwind(|| {
            with_options(&Options::new().emit_defaults(true), None, || panic!("boom"))
        });
        assert!(caught.is_err());
        assert_eq!(current_options(), outer);
    });
    assert_eq!(current_options(), Options::default());
}

#[test]
fn errors_gain_their_field_path_once() {
    let inner = message::at_path(
        "b",
        <serde_json::Error as serde::de::Error>::custom("bad at line 1 column 5"),
    );
    assert_eq!(inner.to_string(), "field `b`: bad");
    let outer = message::at_path("a", inner);
    assert_eq!(outer.to_string(), "field `a.b`: bad");
    let indexed = message::at_path("list", message::at_path("[2]", outer));
    assert_eq!(indexed.to_string(), "field `list[2].a.b`: bad");
}

#[test]
fn prost_types_well_known_types() {
    let t = prost_types::Timestamp {
        seconds: 1,
        nanos: 500_000_000,
    };
    assert_eq!(write(&t), r#""1970-01-01T00:00:01.500Z""#);
    assert_eq!(
        read::<prost_types::Timestamp>(r#""1970-01-01T01:00:01.5+01:00""#).unwrap(),
        t
    );
    assert!(read::<prost_types::Timestamp>("1")
        .unwrap_err()
        .starts_with("invalid type: integer"));
    let d = prost_types::Duration {
        seconds: -1,
        nanos: -5,
    };
    assert_eq!(write(&d), r#""-1.000000005s""#);
    let v: prost_types::Value = read(r#"{"a":[1,null,"x",true]}"#).unwrap();
    assert_eq!(write(&v), r#"{"a":[1.0,null,"x",true]}"#);
    let nan = prost_types::Value {
        kind: Some(prost_types::value::Kind::NumberValue(f64::NAN)),
    };
    assert!(serde_json::to_string(&SerWith::<Plain, _>(&nan, PhantomData)).is_err());
    assert!(read::<prost_types::Struct>(r#"{"a":1,"a":2}"#)
        .unwrap_err()
        .contains("twice"));
    assert_eq!(write(&()), "{}");
    assert!(read::<()>(r#"{"a":1}"#).is_err());
    let ignored = with_options(&Options::new().ignore_unknown_fields(true), None, || {
        read::<()>(r#"{"a":1}"#)
    });
    assert!(ignored.is_ok());
}

#[test]
fn any_goes_through_the_registry_in_effect() {
    let packed = prost_types::Any {
        type_url: "type.googleapis.com/google.protobuf.Int32Value".into(),
        value: prost::Message::encode_to_vec(&5i32),
    };
    let text = write(&packed);
    assert_eq!(
        text,
        r#"{"@type":"type.googleapis.com/google.protobuf.Int32Value","value":5}"#
    );
    assert_eq!(read::<prost_types::Any>(&text).unwrap(), packed);
    // An empty registry knows nothing.
    let empty = Arc::new(TypeRegistry::empty());
    let err = with_options(&Options::new(), Some(&empty), || {
        read::<prost_types::Any>(&text)
    });
    assert!(err
        .unwrap_err()
        .contains("which the type registry does not know"));
    assert!(read::<prost_types::Any>(r#"{"value":5}"#)
        .unwrap_err()
        .contains("needs \"@type\""));
    assert!(read::<prost_types::Any>(r#"{"@type":"nope","value":5}"#)
        .unwrap_err()
        .contains("has no '/'"));
    assert_eq!(
        read::<prost_types::Any>("{}").unwrap(),
        prost_types::Any::default()
    );
}
