//! The transparent proxy, stated as the schemas state it: what decoding a response and
//! encoding it again gives, for any response that decodes. Shared by `tests/schema.rs`
//! and the `proxy` fuzz target (`fuzz/`).
//!
//! The input comes back as a JSON value (key order and whitespace aside), except for the
//! normalisations each field's rule states (`schema::Rule::normalisation`): a zero-rule
//! field's `null` or absence is its zero value, a nullable field's absence is `null`, a
//! field written only when present loses its `null`, an id of digits becomes a number.
//! Never touched: a field kept as it came (`Presence`), an unknown key (of an object or of
//! the envelope), an absent graph.
//! The envelope is written whole in the method's spelling (`OK`, `Error`, `Ping`, the
//! data; the graph when there is one), its typed collections when not empty.

// Each user takes the parts it needs.
#![allow(dead_code)]

use iqchannels_proto::envelope::Spelling;
use iqchannels_proto::schema::{Kind, Rule, Schema, Wire};
use iqchannels_proto::Graph;
use serde_json::{Map, Value};

/// The zero value of a field of `kind`, as the crate writes it.
pub fn zero(kind: &Kind) -> Value {
    match kind {
        Kind::Bool => Value::Bool(false),
        Kind::Int32 | Kind::Int64 | Kind::Timestamp | Kind::Number => Value::from(0),
        Kind::Id { text: false, .. } => Value::from(0),
        Kind::Id { text: true, .. } | Kind::String | Kind::Secret | Kind::Enum { .. } => {
            Value::from("")
        }
        Kind::List(_) => Value::Array(Vec::new()),
        Kind::Map(_) => Value::Object(Map::new()),
        Kind::Object(schema) => object(schema(), &Map::new()),
        _ => Value::Null,
    }
}

/// The id `text` spells, as `LooseId` reads it: an optional `-`, digits, within `i64`.
pub fn digits(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// What decode then encode gives for `value`, present, of `kind`.
pub fn expected(kind: &Kind, value: &Value) -> Value {
    match (kind, value) {
        (Kind::Object(schema), Value::Object(members)) => object(schema(), members),
        (Kind::List(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|value| expected(item, value)).collect())
        }
        (Kind::Map(item), Value::Object(members)) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), expected(item, value)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// What decode then encode gives for an object of `schema` with these `members`.
pub fn object(schema: &Schema, members: &Map<String, Value>) -> Value {
    let mut written = Map::new();
    for field in schema.fields {
        let given = members.get(field.name).filter(|value| !value.is_null());
        let null = members.get(field.name).is_some_and(Value::is_null);
        let value = match (field.rule, given) {
            (Rule::NumberOrDigits, Some(Value::String(text))) => {
                Some(digits(text).map_or_else(|| Value::from(text.as_str()), Value::from))
            }
            (_, Some(value)) => Some(expected(&field.kind, value)),
            (Rule::Zero | Rule::Required, None) => Some(zero(&field.kind)),
            (Rule::Nullable | Rule::NumberOrDigits, None) => Some(Value::Null),
            (Rule::Kept, None) if null => Some(Value::Null),
            _ => None,
        };
        if let Some(value) = value {
            written.insert(field.name.to_owned(), value);
        }
    }
    // Unknown keys, as they came (a request's are ignored).
    for (key, value) in members {
        if schema.keeps_unknown_keys && schema.field(key).is_none() {
            written.insert(key.clone(), value.clone());
        }
    }
    Value::Object(written)
}

/// What decode then encode gives for a graph of these `members`: each typed collection
/// that is not empty, every other collection as it came.
pub fn graph(members: &Map<String, Value>) -> Value {
    let mut written = Map::new();
    for (name, value) in members {
        match Graph::TYPED.iter().position(|typed| typed == name) {
            Some(at) => match value {
                Value::Array(items) if !items.is_empty() => {
                    written.insert(
                        name.clone(),
                        expected(&Kind::List(&Graph::KINDS[at]), value),
                    );
                }
                _ => {}
            },
            None => {
                written.insert(name.clone(), value.clone());
            }
        }
    }
    Value::Object(written)
}

/// The envelope's keys in a spelling: the data's, the graph's.
pub fn keys(spelling: Spelling) -> (&'static str, &'static str) {
    match spelling {
        Spelling::ResultRels => ("Result", "Rels"),
        _ => ("Data", "Graph"),
    }
}

/// What decode then encode, in `spelling`, gives for the response `members` whose data is
/// a `D`; `None` when the input is outside what the rule covers (both spellings of the
/// data or the graph). Keys the envelope does not model come back as they came.
pub fn response<D: Wire>(members: &Map<String, Value>, spelling: Spelling) -> Option<Value> {
    const ENVELOPE: [&str; 7] = ["OK", "Error", "Ping", "Data", "Result", "Graph", "Rels"];
    if (members.contains_key("Data") && members.contains_key("Result"))
        || (members.contains_key("Graph") && members.contains_key("Rels"))
    {
        return None;
    }
    let (data_key, graph_key) = keys(spelling);
    let data = members.get("Data").or_else(|| members.get("Result"));
    let given_graph = members.get("Graph").or_else(|| members.get("Rels"));
    let mut written = Map::new();
    let flag = |key: &str| members.get(key).cloned().filter(|value| !value.is_null());
    written.insert("OK".into(), flag("OK").unwrap_or(Value::Bool(false)));
    let error = match members.get("Error") {
        Some(value @ Value::Object(_)) => expected(&<iqchannels_proto::Error as Wire>::KIND, value),
        _ => Value::Null,
    };
    written.insert("Error".into(), error);
    written.insert("Ping".into(), flag("Ping").unwrap_or(Value::Bool(false)));
    let data = match data {
        Some(value) if !value.is_null() => expected(&D::KIND, value),
        _ => Value::Null,
    };
    written.insert(data_key.into(), data);
    if let Some(Value::Object(collections)) = given_graph {
        written.insert(graph_key.into(), graph(collections));
    }
    for (key, value) in members {
        if !ENVELOPE.contains(&key.as_str()) {
            written.insert(key.clone(), value.clone());
        }
    }
    Some(Value::Object(written))
}

/// `value` with every number as one kind of number (an integer when it is one), so that
/// `-0`, `1.0` and `1` compare as the values they are.
pub fn numbers(value: &Value) -> Value {
    match value {
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(integer), _, _) => Value::from(integer),
            (None, Some(integer), _) => Value::from(integer),
            (None, None, Some(float)) if float == float.trunc() && float.abs() < 9.0e15 => {
                // Within f64's exact integers, so the cast is exact.
                Value::from(float as i64)
            }
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(numbers).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), numbers(value)))
                .collect(),
        ),
        _ => value.clone(),
    }
}
