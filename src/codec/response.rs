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
) -> Result<Decoded<Response<T>>, DecodeError> {
    let envelope: Envelope<'a, T> = document.decode()?;
    let mut warnings = Vec::new();
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
        warnings,
    })
}

fn decode_graph<'a>(
    document: &Document<'a>,
    path: &str,
    raw: RawGraph<'a>,
    warnings: &mut Vec<Warning>,
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

/// The elements of one typed collection that decode; a warning for each that does not.
fn decode_elements<'a, T: Deserialize<'a>>(
    document: &Document<'a>,
    graph_path: &str,
    name: &str,
    items: Vec<&'a RawValue>,
    warnings: &mut Vec<Warning>,
) -> Vec<T> {
    let mut kept = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let path = format!("{graph_path}.{name}[{index}]");
        match document.decode_part(item, &path) {
            Ok(value) => kept.push(value),
            Err(error) => warnings.push(Warning::new(path, error)),
        }
    }
    kept
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
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                // Missing or null: the zero value (see `primitives::wire`).
                Key::Ok => once(&mut ok, "OK", map.next_value::<Option<bool>>()?)?,
                Key::Error => once(&mut error, "Error", map.next_value::<Option<Error>>()?)?,
                Key::Ping => once(&mut ping, "Ping", map.next_value::<Option<bool>>()?)?,
                Key::Data(name) => {
                    let value = map.next_value::<Option<T>>()?;
                    once(&mut data, name, (name, value))?;
                }
                Key::Graph(name) => {
                    let value = map.next_value::<Option<RawGraph<'de>>>()?;
                    once(&mut graph, name, (name, value))?;
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

/// Fills `slot` with `value`, unless a field of that name (or its other name) came before.
fn once<V, E: de::Error>(slot: &mut Option<V>, name: &'static str, value: V) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

/// The graph with each element of a typed collection kept raw, to decode one by one.
#[derive(Default)]
struct RawGraph<'a> {
    users: Vec<&'a RawValue>,
    clients: Vec<&'a RawValue>,
    files: Vec<&'a RawValue>,
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
        let (mut users, mut clients, mut files) = (None, None, None);
        while let Some(name) = map.next_key::<String>()? {
            let (slot, wire_name) = match name.as_str() {
                Graph::USERS => (&mut users, Graph::USERS),
                Graph::CLIENTS => (&mut clients, Graph::CLIENTS),
                Graph::FILES => (&mut files, Graph::FILES),
                _ => {
                    let value = map.next_value::<&'de RawValue>()?;
                    if graph.other.contains_key(&name) {
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    graph.other.insert(name, value);
                    continue;
                }
            };
            // Missing or null: empty.
            let items = map
                .next_value::<Option<Vec<&'de RawValue>>>()?
                .unwrap_or_default();
            once(slot, wire_name, items)?;
        }
        graph.users = users.unwrap_or_default();
        graph.clients = clients.unwrap_or_default();
        graph.files = files.unwrap_or_default();
        Ok(graph)
    }
}
