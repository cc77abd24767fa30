//! Canaries for what the crate takes from serde_json beyond its documented API, so that a
//! serde_json release that changes it fails here, loudly, and not as a silent slow path or
//! mangled output. `.ci/run` also runs them against the newest serde_json (after
//! `cargo update -p serde_json`, the lockfile restored after): the dependency's version
//! range stays open, since an upper bound would break users' dependency resolution.
//!
//! - Raw JSON's private token: serde_json's `RawValue` serializes as a struct named
//!   `$serde_json::private::RawValue` with one field of that name holding the text, and
//!   deserializes through `deserialize_newtype_struct` with that name, reading a map of one
//!   entry, that name and the text. The crate's reader (`src/codec/reader.rs`), writer
//!   (`src/codec/writer.rs`) and JavaScript values (`src/wasm/tape.rs`) speak that protocol
//!   by the name in `RAW_VALUE_STRUCT` (`src/primitives/raw_json.rs`).
//! - The recursion limit: serde_json reads typed values nested up to 127 levels and stops
//!   at 128. `SERDE_JSON_MAX_DEPTH` (`src/codec/limits.rs`) and the reader's depth follow it.

use std::cell::Cell;

use serde::de::value::{BorrowedStrDeserializer, Error};
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
use serde_json::value::RawValue;

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::{codec, Graph, RawJson, Response, User, UserId};

/// The name the crate knows raw JSON by (`RAW_VALUE_STRUCT`).
const TOKEN: &str = "$serde_json::private::RawValue";

const TEXT: &str = r#"[ {"Id" : 3}, "\u00e9" ]"#;

const FIX: &str = "the crate's raw JSON protocol (RAW_VALUE_STRUCT in src/primitives/raw_json.rs, \
                   and the reader, writer and wasm serializer that match on it) must follow \
                   this serde_json release";

#[test]
fn serde_json_serializes_raw_json_as_a_struct_named_by_its_private_token() {
    let raw = RawValue::from_string(TEXT.to_owned()).unwrap();
    let shown = raw.serialize(StructRecorder).unwrap_or_else(|error| {
        panic!("serde_json's RawValue no longer serializes as one struct ({error}): {FIX}")
    });
    assert_eq!(
        shown,
        Shown {
            name: TOKEN,
            fields: vec![(TOKEN, TEXT.to_owned())],
        },
        "serde_json's RawValue serializes differently: {FIX}"
    );
}

#[test]
fn serde_json_deserializes_raw_json_through_a_newtype_struct_named_by_its_private_token() {
    let asked = Cell::new(None);
    let borrowed = <&RawValue>::deserialize(RawFeeder {
        asked: &asked,
        text: TEXT,
    });
    assert_eq!(
        asked.get(),
        Some(TOKEN),
        "serde_json's RawValue asks for another newtype struct: {FIX}"
    );
    let borrowed = borrowed.unwrap_or_else(|error| {
        panic!("serde_json's &RawValue no longer reads the map {{{TOKEN:?}: text}}: {error}; {FIX}")
    });
    assert_eq!(borrowed.get(), TEXT);

    let asked = Cell::new(None);
    let boxed = <Box<RawValue>>::deserialize(RawFeeder {
        asked: &asked,
        text: TEXT,
    });
    assert_eq!(asked.get(), Some(TOKEN), "{FIX}");
    let boxed = boxed.unwrap_or_else(|error| {
        panic!("serde_json's Box<RawValue> no longer reads the map {{{TOKEN:?}: text}}: {error}; {FIX}")
    });
    assert_eq!(boxed.get(), TEXT);
}

/// The crate's own writer, end to end: raw JSON comes out byte for byte, not as the struct
/// serde_json hands over.
#[test]
fn the_crate_writes_raw_json_verbatim() {
    let mut user = User::new(UserId::new(1));
    user.permissions = RawJson::from_string(TEXT.to_owned()).unwrap();
    let mut graph = Graph::default();
    graph.users.push(user);
    graph.other.insert(
        "Tickets".to_owned(),
        RawJson::from_string(TEXT.to_owned()).unwrap(),
    );
    let response = Response::success(CreateMessageData::default(), graph);
    let body =
        String::from_utf8(codec::encode_response::<CreateMessage>(&response).unwrap()).unwrap();
    assert!(
        body.contains(&format!(r#""Permissions":{TEXT}}}]"#))
            && body.contains(&format!(r#""Tickets":{TEXT}}}"#)),
        "the crate's writer no longer recognizes serde_json's raw JSON: {FIX}\n{body}"
    );
}

#[test]
fn serde_json_reads_typed_values_nested_127_levels_and_stops_at_128() {
    let fix = "SERDE_JSON_MAX_DEPTH in src/codec/limits.rs (128), the reader's depth \
               (src/codec/reader.rs, 127) and Limits::max_depth's documentation must follow";
    for (depth, object) in [(127, false), (127, true), (128, false), (128, true)] {
        let body = if object {
            format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
        } else {
            format!("{}{}", "[".repeat(depth), "]".repeat(depth))
        };
        let read = serde_json::from_str::<serde_json::Value>(&body);
        match (depth, read) {
            (127, Ok(_)) => {}
            (128, Err(error)) if error.to_string().starts_with("recursion limit exceeded") => {}
            (_, Ok(_)) => panic!("serde_json now reads values nested {depth} levels: {fix}"),
            (_, Err(error)) => panic!("serde_json at {depth} levels: {error}; {fix}"),
        }
    }
}

/// What a value shows a serializer that takes one struct of strings.
#[derive(Debug, PartialEq, Eq)]
struct Shown {
    name: &'static str,
    fields: Vec<(&'static str, String)>,
}

/// A serializer that takes one struct whose fields are strings, and refuses anything else.
struct StructRecorder;

/// The struct being recorded.
struct Fields(Shown);

macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, Error> {
            Err(ser::Error::custom(concat!("unexpected ", stringify!($method))))
        }
    )*};
}

impl Serializer for StructRecorder {
    type Ok = Shown;
    type Error = Error;
    type SerializeSeq = Impossible<Shown, Error>;
    type SerializeTuple = Impossible<Shown, Error>;
    type SerializeTupleStruct = Impossible<Shown, Error>;
    type SerializeTupleVariant = Impossible<Shown, Error>;
    type SerializeMap = Impossible<Shown, Error>;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Shown, Error>;

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Fields, Error> {
        Ok(Fields(Shown {
            name,
            fields: Vec::new(),
        }))
    }

    refuse! {
        serialize_bool(bool) -> Shown;
        serialize_i8(i8) -> Shown;
        serialize_i16(i16) -> Shown;
        serialize_i32(i32) -> Shown;
        serialize_i64(i64) -> Shown;
        serialize_u8(u8) -> Shown;
        serialize_u16(u16) -> Shown;
        serialize_u32(u32) -> Shown;
        serialize_u64(u64) -> Shown;
        serialize_f32(f32) -> Shown;
        serialize_f64(f64) -> Shown;
        serialize_char(char) -> Shown;
        serialize_str(&str) -> Shown;
        serialize_bytes(&[u8]) -> Shown;
        serialize_none() -> Shown;
        serialize_unit() -> Shown;
        serialize_unit_struct(&'static str) -> Shown;
        serialize_unit_variant(&'static str, u32, &'static str) -> Shown;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Shown, Error> {
        Err(ser::Error::custom("unexpected serialize_some"))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Shown, Error> {
        Err(ser::Error::custom("unexpected serialize_newtype_struct"))
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Shown, Error> {
        Err(ser::Error::custom("unexpected serialize_newtype_variant"))
    }
}

impl SerializeStruct for Fields {
    type Ok = Shown;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(text)) => {
                self.0.fields.push((key, text));
                Ok(())
            }
            other => Err(ser::Error::custom(format_args!(
                "field {key:?} is not a string: {other:?}"
            ))),
        }
    }

    fn end(self) -> Result<Shown, Error> {
        Ok(self.0)
    }
}

/// A deserializer that hands raw JSON over as the crate's reader does: for a newtype struct
/// (whatever its name, which it records), a map of one entry, [`TOKEN`] and the text.
struct RawFeeder<'a, 'de> {
    asked: &'a Cell<Option<&'static str>>,
    text: &'de str,
}

impl<'de> Deserializer<'de> for RawFeeder<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(de::Error::custom(
            "RawValue asked for something else than a newtype struct",
        ))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.asked.set(Some(name));
        visitor.visit_map(OneEntry(Some(self.text)))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The map of raw JSON's one entry.
struct OneEntry<'de>(Option<&'de str>);

impl<'de> MapAccess<'de> for OneEntry<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.0.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(TOKEN))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let text = self.0.take().ok_or_else(|| de::Error::custom("no value"))?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}
