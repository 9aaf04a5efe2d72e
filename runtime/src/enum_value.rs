//! Typed enum fields (`typed_enums`): [`EnumValue`], the value of an open enum field, the
//! [`ProtoEnum`] trait every generated enum implements, and the encoding functions the
//! generated message code calls ([`encoding`]).

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};

/// A generated protobuf enum: a fieldless `#[repr(i32)]` enum that converts to its number
/// and, when the number is one of its values, from it. protoc-gen-rustsvc implements it for
/// every enum it generates under `typed_enums`.
pub trait ProtoEnum: Copy + Into<i32> + TryFrom<i32> + 'static {}

/// The value of an open enum field (proto3, editions `enum_type = OPEN`): one of the enum's
/// values, or a number the enum does not name (read from a peer with a newer .proto, say).
/// Every `i32` is a valid value, and every value read from the wire is written back as read.
///
/// Two values are equal, hash and order by their numbers: `Unknown(1)` equals `Known(E::A)`
/// when `A = 1` (build values with `From<i32>` and that never happens). `Debug` shows the
/// variant's name, or the number.
///
/// ```
/// # #[derive(Clone, Copy, Debug, PartialEq, Default)]
/// # #[repr(i32)]
/// # enum Color { #[default] Unspecified = 0, Red = 1 }
/// # impl From<Color> for i32 { fn from(c: Color) -> i32 { c as i32 } }
/// # impl TryFrom<i32> for Color {
/// #     type Error = i32;
/// #     fn try_from(v: i32) -> Result<Self, i32> {
/// #         match v { 0 => Ok(Color::Unspecified), 1 => Ok(Color::Red), _ => Err(v) }
/// #     }
/// # }
/// # impl rustsvc_runtime::ProtoEnum for Color {}
/// use rustsvc_runtime::EnumValue;
///
/// let red: EnumValue<Color> = Color::Red.into();
/// assert!(red == Color::Red);
/// assert_eq!(i32::from(red), 1);
/// assert_eq!(EnumValue::<Color>::from(1), red);
/// let unknown = EnumValue::<Color>::from(7);
/// assert_eq!(unknown.known(), None);
/// assert_eq!(format!("{red:?} {unknown:?}"), "Red 7");
/// ```
#[derive(Clone, Copy)]
pub enum EnumValue<E> {
    /// One of the enum's values.
    Known(E),
    /// A number the enum has no value for.
    Unknown(i32),
}

impl<E: ProtoEnum> EnumValue<E> {
    /// The value with this number: `Known` when the enum names it, else `Unknown`.
    pub fn from_i32(number: i32) -> Self {
        match E::try_from(number) {
            Ok(known) => EnumValue::Known(known),
            Err(_) => EnumValue::Unknown(number),
        }
    }

    /// The value's number, as written on the wire.
    pub fn to_i32(self) -> i32 {
        match self {
            EnumValue::Known(known) => known.into(),
            EnumValue::Unknown(number) => number,
        }
    }

    /// The enum's value, if the number is one of its values.
    pub fn known(self) -> Option<E> {
        match self {
            EnumValue::Known(known) => Some(known),
            EnumValue::Unknown(number) => E::try_from(number).ok(),
        }
    }

    /// Whether the number is one of the enum's values.
    pub fn is_known(self) -> bool {
        self.known().is_some()
    }

    /// The enum's value, or `default` for a number it does not name.
    pub fn known_or(self, default: E) -> E {
        self.known().unwrap_or(default)
    }
}

impl<E: ProtoEnum + Default> EnumValue<E> {
    /// The enum's value, or its default (the first value) for a number it does not name:
    /// what prost's getter of an `i32` enum field returns.
    pub fn known_or_default(self) -> E {
        self.known().unwrap_or_default()
    }
}

impl<E: Default> Default for EnumValue<E> {
    /// The enum's default: its first value, which is zero for open enums.
    fn default() -> Self {
        EnumValue::Known(E::default())
    }
}

impl<E: ProtoEnum> From<E> for EnumValue<E> {
    fn from(known: E) -> Self {
        EnumValue::Known(known)
    }
}

impl<E: ProtoEnum> From<i32> for EnumValue<E> {
    fn from(number: i32) -> Self {
        EnumValue::from_i32(number)
    }
}

impl<E: ProtoEnum> From<EnumValue<E>> for i32 {
    fn from(value: EnumValue<E>) -> i32 {
        value.to_i32()
    }
}

impl<E: ProtoEnum> PartialEq for EnumValue<E> {
    fn eq(&self, other: &Self) -> bool {
        self.to_i32() == other.to_i32()
    }
}

impl<E: ProtoEnum> Eq for EnumValue<E> {}

impl<E: ProtoEnum> PartialEq<E> for EnumValue<E> {
    fn eq(&self, other: &E) -> bool {
        self.to_i32() == (*other).into()
    }
}

impl<E: ProtoEnum> PartialEq<i32> for EnumValue<E> {
    fn eq(&self, other: &i32) -> bool {
        self.to_i32() == *other
    }
}

impl<E: ProtoEnum> Hash for EnumValue<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.to_i32().hash(state);
    }
}

impl<E: ProtoEnum> PartialOrd for EnumValue<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<E: ProtoEnum> Ord for EnumValue<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.to_i32().cmp(&other.to_i32())
    }
}

impl<E: ProtoEnum + fmt::Debug> fmt::Debug for EnumValue<E> {
    /// The variant's name (`Red`), or the number (`7`): what prost's derive shows for an
    /// `i32` enum field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.known() {
            Some(known) => fmt::Debug::fmt(&known, f),
            None => fmt::Debug::fmt(&self.to_i32(), f),
        }
    }
}

/// The encoding functions of typed enum fields, called by generated message code (the
/// shapes of `prost::encoding::int32`'s). Values encode as `int32` does.
#[doc(hidden)]
pub mod encoding {
    use prost::bytes::{Buf, BufMut};
    use prost::encoding::{
        encode_key, encode_varint, encoded_len_varint, int32, key_len, DecodeContext, WireType,
    };
    use prost::DecodeError;

    use super::{EnumValue, ProtoEnum};

    #[inline]
    fn varint_len<V: Copy + Into<i32>>(value: V) -> usize {
        encoded_len_varint(i64::from(value.into()) as u64)
    }

    /// A singular value.
    #[inline]
    pub fn encode<V: Copy + Into<i32>>(tag: u32, value: &V, buf: &mut impl BufMut) {
        encode_key(tag, WireType::Varint, buf);
        encode_varint(i64::from((*value).into()) as u64, buf);
    }

    #[inline]
    pub fn encoded_len<V: Copy + Into<i32>>(tag: u32, value: &V) -> usize {
        key_len(tag) + varint_len(*value)
    }

    /// A repeated value, one key per element.
    pub fn encode_repeated<V: Copy + Into<i32>>(tag: u32, values: &[V], buf: &mut impl BufMut) {
        for value in values {
            encode(tag, value, buf);
        }
    }

    pub fn encoded_len_repeated<V: Copy + Into<i32>>(tag: u32, values: &[V]) -> usize {
        key_len(tag) * values.len() + values.iter().map(|v| varint_len(*v)).sum::<usize>()
    }

    /// A repeated value, packed (nothing for no elements).
    pub fn encode_packed<V: Copy + Into<i32>>(tag: u32, values: &[V], buf: &mut impl BufMut) {
        if values.is_empty() {
            return;
        }
        encode_key(tag, WireType::LengthDelimited, buf);
        let len: usize = values.iter().map(|v| varint_len(*v)).sum();
        encode_varint(len as u64, buf);
        for value in values {
            encode_varint(i64::from((*value).into()) as u64, buf);
        }
    }

    pub fn encoded_len_packed<V: Copy + Into<i32>>(tag: u32, values: &[V]) -> usize {
        if values.is_empty() {
            return 0;
        }
        let len: usize = values.iter().map(|v| varint_len(*v)).sum();
        key_len(tag) + encoded_len_varint(len as u64) + len
    }

    /// One open value.
    #[inline]
    pub fn merge_open<E: ProtoEnum>(
        wire_type: WireType,
        value: &mut EnumValue<E>,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        let mut number = 0;
        int32::merge(wire_type, &mut number, buf, ctx)?;
        *value = EnumValue::from_i32(number);
        Ok(())
    }

    /// Repeated open values, packed or not.
    pub fn merge_repeated_open<E: ProtoEnum>(
        wire_type: WireType,
        values: &mut Vec<EnumValue<E>>,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        merge_numbers(wire_type, buf, ctx, true, |number| {
            values.push(EnumValue::from_i32(number))
        })
    }

    /// Reads one number (`repeated`: or a packed run of them) and hands each to `put`.
    fn merge_numbers(
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
        repeated: bool,
        mut put: impl FnMut(i32),
    ) -> Result<(), DecodeError> {
        if repeated && wire_type == WireType::LengthDelimited {
            let mut unit = ();
            return prost::encoding::merge_loop(&mut unit, buf, ctx, |_, buf, ctx| {
                let mut number = 0;
                int32::merge(WireType::Varint, &mut number, buf, ctx)?;
                put(number);
                Ok(())
            });
        }
        let mut number = 0;
        int32::merge(wire_type, &mut number, buf, ctx)?;
        put(number);
        Ok(())
    }

    /// A number a closed enum does not name, as the varint field `tag` in `unknown`.
    fn keep_number(unknown: Option<&mut Vec<u8>>, tag: u32, number: i32) {
        if let Some(out) = unknown {
            encode_key(tag, WireType::Varint, out);
            encode_varint(i64::from(number) as u64, out);
        }
    }

    /// One closed value: a number the enum names goes to `put`; any other is kept as the
    /// unknown field it was (when the message keeps unknown fields), else dropped.
    pub fn merge_closed<E: ProtoEnum>(
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
        mut unknown: Option<&mut Vec<u8>>,
        mut put: impl FnMut(E),
    ) -> Result<(), DecodeError> {
        merge_numbers(wire_type, buf, ctx, false, |number| {
            match E::try_from(number) {
                Ok(known) => put(known),
                Err(_) => keep_number(unknown.as_deref_mut(), tag, number),
            }
        })
    }

    /// Repeated closed values, packed or not: each element as [`merge_closed`] does it.
    pub fn merge_repeated_closed<E: ProtoEnum>(
        tag: u32,
        wire_type: WireType,
        values: &mut Vec<E>,
        buf: &mut impl Buf,
        ctx: DecodeContext,
        mut unknown: Option<&mut Vec<u8>>,
    ) -> Result<(), DecodeError> {
        merge_numbers(wire_type, buf, ctx, true, |number| {
            match E::try_from(number) {
                Ok(known) => values.push(known),
                Err(_) => keep_number(unknown.as_deref_mut(), tag, number),
            }
        })
    }

    /// One entry of a map with closed enum values, read as prost reads an `i32` map's entry
    /// (the same errors). An entry whose value the enum does not name goes whole to the
    /// unknown fields, as protobuf's runtimes put it there (when the message keeps unknown
    /// fields), else is dropped; any other goes to `insert`.
    #[allow(clippy::too_many_arguments)]
    pub fn merge_map_closed<K, E, B, KM, KE, KL>(
        tag: u32,
        wire_type: WireType,
        key_merge: KM,
        key_encode: KE,
        key_encoded_len: KL,
        default: E,
        buf: &mut B,
        ctx: DecodeContext,
        unknown: Option<&mut Vec<u8>>,
        insert: impl FnOnce(K, E),
    ) -> Result<(), DecodeError>
    where
        K: Default + Eq + core::hash::Hash + Ord,
        E: ProtoEnum,
        B: Buf,
        KM: Fn(WireType, &mut K, &mut B, DecodeContext) -> Result<(), DecodeError>,
        KE: Fn(u32, &K, &mut Vec<u8>),
        KL: Fn(u32, &K) -> usize,
    {
        // prost's map merge reads the entry whatever the wire type says.
        let _ = wire_type;
        let mut entry = std::collections::BTreeMap::new();
        prost::encoding::btree_map::merge_with_default(
            key_merge,
            int32::merge,
            default.into(),
            &mut entry,
            buf,
            ctx,
        )?;
        let Some((key, number)) = entry.pop_first() else {
            return Ok(());
        };
        match E::try_from(number) {
            Ok(value) => insert(key, value),
            Err(_) => {
                if let Some(out) = unknown {
                    let len = key_encoded_len(1, &key) + int32::encoded_len(2, &number);
                    encode_key(tag, WireType::LengthDelimited, out);
                    encode_varint(len as u64, out);
                    key_encode(1, &key, out);
                    int32::encode(2, &number, out);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::encoding::*;
    use super::*;
    use prost::encoding::{DecodeContext, WireType};

    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    #[repr(i32)]
    enum Size {
        #[default]
        Small = 1,
        Large = 2,
    }

    impl From<Size> for i32 {
        fn from(s: Size) -> i32 {
            s as i32
        }
    }

    impl TryFrom<i32> for Size {
        type Error = i32;
        fn try_from(v: i32) -> Result<Size, i32> {
            match v {
                1 => Ok(Size::Small),
                2 => Ok(Size::Large),
                _ => Err(v),
            }
        }
    }

    impl ProtoEnum for Size {}

    #[test]
    fn values_equal_hash_and_order_by_number() {
        let known = EnumValue::Known(Size::Large);
        let odd = EnumValue::<Size>::Unknown(2);
        assert_eq!(known, odd);
        let state = std::collections::hash_map::RandomState::new();
        use std::hash::BuildHasher;
        assert_eq!(state.hash_one(known), state.hash_one(odd));
        assert!(EnumValue::<Size>::from(-5) < Size::Small.into());
        assert_eq!(
            format!("{known:?} {odd:?} {:?}", EnumValue::<Size>::from(9)),
            "Large Large 9"
        );
        assert_eq!(EnumValue::<Size>::default(), Size::Small);
        assert_eq!(
            EnumValue::<Size>::from(9).known_or(Size::Large),
            Size::Large
        );
        assert_eq!(EnumValue::<Size>::from(9).known_or_default(), Size::Small);
        assert!(EnumValue::<Size>::from(9) == 9);
    }

    #[test]
    fn packed_and_unpacked_encodings_are_int32s() {
        let values = [
            EnumValue::Known(Size::Large),
            EnumValue::<Size>::Unknown(-1),
        ];
        let mut packed = Vec::new();
        encode_packed(4, &values, &mut packed);
        let mut expected = vec![4 << 3 | 2, 11, 2];
        expected.extend([0xff; 9]);
        expected.push(0x01);
        assert_eq!(packed, expected);
        assert_eq!(encoded_len_packed(4, &values), packed.len());
        let mut none = Vec::new();
        encode_packed::<Size>(4, &[], &mut none);
        assert!(none.is_empty());
        assert_eq!(encoded_len_packed::<Size>(4, &[]), 0);

        let mut read = Vec::new();
        merge_repeated_open(
            WireType::LengthDelimited,
            &mut read,
            &mut &packed[1..],
            DecodeContext::default(),
        )
        .unwrap();
        assert_eq!(read, values);
        let mut unpacked = Vec::new();
        encode_repeated(4, &values, &mut unpacked);
        assert_eq!(encoded_len_repeated(4, &values), unpacked.len());
    }

    #[test]
    fn closed_values_keep_unknown_numbers_as_varint_fields() {
        // Packed [2, 7, 1]: 7 is not a Size.
        let body = [3u8, 2, 7, 1];
        let mut values: Vec<Size> = Vec::new();
        let mut unknown = Vec::new();
        merge_repeated_closed(
            5,
            WireType::LengthDelimited,
            &mut values,
            &mut &body[..],
            DecodeContext::default(),
            Some(&mut unknown),
        )
        .unwrap();
        assert_eq!(values, [Size::Large, Size::Small]);
        assert_eq!(unknown, [5 << 3, 7]);

        let mut value = None;
        merge_closed(
            6,
            WireType::Varint,
            &mut &[0x7fu8][..],
            DecodeContext::default(),
            None,
            |v: Size| value = Some(v),
        )
        .unwrap();
        assert_eq!(value, None, "dropped without unknown fields");
        // A singular field takes no packed run: prost's wire type error.
        let err = merge_closed(
            6,
            WireType::LengthDelimited,
            &mut &[1u8, 1][..],
            DecodeContext::default(),
            None,
            |_: Size| {},
        );
        assert!(err.is_err());
    }
}
