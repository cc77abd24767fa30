//! The departures of a decoded response (`schema::Departure`): what it holds that an
//! official client would not accept, kept as it came, reported as warnings with their
//! JSON path, line and column.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{DecodeError, DecodeErrorKind, Decoded, Document, Warning, WarningKind};
use crate::envelope::Response;
use crate::graph::Graph;
use crate::schema::{Departure, Lints, Wire};

/// Adds a warning for each departure in `decoded`, read from `body`, within the limit of
/// kept warnings. Walks nothing for data and graph types that cannot hold one.
pub(super) fn report<T: Wire>(body: &[u8], decoded: &mut Decoded<Response<T>>, max: usize) {
    let response = &decoded.value;
    // Nothing to walk for nearly every response: known before any walk begins.
    let walk_data = T::LINTS && response.data.is_some();
    let walk_graph = response.graph.as_ref().is_some_and(Graph::lints);
    if !walk_data && !walk_graph {
        return;
    }
    let mut data = Lints::new("");
    if let Some(value) = response.data.as_ref().filter(|_| walk_data) {
        value.lint(&mut data);
    }
    // A graph with an element left out: its vectors' indices are no longer the body's,
    // so its departures would point at the wrong element; they are not reported.
    let left_out = decoded
        .warnings
        .iter()
        .any(|warning| warning.kind() == WarningKind::LeftOut);
    let mut graph = Lints::new("");
    if let Some(value) = response.graph.as_ref().filter(|_| walk_graph && !left_out) {
        value.lint(&mut graph);
    }
    let (data, graph) = (data.into_found(), graph.into_found());
    if data.is_empty() && graph.is_empty() {
        return;
    }
    // Only now is the body read again: for the envelope's spelling, and where each is.
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let document = Document::of(text);
    let mut children = Children::new();
    let members = members(text).unwrap_or_default();
    let name = |names: [&'static str; 2]| {
        members
            .iter()
            .rev()
            .find_map(|(key, _)| names.into_iter().find(|name| key == name))
            .unwrap_or(names[0])
    };
    let (data_name, graph_name) = (name(["Data", "Result"]), name(["Graph", "Rels"]));
    let found = data
        .into_iter()
        .map(|(path, departure)| (join(data_name, &path), departure))
        .chain(
            graph
                .into_iter()
                .map(|(path, departure)| (join(graph_name, &path), departure)),
        );
    for (path, departure) in found {
        if decoded.warnings.len() >= max {
            decoded.more_warnings += 1;
            continue;
        }
        let offset = locate(text, &path, &mut children).unwrap_or(0);
        let location = document.location_of(offset);
        let (kind, message) = match departure {
            Departure::Absent => (
                WarningKind::Absent,
                "absent or null, where the official clients require a value",
            ),
            _ => (
                WarningKind::NotDigits,
                "an id that is neither a number nor a string of digits",
            ),
        };
        let error = DecodeError::new(DecodeErrorKind::Data, path, location, message.to_owned());
        decoded.warnings.push(Warning::departure(kind, error));
    }
}

fn join(root: &str, path: &str) -> String {
    if path.is_empty() {
        root.to_owned()
    } else if path.starts_with('[') {
        format!("{root}{path}")
    } else {
        format!("{root}.{path}")
    }
}

/// The children of a value of the body, read once each: an object's members or an
/// array's elements, by where the value starts.
type Children<'t> = BTreeMap<usize, Vec<(Option<String>, &'t RawValue)>>;

/// Where in `text` the value at `path` (`Result.Client`, `Rels.ChatMessages[2].NoticeId`)
/// starts, in bytes; for a key that is absent, where its object starts. Each value on the
/// way is read once for all the paths (`children`), so that many warnings cost one pass.
fn locate<'t>(text: &'t str, path: &str, children: &mut Children<'t>) -> Option<usize> {
    let offset = |raw: &RawValue| (raw.get().as_ptr() as usize).checked_sub(text.as_ptr() as usize);
    let mut value: &RawValue = match children.get(&usize::MAX) {
        Some(root) => root.first()?.1,
        None => {
            let root: &RawValue = serde_json::from_str(text).ok()?;
            children.insert(usize::MAX, vec![(None, root)]);
            root
        }
    };
    for segment in segments(path) {
        let at = offset(value)?;
        let known = match children.entry(at) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                let read = match value.get().as_bytes().first() {
                    Some(b'{') => members(value.get())?
                        .into_iter()
                        .map(|(key, raw)| (Some(key), raw))
                        .collect(),
                    Some(b'[') => serde_json::from_str::<Vec<&RawValue>>(value.get())
                        .ok()?
                        .into_iter()
                        .map(|raw| (None, raw))
                        .collect(),
                    _ => Vec::new(),
                };
                slot.insert(read)
            }
        };
        let next = match segment {
            Segment::Key(key) => known
                .iter()
                .rev()
                .find(|(name, _)| name.as_deref() == Some(key))
                .map(|(_, raw)| *raw),
            Segment::Index(index) => known.get(index).map(|(_, raw)| *raw),
        };
        match next {
            Some(next) => value = next,
            // An absent key: its object.
            None => break,
        }
    }
    offset(value)
}

enum Segment<'p> {
    Key(&'p str),
    Index(usize),
}

/// `A.B[2].C` as `A`, `B`, `2`, `C`.
fn segments(path: &str) -> impl Iterator<Item = Segment<'_>> {
    path.split('.').flat_map(|part| {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        let key = (!key.is_empty()).then_some(Segment::Key(key));
        let indices = indices
            .split('[')
            .filter_map(|index| index.trim_end_matches(']').parse().ok())
            .map(Segment::Index);
        key.into_iter().chain(indices.collect::<Vec<_>>())
    })
}

/// The members of the object `json`, each key with its raw value, in order.
fn members(json: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Members;

    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(String, &'de RawValue)>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut members = Vec::new();
            while let Some(member) = map.next_entry()? {
                members.push(member);
            }
            Ok(members)
        }
    }

    struct Object<'a>(Vec<(String, &'a RawValue)>);

    impl<'de> Deserialize<'de> for Object<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(Members).map(Object)
        }
    }

    serde_json::from_str::<Object<'_>>(json)
        .ok()
        .map(|object| object.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_found_in_the_body() {
        let text = "{\"OK\": true,\n \"Result\": [{\"Id\": 1}, {\"NoticeId\": \"x\"}]}";
        let mut children = Children::new();
        let at = locate(text, "Result[1].NoticeId", &mut children).unwrap();
        assert_eq!(&text[at..at + 3], "\"x\"");
        // An absent key: its object.
        let at = locate(text, "Result[0].Client", &mut children).unwrap();
        assert_eq!(&text[at..at + 9], "{\"Id\": 1}");
    }
}
