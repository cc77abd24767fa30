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
    fn integer(&mut self, value: impl itoa::Integer) -> Result<(), serde_json::Error> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
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

/// Writes `key` as an object's key and its colon: at once when, as for every field of the
/// crate's types, it needs no escape.
#[inline]
fn write_key(out: &mut Vec<u8>, key: &str) {
    if key.bytes().any(needs_escape) {
        write_string(out, key);
    } else {
        out.reserve(key.len() + 3);
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.push(b'"');
    }
    out.push(b':');
}

/// Writes `text` as a JSON string.
fn write_string(out: &mut Vec<u8>, text: &str) {
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
            self.integer(v)
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
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_u128: u128,
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
        self.comma();
        write_key(self.writer.out, key);
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
