//! Writing JSON: the bytes `serde_json::to_vec` would write, faster.
//!
//! Escaping strings is most of the work of writing a response (half of serde_json's
//! instructions here), and serde_json looks at each byte on its own. This serializer looks
//! at eight bytes at a time and copies the runs that need no escape whole; it escapes the
//! same characters the same way (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00XX` for
//! the other control characters), writes integers the same way, and raw JSON verbatim, so
//! its output is byte for byte serde_json's (checked by a property test).

use serde::ser::{self, Serialize};

use super::swar::{needs_escape, next_escape};
use crate::primitives::{string_of, RAW_VALUE_STRUCT};

/// `value` as compact JSON. What this serializer does not write (a map key that is not a
/// string, in a type from outside the crate) is left to serde_json, which writes it or
/// says why not.
pub(super) fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    match value.serialize(&mut Writer { out: &mut out }) {
        Ok(()) => Ok(out),
        Err(_) => serde_json::to_vec(value),
    }
}

struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

impl<'b> Writer<'b> {
    /// Writes an integer as serde_json does: its decimal digits, after a minus sign if it
    /// is negative.
    #[inline]
    fn integer(&mut self, value: i64) -> Result<(), serde_json::Error> {
        write_i64(self.out, value);
        Ok(())
    }

    /// `{"variant":` and the content's opening, for an externally tagged enum's tuple or
    /// struct variant; `close` ends both.
    fn open_variant<'a>(
        &'a mut self,
        variant: &str,
        open: &[u8],
        close: &'static [u8],
    ) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.out.push(b'{');
        write_string(self.out, variant);
        self.out.extend_from_slice(open);
        Ok(Compound::open(self, close))
    }

    /// Anything the fast paths do not cover (floats), as serde_json writes it.
    fn delegate<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        serde_json::to_writer(&mut *self.out, value)
    }
}

/// Writes `key` as an object's key and its colon, after a comma unless it is the first:
/// at once when, as for every field of the crate's types, it is short and needs no escape.
/// Inlined into each field's call, where the key is a literal: the checks fold away and
/// the copy is a few moves of a known length.
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn write_key(out: &mut Vec<u8>, first: bool, key: &str) {
    const ROOM: usize = 32;
    let bytes = key.as_bytes();
    if bytes.len() <= ROOM - 4 && !bytes.iter().any(|byte| needs_escape(*byte)) {
        let mut field = [0; ROOM];
        field[0] = b',';
        field[1] = b'"';
        field[2..2 + bytes.len()].copy_from_slice(bytes);
        field[2 + bytes.len()] = b'"';
        field[3 + bytes.len()] = b':';
        let end = 4 + bytes.len();
        if first {
            out.extend_from_slice(&field[1..end]);
        } else {
            out.extend_from_slice(&field[..end]);
        }
    } else {
        if !first {
            out.push(b',');
        }
        write_string(out, key);
        out.push(b':');
    }
}

/// Writes `value`'s decimal digits, two at a time, into a buffer of the longest length
/// and copies the whole buffer, then cuts it to the digits: a copy of a known length is a
/// few moves, where one of the digits' length would be a call.
#[inline]
fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    /// "00" to "99".
    const PAIRS: [u8; 200] = {
        let mut pairs = [0; 200];
        let mut pair = 0;
        while pair < 100 {
            pairs[2 * pair] = b'0' + (pair / 10) as u8;
            pairs[2 * pair + 1] = b'0' + (pair % 10) as u8;
            pair += 1;
        }
        pairs
    };
    let pair = |pair: u64| {
        let at = pair as usize * 2;
        [PAIRS[at], PAIRS[at + 1]]
    };
    let length = value.checked_ilog10().unwrap_or(0) as usize + 1;
    let mut digits = [b'0'; 20];
    let mut end = length;
    // Four digits a division, then two, then the first one or two.
    while value >= 10_000 {
        let four = value % 10_000;
        value /= 10_000;
        end -= 4;
        digits[end..end + 2].copy_from_slice(&pair(four / 100));
        digits[end + 2..end + 4].copy_from_slice(&pair(four % 100));
    }
    if value >= 100 {
        end -= 2;
        digits[end..end + 2].copy_from_slice(&pair(value % 100));
        value /= 100;
    }
    if value >= 10 {
        digits[..2].copy_from_slice(&pair(value));
    } else {
        digits[0] = b'0' + value as u8;
    }
    let start = out.len();
    out.extend_from_slice(&digits);
    out.truncate(start + length);
}

/// Writes `value` as serde_json does: its decimal digits, after a minus sign if it is
/// negative.
pub(super) fn write_i64(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    write_u64(out, value.unsigned_abs());
}

/// Writes `text` as a JSON string.
pub(super) fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    loop {
        let at = next_escape(bytes, start);
        let Some(&byte) = bytes.get(at) else {
            break;
        };
        out.extend_from_slice(&bytes[start..at]);
        match byte {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0xf)]);
            }
        }
        start = at + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The serializer's integer methods: each writes its integer as serde_json does.
macro_rules! integers {
    ($($method:ident: $type:ty),* $(,)?) => {$(
        fn $method(self, v: $type) -> Result<(), serde_json::Error> {
            self.integer(v.into())
        }
    )*};
}

impl<'a, 'b> ser::Serializer for &'a mut Writer<'b> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Compound<'a, 'b>;
    type SerializeTuple = Compound<'a, 'b>;
    type SerializeTupleStruct = Compound<'a, 'b>;
    type SerializeTupleVariant = Compound<'a, 'b>;
    type SerializeMap = Compound<'a, 'b>;
    type SerializeStruct = Compound<'a, 'b>;
    type SerializeStructVariant = Compound<'a, 'b>;

    fn serialize_bool(self, v: bool) -> Result<(), serde_json::Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }

    integers! {
        serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
    }

    fn serialize_u64(self, v: u64) -> Result<(), serde_json::Error> {
        write_u64(self.out, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), serde_json::Error> {
        self.delegate(&v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), serde_json::Error> {
        self.delegate(&v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), serde_json::Error> {
        self.delegate(&v)
    }

    fn serialize_f64(self, v: f64) -> Result<(), serde_json::Error> {
        self.delegate(&v)
    }

    fn serialize_char(self, v: char) -> Result<(), serde_json::Error> {
        write_string(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), serde_json::Error> {
        write_string(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), serde_json::Error> {
        self.delegate(v)
    }

    fn serialize_none(self) -> Result<(), serde_json::Error> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), serde_json::Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), serde_json::Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), serde_json::Error> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.out.push(b'{');
        write_string(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.out.push(b'[');
        Ok(Compound::open(self, b"]"))
    }

    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.open_variant(variant, b":[", b"]}")
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.out.push(b'{');
        Ok(Compound::open(self, b"}"))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>, serde_json::Error> {
        if name == RAW_VALUE_STRUCT {
            return Ok(Compound {
                writer: self,
                first: true,
                close: b"",
                raw: true,
            });
        }
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a, 'b>, serde_json::Error> {
        self.open_variant(variant, b":{", b"}}")
    }
}

/// An array, object or raw value being written.
struct Compound<'a, 'b> {
    writer: &'a mut Writer<'b>,
    first: bool,
    close: &'static [u8],
    /// Raw JSON: its one field is its text, written as it is.
    raw: bool,
}

impl<'a, 'b> Compound<'a, 'b> {
    fn open(writer: &'a mut Writer<'b>, close: &'static [u8]) -> Self {
        Self {
            writer,
            first: true,
            close,
            raw: false,
        }
    }

    #[inline]
    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.out.push(b',');
        }
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if self.raw {
            // serde_json's raw value: the field is its text.
            self.writer
                .out
                .extend_from_slice(as_string(value)?.as_bytes());
            return Ok(());
        }
        write_key(self.writer.out, std::mem::take(&mut self.first), key);
        value.serialize(&mut *self.writer)
    }

    fn close(self) -> Result<(), serde_json::Error> {
        self.writer.out.extend_from_slice(self.close);
        Ok(())
    }
}

macro_rules! elements {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = serde_json::Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
                self.element(value)
            }

            fn end(self) -> Result<(), serde_json::Error> {
                self.close()
            }
        }
    )*};
}

elements! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
    SerializeTupleVariant::serialize_field;
}

macro_rules! fields {
    ($($trait:ident;)*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = serde_json::Error;

            #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), serde_json::Error> {
                self.field(key, value)
            }

            fn end(self) -> Result<(), serde_json::Error> {
                self.close()
            }
        }
    )*};
}

fields! {
    SerializeStruct;
    SerializeStructVariant;
}

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), serde_json::Error> {
        self.comma();
        write_string(self.writer.out, &as_string(key)?);
        self.writer.out.push(b':');
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        self.close()
    }
}

/// The string `value` serializes as: a map key, or raw JSON's text. Anything else is an
/// error, which sends the whole value to serde_json.
fn as_string<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    string_of(value).ok_or_else(|| ser::Error::custom("not a string"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_serde_json_writes_them() {
        // Every length of digits, and each side of every power of ten, of every width.
        let mut values: Vec<i128> = vec![i128::MIN, i128::MAX, u64::MAX.into(), i64::MIN.into()];
        let mut power: i128 = 1;
        for _ in 0..39 {
            values.extend([
                power - 1,
                power,
                power + 1,
                -power,
                power.saturating_mul(2) - 1,
            ]);
            power = power.saturating_mul(10);
        }
        for value in values {
            let check = |encoded: Vec<u8>, expected: Vec<u8>| {
                assert_eq!(String::from_utf8(encoded), String::from_utf8(expected));
            };
            check(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
            if let Ok(value) = u128::try_from(value) {
                check(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
            }
            if let Ok(value) = i64::try_from(value) {
                check(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
            }
            if let Ok(value) = u64::try_from(value) {
                check(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
            }
            if let Ok(value) = i8::try_from(value) {
                check(to_vec(&value).unwrap(), serde_json::to_vec(&value).unwrap());
            }
        }
        assert_eq!(
            to_vec(&u128::MAX).unwrap(),
            serde_json::to_vec(&u128::MAX).unwrap()
        );
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every = String::new();
        for c in (0u32..0x80).chain([0x7f, 0xe9, 0x2028, 0x1f600]) {
            every.push(char::from_u32(c).unwrap());
        }
        for text in [
            "",
            "plain",
            "a\"b\\c",
            "0123456789abcdef\u{1}0123456789",
            "Здравствуйте 😀 \n\t\r\u{8}\u{c}",
            every.as_str(),
        ] {
            let mut ours = Vec::new();
            write_string(&mut ours, text);
            assert_eq!(ours, serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }
}
