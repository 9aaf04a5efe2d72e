//! What the messages of one file share (`message_impl=own`): `Debug` of enum values held as
//! `i32`, decode errors located at a field, and the unknown fields kept as they were read.
//! Written once per `<package>.rs` file, as this hidden module, in prettyplease's layout (a unit
//! test checks it), so it is copied as it is; with another `prost_path` it is re-laid out.
//! Notes on `keep`: a mismatched end of group gives the error prost's `skip_field` gives; the
//! recursion limit is checked as `skip_field` checks it (on a value of its own); a value past
//! the end of the buffer gives prost's error for that.
#[doc(hidden)]
#[allow(dead_code, clippy::all)]
pub mod __rustsvc_msg {
    use ::core::fmt;
    use ::core::marker::PhantomData;
    use ::prost::bytes::{Buf, BufMut};
    use ::prost::encoding::{DecodeContext, WireType};
    use ::prost::DecodeError;
    /// An enum field's value: the variant's name when it is one of `E`, else the number.
    pub struct EnumValue<'a, E>(&'a i32, PhantomData<fn() -> E>);
    impl<E: TryFrom<i32> + fmt::Debug> fmt::Debug for EnumValue<'_, E> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match E::try_from(*self.0) {
                Ok(value) => fmt::Debug::fmt(&value, f),
                Err(_) => fmt::Debug::fmt(self.0, f),
            }
        }
    }
    /// `Debug` of a singular enum field (`E` is named by its `default`).
    pub fn enum_value<E>(value: &i32, _: fn() -> E) -> EnumValue<'_, E> {
        EnumValue(value, PhantomData)
    }
    /// `Debug` of an optional enum field.
    pub struct EnumOption<'a, E>(&'a Option<i32>, PhantomData<fn() -> E>);
    impl<E: TryFrom<i32> + fmt::Debug> fmt::Debug for EnumOption<'_, E> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(&self.0.as_ref().map(|v| EnumValue::<E>(v, PhantomData)), f)
        }
    }
    pub fn enum_option<E>(value: &Option<i32>, _: fn() -> E) -> EnumOption<'_, E> {
        EnumOption(value, PhantomData)
    }
    /// `Debug` of a repeated enum field.
    pub struct EnumList<'a, E>(&'a [i32], PhantomData<fn() -> E>);
    impl<E: TryFrom<i32> + fmt::Debug> fmt::Debug for EnumList<'_, E> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_list()
                .entries(self.0.iter().map(|v| EnumValue::<E>(v, PhantomData)))
                .finish()
        }
    }
    pub fn enum_list<E>(value: &[i32], _: fn() -> E) -> EnumList<'_, E> {
        EnumList(value, PhantomData)
    }
    /// `Debug` of a map field with enum values.
    pub struct EnumMap<'a, I, E>(&'a I, PhantomData<fn() -> E>);
    impl<'a, K, I, E> fmt::Debug for EnumMap<'a, I, E>
    where
        &'a I: IntoIterator<Item = (&'a K, &'a i32)>,
        K: fmt::Debug + 'a,
        E: TryFrom<i32> + fmt::Debug,
    {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.debug_map()
                .entries(
                    self.0.into_iter().map(|(k, v)| (k, EnumValue::<E>(v, PhantomData))),
                )
                .finish()
        }
    }
    pub fn enum_map<I, E>(value: &I, _: fn() -> E) -> EnumMap<'_, I, E> {
        EnumMap(value, PhantomData)
    }
    /// An enum getter's value: the variant numbered `value`, else `default`.
    #[inline]
    pub fn enum_of<E: TryFrom<i32>>(value: i32, default: E) -> E {
        E::try_from(value).unwrap_or(default)
    }
    /// An optional enum getter's value: the variant numbered `value`, else `default`.
    #[inline]
    pub fn enum_or<E: TryFrom<i32>>(value: Option<i32>, default: E) -> E {
        match value {
            Some(value) => enum_of(value, default),
            None => default,
        }
    }
    /// The variant numbered `value`, if there is one (the repeated and map getters).
    #[inline]
    pub fn enum_some<E: TryFrom<i32>>(value: i32) -> Option<E> {
        E::try_from(value).ok()
    }
    /// The value of an optional field to merge into, set to its default first if unset.
    #[inline]
    pub fn optional<T: Default>(field: &mut Option<T>) -> &mut T {
        field.get_or_insert_with(T::default)
    }
    /// Writes a field with presence when it is set.
    #[inline]
    pub fn encode_opt<T, B: BufMut>(
        encode: impl FnOnce(u32, &T, &mut B),
        tag: u32,
        value: &Option<T>,
        buf: &mut B,
    ) {
        if let Some(value) = value {
            encode(tag, value, buf);
        }
    }
    /// Writes a field of implicit presence unless it holds its type's default.
    #[inline]
    pub fn encode_set<T: Default + PartialEq, B: BufMut>(
        encode: impl FnOnce(u32, &T, &mut B),
        tag: u32,
        value: &T,
        buf: &mut B,
    ) {
        if *value != T::default() {
            encode(tag, value, buf);
        }
    }
    /// The encoded length of a field with presence (0 when unset).
    #[inline]
    pub fn len_opt<T>(
        len: impl FnOnce(u32, &T) -> usize,
        tag: u32,
        value: &Option<T>,
    ) -> usize {
        match value {
            Some(value) => len(tag, value),
            None => 0,
        }
    }
    /// The encoded length of a field of implicit presence (0 when it holds its type's default).
    #[inline]
    pub fn len_set<T: Default + PartialEq>(
        len: impl FnOnce(u32, &T) -> usize,
        tag: u32,
        value: &T,
    ) -> usize {
        if *value != T::default() { len(tag, value) } else { 0 }
    }
    /// A decode result, with the failing field named as prost's derive names it.
    #[inline]
    pub fn at(
        result: Result<(), DecodeError>,
        message: &'static str,
        field: &'static str,
    ) -> Result<(), DecodeError> {
        result
            .map_err(|mut error| {
                error.push(message, field);
                error
            })
    }
    /// The fields of a group kept as read (the inside of an unknown group).
    #[derive(Debug, Default)]
    struct Group(::prost::alloc::vec::Vec<u8>);
    impl ::prost::Message for Group {
        fn encode_raw(&self, buf: &mut impl BufMut) {
            buf.put_slice(&self.0);
        }
        fn merge_field(
            &mut self,
            tag: u32,
            wire_type: WireType,
            buf: &mut impl Buf,
            ctx: DecodeContext,
        ) -> Result<(), DecodeError> {
            keep(&mut self.0, tag, wire_type, buf, ctx)
        }
        fn encoded_len(&self) -> usize {
            self.0.len()
        }
        fn clear(&mut self) {
            self.0.clear();
        }
    }
    /// Appends the unknown field `tag` (its key and value, as read) to `out`. Fails where
    /// prost's `skip_field` fails, with the same errors: a truncated value, a mismatched end of
    /// group, the recursion limit.
    pub fn keep(
        out: &mut ::prost::alloc::vec::Vec<u8>,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), DecodeError> {
        use ::prost::encoding::{decode_varint, encode_key, encode_varint, skip_field};
        match wire_type {
            WireType::StartGroup => {
                let mut group = Group::default();
                ::prost::encoding::group::merge(tag, wire_type, &mut group, buf, ctx)?;
                encode_key(tag, WireType::StartGroup, out);
                out.extend_from_slice(&group.0);
                encode_key(tag, WireType::EndGroup, out);
                return Ok(());
            }
            WireType::EndGroup => return skip_field(wire_type, tag, buf, ctx),
            _ => {}
        }
        skip_field(WireType::ThirtyTwoBit, tag, &mut &[0u8; 4][..], ctx.clone())?;
        let len = match wire_type {
            WireType::Varint => {
                let value = decode_varint(buf)?;
                encode_key(tag, wire_type, out);
                encode_varint(value, out);
                return Ok(());
            }
            WireType::ThirtyTwoBit => 4,
            WireType::SixtyFourBit => 8,
            _ => decode_varint(buf)?,
        };
        if len > buf.remaining() as u64 {
            return skip_field(WireType::SixtyFourBit, tag, &mut &[][..], ctx);
        }
        encode_key(tag, wire_type, out);
        if wire_type == WireType::LengthDelimited {
            encode_varint(len, out);
        }
        let mut len = len as usize;
        out.reserve(len);
        while len > 0 {
            let chunk = buf.chunk();
            let n = chunk.len().min(len);
            if n == 0 {
                return skip_field(WireType::SixtyFourBit, tag, &mut &[][..], ctx);
            }
            out.extend_from_slice(&chunk[..n]);
            buf.advance(n);
            len -= n;
        }
        Ok(())
    }
}
