use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept exactly as it arrived, and written back unchanged.
///
/// Used where the crate does not model the content: undocumented fields such as
/// [`User::permissions`](crate::User::permissions) and graph collections the crate has
/// no type for. Two values are equal when their texts are equal. The zero value
/// (`Default`) is `null`.
///
/// What "as it arrived" means depends on who read it:
/// - the crate's decoders ([`codec`](crate::codec), the streams) and serde_json's keep
///   the text byte for byte: a float keeps every digit it came with (`1.50`, `1e300`,
///   `4.7087449944795054e+305`), an integer beyond 64 bits keeps its value;
/// - any other format has already parsed the value before the crate sees it (a JavaScript
///   value given to the wasm package, a `serde_json::Value`): it is written as serde_json
///   writes that value, so a float becomes the shortest text that reads back to the same
///   `f64` (`1.50` becomes `1.5`); and a float that serde_json read into a `Value`
///   (without its `float_roundtrip` feature) may already be one unit in the last place
///   away from its text. Build from text, or read with the crate, to keep it exact.
///
/// ```
/// use iqchannels_proto::RawJson;
///
/// let raw = RawJson::from_string(r#"{"Admin": true, "Big": 12345678901234567890}"#.to_owned())?;
/// assert_eq!(raw.get(), r#"{"Admin": true, "Big": 12345678901234567890}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Checks that `json` is one valid JSON value and keeps its text.
    ///
    /// # Errors
    ///
    /// When `json` is not exactly one JSON value.
    pub fn from_string(json: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json).map(Self)
    }

    /// Keeps an already validated raw value.
    pub(crate) fn from_raw(raw: &RawValue) -> Self {
        Self(raw.to_owned())
    }

    /// The JSON text, as it arrived.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

/// `null`: the zero value of an undocumented field.
impl Default for RawJson {
    fn default() -> Self {
        Self::from_raw(RawValue::NULL)
    }
}

/// A JSON value: `null`, a boolean, an integer, a float, a string or an array of these.
#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for RawJson {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        fn value(
            u: &mut arbitrary::Unstructured<'_>,
            depth: u8,
        ) -> arbitrary::Result<serde_json::Value> {
            use serde_json::Value;
            Ok(match u.int_in_range(0..=6)? {
                0 => Value::Null,
                1 => Value::Bool(u.arbitrary()?),
                2 => Value::from(u.arbitrary::<i64>()?),
                3 => {
                    serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number)
                }
                4 if depth < 3 => {
                    let len = u.int_in_range(0..=3)?;
                    Value::Array(
                        (0..len)
                            .map(|_| value(u, depth + 1))
                            .collect::<Result<_, _>>()?,
                    )
                }
                _ => Value::String(u.arbitrary()?),
            })
        }
        let json = value(u, 0)?.to_string();
        Self::from_string(json).map_err(|_| arbitrary::Error::IncorrectFormat)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

/// By the text, as equality.
impl std::hash::Hash for RawJson {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.get().hash(state);
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

/// How raw JSON looks to a serializer: `serde_json` serializes a `RawValue` as a struct of
/// this name whose one field is the text. The crate's own serializers (the JSON writer,
/// the JavaScript values) know raw JSON by it.
pub(crate) const RAW_VALUE_STRUCT: &str = "$serde_json::private::RawValue";

/// The string `value` serializes as, if it serializes as a string: raw JSON's text from
/// the one field of [`RAW_VALUE_STRUCT`], or a map key.
///
/// Through a serializer that takes a string and refuses anything else: every type that
/// can reach here has a copy of its `Serialize` for it, which for any type but a string
/// folds to almost nothing (where serde_json's `Value` serializer kept a whole second copy
/// of each type's, in wasm).
pub(crate) fn string_of<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    value.serialize(StringOnly).ok()
}

/// A serializer of strings only: [`string_of`]'s.
struct StringOnly;

/// What [`StringOnly`] says of anything but a string.
#[derive(Debug)]
struct NotAString;

impl fmt::Display for NotAString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a string")
    }
}

impl std::error::Error for NotAString {}

impl serde::ser::Error for NotAString {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Self
    }
}

/// `StringOnly`'s refusals, one per method.
macro_rules! not_strings {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, NotAString> {
            Err(NotAString)
        }
    )*};
}

impl Serializer for StringOnly {
    type Ok = String;
    type Error = NotAString;
    type SerializeSeq = serde::ser::Impossible<String, NotAString>;
    type SerializeTuple = serde::ser::Impossible<String, NotAString>;
    type SerializeTupleStruct = serde::ser::Impossible<String, NotAString>;
    type SerializeTupleVariant = serde::ser::Impossible<String, NotAString>;
    type SerializeMap = serde::ser::Impossible<String, NotAString>;
    type SerializeStruct = serde::ser::Impossible<String, NotAString>;
    type SerializeStructVariant = serde::ser::Impossible<String, NotAString>;

    fn serialize_str(self, text: &str) -> Result<String, NotAString> {
        Ok(text.to_owned())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, NotAString> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String, NotAString> {
        Err(NotAString)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, NotAString> {
        Err(NotAString)
    }

    not_strings! {
        serialize_bool(bool) -> String; serialize_i8(i8) -> String; serialize_i16(i16) -> String;
        serialize_i32(i32) -> String; serialize_i64(i64) -> String; serialize_u8(u8) -> String;
        serialize_u16(u16) -> String; serialize_u32(u32) -> String; serialize_u64(u64) -> String;
        serialize_f32(f32) -> String; serialize_f64(f64) -> String; serialize_char(char) -> String;
        serialize_bytes(&[u8]) -> String; serialize_none() -> String; serialize_unit() -> String;
        serialize_unit_struct(&'static str) -> String;
        serialize_unit_variant(&'static str, u32, &'static str) -> String;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// From serde_json's deserializers (and the crate's readers, which speak its raw-value
/// protocol), the text as it came; from any other format (a JavaScript value given to the
/// wasm package's `encodeRequest`), the value written as JSON.
impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE_STRUCT, RawJsonVisitor)
    }
}

struct RawJsonVisitor;

impl<'de> de::Visitor<'de> for RawJsonVisitor {
    type Value = RawJson;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    /// serde_json's raw-value token and the text, as a one-member map.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<RawJson, A::Error> {
        Box::<RawValue>::deserialize(de::value::MapAccessDeserializer::new(map)).map(RawJson)
    }

    /// Another format: its value, written as JSON.
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<RawJson, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let text = serde_json::to_string(&value).map_err(de::Error::custom)?;
        RawValue::from_string(text)
            .map(RawJson)
            .map_err(de::Error::custom)
    }
}
