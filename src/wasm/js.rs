//! Rust values into JavaScript values: the one place the JS form of every wire type is
//! decided.
//!
//! [`to_js`] serializes the serde form directly into JS values, as `JSON.parse` would give
//! them but exact: structs become plain objects with the wire's field names, `None` and
//! `()` are `null`, every 64-bit integer is a `BigInt`, maps become plain objects with
//! own properties (so a key `__proto__` is a key, never the object's prototype).
//! [`RawJson`](crate::RawJson) becomes the JSON value its text holds, keys in their
//! order: integers that fit 64 bits are `BigInt`s, other numbers are `number`s. A raw value
//! with a number beyond `f64` (`1e400`) is, whole, what `JSON.parse` makes of it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use js_sys::{Array, BigInt, Object, Uint8Array};
use serde::de::{self, Deserializer as _};
use serde::ser::{self, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::primitives::{string_of, RAW_VALUE_STRUCT};

/// `value` as a JavaScript value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value.serialize(Js)
}

/// Sets `object[key] = value`, for a fresh plain object and a key that names no property
/// of `Object.prototype` (a field name, never `__proto__`).
pub(crate) fn set(object: &Object, key: &'static str, value: &JsValue) {
    object
        .unchecked_ref::<Fields>()
        .set(&static_key(key), value);
}

#[wasm_bindgen]
extern "C" {
    /// An object whose properties are set with `object[key] = value`: the fastest way, for
    /// field names.
    type Fields;

    #[wasm_bindgen(method, indexing_setter)]
    fn set(this: &Fields, key: &JsValue, value: &JsValue);
}

/// Why a value could not become a JS value: only a type the wire never has (a map with a
/// key that is not a string).
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }
}

thread_local! {
    /// Field names as JS strings, made once each (the same few names come back for every
    /// object), by the address and length of the name: a `&'static str` does not move.
    static KEYS: RefCell<HashMap<(usize, usize), JsValue, foldhash::fast::FixedState>> =
        RefCell::default();
}

fn static_key(key: &'static str) -> JsValue {
    KEYS.with(|keys| {
        keys.borrow_mut()
            .entry((key.as_ptr() as usize, key.len()))
            .or_insert_with(|| JsValue::from_str(key))
            .clone()
    })
}

/// The serializer's number methods: each makes its JS value with the function given.
macro_rules! numbers {
    ($($method:ident: $type:ty => $make:expr),* $(,)?) => {$(
        fn $method(self, v: $type) -> Result<JsValue, Error> {
            Ok($make(v))
        }
    )*};
}

/// A `BigInt`, as a JS value.
fn big(v: impl Into<BigInt>) -> JsValue {
    v.into().into()
}

/// The serializer: each value becomes one JS value.
#[derive(Clone, Copy)]
struct Js;

impl ser::Serializer for Js {
    type Ok = JsValue;
    type Error = Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Variant<Items>;
    type SerializeMap = Entries;
    type SerializeStruct = Struct;
    type SerializeStructVariant = Variant<Struct>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Error> {
        Ok(JsValue::from_bool(v))
    }

    numbers! {
        // Up to 32 bits and floats: JavaScript numbers, exact.
        serialize_i8: i8 => JsValue::from, serialize_i16: i16 => JsValue::from,
        serialize_i32: i32 => JsValue::from, serialize_u8: u8 => JsValue::from,
        serialize_u16: u16 => JsValue::from, serialize_u32: u32 => JsValue::from,
        serialize_f32: f32 => JsValue::from, serialize_f64: f64 => JsValue::from,
        // 64 bits and more: `BigInt`s, exact where a number would round.
        serialize_i64: i64 => big, serialize_i128: i128 => big,
        serialize_u64: u64 => big, serialize_u128: u128 => big,
    }

    fn serialize_char(self, v: char) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v.encode_utf8(&mut [0; 4])))
    }

    fn serialize_str(self, v: &str) -> Result<JsValue, Error> {
        Ok(JsValue::from_str(v))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<JsValue, Error> {
        Ok(Uint8Array::from(v).into())
    }

    fn serialize_none(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Error> {
        Ok(JsValue::NULL)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue, Error> {
        Ok(static_key(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsValue, Error> {
        let object = Object::new();
        set(&object, variant, &value.serialize(self)?);
        Ok(object.into())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Items, Error> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple(self, _: usize) -> Result<Items, Error> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Items, Error> {
        Ok(Items(Array::new()))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<Items>, Error> {
        Ok(Variant(variant, Items(Array::new())))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Entries, Error> {
        Ok(Entries {
            entries: Array::new(),
            key: None,
        })
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Struct, Error> {
        Ok(if name == RAW_VALUE_STRUCT {
            Struct::Raw(None)
        } else {
            Struct::Plain(Object::new())
        })
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Variant<Struct>, Error> {
        Ok(Variant(variant, Struct::Plain(Object::new())))
    }
}

/// An array being built.
struct Items(Array);

macro_rules! items {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for Items {
            type Ok = JsValue;
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.0.push(&value.serialize(Js)?);
                Ok(())
            }

            fn end(self) -> Result<JsValue, Error> {
                Ok(self.0.into())
            }
        }
    )*};
}

items! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
}

/// A map being built: its `[key, value]` pairs, made an object with own properties at the
/// end.
struct Entries {
    entries: Array,
    key: Option<JsValue>,
}

impl ser::SerializeMap for Entries {
    type Ok = JsValue;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(Js)?;
        if !key.is_string() {
            return Err(ser::Error::custom("a map key must be a string"));
        }
        self.key = Some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| ser::Error::custom("a map value without its key"))?;
        self.entries
            .push(&Array::of2(&key, &value.serialize(Js)?).into());
        Ok(())
    }

    fn end(self) -> Result<JsValue, Error> {
        entries_to_object(&self.entries)
    }
}

/// `Object.fromEntries(entries)`: own data properties, whatever the keys.
fn entries_to_object(entries: &Array) -> Result<JsValue, Error> {
    Object::from_entries(entries)
        .map(Into::into)
        .map_err(|_| ser::Error::custom("could not make an object of the entries"))
}

/// A struct being built, or raw JSON waiting for its one field: its text.
enum Struct {
    Plain(Object),
    Raw(Option<JsValue>),
}

impl ser::SerializeStruct for Struct {
    type Ok = JsValue;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match self {
            Self::Plain(object) => set(object, key, &value.serialize(Js)?),
            Self::Raw(converted) => {
                let text = string_of(value)
                    .ok_or_else(|| ser::Error::custom("raw JSON without its text"))?;
                *converted = Some(raw_to_js(&text)?);
            }
        }
        Ok(())
    }

    fn end(self) -> Result<JsValue, Error> {
        match self {
            Self::Plain(object) => Ok(object.into()),
            Self::Raw(Some(value)) => Ok(value),
            Self::Raw(None) => Err(ser::Error::custom("raw JSON without its text")),
        }
    }
}

/// A variant of an externally tagged enum: `{variant: value}`.
struct Variant<T>(&'static str, T);

impl ser::SerializeTupleVariant for Variant<Items> {
    type Ok = JsValue;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(&mut self.1, value)
    }

    fn end(self) -> Result<JsValue, Error> {
        let object = Object::new();
        set(&object, self.0, &ser::SerializeSeq::end(self.1)?);
        Ok(object.into())
    }
}

impl ser::SerializeStructVariant for Variant<Struct> {
    type Ok = JsValue;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(&mut self.1, key, value)
    }

    fn end(self) -> Result<JsValue, Error> {
        let object = Object::new();
        set(&object, self.0, &ser::SerializeStruct::end(self.1)?);
        Ok(object.into())
    }
}

/// The JS value of a JSON text (already checked to be valid JSON): integers that fit 64
/// bits as `BigInt`s, keys in their order, as own properties.
fn raw_to_js(text: &str) -> Result<JsValue, Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    match deserializer.deserialize_any(RawVisitor) {
        Ok(value) => Ok(value),
        // A number beyond `f64` (`1e400`): what `JSON.parse` makes of it.
        Err(_) => js_sys::JSON::parse(text)
            .map_err(|_| ser::Error::custom("raw JSON that JavaScript cannot parse")),
    }
}

/// Builds the JS value of any JSON value.
struct RawVisitor;

impl<'de> de::Visitor<'de> for RawVisitor {
    type Value = JsValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<JsValue, E> {
        Ok(JsValue::from_bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<JsValue, E> {
        Ok(BigInt::from(v).into())
    }

    fn visit_u64<E>(self, v: u64) -> Result<JsValue, E> {
        Ok(BigInt::from(v).into())
    }

    fn visit_f64<E>(self, v: f64) -> Result<JsValue, E> {
        Ok(v.into())
    }

    fn visit_str<E>(self, v: &str) -> Result<JsValue, E> {
        Ok(JsValue::from_str(v))
    }

    fn visit_unit<E>(self) -> Result<JsValue, E> {
        Ok(JsValue::NULL)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsValue, A::Error> {
        let items = Array::new();
        while let Some(item) = seq.next_element_seed(RawSeed)? {
            items.push(&item);
        }
        Ok(items.into())
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<JsValue, A::Error> {
        let entries = Array::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let value = map.next_value_seed(RawSeed)?;
            entries.push(&Array::of2(&JsValue::from_str(&key), &value).into());
        }
        entries_to_object(&entries).map_err(de::Error::custom)
    }
}

/// [`RawVisitor`] for the items of arrays and objects.
struct RawSeed;

impl<'de> de::DeserializeSeed<'de> for RawSeed {
    type Value = JsValue;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<JsValue, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}
