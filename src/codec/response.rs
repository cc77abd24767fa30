//! Decoding a response envelope: one pass reads the envelope and its `Data` (as the
//! method's type) and keeps each element of a typed graph collection as a raw slice of
//! the body; then each element is decoded on its own, so that a malformed one is left out
//! with a warning instead of failing the response.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::{DecodeError, Decoded, Document, Warning};
use crate::envelope::{Error, Response};
use crate::graph::Graph;
use crate::primitives::RawJson;

pub(super) fn decode<'a, T: DeserializeOwned>(
    document: &Document<'a>,
    max_warnings: usize,
) -> Result<Decoded<Response<T>>, DecodeError> {
    let envelope: Envelope<'a, T> = document.decode()?;
    let mut warnings = Warnings {
        kept: Vec::new(),
        more: 0,
        max: max_warnings,
    };
    let graph = envelope
        .graph
        .map(|(name, raw)| decode_graph(document, name, raw, &mut warnings));
    let response = Response {
        ok: envelope.ok,
        error: envelope.error,
        ping: envelope.ping,
        data: envelope.data,
        graph,
    };
    Ok(Decoded {
        value: response,
        warnings: warnings.kept,
        more_warnings: warnings.more,
    })
}

fn decode_graph<'a>(
    document: &Document<'a>,
    path: &str,
    raw: RawGraph<'a>,
    warnings: &mut Warnings,
) -> Graph {
    Graph {
        users: decode_elements(document, path, Graph::USERS, raw.users, warnings),
        clients: decode_elements(document, path, Graph::CLIENTS, raw.clients, warnings),
        files: decode_elements(document, path, Graph::FILES, raw.files, warnings),
        other: raw
            .other
            .into_iter()
            .map(|(name, raw)| (name, RawJson::from_raw(raw)))
            .collect(),
    }
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
    let items = match document
        .decode_part::<Option<Vec<&'a RawValue>>>(collection, || collection_path.clone())
    {
        Ok(items) => items.unwrap_or_default(),
        Err(error) => {
            warnings.push(collection_path, error);
            return Vec::new();
        }
    };
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

/// The warnings of one response: the first `max` kept, the others counted.
struct Warnings {
    kept: Vec<Warning>,
    more: usize,
    max: usize,
}

impl Warnings {
    fn push(&mut self, path: String, error: DecodeError) {
        if self.kept.len() < self.max {
            self.kept.push(Warning::new(path, error));
        } else {
            self.more += 1;
        }
    }
}

/// The envelope as read: the graph still raw, under the name it came with.
pub(super) struct Envelope<'a, T> {
    ok: bool,
    error: Option<Error>,
    ping: bool,
    data: Option<T>,
    graph: Option<(&'static str, RawGraph<'a>)>,
}

/// The envelope's keys; `Result` and `Rels` are older names of `Data` and `Graph`.
enum Key {
    Ok,
    Error,
    Ping,
    Data(&'static str),
    Graph(&'static str),
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
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
                    _ => Key::Other,
                })
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Envelope<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(PhantomData))
    }
}

pub(super) struct EnvelopeVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for EnvelopeVisitor<T> {
    type Value = Envelope<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a response envelope object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut ok, mut error, mut ping, mut data, mut graph) = (None, None, None, None, None);
        // Each field is checked for a duplicate as soon as its key is read, so the error
        // points at the key. Missing or null values are zero values (`primitives::wire`).
        while let Some(key) = map.next_key::<Key>()? {
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
                    let value = vacant(graph, name, || map.next_value::<Option<RawGraph<'de>>>())?;
                    graph = Some((name, value));
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Envelope {
            ok: ok.flatten().unwrap_or_default(),
            error: error.flatten(),
            ping: ping.flatten().unwrap_or_default(),
            data: data.and_then(|(_, data)| data),
            graph: graph.and_then(|(name, graph)| Some((name, graph?))),
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

/// The graph with its collections kept raw, to decode element by element.
#[derive(Default)]
struct RawGraph<'a> {
    users: Option<&'a RawValue>,
    clients: Option<&'a RawValue>,
    files: Option<&'a RawValue>,
    other: BTreeMap<String, &'a RawValue>,
}

impl<'de> Deserialize<'de> for RawGraph<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RawGraphVisitor)
    }
}

struct RawGraphVisitor;

impl<'de> Visitor<'de> for RawGraphVisitor {
    type Value = RawGraph<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a graph object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut graph = RawGraph::default();
        while let Some(name) = map.next_key::<String>()? {
            let (slot, wire_name) = match name.as_str() {
                Graph::USERS => (&mut graph.users, Graph::USERS),
                Graph::CLIENTS => (&mut graph.clients, Graph::CLIENTS),
                Graph::FILES => (&mut graph.files, Graph::FILES),
                _ => {
                    if graph.other.contains_key(&name) {
                        // The name as it is; the error's path quotes it if it needs to.
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    let value = map.next_value::<&'de RawValue>()?;
                    graph.other.insert(name, value);
                    continue;
                }
            };
            *slot = Some(vacant(slot.take(), wire_name, || {
                map.next_value::<&'de RawValue>()
            })?);
        }
        Ok(graph)
    }
}
