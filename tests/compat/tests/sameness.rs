//! The two message forms side by side: for every message type of every case in
//! build.rs's `SAMENESS_CASES`, the code prost's derive expands (`message_impl=derive`) and the
//! generator's own impls (`message_impl=own`) must behave alike on the same bytes:
//!
//! - `Default` values: equal `Debug` strings and encodings;
//! - random single fields and random messages made of fields one form accepts: both forms
//!   accept or both reject, with the same `DecodeError` (kind and field stack); accepted input
//!   re-encodes to identical bytes, `encoded_len` is the encoding's length, the `Debug`
//!   strings are equal, each form decodes the other's encoding to the same value, merging the
//!   input twice and `clear` agree;
//! - mutated input (truncated, bytes flipped, overlong): rejected alike, never a panic.
//!
//! Maps are BTreeMaps in both forms (build.rs adds `btree_map=.`) so that both encode and
//! print them in one order.

use std::fmt::Debug;

use prost::Message;
use rustsvc_compat::forms::compare;

/// xorshift64*: deterministic input without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Field numbers the cases use (all are small), and some no case uses.
fn tag(rng: &mut Rng) -> u64 {
    match rng.below(20) {
        0 => 1 + rng.below(536_870_911),
        _ => 1 + rng.below(32),
    }
}

/// A value for an interesting varint: small, negative (ten bytes), large, zero.
fn varint_value(rng: &mut Rng) -> u64 {
    match rng.below(6) {
        0 => 0,
        1 => rng.below(3),
        2 => (-(rng.below(1000) as i64)) as u64,
        3 => rng.next(),
        4 => u64::from(rng.next() as u32),
        _ => rng.below(300),
    }
}

/// One field: a key and a value of a random wire type. Length-delimited values are
/// messages accepted earlier (`pool`), text, bytes or packed varints.
fn field(rng: &mut Rng, pool: &[Vec<u8>], depth: u32, out: &mut Vec<u8>) {
    let t = tag(rng);
    match rng.below(10) {
        0..=2 => {
            varint(t << 3, out);
            varint(varint_value(rng), out);
        }
        3 => {
            varint(t << 3 | 1, out);
            out.extend_from_slice(&rng.next().to_le_bytes());
        }
        4 => {
            varint(t << 3 | 5, out);
            out.extend_from_slice(&(rng.next() as u32).to_le_bytes());
        }
        5 if depth < 3 => {
            varint(t << 3 | 3, out);
            for _ in 0..rng.below(3) {
                field(rng, pool, depth + 1, out);
            }
            varint(t << 3 | 4, out);
        }
        _ => {
            let mut value = Vec::new();
            match rng.below(4) {
                0 if !pool.is_empty() => {
                    value = pool[rng.below(pool.len() as u64) as usize].clone();
                }
                1 => {
                    let text = ["", "a", "héllo", "zz top", "\u{1F600}"];
                    value.extend_from_slice(text[rng.below(5) as usize].as_bytes());
                }
                2 => {
                    for _ in 0..rng.below(4) {
                        varint(varint_value(rng), &mut value);
                    }
                }
                _ if depth < 3 => {
                    for _ in 0..rng.below(3) {
                        field(rng, pool, depth + 1, &mut value);
                    }
                }
                _ => {
                    for _ in 0..rng.below(9) {
                        value.push(rng.next() as u8);
                    }
                }
            }
            varint(t << 3 | 2, out);
            varint(value.len() as u64, out);
            out.extend_from_slice(&value);
        }
    }
}

/// Everything above for one message type; `pool` collects accepted encodings for nested
/// values of later types.
fn check<D, O>(name: &str, pool: &mut Vec<Vec<u8>>, totals: &mut (usize, usize))
where
    D: Message + Default + Debug,
    O: Message + Default + Debug,
{
    assert_eq!(
        format!("{:?}", D::default()),
        format!("{:?}", O::default()),
        "{name}: Default"
    );
    assert_eq!(
        D::default().encode_to_vec(),
        O::default().encode_to_vec(),
        "{name}: Default's encoding"
    );
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64 ^ (pool.len() as u64) << 20);
    let mut good: Vec<Vec<u8>> = Vec::new();
    for _ in 0..1500 {
        let mut bytes = Vec::new();
        field(&mut rng, pool, 0, &mut bytes);
        totals.1 += 1;
        if compare::<D, O>(name, &bytes) {
            totals.0 += 1;
            good.push(bytes);
        }
    }
    for i in 0..400 {
        let mut bytes = Vec::new();
        if !good.is_empty() {
            for _ in 0..1 + rng.below(8) {
                bytes.extend_from_slice(&good[rng.below(good.len() as u64) as usize]);
            }
        }
        // Every fourth message mutated: cut short, a byte changed, or a byte added.
        if i % 4 == 3 && !bytes.is_empty() {
            let at = rng.below(bytes.len() as u64) as usize;
            match rng.below(3) {
                0 => bytes.truncate(at),
                1 => bytes[at] = rng.next() as u8,
                _ => bytes.insert(at, rng.next() as u8),
            }
        }
        totals.1 += 1;
        if compare::<D, O>(name, &bytes) {
            totals.0 += 1;
            if pool.len() < 4000 {
                pool.push(bytes);
            }
        }
    }
    // Nesting past prost's recursion limit: both forms stop at the same depth.
    let mut deep = Vec::new();
    for _ in 0..120 {
        let mut outer = Vec::new();
        varint(1 << 3 | 3, &mut outer);
        outer.extend_from_slice(&deep);
        varint(1 << 3 | 4, &mut outer);
        deep = outer;
    }
    compare::<D, O>(name, &deep);
}

/// The inputs of [`check`] through the own form keeping unknown fields, for every type.
#[test]
fn keeping_unknown_fields_fails_where_prost_fails_and_keeps_them_all() {
    let forms = rustsvc_compat::forms::all();
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut rng = Rng(0x51_7CC1_B727_220A);
    for form in &forms {
        for i in 0..1500 {
            let mut bytes = Vec::new();
            for _ in 0..1 + rng.below(4) {
                field(&mut rng, &pool, 0, &mut bytes);
            }
            if i % 5 == 4 && !bytes.is_empty() {
                let at = rng.below(bytes.len() as u64) as usize;
                bytes.truncate(at);
            }
            (form.compare_unknown)(form.name, &bytes);
            if (form.compare)(form.name, &bytes) && pool.len() < 4000 {
                pool.push(bytes);
            }
        }
    }
}

#[test]
#[allow(deprecated)]
fn both_message_forms_behave_alike() {
    use rustsvc_compat::sameness::{derive, own};
    let mut pool = Vec::new();
    let mut totals = (0, 0);
    let mut types = 0;
    macro_rules! same {
        ($($path:ident)::+) => {
            types += 1;
            check::<derive::$($path)::+, own::$($path)::+>(
                stringify!($($path)::+),
                &mut pool,
                &mut totals,
            );
        };
    }
    include!(concat!(env!("OUT_DIR"), "/sameness_types.rs"));
    assert!(types > 50, "only {types} message types compared");
    // Both kinds of input occur in quantity: accepted and rejected.
    assert!(
        totals.0 > totals.1 / 10,
        "accepted {} of {}",
        totals.0,
        totals.1
    );
    assert!(totals.0 < totals.1, "nothing rejected");
    eprintln!(
        "{types} message types, {} inputs, {} accepted",
        totals.1, totals.0
    );
}

/// The own form with `typed_enums=.` against the `i32` form on [`check`]'s kind of input,
/// for every type ([`rustsvc_compat::forms::compare_typed`]).
#[test]
fn typed_enum_fields_encode_what_i32_fields_encode() {
    use rustsvc_compat::forms::Typed;
    let forms = rustsvc_compat::forms::all();
    assert!(
        forms.len() > 50,
        "only {} message types compared",
        forms.len()
    );
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let (mut inputs, mut accepted, mut alike) = (0, 0, 0);
    for form in &forms {
        let mut rng =
            Rng(0x2545_F491_4F6C_DD1D ^ form.name.len() as u64 ^ (pool.len() as u64) << 20);
        for i in 0..1200 {
            let mut bytes = Vec::new();
            for _ in 0..1 + rng.below(4) {
                field(&mut rng, &pool, 0, &mut bytes);
            }
            if i % 4 == 3 && !bytes.is_empty() {
                let at = rng.below(bytes.len() as u64) as usize;
                bytes.truncate(at);
            }
            inputs += 1;
            if let Typed::Accepted { alike: same } = (form.compare_typed)(form.name, &bytes) {
                accepted += 1;
                alike += usize::from(same);
                if pool.len() < 4000 {
                    pool.push(bytes);
                }
            }
        }
    }
    assert!(accepted > inputs / 10, "accepted {accepted} of {inputs}");
    assert!(accepted < inputs, "nothing rejected");
    // Most accepted inputs hold the same values in both forms (closed enums drop the rest).
    assert!(alike > accepted / 2, "{alike} of {accepted} alike");
    eprintln!(
        "{} message types, {inputs} inputs, {accepted} accepted, {alike} with the same values in both forms",
        forms.len()
    );
}
