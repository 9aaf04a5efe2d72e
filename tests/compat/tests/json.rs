//! `json=.`: the generated serde impls follow the proto3 JSON mapping, in both message forms
//! (the golden cases opt_json, prost's derives, and opt_json_own, the generator's own impls).

use std::sync::Arc;

use rustsvc_runtime::json::{self, Options, TypeRegistry};

macro_rules! json_tests {
    ($case:ident) => {
        mod $case {
            use super::*;
            use rustsvc_compat::ours::$case::js::v2::{legacy, Legacy};
            use rustsvc_compat::ours::$case::js::v3::{
                self as v3, item, Color, Item, Scalars, Wkt,
            };

            #[allow(clippy::needless_update)] // all fields but the unknown fields of the own form
            fn scalars() -> Scalars {
                Scalars {
                    f_double: 1.5,
                    f_float: f32::NAN,
                    f_int32: -7,
                    f_int64: -9_007_199_254_740_993,
                    f_uint32: 7,
                    f_uint64: u64::MAX,
                    f_sint32: 1,
                    f_sint64: 2,
                    f_fixed32: 3,
                    f_fixed64: 4,
                    f_sfixed32: 5,
                    f_sfixed64: 6,
                    f_bool: true,
                    f_string: "é\"".into(),
                    f_bytes: vec![0xfb, 0xff],
                    renamed: 9,
                    ..Default::default()
                }
            }

            #[test]
            fn scalars_are_written_in_their_json_forms_and_read_back() {
                let text = json::to_string(&scalars()).unwrap();
                assert_eq!(
                    text,
                    r#"{"fDouble":1.5,"fFloat":"NaN","fInt32":-7,"fInt64":"-9007199254740993","fUint32":7,"fUint64":"18446744073709551615","fSint32":1,"fSint64":"2","fFixed32":3,"fFixed64":"4","fSfixed32":5,"fSfixed64":"6","fBool":true,"fString":"é\"","fBytes":"+/8=","otherName":9}"#
                );
                let back: Scalars = json::from_str(&text).unwrap();
                assert!(back.f_float.is_nan());
                assert_eq!(Scalars { f_float: 0.0, ..back }, Scalars { f_float: 0.0, ..scalars() });
            }

            #[test]
            fn numbers_are_read_from_strings_and_exponents_and_names_from_both_forms() {
                let m: Scalars = json::from_str(
                    r#"{"f_int32":"12","fInt64":1e3,"fUint64":"1.0","fDouble":"-Infinity","fBytes":"-_8","renamed":1}"#,
                )
                .unwrap();
                assert_eq!(m.f_int32, 12);
                assert_eq!(m.f_int64, 1000);
                assert_eq!(m.f_uint64, 1);
                assert_eq!(m.f_double, f64::NEG_INFINITY);
                assert_eq!(m.f_bytes, vec![0xfb, 0xff]);
                assert_eq!(m.renamed, 1);
            }

            #[test]
            fn defaults_are_left_out_unless_asked_for() {
                assert_eq!(json::to_string(&Scalars::default()).unwrap(), "{}");
                let all = json::to_string_with(
                    &Scalars::default(),
                    &Options::new().emit_defaults(true).proto_names(true),
                )
                .unwrap();
                assert!(all.starts_with(r#"{"f_double":0.0,"f_float":0.0,"f_int32":0,"f_int64":"0""#), "{all}");
                assert!(all.ends_with(r#""f_bytes":"","renamed":0}"#), "{all}");
                // Presence: a set optional field is written even when it holds the default.
                let item = Item { maybe: Some(0), ..Default::default() };
                assert_eq!(json::to_string(&item).unwrap(), r#"{"maybe":0}"#);
                // null leaves a field unset.
                let back: Item = json::from_str(r#"{"maybe":null,"color":null,"child":null}"#).unwrap();
                assert_eq!(back, Item::default());
            }

            #[test]
            fn enums_by_name_aliases_numbers_and_unknown_names() {
                let item = Item {
                    color: Color::Red as i32,
                    colors: vec![2, 99],
                    ..Default::default()
                };
                assert_eq!(
                    json::to_string(&item).unwrap(),
                    r#"{"color":"RED","colors":["GREEN",99]}"#
                );
                assert_eq!(
                    json::to_string_with(&item, &Options::new().enums_as_ints(true)).unwrap(),
                    r#"{"color":1,"colors":[2,99]}"#
                );
                let alias: Item = json::from_str(r#"{"color":"CRIMSON","colors":[2,"RED"]}"#).unwrap();
                assert_eq!(alias.color, 1);
                assert_eq!(alias.colors, vec![2, 1]);
                let err = json::from_str::<Item>(r#"{"colors":["RED","BLUE"]}"#).unwrap_err();
                assert_eq!(
                    err.to_string(),
                    "field `colors[1]`: unknown enum value name \"BLUE\" at line 1 column 25"
                );
                let ignored: Item = json::from_str_with(
                    r#"{"color":"BLUE","colors":["RED","BLUE"],"extra":{"a":[1]}}"#,
                    &Options::new().ignore_unknown_fields(true),
                )
                .unwrap();
                assert_eq!(ignored.color, 0);
                assert_eq!(ignored.colors, vec![1]);
                // The enum type itself.
                assert_eq!(serde_json::to_string(&Color::Green).unwrap(), r#""GREEN""#);
                let c: Color = serde_json::from_str(r#""CRIMSON""#).unwrap();
                assert_eq!(c, Color::Red);
                assert!(serde_json::from_str::<Color>("7").is_err());
            }

            #[test]
            fn oneofs_maps_and_nested_messages() {
                let mut item = Item {
                    choice: Some(item::Choice::Number(0)),
                    ..Default::default()
                };
                item.by_int.insert(-1, "a".into());
                item.by_bool.insert(true, Color::Green as i32);
                item.by_u64.insert(u64::MAX, vec![1]);
                item.child = Some(Box::new(Item { maybe: Some(3), ..Default::default() }));
                let text = json::to_string(&item).unwrap();
                assert_eq!(
                    text,
                    r#"{"child":{"maybe":3},"byInt":{"-1":"a"},"byBool":{"true":"GREEN"},"byU64":{"18446744073709551615":"AQ=="},"number":"0"}"#
                );
                let back: Item = json::from_str(&text).unwrap();
                assert_eq!(back, item);
                let nothing: Item = json::from_str(r#"{"nothing":null}"#).unwrap();
                assert_eq!(nothing.choice, Some(item::Choice::Nothing(0)));
                assert_eq!(json::to_string(&nothing).unwrap(), r#"{"nothing":null}"#);
            }

            #[test]
            fn bad_input_is_an_error_naming_the_field() {
                let cases = [
                    (r#"{"name":"a","number":"1"}"#, "field `number`: oneof choice has more than one field set at line 1 column 25"),
                    (r#"{"maybe":1,"maybe":2}"#, "field \"maybe\" of message js.v3.Item is given twice at line 1 column 18"),
                    (r#"{"byInt":{"1":"a"},"by_int":{}}"#, "field \"byInt\" of message js.v3.Item is given twice at line 1 column 27"),
                    (r#"{"nope":1}"#, "unknown field \"nope\" in message js.v3.Item at line 1 column 7"),
                    (r#"{"child":{"child":{"maybe":1.5}}}"#, "field `child.child.maybe`: expected a whole number for a int32, found 1.5 at line 1 column 33"),
                    (r#"{"byInt":{"x":"a"}}"#, "field `byInt`: map key \"x\": expected a int32 as a number or a string holding a JSON number (no spaces, no leading '+' or zeros), found \"x\" at line 1 column 13"),
                    (r#"{"counts":[1,{}]}"#, "field `counts[1]`: invalid type: map, expected an int64 (a string or a number) at line 1 column 17"),
                    (r#"{"maybe":2147483648}"#, "field `maybe`: invalid value: integer `2147483648`, expected an int32 (a number or a string) at line 1 column 20"),
                    ("[1]", "invalid type: sequence, expected an object (message js.v3.Item) at line 1 column 0"),
                    (r#"{"maybe":1"#, "EOF while parsing an object at line 1 column 10"),
                ];
                let mut wrong = Vec::new();
                for (input, expected) in cases {
                    let err = json::from_str::<Item>(input).unwrap_err().to_string();
                    if err != expected {
                        wrong.push(format!("{input}\n  got:      {err}\n  expected: {expected}"));
                    }
                }
                assert!(wrong.is_empty(), "{}", wrong.join("\n"));
            }

            #[test]
            fn well_known_types_have_their_special_forms() {
                let text = r#"{"at":"1972-01-01T10:00:20.021Z","took":"-1.5s","attributes":{"a":[1,"x",null,true,{}]},"value":null,"list":[2],"mask":"a.bC,d","nothing":{},"maybeInt":0,"maybeU64":"5","maybeName":"","maybeData":"AA==","maybeDouble":"NaN","values":[null,1.0],"stamps":{"k":"1970-01-01T00:00:00Z"}}"#;
                let w: Wkt = json::from_str(text).unwrap();
                assert_eq!(w.at.unwrap().seconds, 63_108_020);
                assert_eq!(w.took.unwrap().nanos, -500_000_000);
                assert_eq!(w.mask.as_ref().unwrap().paths, vec!["a.b_c".to_owned(), "d".into()]);
                assert_eq!(w.maybe_int, Some(0));
                assert_eq!(w.maybe_u64, Some(5));
                assert_eq!(w.value, Some(prost_types::Value { kind: Some(prost_types::value::Kind::NullValue(0)) }));
                assert_eq!(w.values.len(), 2);
                let again: Wkt = json::from_str(&json::to_string(&w).unwrap()).unwrap();
                assert_eq!(format!("{again:?}"), format!("{w:?}"));
                for (bad, expected) in [
                    (r#"{"at":"10000-01-01T00:00:00Z"}"#, "field `at`"),
                    (r#"{"took":"1.5"}"#, "field `took`"),
                    (r#"{"mask":"a_b"}"#, "field `mask`"),
                    (r#"{"value":{"a":NaN}}"#, "field `value`: expected value"),
                ] {
                    let err = json::from_str::<Wkt>(bad).unwrap_err().to_string();
                    assert!(err.starts_with(expected), "{bad}: {err}");
                }
            }

            #[test]
            fn any_packs_generated_types_through_the_registry() {
                let item = Item { maybe: Some(1), ..Default::default() };
                let w = Wkt {
                    detail: Some(prost_types::Any {
                        type_url: "type.googleapis.com/js.v3.Item".into(),
                        value: prost::Message::encode_to_vec(&item),
                    }),
                    ..Default::default()
                };
                // Without the type in the registry: an error that says what to do.
                let err = json::to_string(&w).unwrap_err().to_string();
                assert!(err.contains("\"type.googleapis.com/js.v3.Item\", which the type registry does not know"), "{err}");
                let mut registry = TypeRegistry::new();
                v3::register_json_types(&mut registry);
                let registry = Arc::new(registry);
                let options = Options::new();
                let text = json::with_options(&options, Some(&registry), || serde_json::to_string(&w)).unwrap();
                assert_eq!(text, r#"{"detail":{"@type":"type.googleapis.com/js.v3.Item","maybe":1}}"#);
                let back: Wkt = json::with_options(&options, Some(&registry), || serde_json::from_str(&text)).unwrap();
                assert_eq!(back, w);
                // A well-known type goes under "value".
                let stamp = Wkt {
                    detail: Some(prost_types::Any {
                        type_url: "type.googleapis.com/google.protobuf.Duration".into(),
                        value: prost::Message::encode_to_vec(&prost_types::Duration { seconds: 1, nanos: 0 }),
                    }),
                    ..Default::default()
                };
                let text = json::to_string(&stamp).unwrap();
                assert_eq!(text, r#"{"detail":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s"}}"#);
                assert_eq!(json::from_str::<Wkt>(&text).unwrap(), stamp);
                let err = json::from_str::<Wkt>(r#"{"detail":{"@type":"x.com/no.Such","a":1}}"#).unwrap_err().to_string();
                assert!(err.starts_with("field `detail`: Any holds type \"x.com/no.Such\""), "{err}");
            }

            #[test]
            #[allow(clippy::needless_update)] // the own form has unknown fields too
            fn proto2_presence_required_and_groups() {
                let m = Legacy {
                    id: 0,
                    kind: Some(legacy::Kind::First as i32),
                    extra: Some(legacy::Extra { depth: Some(0), ..Default::default() }),
                    ..Default::default()
                };
                let text = json::to_string(&m).unwrap();
                assert_eq!(text, r#"{"id":0,"kind":"FIRST","extra":{"depth":0}}"#);
                assert_eq!(json::from_str::<Legacy>(&text).unwrap(), m);
                let d: Legacy = json::from_str("{}").unwrap();
                assert_eq!(d.label(), "none");
            }
        }
    };
}

json_tests!(opt_json);
json_tests!(opt_json_own);

#[test]
fn both_message_forms_write_the_same_json() {
    use rustsvc_compat::ours::{opt_json, opt_json_own};
    let text = r#"{"fDouble":1e300,"fFloat":-0.5,"fInt64":"5","fBytes":"AAEC","otherName":-1}"#;
    let a: opt_json::js::v3::Scalars = json::from_str(text).unwrap();
    let b: opt_json_own::js::v3::Scalars = json::from_str(text).unwrap();
    assert_eq!(json::to_string(&a).unwrap(), json::to_string(&b).unwrap());
    assert_eq!(
        prost::Message::encode_to_vec(&a),
        prost::Message::encode_to_vec(&b)
    );
}

#[test]
fn generated_well_known_types_keep_their_json_forms() {
    use rustsvc_compat::ours::opt_json_compile_well_known_types::wkt::local::Event;
    let text = r#"{"at":"2001-02-03T04:05:06.700Z","took":"3.000000001s","mask":"fooBar,x.y","count":"-5","name":"","nothing":{},"attributes":{"k":{"n":[1.5,null,"s",false]}},"value":null,"list":[{}],"detail":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"},"values":[null,true]}"#;
    let event: Event = json::from_str(text).unwrap();
    assert_eq!(event.at.as_ref().unwrap().seconds, 981_173_106);
    assert_eq!(event.took.as_ref().unwrap().nanos, 1);
    assert_eq!(event.count.as_ref().unwrap().value, -5);
    assert!(event.value.as_ref().unwrap().kind.is_some());
    assert_eq!(event.values.len(), 2);
    let written = json::to_string(&event).unwrap();
    let again: Event = json::from_str(&written).unwrap();
    assert_eq!(again, event);
    // The same text through prost-types' types gives the same JSON.
    let theirs: rustsvc_compat::ours::opt_json::js::v3::Wkt = json::from_str(
        r#"{"at":"2001-02-03T04:05:06.700Z","took":"3.000000001s","mask":"fooBar,x.y"}"#,
    )
    .unwrap();
    let ours: Event = json::from_str(
        r#"{"at":"2001-02-03T04:05:06.700Z","took":"3.000000001s","mask":"fooBar,x.y"}"#,
    )
    .unwrap();
    assert_eq!(
        json::to_string(&theirs).unwrap(),
        json::to_string(&ours).unwrap()
    );
    let err = json::from_str::<Event>(r#"{"took":"1"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("field `took`: "), "{err}");
}

/// The README's JSON example (tests/readme.rs compares these lines with it).
#[test]
fn readme_example() -> Result<(), Box<dyn std::error::Error>> {
    use rustsvc_compat::ours::opt_json::js::v3::{Color, Item};
    // README snippet start
    use rustsvc_runtime::json::{self, Options};
    let item = Item {
        maybe: Some(0),
        colors: vec![Color::Green as i32],
        counts: vec![7],
        ..Default::default()
    };
    let text = json::to_string(&item)?;
    assert_eq!(text, r#"{"maybe":0,"colors":["GREEN"],"counts":["7"]}"#);
    let back: Item = json::from_str(&text)?;
    assert_eq!(back, item);
    let other = json::to_string_with(
        &item,
        &Options::new().emit_defaults(true).enums_as_ints(true),
    )?;
    assert!(other.contains(r#""colors":[2]"#) && other.contains(r#""byInt":{}"#));
    // README snippet end
    Ok(())
}

#[test]
fn extensions_of_messages_that_keep_unknown_fields_are_json_members() {
    use rustsvc_compat::ours::opt_json_own::js::v2::Legacy;
    let text = r#"{"id":1,"[js.v2.ext_num]":-3,"[js.v2.ext_text]":"t"}"#;
    let m: Legacy = json::from_str(text).unwrap();
    // On the wire: field 100 (sint32 -3) and field 101 in the unknown fields.
    assert_eq!(
        prost::Message::encode_to_vec(&m),
        vec![8, 1, 0xa0, 6, 5, 0xaa, 6, 1, b't']
    );
    assert_eq!(json::to_string(&m).unwrap(), text);
    // Read from the wire, written as JSON: the last value wins, as in binary.
    let wire = [8, 1, 0xa0, 6, 5, 0xa0, 6, 6];
    let m: Legacy = prost::Message::decode(&wire[..]).unwrap();
    assert_eq!(
        json::to_string(&m).unwrap(),
        r#"{"id":1,"[js.v2.ext_num]":3}"#
    );
    let err = json::from_str::<Legacy>(r#"{"id":1,"[js.v2.ext_num]":1,"[js.v2.ext_num]":2}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("extension [js.v2.ext_num] of message js.v2.Legacy is given twice"),
        "{err}"
    );
    let err = json::from_str::<Legacy>(r#"{"[js.v2.ext_num]":"x"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("field `[js.v2.ext_num]`: "), "{err}");
    // Without unknown fields (prost's derive), an extension is an unknown field.
    let err = json::from_str::<rustsvc_compat::ours::opt_json::js::v2::Legacy>(text)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("unknown field \"[js.v2.ext_num]\""),
        "{err}"
    );
}

/// Mutated and truncated JSON never panics: every input gives a message or an error.
#[test]
fn mutated_input_gives_an_error_or_a_message_never_a_panic() {
    use rustsvc_compat::ours::opt_json_own::js::{v2::Legacy, v3::Item, v3::Wkt};
    let seeds = [
        r#"{"maybe":1,"color":"RED","colors":["GREEN",2],"counts":["1",2],"child":{"maybe":2},"byInt":{"-1":"a"},"byBool":{"true":"GREEN"},"byName":{"k":{"number":"7"}},"byU64":{"1":"AQ=="},"name":"x"}"#,
        r#"{"at":"1972-01-01T10:00:20.021Z","took":"-1.5s","attributes":{"a":[1,"x",null,true,{}]},"value":null,"list":[2],"mask":"a.bC","nothing":{},"maybeInt":0,"detail":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"1s"},"values":[null]}"#,
        r#"{"id":1,"label":"l","kind":"FIRST","values":["1"],"extra":{"depth":2},"[js.v2.ext_num]":-3}"#,
    ];
    // A small xorshift: the same inputs every run.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]\":,-+.0123456789eEtrufalsn\\ ab@_";
    let mut parsed = 0usize;
    for round in 0..6000 {
        let seed = seeds[round % seeds.len()].as_bytes();
        let mut bytes = seed.to_vec();
        for _ in 0..1 + next() % 3 {
            if bytes.len() < 2 {
                break;
            }
            let at = (next() as usize) % bytes.len();
            match next() % 3 {
                0 => bytes[at] = alphabet[(next() as usize) % alphabet.len()],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at.max(1)),
            }
        }
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let ok = json::from_str::<Item>(text).is_ok() as usize
            + json::from_str::<Wkt>(text).is_ok() as usize
            + json::from_str::<Legacy>(text).is_ok() as usize;
        parsed += ok;
    }
    // Some mutations keep the text valid: the test reaches the success path too.
    assert!(parsed > 50, "{parsed}");
}
