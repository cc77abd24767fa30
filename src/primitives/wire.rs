//! The wire rules of structs, and the runtime of the code `#[wire]` writes (the macros
//! crate, `macros/`), where each rule is stated once.
//!
//! The server is written in Go, where every value has a zero value and only pointer types
//! can be `null`. A struct declared with `#[wire]` says what each field is, by its type
//! and a marker, and the attribute writes how it is read and written:
//!
//! - a field `T`: missing or `null` is its zero value; always written;
//! - `Option<T>`: nullable (`T?` in the spec); written `null` when `None`, so every
//!   modelled field is written back;
//! - `#[wire(when_present)] Option<T>`: a field only some responses carry (the public
//!   API's additions to the chat API's entities; fields whose spelling the SDKs disagree
//!   on, `public-api.md` §8): left out when `None`, so that the responses without it are
//!   written back as they came. Never one of the keys the iOS SDK requires
//!   (`public-api.md` §4.13);
//! - [`Presence<T>`](crate::Presence): absent, `null` and a value each kept, where an
//!   official client tells them apart (`sdk-fidelity.md` M1, M2, M3, M5, M10);
//! - `Option<LooseId<T>>`: an id a client declares as a string ([`LooseId`](crate::LooseId),
//!   M6);
//! - every response object keeps the keys it does not model
//!   ([`UnknownKeys`](crate::UnknownKeys)), written back after its fields;
//! - `#[wire(request)]`: a request body, read strictly (a missing required field is an
//!   error; read as Go reads it, `codec/go.rs`, it is its zero value with a warning), its
//!   absent options left out, its unknown keys ignored as Go ignores them.
//!
//! Which rule each field of each type has is on the reference page (`docs/reference.md`),
//! generated from the schemas ([`Schema`](crate::schema::Schema)), which a property test
//! holds to the code (`tests/schema.rs`).
//!
//! Every struct is read from a JSON object only, never from an array
//! ([`private::deserialize_object`]).
//!
//! A method's request is declared the same way, with what it is on the wire besides its
//! body: `#[wire(request, post = "/api/v1/chats/get/:chatId", auth = Operator, spelling =
//! ResultRels, data = Chat)]`, its fields marked `path`, `query` or `body` (the whole body);
//! the attribute writes its [`Method`](crate::Method) impl and checks, as it compiles, that
//! each `:name` of the path has its field and that the method is in the registry
//! ([`api`](crate::api)).
//!
//! The other wire rules each live in one place too: field names are PascalCase (or
//! `#[wire(rename_all = "camelCase")]`, the Android SDK's unread counts), with
//! `#[wire(rename = "UID")]` for the spec's exceptions; ids and timestamps are exact `i64`
//! (`id.rs`, `timestamp.rs`); unknown enum values are kept verbatim (`string_enum.rs`);
//! the envelope's older names `Result`/`Rels` are read in `codec/response.rs`.

/// The name under which wire structs ask a deserializer for themselves, as a newtype
/// struct ([`private::deserialize_object`]): any deserializer answers with
/// `visit_newtype_struct` and is then asked for a map, as a struct's own derive would not
/// do (it also takes an array); the crate's own readers (`codec/reader.rs`, `codec/go.rs`)
/// answer with `visit_some` instead and are then asked for the struct with its field
/// names, which they read from objects only: what Go's case-insensitive matching of keys
/// and its zero values for missing fields need.
pub(crate) const OBJECT_STRUCT: &str = "$iqchannels_proto::Object";

/// The runtime of the code `#[wire]` generates (the macros crate): not a public API.
pub mod private {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
    use serde::ser::{SerializeMap, SerializeStruct, Serializer};
    use serde::{Deserialize, Serialize};

    pub use crate::api::registered;
    pub use crate::files::{MultipartBody, UploadEncodeError};
    pub use crate::methods::{
        Auth, BodyKind, Envelope, Metadata, Method, ResponseKind, Spelling, Verb,
    };
    pub use crate::model::MessageRef;
    pub use crate::primitives::{Param, ParamError, Presence, UnknownKeys};
    pub use crate::references::{References, Visitor as ReferenceVisitor};
    pub use crate::schema::{
        Departure, Described, FieldSchema, Kind, Lints, MessageKind, Rule, Schema, Wire,
    };
    pub use serde;

    /// The unknown keys of a type that keeps none (a request).
    pub static NO_UNKNOWN_KEYS: UnknownKeys = UnknownKeys::new();

    /// A wire struct, as its generated `Deserialize` reads it.
    pub trait Object: Sized {
        /// Its fields on the wire, one variant each.
        type Field: Copy;
        /// The struct's name.
        const NAME: &'static str;
        /// Its fields' wire names, in order (what Go's reader folds keys onto).
        const FIELDS: &'static [&'static str];
        /// The field of a wire name.
        fn field(name: &str) -> Option<Self::Field>;
        /// Reads the struct from its object's entries.
        fn visit_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// Reads a wire struct from a JSON object, never from an array (serde's derive also
    /// takes an array of the fields in order; Go's decoder does not). It asks for itself as
    /// the newtype struct `OBJECT_STRUCT`: any deserializer then
    /// answers with `visit_newtype_struct` and is asked for a map; the crate's own readers
    /// (`codec/reader.rs`, `codec/go.rs`) answer with `visit_some` and are asked for the
    /// struct with its field names, which Go's case-insensitive matching of keys and its
    /// zero values for missing fields need.
    pub fn deserialize_object<'de, D: Deserializer<'de>, T: Object>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        deserializer.deserialize_newtype_struct(super::OBJECT_STRUCT, ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} object", T::NAME)
        }

        #[inline]
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit_map(map)
        }

        // Any deserializer: a map.
        fn visit_newtype_struct<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<T, D::Error> {
            deserializer.deserialize_map(self)
        }

        // The crate's readers: the struct, with its field names.
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
        }
    }

    /// The struct as the crate's readers are asked for it: named `struct Name` in their
    /// errors, as serde's derive names it.
    struct StructVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for StructVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        #[inline]
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::visit_map(map)
        }
    }

    /// A key of a wire object: a field, a key the type does not model (its name is in the
    /// seed's buffer), or an index that names no field. Small, as serde's derive keeps its
    /// field identifiers.
    pub enum Key<F> {
        /// A field.
        Field(F),
        /// A key the type does not model.
        Unknown,
        /// An index beyond the fields (a format that names fields by index).
        Ignored,
    }

    /// Reads a [`Key`] of `T`, the name of an unknown key into `name`.
    pub struct KeySeed<'n, T> {
        name: &'n mut String,
        object: PhantomData<T>,
    }

    impl<'n, T> KeySeed<'n, T> {
        /// The seed, unknown names into `name`.
        #[inline]
        pub fn new(name: &'n mut String) -> Self {
            Self {
                name,
                object: PhantomData,
            }
        }

        fn unknown<F>(self, name: &str) -> Key<F> {
            self.name.clear();
            self.name.push_str(name);
            Key::Unknown
        }
    }

    impl<'de, T: Object> DeserializeSeed<'de> for KeySeed<'_, T> {
        type Value = Key<T::Field>;

        #[inline]
        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de, T: Object> Visitor<'de> for KeySeed<'_, T> {
        type Value = Key<T::Field>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("field identifier")
        }

        fn visit_u64<E: de::Error>(self, index: u64) -> Result<Self::Value, E> {
            let field = usize::try_from(index)
                .ok()
                .and_then(|index| T::FIELDS.get(index))
                .and_then(|name| T::field(name));
            Ok(field.map_or(Key::Ignored, Key::Field))
        }

        #[inline]
        fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
            Ok(match T::field(name) {
                Some(field) => Key::Field(field),
                None => self.unknown(name),
            })
        }

        fn visit_bytes<E: de::Error>(self, name: &[u8]) -> Result<Self::Value, E> {
            match std::str::from_utf8(name) {
                Ok(name) => self.visit_str(name),
                Err(_) => Ok(self.unknown(&String::from_utf8_lossy(name))),
            }
        }
    }

    /// A response's non-nullable field: `null` is the zero value (`Default`).
    pub struct ZeroIfNull<T>(pub T);

    impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for ZeroIfNull<T> {
        #[inline]
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Option::<T>::deserialize(deserializer)
                .map(|value| ZeroIfNull(value.unwrap_or_default()))
        }
    }

    /// What a Go handler reading into an empty struct accepts besides `null`: any object,
    /// its keys ignored (the body of a request of no fields, `body = Scalar`).
    pub struct NoFields;

    impl Object for NoFields {
        type Field = ();
        const NAME: &'static str = "NoFields";
        const FIELDS: &'static [&'static str] = &[];

        fn field(_: &str) -> Option<()> {
            None
        }

        fn visit_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(Self)
        }
    }

    impl<'de> Deserialize<'de> for NoFields {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_object(deserializer)
        }
    }

    /// The unknown keys of a `T` that are written: those that name none of its fields. (A
    /// value built in Rust could hold one; writing it beside the field would give a body
    /// with the key twice, which the crate's own readers refuse.)
    pub fn written<T: Object>(
        unknown: &UnknownKeys,
    ) -> impl Iterator<Item = (&str, &crate::RawJson)> {
        unknown.iter().filter(|(key, _)| T::field(key).is_none())
    }

    /// Writes a wire struct: a struct when it keeps no unknown keys (what every serializer
    /// knows best), else a map, its known fields then its unknown keys.
    pub enum ObjectWriter<S: Serializer> {
        /// No unknown keys.
        Struct(S::SerializeStruct),
        /// Unknown keys, written after the fields.
        Map(S::SerializeMap),
    }

    impl<S: Serializer> ObjectWriter<S> {
        /// Starts an object of `len` known fields and `unknown`'s keys (those `field` does
        /// not know: a function, not a type parameter, so that wasm has one copy of this
        /// per serializer, not one per struct).
        #[inline]
        pub fn begin(
            serializer: S,
            name: &'static str,
            len: usize,
            unknown: &UnknownKeys,
            field: fn(&str) -> bool,
        ) -> Result<Self, S::Error> {
            if unknown.is_empty() {
                serializer.serialize_struct(name, len).map(Self::Struct)
            } else {
                let unknown = unknown.iter().filter(|(key, _)| !field(key)).count();
                serializer.serialize_map(Some(len + unknown)).map(Self::Map)
            }
        }

        /// Writes a field.
        #[inline]
        pub fn field<T: Serialize + ?Sized>(
            &mut self,
            key: &'static str,
            value: &T,
        ) -> Result<(), S::Error> {
            match self {
                Self::Struct(object) => object.serialize_field(key, value),
                Self::Map(object) => object.serialize_entry(key, value),
            }
        }

        /// Leaves a field out.
        #[inline]
        pub fn skip(&mut self, key: &'static str) -> Result<(), S::Error> {
            match self {
                Self::Struct(object) => object.skip_field(key),
                Self::Map(_) => Ok(()),
            }
        }

        /// Writes the unknown keys and ends the object.
        #[inline]
        pub fn end(
            self,
            unknown: &UnknownKeys,
            field: fn(&str) -> bool,
        ) -> Result<S::Ok, S::Error> {
            match self {
                Self::Struct(object) => object.end(),
                Self::Map(mut object) => {
                    for (key, raw) in unknown.iter().filter(|(key, _)| !field(key)) {
                        object.serialize_entry(key, raw)?;
                    }
                    object.end()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use iqchannels_proto_macros::wire;

    /// A response object: the rules as every response type applies them.
    #[wire]
    struct Shape {
        count: i64,
        name: String,
        flag: bool,
        at: Option<i64>,
    }

    /// A request body: optional fields are omitted when absent.
    #[wire(request)]
    struct Form {
        required: i64,
        optional: Option<String>,
    }

    #[test]
    fn missing_and_null_non_nullable_fields_read_as_zero() {
        let missing: Shape = serde_json::from_str("{}").unwrap();
        let null: Shape =
            serde_json::from_str(r#"{"Count":null,"Name":null,"Flag":null,"At":null}"#).unwrap();
        assert_eq!(missing, Shape::default());
        assert_eq!(null, Shape::default());
    }

    #[test]
    fn absent_nullable_fields_are_written_as_null() {
        let json = serde_json::to_value(Shape::default()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"Count": 0, "Name": "", "Flag": false, "At": null})
        );
    }

    #[test]
    fn absent_optional_request_fields_are_omitted() {
        let form = Form {
            required: 1,
            optional: None,
        };
        assert_eq!(serde_json::to_string(&form).unwrap(), r#"{"Required":1}"#);
        let form = Form {
            required: 1,
            optional: Some("x".into()),
        };
        assert_eq!(
            serde_json::to_string(&form).unwrap(),
            r#"{"Required":1,"Optional":"x"}"#
        );
    }

    #[test]
    fn structs_are_objects_not_arrays() {
        let read: Shape = serde_json::from_str(r#"{"Count": 2}"#).unwrap();
        assert_eq!(read.count, 2);
        for array in ["[2]", "[]"] {
            let error = serde_json::from_str::<Shape>(array).unwrap_err();
            assert_eq!(
                error.to_string(),
                "invalid type: sequence, expected a Shape object at line 1 column 0"
            );
        }
        // serde's own derive reads a struct from an array: the reason for the rule.
        #[derive(serde::Deserialize)]
        struct Derived {
            count: i64,
        }
        assert_eq!(serde_json::from_str::<Derived>("[2]").unwrap().count, 2);
    }
}
