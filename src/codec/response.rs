//! Decoding a response envelope.
//!
//! The common case first: one typed pass reads the envelope, its `Data` (as the method's
//! type) and its graph, by the fast reader (`reader.rs`), or by serde_json for a body the
//! reader leaves to it. When that fails, the body is read again the careful way: one pass
//! keeps each typed graph collection as a raw slice of the body, then each element is
//! decoded on its own, so that a malformed one is left out with a warning instead of
//! failing the response. Both ways read the envelope with the same visitor, so they agree
//! on every body the first one reads.

use crate::references::graph_collections;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

#[cfg(not(target_arch = "wasm32"))]
use super::reader;
use super::{DecodeError, Decoded, Document, Limits, Warning};
use crate::envelope::{Error, Response};
use crate::graph::Graph;
use crate::primitives::{RawJson, UnknownKeys};

pub(super) fn decode<T: DeserializeOwned>(
    body: &[u8],
    limits: &Limits,
) -> Result<Decoded<Response<T>>, DecodeError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(envelope) = reader::decode(body, limits) {
        return Ok(clean(envelope));
    }
    decode_again(body, limits)
}

/// Whether the fast reader reads `body` as a whole response.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(super) fn reads_fast<T: DeserializeOwned>(body: &[u8], limits: &Limits) -> bool {
    reader::decode::<Envelope<'_, T, TypedCollections>>(body, limits).is_some()
}

/// A response the fast reader left to serde_json (or, in wasm, any response): the body's
/// first fault, or its value with the warnings about the parts left out of it.
pub(super) fn decode_again<T: DeserializeOwned>(
    body: &[u8],
    limits: &Limits,
) -> Result<Decoded<Response<T>>, DecodeError> {
    let document = Document::new::<Envelope<'_, T>>(body, limits)?;
    // In wasm, serde_json's typed pass stands in for the fast reader: a JS engine spends
    // its time building the values, so it is as fast there, and it shares its code with
    // the careful way where the reader would add 12 KB to the module.
    #[cfg(target_arch = "wasm32")]
    if let Some(envelope) = document.try_decode() {
        return Ok(clean(envelope));
    }
    careful(&document, limits.max_warnings)
}

#[cfg_attr(test, derive(Debug, PartialEq))]
/// A response's envelope as the interpreters read it ([`super::interpret::response`]): its
/// data raw, and its graph's typed collections raw, in the order of [`Graph::TYPED`].
pub(super) struct RawEnvelope<'a> {
    pub(super) ok: bool,
    pub(super) error: Option<Error>,
    pub(super) ping: bool,
    /// The data's JSON, when it is not `null`.
    pub(super) data: Option<&'a str>,
    /// The data's key as it came (`Data` or `Result`), where its errors are.
    pub(super) data_key: &'static str,
    /// The graph's key as it came (`Graph` or `Rels`), its typed collections, the others.
    pub(super) graph: Option<RawGraph<'a>>,
    pub(super) unknown: UnknownKeys,
}

/// A graph as the interpreters read it: its key as it came (`Graph` or `Rels`), its typed
/// collections' JSON (in the order of [`Graph::TYPED`]), the other collections kept.
pub(super) type RawGraph<'a> = (
    &'static str,
    Vec<Option<&'a str>>,
    BTreeMap<String, RawJson>,
);

/// Reads `body` as [`decode_again`] does its first pass, by the limits scan and serde_json:
/// the JSON, the limits, the envelope, the graph's collections as raw slices.
pub(super) fn decode_raw<'a>(
    body: &'a [u8],
    limits: &Limits,
) -> Result<(Document<'a>, RawEnvelope<'a>), DecodeError> {
    let document = Document::new::<Envelope<'a, &'a RawValue>>(body, limits)?;
    let envelope: Envelope<'a, &'a RawValue> = document.decode()?;
    let envelope = RawEnvelope {
        ok: envelope.ok,
        error: envelope.error,
        ping: envelope.ping,
        data_key: envelope
            .data
            .map_or("Data", |data| data_key_of(document.text(), data.get())),
        data: envelope.data.map(RawValue::get),
        graph: envelope
            .graph
            .map(|(name, parts)| (name, parts.typed_raw(), parts.other_raw())),
        unknown: envelope.unknown,
    };
    Ok((document, envelope))
}

/// The key (`Data` or `Result`) of the envelope's entry whose value is `value`, a slice of
/// `text` that the envelope read as its data: from the key's text before it (kept out of
/// the envelope's reading, which the native path's speed depends on).
fn data_key_of(text: &str, value: &str) -> &'static str {
    let start = (value.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let space: &[char] = &[' ', '\t', '\n', '\r'];
    let key = text
        .get(..start)
        .unwrap_or_default()
        .trim_end_matches(space)
        .strip_suffix(':')
        .unwrap_or_default()
        .trim_end_matches(space);
    // The key is one of the two: its text ends with it, unless it is escaped.
    if key.ends_with("\"Result\"") {
        return "Result";
    }
    if key.ends_with("\"Data\"") {
        return "Data";
    }
    // An escaped key: from its opening quote (the last one not escaped), unescaped.
    let bytes = key.as_bytes();
    let opening = (0..key.len().saturating_sub(1)).rev().find(|&at| {
        bytes[at] == b'"'
            && bytes[..at]
                .iter()
                .rev()
                .take_while(|b| **b == b'\\')
                .count()
                % 2
                == 0
    });
    let name = opening
        .and_then(|at| serde_json::from_str::<String>(&key[at..]).ok())
        .unwrap_or_default();
    if name == "Result" {
        "Result"
    } else {
        "Data"
    }
}

/// The data of a body whose envelope could not be read (at `error`), when it came whole
/// before the reading stopped: the body's text, the data's JSON and its key. The typed
/// decode reads the data as it goes, so a fault within it is the body's first fault. (A
/// fault of the text within the data itself is reported as the text's: the data is not
/// read by its kind from text that is not JSON.)
pub(super) fn data_before<'a>(
    body: &'a [u8],
    error: &DecodeError,
) -> Option<(&'a str, &'a str, &'static str)> {
    struct Entries<'e, 'a>(&'e mut Option<(&'a str, &'static str)>);

    impl<'de> Visitor<'de> for Entries<'_, 'de> {
        type Value = ();

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                let value = map.next_value::<&'de RawValue>()?;
                let key = match &*key {
                    "Data" => "Data",
                    "Result" => "Result",
                    _ => continue,
                };
                *self.0 = Some((value.get(), key));
                break;
            }
            Ok(())
        }
    }

    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(invalid) => std::str::from_utf8(body.get(..invalid.valid_up_to())?).ok()?,
    };
    let stopped = super::document::offset_in(text, error.line(), error.column());
    let mut data = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let _ = deserializer.deserialize_map(Entries(&mut data));
    let (json, key) = data?;
    let end = (json.as_ptr() as usize).saturating_sub(text.as_ptr() as usize) + json.len();
    (end <= stopped).then_some((text, json, key))
}

/// A response read in one typed pass: nothing was left out.
fn clean<T>(envelope: Envelope<'_, T, TypedCollections>) -> Decoded<Response<T>> {
    Decoded {
        value: envelope.into_response(|(_, graph)| graph.typed()),
        warnings: Vec::new(),
        more_warnings: 0,
    }
}

/// A response read element by element, each malformed graph element left out with a
/// warning.
fn careful<'a, T: Deserialize<'a>>(
    document: &Document<'a>,
    max_warnings: usize,
) -> Result<Decoded<Response<T>>, DecodeError> {
    let envelope: Envelope<'a, T> = document.decode()?;
    let mut warnings = Warnings {
        kept: Vec::new(),
        more: 0,
        max: max_warnings,
    };
    let response =
        envelope.into_response(|(name, raw)| decode_graph(document, name, raw, &mut warnings));
    Ok(Decoded {
        value: response,
        warnings: warnings.kept,
        more_warnings: warnings.more,
    })
}

/// The elements of one typed collection that decode, and a warning for each that does
/// not. A collection that is not an array is read as empty, with a warning; missing or
/// `null` is empty.
fn decode_elements<'a, T: Deserialize<'a>>(
    document: &Document<'a>,
    graph_path: &str,
    name: &str,
    collection: Option<&'a RawValue>,
    warnings: &mut Warnings,
) -> Vec<T> {
    let Some(collection) = collection else {
        return Vec::new();
    };
    let collection_path = format!("{graph_path}.{name}");
    let items = collection_items(document, &collection_path, collection.get(), warnings);
    let mut kept = Vec::new();
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        let path = || format!("{collection_path}[{index}]");
        match document.decode_part(item, path) {
            Ok(value) => {
                // Room for the rest at the first element that decodes: one allocation
                // for a clean collection, none for one where nothing decodes.
                if kept.capacity() == 0 {
                    kept.reserve_exact(count - index);
                }
                kept.push(value);
            }
            Err(error) => warnings.push(path(), error),
        }
    }
    kept
}

/// The elements of the typed collection `collection` at `collection_path`: none, with a
/// warning, when it is not an array (`null` is empty).
pub(super) fn collection_items<'a>(
    document: &Document<'a>,
    collection_path: &str,
    collection: &'a str,
    warnings: &mut Warnings,
) -> Vec<&'a RawValue> {
    match document
        .decode_slice::<Option<Vec<&'a RawValue>>>(collection, || collection_path.to_owned())
    {
        Ok(items) => items.unwrap_or_default(),
        Err(error) => {
            warnings.push(collection_path.to_owned(), error);
            Vec::new()
        }
    }
}

/// The warnings of one response: the first `max` kept, the others counted.
pub(super) struct Warnings {
    pub(super) kept: Vec<Warning>,
    pub(super) more: usize,
    pub(super) max: usize,
}

impl Warnings {
    /// None yet, of the same bound.
    pub(super) fn empty(&self) -> Self {
        Self {
            kept: Vec::new(),
            more: 0,
            max: self.max,
        }
    }

    /// Adds the warnings of each of `parts` in turn (each kept within the same bound: the
    /// first ones of all of them are among the first of each).
    pub(super) fn extend(&mut self, parts: Vec<Self>) {
        for part in parts {
            for warning in part.kept {
                if self.kept.len() < self.max {
                    self.kept.push(warning);
                } else {
                    self.more += 1;
                }
            }
            self.more += part.more;
        }
    }

    pub(super) fn push(&mut self, path: String, error: DecodeError) {
        if self.kept.len() < self.max {
            self.kept.push(Warning::new(path, error));
        } else {
            self.more += 1;
        }
    }
}

/// The envelope as read, with its graph's typed collections read as `C` says, under the
/// name the graph came with.
struct Envelope<'a, T, C: Collections<'a> = RawCollections> {
    ok: bool,
    error: Option<Error>,
    ping: bool,
    data: Option<T>,
    graph: Option<(&'static str, GraphParts<'a, C>)>,
    unknown: UnknownKeys,
}

impl<'a, T, C: Collections<'a>> Envelope<'a, T, C> {
    /// The response, its graph (named as it came) made by `graph`.
    fn into_response(
        self,
        graph: impl FnOnce((&'static str, GraphParts<'a, C>)) -> Graph,
    ) -> Response<T> {
        Response {
            ok: self.ok,
            error: self.error,
            ping: self.ping,
            data: self.data,
            graph: self.graph.map(graph),
            unknown: self.unknown,
        }
    }
}

/// The envelope's keys; `Result` and `Rels` are older names of `Data` and `Graph`.
enum Key {
    Ok,
    Error,
    Ping,
    Data(&'static str),
    Graph(&'static str),
    /// A key the envelope does not model, kept: its name is in the [`KeySeed`]'s buffer.
    Other,
}

/// Reads a [`Key`], an unknown one's name into the buffer (so that a known key, nearly
/// every one, costs no allocation and the key stays one small value).
struct KeySeed<'n>(&'n mut String);

impl<'de> de::DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "OK" => Key::Ok,
            "Error" => Key::Error,
            "Ping" => Key::Ping,
            "Data" => Key::Data("Data"),
            "Result" => Key::Data("Result"),
            "Graph" => Key::Graph("Graph"),
            "Rels" => Key::Graph("Rels"),
            _ => {
                self.0.clear();
                self.0.push_str(key);
                Key::Other
            }
        })
    }
}

impl<'de, T: Deserialize<'de>, C: Collections<'de>> Deserialize<'de> for Envelope<'de, T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

struct EnvelopeVisitor<T, C>(PhantomData<(T, C)>);

impl<'de, T: Deserialize<'de>, C: Collections<'de>> Visitor<'de> for EnvelopeVisitor<T, C> {
    type Value = Envelope<'de, T, C>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut ok, mut error, mut ping, mut data, mut graph) = (None, None, None, None, None);
        let mut unknown = UnknownKeys::new();
        // Each field is checked for a duplicate as soon as its key is read, so the error
        // points at the key. Missing or null values are zero values (`primitives::wire`).
        let mut name = String::new();
        while let Some(key) = map.next_key_seed(KeySeed(&mut name))? {
            match key {
                Key::Ok => ok = Some(vacant(ok, "OK", || map.next_value::<Option<bool>>())?),
                Key::Error => {
                    error = Some(vacant(error, "Error", || {
                        map.next_value::<Option<Error>>()
                    })?)
                }
                Key::Ping => {
                    ping = Some(vacant(ping, "Ping", || map.next_value::<Option<bool>>())?)
                }
                Key::Data(name) => {
                    data = Some((name, vacant(data, name, || map.next_value::<Option<T>>())?));
                }
                Key::Graph(name) => {
                    let value = vacant(graph, name, || {
                        map.next_value::<Option<GraphParts<'de, C>>>()
                    })?;
                    graph = Some((name, value));
                }
                Key::Other => {
                    let raw = map.next_value()?;
                    unknown.push(std::mem::take(&mut name), raw);
                }
            }
        }
        Ok(Envelope {
            ok: ok.flatten().unwrap_or_default(),
            error: error.flatten(),
            ping: ping.flatten().unwrap_or_default(),
            data: data.and_then(|(_, data)| data),
            graph: graph.and_then(|(name, graph)| Some((name, graph?))),
            unknown,
        })
    }
}

/// Reads the value of field `name`, unless `slot` shows the field (under this name or its
/// other one) came before: then it is a duplicate.
fn vacant<S, V, E: de::Error>(
    slot: Option<S>,
    name: &'static str,
    read: impl FnOnce() -> Result<V, E>,
) -> Result<V, E> {
    match slot {
        Some(_) => Err(E::duplicate_field(name)),
        None => read(),
    }
}

/// How a graph's typed collections are read: kept raw ([`RawCollections`]) or decoded
/// at once ([`TypedCollections`]).
trait Collections<'de> {
    /// A collection of `T`s, as read.
    type Of<T: Deserialize<'de>>: Deserialize<'de>;
}

/// Each typed collection as the raw slice of the body, to decode element by element.
struct RawCollections;

impl<'de> Collections<'de> for RawCollections {
    type Of<T: Deserialize<'de>> = &'de RawValue;
}

/// Each typed collection decoded at once; `null` is empty. One malformed element fails
/// the whole.
struct TypedCollections;

impl<'de> Collections<'de> for TypedCollections {
    type Of<T: Deserialize<'de>> = Option<Vec<T>>;
}

type RawParts<'a> = GraphParts<'a, RawCollections>;

/// The graph's parts, its typed collections from the one list of them
/// (`graph_collections!`).
macro_rules! graph_parts {
    ($($entity:ident($kind:ident $id:ident) $one:ident $field:ident $wire:literal $constant:ident $what:literal,)*) => {
        /// A graph as read: its typed collections as `C` says, any other kept raw.
        struct GraphParts<'a, C: Collections<'a>> {
            $($field: Option<C::Of<crate::model::$entity>>,)*
            other: BTreeMap<String, &'a RawValue>,
        }

        impl<'a, C: Collections<'a>> GraphParts<'a, C> {
            fn new() -> Self {
                Self {
                    $($field: None,)*
                    other: BTreeMap::new(),
                }
            }

            /// Reads the value of the collection `name` from `map` if it is a typed one,
            /// into its slot; `Ok(false)` for another name.
            fn read_typed<A: MapAccess<'a>>(
                &mut self,
                name: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match name {
                    $(
                        Graph::$constant => {
                            self.$field = Some(vacant(self.$field.take(), Graph::$constant, || {
                                map.next_value()
                            })?);
                        }
                    )*
                    _ => return Ok(false),
                }
                Ok(true)
            }

            /// The other collections, as kept.
            fn other_raw(&self) -> BTreeMap<String, RawJson> {
                self.other
                    .iter()
                    .map(|(name, raw)| (name.clone(), RawJson::from_raw(raw)))
                    .collect()
            }
        }

        impl<'a> GraphParts<'a, RawCollections> {
            /// The typed collections' JSON, in the order of [`Graph::TYPED`].
            fn typed_raw(&self) -> Vec<Option<&'a str>> {
                vec![$(self.$field.map(RawValue::get)),*]
            }
        }

        impl GraphParts<'_, TypedCollections> {
            /// The graph, every collection read whole.
            fn typed(self) -> Graph {
                Graph {
                    other: self.other_raw(),
                    $($field: self.$field.flatten().unwrap_or_default(),)*
                }
            }
        }

        /// The graph at `path`, each element of a typed collection decoded on its own.
        fn decode_graph<'a>(
            document: &Document<'a>,
            path: &str,
            raw: RawParts<'a>,
            warnings: &mut Warnings,
        ) -> Graph {
            Graph {
                $($field: decode_elements(document, path, Graph::$constant, raw.$field, warnings),)*
                other: raw.other_raw(),
            }
        }
    };
}

graph_collections!(graph_parts);

impl<'de, C: Collections<'de>> Deserialize<'de> for GraphParts<'de, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(GraphVisitor(PhantomData))
    }
}

struct GraphVisitor<C>(PhantomData<C>);

impl<'de, C: Collections<'de>> Visitor<'de> for GraphVisitor<C> {
    type Value = GraphParts<'de, C>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a graph object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut graph = GraphParts::new();
        while let Some(name) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if graph.read_typed(&name, &mut map)? {
                continue;
            }
            if graph.other.contains_key(&*name) {
                // The name as it is; the error's path quotes it if it needs to.
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            let value = map.next_value::<&'de RawValue>()?;
            graph.other.insert(name.into_owned(), value);
        }
        Ok(graph)
    }
}
