//! Rust values into JavaScript values: the one place the JS form of every wire type is
//! decided.
//!
//! `serde-wasm-bindgen` does the work, set up to give what `JSON.parse` would give, but
//! exact: structs become plain objects with the wire's field names, absent values `null`,
//! every `i64` (ids, timestamps) a `BigInt`. One thing it cannot do alone: a
//! [`RawJson`](crate::RawJson) serializes as `serde_json`'s private raw-value struct, which
//! any other serializer would turn into an object with one odd key. [`Js`] wraps the
//! serializer and turns that struct into the JSON value its text holds.

use serde::ser::{self, Serialize, Serializer};
use wasm_bindgen::JsValue;

/// The serializer, configured once.
const SERIALIZER: serde_wasm_bindgen::Serializer = serde_wasm_bindgen::Serializer::new()
    .serialize_missing_as_null(true)
    .serialize_maps_as_objects(true)
    .serialize_large_number_types_as_bigints(true);

/// The name `serde_json` gives the struct a `RawValue` serializes as.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// `value` as a JavaScript value.
pub(crate) fn to_js<T: Serialize + ?Sized>(
    value: &T,
) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(Js(&SERIALIZER))
}

/// A serializer that passes everything to the one it wraps, and its raw JSON as the value
/// it holds.
struct Js<S>(S);

/// A value to serialize with [`Js`] around whatever serializer it is given: how the
/// wrapping reaches nested values.
struct Nested<'a, T: ?Sized>(&'a T);

impl<T: Serialize + ?Sized> Serialize for Nested<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(Js(serializer))
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.0.$method($($arg),*)
        }
    )*};
}

impl<S: Serializer> Serializer for Js<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Js<S::SerializeSeq>;
    type SerializeTuple = Js<S::SerializeTuple>;
    type SerializeTupleStruct = Js<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Js<S::SerializeTupleVariant>;
    type SerializeMap = Js<S::SerializeMap>;
    type SerializeStruct = Struct<S>;
    type SerializeStructVariant = Js<S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(&Nested(value))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, &Nested(value))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &Nested(value))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        self.0.serialize_seq(len).map(Js)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        self.0.serialize_tuple(len).map(Js)
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        self.0.serialize_tuple_struct(name, len).map(Js)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Js)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        self.0.serialize_map(len).map(Js)
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Struct<S>, S::Error> {
        if name == RAW_VALUE {
            Ok(Struct::Raw(self.0, None))
        } else {
            self.0.serialize_struct(name, len).map(Struct::Plain)
        }
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Js)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The compound serializers whose items are values only: each item wrapped, then passed on.
macro_rules! forward_items {
    ($($trait:ident::$method:ident;)*) => {$(
        impl<S: ser::$trait> ser::$trait for Js<S> {
            type Ok = S::Ok;
            type Error = S::Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
                self.0.$method(&Nested(value))
            }

            fn end(self) -> Result<S::Ok, S::Error> {
                self.0.end()
            }
        }
    )*};
}

forward_items! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
    SerializeTupleVariant::serialize_field;
}

impl<S: ser::SerializeMap> ser::SerializeMap for Js<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), S::Error> {
        self.0.serialize_key(&Nested(key))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), S::Error> {
        self.0.serialize_value(&Nested(value))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

impl<S: ser::SerializeStructVariant> ser::SerializeStructVariant for Js<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        self.0.serialize_field(key, &Nested(value))
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        self.0.end()
    }
}

/// A struct being serialized: an ordinary one, or raw JSON waiting for its one field
/// (its text) to be parsed.
enum Struct<S: Serializer> {
    Plain(S::SerializeStruct),
    Raw(S, Option<serde_json::Value>),
}

impl<S: Serializer> ser::SerializeStruct for Struct<S> {
    type Ok = S::Ok;
    type Error = S::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), S::Error> {
        match self {
            Self::Plain(inner) => inner.serialize_field(key, &Nested(value)),
            Self::Raw(_, parsed) => {
                let text = match value.serialize(serde_json::value::Serializer) {
                    Ok(serde_json::Value::String(text)) => text,
                    _ => return Err(ser::Error::custom("raw JSON without its text")),
                };
                let value = serde_json::from_str(&text).map_err(ser::Error::custom)?;
                *parsed = Some(value);
                Ok(())
            }
        }
    }

    fn end(self) -> Result<S::Ok, S::Error> {
        match self {
            Self::Plain(inner) => inner.end(),
            Self::Raw(serializer, Some(value)) => value.serialize(serializer),
            Self::Raw(_, None) => Err(ser::Error::custom("raw JSON without its text")),
        }
    }
}
