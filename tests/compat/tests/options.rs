//! Options that change generated code, compiled and exercised.

use prost::{Message, Name};
use rustsvc_compat::ours;

#[test]
fn type_attribute_adds_serde_derives() {
    use ours::opt_type_attribute::opts::v1::{item, Detail, Item};
    let item = Item {
        id: "a".into(),
        detail: Some(Detail { note: "n".into() }),
        choice: Some(item::Choice::Name("x".into())),
        ..Default::default()
    };
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["id"], "a");
    assert_eq!(json["detail"]["note"], "n");
    assert_eq!(json["choice"]["Name"], "x");
    let back: Item = serde_json::from_value(json).unwrap();
    assert_eq!(back, item);
    // #[serde(default)] only on Detail: a missing field is fine there.
    let d: Detail = serde_json::from_str("{}").unwrap();
    assert_eq!(d, Detail::default());
}

#[test]
fn field_attribute_renames_and_skips() {
    use ours::opt_field_attribute::opts::v1::{item, Item};
    let item = Item {
        id: "7".into(),
        choice: Some(item::Choice::Name("hidden".into())),
        ..Default::default()
    };
    let json = serde_json::to_value(&item).unwrap();
    assert_eq!(json["ID"], "7");
    assert!(json.get("id").is_none());
    assert!(
        json.get("choice").is_none(),
        "skipped by field_attribute=Item.choice"
    );
}

#[test]
fn enum_attribute_on_enums_and_oneofs() {
    use ours::opt_enum_attribute::opts::v1::{item, Kind};
    assert_eq!(serde_json::to_string(&Kind::Big).unwrap(), "\"Big\"");
    assert_eq!(
        serde_json::to_string(&item::Choice::Blob(vec![1])).unwrap(),
        "{\"Blob\":[1]}"
    );
}

#[test]
fn bytes_fields_are_bytes_and_round_trip() {
    use ours::opt_bytes::opts::v1::{item, Item};
    use prost::bytes::Bytes;
    let item = Item {
        data: Bytes::from_static(b"\x00\x01"),
        chunks: vec![Bytes::from_static(b"a"), Bytes::new()],
        choice: Some(item::Choice::Blob(Bytes::from_static(b"zz"))),
        ..Default::default()
    };
    let encoded = item.encode_to_vec();
    let decoded = Item::decode(Bytes::from(encoded.clone())).unwrap();
    assert_eq!(decoded, item);
    // Same wire bytes as the Vec<u8> representation.
    let plain = ours::opt_boxed::opts::v1::Item {
        data: vec![0, 1],
        chunks: vec![b"a".to_vec(), vec![]],
        choice: Some(ours::opt_boxed::opts::v1::item::Choice::Blob(
            b"zz".to_vec(),
        )),
        ..Default::default()
    };
    assert_eq!(plain.encode_to_vec(), encoded);
}

#[test]
fn boxed_field_is_boxed() {
    use ours::opt_boxed::opts::v1::{Detail, Item};
    let item = Item {
        detail: Some(Box::new(Detail { note: "n".into() })),
        ..Default::default()
    };
    assert_eq!(Item::decode(item.encode_to_vec().as_slice()).unwrap(), item);
}

#[test]
fn type_names_give_full_names_and_type_urls() {
    use ours::opt_enable_type_names::opts::v1::{Detail, Item};
    assert_eq!(Item::NAME, "Item");
    assert_eq!(Item::PACKAGE, "opts.v1");
    assert_eq!(Item::full_name(), "opts.v1.Item");
    assert_eq!(Item::type_url(), "/opts.v1.Item");
    assert_eq!(Detail::type_url(), "example.com/opts.v1.Detail");
    // prost's Any packing uses them.
    let any = prost_types::Any::from_msg(&Detail { note: "x".into() }).unwrap();
    assert_eq!(any.type_url, "example.com/opts.v1.Detail");
    assert_eq!(any.to_msg::<Detail>().unwrap().note, "x");
}

#[test]
fn compile_well_known_types_generates_local_types() {
    use ours::opt_compile_well_known_types::{google, wkt};
    let stamped = wkt::local::Stamped {
        at: Some(google::protobuf::Timestamp {
            seconds: 5,
            nanos: 6,
        }),
    };
    // The local Timestamp is wire-compatible with prost-types'.
    let theirs = prost_types::Timestamp {
        seconds: 5,
        nanos: 6,
    };
    let bytes = stamped.encode_to_vec();
    assert_eq!(&bytes[2..], theirs.encode_to_vec().as_slice());
    assert_eq!(
        wkt::local::Stamped::decode(bytes.as_slice()).unwrap(),
        stamped
    );
}

#[test]
fn extern_path_points_at_another_crate() {
    use ours::opt_extern_path::acme::store::v1::Order;
    use rustsvc_common_types::acme::common::v1::{Money, Status};
    let order = Order {
        total: Some(Money {
            currency: "EUR".into(),
            units: 3,
        }),
        status: Status::Ok as i32,
        items: vec![],
    };
    let back = Order::decode(order.encode_to_vec().as_slice()).unwrap();
    assert_eq!(back, order);
    assert_eq!(back.status(), Status::Ok);
}

#[test]
fn retain_enum_prefix_keeps_prefixes() {
    use ours::opt_retain_enum_prefix::opts::v1::Kind;
    assert_eq!(Kind::KindBig as i32, 1);
    assert_eq!(Kind::KindUnspecified.as_str_name(), "KIND_UNSPECIFIED");
}

#[test]
fn skip_debug_uses_the_users_debug() {
    use ours::opt_skip_debug::opts::v1::{Item, Kind};
    assert_eq!(format!("{:?}", Item::default()), "Item { .. }");
    assert_eq!(format!("{:?}", Kind::Big), "KIND_BIG");
}

#[test]
fn prost_paths_through_reexports_and_default_package_file() {
    use ours::opt_prost_path::opts::v1::Detail;
    let d = Detail { note: "x".into() };
    assert_eq!(Detail::decode(d.encode_to_vec().as_slice()).unwrap(), d);
    let t = ours::opt_prost_types_path::ptp::Timed {
        took: Some(prost_types::Duration {
            seconds: 1,
            nanos: 0,
        }),
    };
    assert!(!t.encode_to_vec().is_empty());
    let r = ours::opt_default_package_filename::Rootless { id: "r".into() };
    assert_eq!(r.id, "r");
}

#[test]
fn file_descriptor_set_is_embedded() {
    use ours::opt_file_descriptor_set::opts::v1::FILE_DESCRIPTOR_SET;
    let set = prost_types::FileDescriptorSet::decode(FILE_DESCRIPTOR_SET).unwrap();
    assert_eq!(set.file.len(), 1);
    let file = &set.file[0];
    assert_eq!(file.name(), "options.proto");
    assert_eq!(file.package(), "opts.v1");
    assert!(file.source_code_info.is_none(), "source info is stripped");
    let names: Vec<&str> = file.message_type.iter().map(|m| m.name()).collect();
    assert_eq!(names, ["Item", "Detail"]);
}
