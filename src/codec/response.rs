//! Decoding a response envelope in two passes: the envelope with its `Data` and `Graph`
//! kept as raw slices of the body, then the data (strictly, as `M::Data`) and each graph
//! element (leniently: a malformed one becomes a warning).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::{DecodeError, Decoded, Document, Warning};
use crate::envelope::{Error, Response};
use crate::graph::Graph;
use crate::primitives::nullable::zero_if_null;
use crate::primitives::RawJson;

/// The envelope, with both spellings of `Data` and `Graph`.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct RawEnvelope<'a> {
    #[serde(rename = "OK", deserialize_with = "zero_if_null")]
    ok: bool,
    #[serde(rename = "Error")]
    error: Option<Error>,
    #[serde(rename = "Ping", deserialize_with = "zero_if_null")]
    ping: bool,
    #[serde(rename = "Data", borrow)]
    data: Option<&'a RawValue>,
    #[serde(rename = "Result", borrow)]
    result: Option<&'a RawValue>,
    #[serde(rename = "Graph", borrow)]
    graph: Option<&'a RawValue>,
    #[serde(rename = "Rels", borrow)]
    rels: Option<&'a RawValue>,
}

pub(super) fn decode<'a, T: DeserializeOwned>(
    document: &Document<'a>,
) -> Result<Decoded<Response<T>>, DecodeError> {
    let raw: RawEnvelope<'a> = document.decode()?;
    let data = match one_of(document, ("Data", raw.data), ("Result", raw.result))? {
        Some((path, part)) => Some(document.decode_part::<T>(part, path)?),
        None => None,
    };
    let mut warnings = Vec::new();
    let graph = match one_of(document, ("Graph", raw.graph), ("Rels", raw.rels))? {
        Some((path, part)) => Some(decode_graph(document, part, path, &mut warnings)?),
        None => None,
    };
    let response = Response {
        ok: raw.ok,
        error: raw.error,
        ping: raw.ping,
        data,
        graph,
    };
    Ok(Decoded {
        value: response,
        warnings,
    })
}

/// The value under one of two names for the same field (`null` counts as absent).
fn one_of<'a>(
    document: &Document<'a>,
    (name, value): (&'static str, Option<&'a RawValue>),
    (old_name, old_value): (&'static str, Option<&'a RawValue>),
) -> Result<Option<(&'static str, &'a RawValue)>, DecodeError> {
    match (value, old_value) {
        (Some(_), Some(old)) => Err(document.error_at(
            old,
            old_name,
            format!("both `{name}` and `{old_name}` are present; they name the same field"),
        )),
        (Some(value), None) => Ok(Some((name, value))),
        (None, Some(old)) => Ok(Some((old_name, old))),
        (None, None) => Ok(None),
    }
}

fn decode_graph<'a>(
    document: &Document<'a>,
    part: &'a RawValue,
    path: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Graph, DecodeError> {
    let raw: RawGraph<'a> = document.decode_part(part, path)?;
    let mut graph = Graph::default();
    graph.users = decode_elements(document, path, Graph::USERS, raw.users, warnings);
    graph.clients = decode_elements(document, path, Graph::CLIENTS, raw.clients, warnings);
    graph.files = decode_elements(document, path, Graph::FILES, raw.files, warnings);
    graph.other = raw
        .other
        .into_iter()
        .map(|(name, raw)| (name, RawJson::from_raw(raw)))
        .collect();
    Ok(graph)
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
        f.write_str("a graph: an object of collections")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut graph = RawGraph::default();
        let mut seen = [false; 3];
        while let Some(name) = map.next_key::<String>()? {
            let (slot, seen) = match name.as_str() {
                Graph::USERS => (&mut graph.users, &mut seen[0]),
                Graph::CLIENTS => (&mut graph.clients, &mut seen[1]),
                Graph::FILES => (&mut graph.files, &mut seen[2]),
                _ => {
                    let value = map.next_value::<&'de RawValue>()?;
                    if graph.other.contains_key(&name) {
                        return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
                    }
                    graph.other.insert(name, value);
                    continue;
                }
            };
            if std::mem::replace(seen, true) {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            *slot = map
                .next_value::<Option<Vec<&'de RawValue>>>()?
                .unwrap_or_default();
        }
        Ok(graph)
    }
}
