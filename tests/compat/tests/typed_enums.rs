//! `typed_enums` on the wire, with the golden case `opt_typed_enums`: open enum fields keep
//! every number (known or not) and write it back; closed enum fields never hold a number
//! their enum does not name: it goes to the unknown fields when the message keeps them (as
//! the varint it was, a map entry whole), and is dropped otherwise; the accessors prost
//! users know keep working.

use prost::Message;
use rustsvc_compat::ours::opt_typed_enums::typed::{ed, other, v1, v2};
use rustsvc_runtime::EnumValue;

/// A varint field.
fn varint_field(tag: u32, value: i64, out: &mut Vec<u8>) {
    prost::encoding::encode_key(tag, prost::encoding::WireType::Varint, out);
    prost::encoding::encode_varint(value as u64, out);
}

/// A length-delimited field.
fn bytes_field(tag: u32, body: &[u8], out: &mut Vec<u8>) {
    prost::encoding::encode_key(tag, prost::encoding::WireType::LengthDelimited, out);
    prost::encoding::encode_varint(body.len() as u64, out);
    out.extend_from_slice(body);
}

/// A packed run of varints.
fn packed(tag: u32, values: &[i64], out: &mut Vec<u8>) {
    let mut body = Vec::new();
    for v in values {
        prost::encoding::encode_varint(*v as u64, &mut body);
    }
    bytes_field(tag, &body, out);
}

#[test]
fn open_enum_fields_keep_unknown_numbers_and_compare_with_the_enum() {
    let mut bytes = Vec::new();
    varint_field(1, 7, &mut bytes); // color: unknown
    varint_field(2, 1, &mut bytes); // maybe: RED
    packed(3, &[1, 9, -3], &mut bytes); // colors
    varint_field(4, 2, &mut bytes); // loose: GREEN
    varint_field(4, 40, &mut bytes); // loose: unknown
    let mut entry = Vec::new();
    bytes_field(1, b"k", &mut entry);
    varint_field(2, 12, &mut entry);
    bytes_field(5, &entry, &mut bytes); // by_name {"k": 12}
    varint_field(6, 99, &mut bytes); // choice.picked: unknown
    let paint = v1::Paint::decode(bytes.as_slice()).unwrap();

    assert_eq!(paint.color, EnumValue::Unknown(7));
    assert!(paint.color != v1::Color::Red);
    assert_eq!(paint.color.known(), None);
    assert_eq!(i32::from(paint.color), 7);
    assert!(paint.maybe.unwrap() == v1::Color::Red);
    assert_eq!(
        paint.colors,
        [
            EnumValue::Known(v1::Color::Red),
            EnumValue::Unknown(9),
            EnumValue::Unknown(-3)
        ]
    );
    assert_eq!(paint.loose, [v1::Color::Green.into(), EnumValue::from(40)]);
    assert_eq!(paint.by_name["k"], EnumValue::Unknown(12));
    assert_eq!(
        paint.choice,
        Some(v1::paint::Choice::Picked(EnumValue::Unknown(99)))
    );
    // Every number survives the round trip, in the i32 form's bytes.
    assert_eq!(paint.encode_to_vec(), bytes);
    assert_eq!(paint.encoded_len(), bytes.len());
    assert_eq!(
        format!("{:?}", paint.colors),
        "[Red, 9, -3]",
        "Debug names known values and prints the others' numbers"
    );

    // prost's accessors: the enum, or its default for an unknown number.
    assert_eq!(paint.color(), v1::Color::Unspecified);
    assert_eq!(paint.maybe(), v1::Color::Red);
    assert_eq!(paint.colors().collect::<Vec<_>>(), [v1::Color::Red]);
    assert_eq!(paint.get_by_name("k"), None);
    let mut paint = paint;
    paint.set_color(v1::Color::Green);
    assert!(paint.color == v1::Color::Green);
    paint.push_colors(v1::Color::Green);
    assert_eq!(
        paint.colors.last(),
        Some(&EnumValue::Known(v1::Color::Green))
    );
    assert_eq!(
        paint.insert_by_name("k".into(), v1::Color::Red),
        None,
        "the old value was not one of the enum's"
    );
    assert_eq!(paint.get_by_name("k"), Some(v1::Color::Red));
}

#[test]
fn open_enum_defaults_are_the_first_value_and_not_written() {
    let paint = v1::Paint::default();
    assert!(paint.color == v1::Color::Unspecified);
    assert_eq!(i32::from(paint.color), 0);
    assert!(paint.encode_to_vec().is_empty());
    // An implicit-presence field holding an unknown zero-valued number is not written either.
    let mut mixed = ed::Mixed {
        implicit: EnumValue::Unknown(0),
        ..Default::default()
    };
    assert!(mixed.encode_to_vec().is_empty());
    mixed.implicit = ed::Open::One.into();
    assert_eq!(mixed.encode_to_vec(), [3 << 3, 1]);
    // Editions defaults: `[default = …]` for the getter of an open enum, the closed one's.
    assert_eq!(mixed.with_default(), ed::Open::One);
    assert_eq!(mixed.legacy(), ed::Legacy::Two);
    // A field outside the typed_enums path stays an i32.
    let untyped = other::Untyped { tone: 5 };
    assert_eq!(untyped.tone, 5);
}

#[test]
fn closed_enum_fields_drop_unknown_numbers_without_unknown_fields() {
    let mut bytes = Vec::new();
    varint_field(1, 9, &mut bytes); // size: unknown
    varint_field(2, 2, &mut bytes); // need: LARGE
    varint_field(3, 1, &mut bytes); // sizes: SMALL
    varint_field(3, 5, &mut bytes); // sizes: unknown
    packed(4, &[2, 77, 1], &mut bytes); // packed_sizes
    let mut entry = Vec::new();
    varint_field(1, 3, &mut entry);
    varint_field(2, 8, &mut entry);
    bytes_field(5, &entry, &mut bytes); // by_id {3: unknown}
    varint_field(6, 4, &mut bytes); // pick.one: unknown
    let b = v2::Box::decode(bytes.as_slice()).unwrap();
    assert_eq!(b.size, None);
    assert_eq!(b.size(), v2::Size::Large, "the [default = LARGE] getter");
    assert_eq!(b.need, v2::Size::Large);
    assert_eq!(b.sizes, [v2::Size::Small]);
    assert_eq!(b.packed_sizes, [v2::Size::Large, v2::Size::Small]);
    assert!(b.by_id.is_empty());
    assert_eq!(b.pick, None);

    let mut expected = Vec::new();
    varint_field(2, 2, &mut expected);
    varint_field(3, 1, &mut expected);
    packed(4, &[2, 1], &mut expected);
    assert_eq!(b.encode_to_vec(), expected);
}

#[test]
fn closed_enum_fields_keep_unknown_numbers_in_the_unknown_fields() {
    let mut bytes = Vec::new();
    varint_field(1, 1, &mut bytes); // size: SMALL
    varint_field(1, 9, &mut bytes); // size: unknown (the last value does not win)
    packed(2, &[2, 77, 1], &mut bytes); // sizes, packed
    let mut good = Vec::new();
    varint_field(1, 3, &mut good);
    varint_field(2, 1, &mut good);
    bytes_field(3, &good, &mut bytes); // by_id {3: ONE}
    let mut bad = Vec::new();
    varint_field(1, 4, &mut bad);
    varint_field(2, 8, &mut bad);
    bytes_field(3, &bad, &mut bytes); // by_id {4: unknown}: the entry is kept whole
    varint_field(4, 2, &mut bytes); // pick.one: LARGE
    varint_field(4, 6, &mut bytes); // pick.one: unknown; the oneof keeps LARGE
    varint_field(6, 50, &mut bytes); // only.alone: unknown
    let kept = v2::Kept::decode(bytes.as_slice()).unwrap();
    assert_eq!(kept.size, Some(v2::Size::Small));
    assert_eq!(kept.sizes, [v2::Size::Large, v2::Size::Small]);
    assert_eq!(kept.by_id.len(), 1);
    assert_eq!(kept.by_id[&3], v2::Kind::One);
    assert_eq!(kept.pick, Some(v2::kept::Pick::One(v2::Size::Large)));
    assert_eq!(kept.only, None);

    // Each unknown number as the varint field it was read as, a map entry whole, in order.
    let mut unknown = Vec::new();
    varint_field(1, 9, &mut unknown);
    varint_field(2, 77, &mut unknown);
    bytes_field(3, &bad, &mut unknown);
    varint_field(4, 6, &mut unknown);
    varint_field(6, 50, &mut unknown);
    assert_eq!(kept._unknown_fields, unknown);

    // Written back after the known fields; read again, the same message.
    let encoded = kept.encode_to_vec();
    assert!(encoded.ends_with(&unknown));
    assert_eq!(kept.encoded_len(), encoded.len());
    let again = v2::Kept::decode(encoded.as_slice()).unwrap();
    assert_eq!(again, kept);
}

#[test]
fn typed_values_convert_and_never_panic() {
    for n in [i32::MIN, -1, 0, 1, 2, 3, i32::MAX] {
        let v = EnumValue::<v1::Color>::from(n);
        assert_eq!(i32::from(v), n);
        assert_eq!(v.is_known(), (0..=2).contains(&n));
        assert_eq!(v1::Color::try_from(n).ok(), v.known());
        // Equal values hash alike, whichever variant holds the number.
        assert_eq!(EnumValue::<v1::Color>::Unknown(n), v);
    }
    assert!(EnumValue::<v1::Color>::from(2) > v1::Color::Red.into());
    assert_eq!(
        EnumValue::<v1::Color>::default(),
        EnumValue::Known(v1::Color::Unspecified)
    );
    // Decoding a closed enum field reads any i32 (an int64 varint truncated, as protobuf
    // does) and never holds it unless the enum names it.
    for n in [i64::MIN, -1, 1 << 40, 2, i64::MAX] {
        let mut bytes = Vec::new();
        varint_field(2, n, &mut bytes);
        let b = v2::Box::decode(bytes.as_slice()).unwrap();
        assert_eq!(i32::from(b.need), if n == 2 { 2 } else { 1 });
    }
}
