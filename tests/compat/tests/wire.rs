//! Differential wire test: for each golden case, a value built with our generated types and
//! the same value built with prost-build's types (one literal, written once, instantiated
//! for both) must encode to identical bytes, and each side must decode the other's bytes
//! back to an equal value. Every field kind is set to a non-default value.

use prost::Message;
use rustsvc_compat::{ours, theirs};

/// Builds `$value` with `$root` = ours and = theirs; checks the bytes agree both ways.
macro_rules! same_wire {
    ($name:literal, |$root:ident| $value:expr, $ty:ident :: $($path:ident)::+) => {{
        let a = { use ours as $root; $value };
        let b = { use theirs as $root; $value };
        let bytes_a = a.encode_to_vec();
        let bytes_b = b.encode_to_vec();
        assert!(!bytes_a.is_empty(), "{}: empty encoding", $name);
        assert_eq!(bytes_a, bytes_b, "{}: encodings differ", $name);
        let a2 = ours::$($path)::+::decode(bytes_b.as_slice()).expect("ours decodes theirs");
        let b2 = theirs::$($path)::+::decode(bytes_a.as_slice()).expect("theirs decodes ours");
        assert_eq!(a2, a, "{}: ours round trip", $name);
        assert_eq!(b2, b, "{}: theirs round trip", $name);
        assert_eq!(a2.encode_to_vec(), b2.encode_to_vec(), "{}: re-encodings differ", $name);
        let _ = stringify!($ty);
    }};
}

#[test]
fn user() {
    same_wire!(
        "user",
        |r| r::user::user::User {
            id: "7".into(),
            name: "jack".into(),
            description: "strong".into(),
        },
        T::user::user::User
    );
    same_wire!(
        "user list",
        |r| r::user::user::UserList {
            list: vec![r::user::user::User {
                id: "1".into(),
                name: "a".into(),
                description: String::new()
            }],
        },
        T::user::user::UserList
    );
}

#[test]
fn scalars() {
    same_wire!(
        "scalars",
        |r| r::scalars::scalars::Scalars {
            f_double: -1.25,
            f_float: 3.5,
            f_int32: -7,
            f_int64: -1 << 40,
            f_uint32: u32::MAX,
            f_uint64: u64::MAX,
            f_sint32: -123,
            f_sint64: i64::MIN,
            f_fixed32: 0xdead_beef,
            f_fixed64: 0x0123_4567_89ab_cdef,
            f_sfixed32: -2,
            f_sfixed64: -3,
            f_bool: true,
            f_string: "héllo".into(),
            f_bytes: vec![0, 1, 255],
        },
        T::scalars::scalars::Scalars
    );
    same_wire!(
        "repeated",
        |r| r::scalars::scalars::Repeated {
            r_double: vec![1.0, -2.0],
            r_float: vec![0.5],
            r_int32: vec![-1, 2, 300],
            r_int64: vec![i64::MAX],
            r_uint32: vec![1, 2],
            r_uint64: vec![u64::MAX, 0],
            r_sint32: vec![-1, 1],
            r_sint64: vec![-5],
            r_fixed32: vec![9],
            r_fixed64: vec![10],
            r_sfixed32: vec![-11],
            r_sfixed64: vec![-12],
            r_bool: vec![true, false, true],
            r_string: vec!["a".into(), "".into()],
            r_bytes: vec![vec![1], vec![]],
            unpacked_int32: vec![1, 2, 3],
            unpacked_sint64: vec![-1, -2],
        },
        T::scalars::scalars::Repeated
    );
    // Copy + Eq + Hash are derived on both sides.
    let p = ours::scalars::scalars::Point {
        x: 1,
        y: -2,
        visible: true,
    };
    let q = p;
    assert_eq!(std::collections::HashSet::from([p]).len(), 1);
    assert_eq!(p, q);
}

#[test]
fn enums() {
    same_wire!(
        "enums",
        |r| r::enums::enums::Paint {
            color: r::enums::enums::Color::Blue as i32,
            palette: vec![r::enums::enums::Color::Red as i32, 99],
            maybe: Some(r::enums::enums::Color::Green as i32),
            finish: r::enums::enums::paint::Finish::Gloss as i32,
            plain: r::enums::enums::Plain::Foobar as i32,
        },
        T::enums::enums::Paint
    );
    use ours::enums::enums::{Aliased, Color, Plain};
    assert_eq!(Color::Blue.as_str_name(), "COLOR_BLUE");
    assert_eq!(Color::from_str_name("COLOR_RED"), Some(Color::Red));
    assert_eq!(
        Aliased::from_str_name("ALIASED_STARTED"),
        Some(Aliased::Started)
    );
    assert_eq!(Plain::Plain2 as i32, 3);
}

#[test]
fn nested_oneof_optional() {
    same_wire!(
        "nested",
        |r| r::nested::nested::Outer {
            middle: Some(r::nested::nested::outer::Middle {
                inner: Some(r::nested::nested::outer::middle::Inner { value: 5, level: 1 }),
                inners: vec![r::nested::nested::outer::middle::Inner { value: 6, level: 0 }],
            }),
            shortcut: Some(r::nested::nested::outer::middle::Inner { value: 7, level: 1 }),
            level: 1,
        },
        T::nested::nested::Outer
    );
    use ours::oneof::oneof::sample;
    let _ = sample::Payload::Text(String::new());
    same_wire!(
        "oneof",
        |r| r::oneof::oneof::Sample {
            name: "n".into(),
            payload: Some(r::oneof::oneof::sample::Payload::Sub(
                r::oneof::oneof::Sub { id: 3 }
            )),
            only_ints: Some(r::oneof::oneof::sample::OnlyInts::B(-9)),
            choice: Some(r::oneof::oneof::sample::ChoiceOneOf::D(2.5)),
        },
        T::oneof::oneof::Sample
    );
    same_wire!(
        "oneof bytes",
        |r| r::oneof::oneof::Sample {
            name: String::new(),
            payload: Some(r::oneof::oneof::sample::Payload::Blob(vec![1, 2])),
            only_ints: Some(r::oneof::oneof::sample::OnlyInts::A(0)),
            choice: None,
        },
        T::oneof::oneof::Sample
    );
    same_wire!(
        "optional",
        |r| r::optional::optional::Optionals {
            count: Some(0),
            name: Some(String::new()),
            data: Some(vec![]),
            kind: Some(1),
            inner: Some(r::optional::optional::optionals::Inner { flag: Some(false) }),
            plain: 4,
            ratio: Some(0.0),
            real: Some(r::optional::optional::optionals::Real::B("x".into())),
        },
        T::optional::optional::Optionals
    );
}

#[test]
fn maps() {
    same_wire!(
        "maps",
        |r| r::maps::maps::Maps {
            labels: [("k".to_string(), "v".to_string())].into(),
            by_id: [(1, r::maps::maps::Value { text: "one".into() })].into(),
            states: [("on".to_string(), r::maps::maps::State::On as i32)].into(),
            blobs: [(-1i64, vec![1u8, 2])].into(),
            flags: [(true, 1.5)].into(),
            ordered: [(
                3u32,
                r::maps::maps::Value {
                    text: "three".into()
                }
            )]
            .into(),
        },
        T::maps::maps::Maps
    );
    // btree_map applied to exactly the field named in params.txt.
    let m = ours::maps::maps::Maps::default();
    let _: &std::collections::BTreeMap<u32, ours::maps::maps::Value> = &m.ordered;
    let _: &std::collections::HashMap<String, String> = &m.labels;
}

#[test]
fn proto2_defaults_required_groups() {
    use ours::proto2::proto2::Defaults;
    let d = Defaults::default();
    assert_eq!(d.i32(), -42);
    assert_eq!(d.u64(), u64::MAX);
    assert_eq!(d.f(), 1.5);
    assert_eq!(d.infinite(), f64::INFINITY);
    assert_eq!(d.neg_infinite(), f64::NEG_INFINITY);
    assert!(d.not_a_number().is_nan());
    assert!(d.yes());
    assert_eq!(d.s(), "say \"hi\"\n\t\\ \u{e9} */ #[cfg(x)]");
    assert_eq!(d.b(), b"\x00\x01\x7fabc\"\\\xff");
    assert_eq!(d.mode(), ours::proto2::proto2::Mode::Auto);
    assert_eq!(d.exp(), 1e10);
    same_wire!(
        "proto2",
        |r| r::proto2::proto2::Required {
            id: 0,
            name: String::new(),
            defaults: r::proto2::proto2::Defaults {
                i32: Some(1),
                s: Some("x".into()),
                b: Some(vec![9]),
                mode: Some(0),
                ..Default::default()
            },
            maybe: None,
            unpacked: vec![1, 2],
            packed: vec![3, 4],
            modes: vec![1, 2],
        },
        T::proto2::proto2::Required
    );
    same_wire!(
        "groups",
        |r| r::groups::groups::WithGroups {
            result: Some(r::groups::groups::with_groups::Result {
                url: Some("u".into()),
                rank: Some(2)
            }),
            item: vec![
                r::groups::groups::with_groups::Item { id: 1 },
                r::groups::groups::with_groups::Item { id: 2 }
            ],
            after: Some(3),
        },
        T::groups::groups::WithGroups
    );
}

#[test]
fn recursive_and_cross_package() {
    same_wire!(
        "recursive",
        |r| r::recursive::recursive::Tree {
            value: 1,
            children: vec![r::recursive::recursive::Tree {
                value: 2,
                ..Default::default()
            }],
            left: Some(Box::new(r::recursive::recursive::Tree {
                value: 3,
                ..Default::default()
            })),
            right: None,
            link: Some(r::recursive::recursive::tree::Link::Next(Box::default())),
        },
        T::recursive::recursive::Tree
    );
    same_wire!(
        "mutual",
        |r| r::recursive::recursive::Ping {
            pong: Some(Box::new(r::recursive::recursive::Pong {
                ping: Some(Box::default()),
                leaf: Some(r::recursive::recursive::Leaf { id: 4 }),
            })),
        },
        T::recursive::recursive::Ping
    );
    same_wire!(
        "cross package",
        |r| r::cross_package::acme::store::v1::Order {
            total: Some(r::cross_package::acme::common::v1::Money {
                currency: "EUR".into(),
                units: 12
            }),
            status: r::cross_package::acme::common::v1::Status::Ok as i32,
            items: vec![r::cross_package::acme::store::v1::Item {
                sku: "s".into(),
                price: Some(r::cross_package::acme::common::v1::Money {
                    currency: "EUR".into(),
                    units: 1
                }),
            }],
        },
        T::cross_package::acme::store::v1::Order
    );
}

#[test]
fn well_known_types_and_keywords() {
    same_wire!(
        "wkt",
        |r| r::wkt::wkt::Event {
            at: Some(prost_types::Timestamp {
                seconds: 10,
                nanos: 5
            }),
            took: Some(prost_types::Duration {
                seconds: 1,
                nanos: 0
            }),
            detail: Some(prost_types::Any {
                type_url: "t".into(),
                value: vec![1]
            }),
            attributes: Some(prost_types::Struct::default()),
            value: Some(prost_types::Value {
                kind: Some(prost_types::value::Kind::BoolValue(true))
            }),
            mask: Some(prost_types::FieldMask {
                paths: vec!["a.b".into()]
            }),
            nothing: Some(()),
            maybe_name: Some("n".into()),
            maybe_count: Some(-1),
            maybe_flag: Some(false),
            maybe_data: Some(vec![7]),
            history: vec![prost_types::Timestamp::default()],
            extra: [("k".to_string(), prost_types::Value::default())].into(),
        },
        T::wkt::wkt::Event
    );
    same_wire!(
        "keywords",
        |r| r::keywords::r#type::r#async::Self_ {
            r#type: "t".into(),
            self_: 1,
            r#async: true,
            r#fn: "f".into(),
            super_: 2,
            crate_: "c".into(),
            r#gen: "g".into(),
            r#try: "y".into(),
            http_header: "h".into(),
            leading: "l".into(),
            trailing: "t".into(),
            camel_case: "c".into(),
            kind: Some(r::keywords::r#type::r#async::self_::Type { r#match: 3 }),
            which: 2,
        },
        T::keywords::r#type::r#async::Self_
    );
}

#[test]
#[allow(deprecated)]
fn deprecated_items_are_marked_and_work() {
    same_wire!(
        "deprecated",
        |r| r::deprecated::deprecated::Current {
            id: 1,
            old: Some(r::deprecated::deprecated::Old { id: 2 }),
            mode: 1,
            pick: Some(r::deprecated::deprecated::current::Pick::Legacy("x".into())),
            labels: [("a".to_string(), "b".to_string())].into(),
        },
        T::deprecated::deprecated::Current
    );
}
