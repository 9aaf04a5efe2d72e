//! Encode/decode throughput of protobuf's conformance message TestAllTypesProto3 in the two
//! message forms (`message_impl=derive` and `own`), one value decoded from the same bytes.
//! Built and run by bench/message_forms.sh.

use prost::Message;
use std::time::Instant;

fn time<F: FnMut()>(mut f: F, n: usize) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let s = Instant::now();
        for _ in 0..n { f(); }
        best = best.min(s.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    use msg_derive::gen::protobuf_test_messages::proto3 as d;
    let mut m = d::TestAllTypesProto3::default();
    m.optional_int32 = 12345;
    m.optional_int64 = -1 << 40;
    m.optional_double = 3.25;
    m.optional_string = "hello world, a string of some length".into();
    m.optional_bytes = vec![7; 64];
    m.repeated_int32 = (0..200).collect();
    m.repeated_double = (0..100).map(|x| x as f64).collect();
    m.repeated_string = (0..20).map(|i| format!("item {i}")).collect();
    m.optional_nested_message = Some(Box::new(d::test_all_types_proto3::NestedMessage { a: 5, corecursive: None }));
    m.repeated_nested_message = (0..20).map(|a| d::test_all_types_proto3::NestedMessage { a, corecursive: None }).collect();
    m.map_string_string = (0..20).map(|i| (format!("k{i}"), format!("v{i}"))).collect();
    m.map_int32_int32 = (0..50).map(|i| (i, i * 3)).collect();
    m.oneof_field = Some(d::test_all_types_proto3::OneofField::OneofString("oneof".into()));
    let bytes = m.encode_to_vec();
    type O = msg_own::gen::protobuf_test_messages::proto3::TestAllTypesProto3;
    let o = O::decode(bytes.as_slice()).unwrap();
    assert_eq!(o.encoded_len(), bytes.len());
    let n = 20000;
    let dd = time(|| { std::hint::black_box(d::TestAllTypesProto3::decode(std::hint::black_box(bytes.as_slice())).unwrap()); }, n);
    let od = time(|| { std::hint::black_box(O::decode(std::hint::black_box(bytes.as_slice())).unwrap()); }, n);
    let mut buf = Vec::with_capacity(bytes.len() * 2);
    let de = time(|| { buf.clear(); std::hint::black_box(&m).encode(&mut buf).unwrap(); }, n);
    let oe = time(|| { buf.clear(); std::hint::black_box(&o).encode(&mut buf).unwrap(); }, n);
    println!("message {} bytes, {n} iterations, best of 5", bytes.len());
    println!("decode: derive {:.1} MB/s, own {:.1} MB/s, own/derive {:.2}x", bytes.len() as f64 * n as f64 / dd / 1e6, bytes.len() as f64 * n as f64 / od / 1e6, dd / od);
    println!("encode: derive {:.1} MB/s, own {:.1} MB/s, own/derive {:.2}x", bytes.len() as f64 * n as f64 / de / 1e6, bytes.len() as f64 * n as f64 / oe / 1e6, de / oe);
}
