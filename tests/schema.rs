//! The schemas held to the code (issue 20, items 2 and 5): for every method, responses of
//! arbitrary schema-shaped JSON (each field present, absent or `null`, unknown keys, ids
//! above 2^53, a graph of every typed collection and an unknown one) decode without a
//! part left out; what the crate then writes has exactly the keys the schema lists, in its
//! order, each of the kind it states, present or absent as its rule says, unknown keys
//! after them; and it is the input back, but for the normalisations the schemas state
//! (`support/proxy.rs`): a transparent proxy.

#[path = "support/proxy.rs"]
mod proxy;

use arbitrary::Unstructured;
use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::codec::{self, WarningKind};
use iqchannels_proto::schema::{Kind, Rule, Schema, Wire};
use iqchannels_proto::{Graph, Messages, Method};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Arbitrary JSON of `kind`, from `u`.
fn value(kind: &Kind, u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<Value> {
    Ok(match kind {
        Kind::Bool => Value::Bool(u.arbitrary()?),
        Kind::Int32 => Value::from(u.arbitrary::<i32>()?),
        Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => Value::from(id(u)?),
        Kind::Number => match u.int_in_range(0..=1)? {
            0 => Value::from(u.arbitrary::<i32>()?),
            _ => Value::from(f64::from(u.arbitrary::<i16>()?) / 4.0),
        },
        Kind::Id { text: true, .. } | Kind::String | Kind::Secret => Value::from(text(u)?),
        Kind::Enum { values, .. } => match u.choose(values) {
            Ok(value) if u.arbitrary()? => Value::from(*value),
            _ => Value::from(text(u)?),
        },
        Kind::Raw => raw(u, depth)?,
        Kind::List(item) => {
            let count = if depth > 3 { 0 } else { u.int_in_range(0..=2)? };
            Value::Array(
                (0..count)
                    .map(|_| value(item, u, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        Kind::Map(item) => {
            let count = if depth > 3 { 0 } else { u.int_in_range(0..=2)? };
            let mut members = Map::new();
            for _ in 0..count {
                members.insert(text(u)?, value(item, u, depth + 1)?);
            }
            Value::Object(members)
        }
        Kind::Object(schema) => object(schema(), u, depth)?,
        _ => Value::Null,
    })
}

/// An id or integer, often beyond 2^53 (exact in the crate, not in a JS number).
fn id(u: &mut Unstructured<'_>) -> arbitrary::Result<i64> {
    Ok(match u.int_in_range(0..=2)? {
        0 => u.int_in_range(0..=1000)?,
        1 => (1_i64 << 53) + u.int_in_range(1..=1000)?,
        _ => u.arbitrary()?,
    })
}

fn text(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    let text: String = u.arbitrary()?;
    Ok(text.chars().take(12).collect())
}

fn raw(u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<Value> {
    Ok(match u.int_in_range(0..=4)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(id(u)?),
        3 if depth < 3 => Value::Array(vec![raw(u, depth + 1)?, raw(u, depth + 1)?]),
        _ => Value::from(text(u)?),
    })
}

/// An object of `schema`: each field present, absent or `null`; with unknown keys.
fn object(schema: &Schema, u: &mut Unstructured<'_>, depth: u8) -> arbitrary::Result<Value> {
    let mut members = Map::new();
    for field in schema.fields {
        let nested = matches!(field.kind, Kind::Object(_) | Kind::List(_) | Kind::Map(_));
        match u.int_in_range(0..=3)? {
            0 => {}
            1 => {
                members.insert(field.name.to_owned(), Value::Null);
            }
            _ if nested && depth > 3 => {}
            _ => {
                let given = if field.rule == Rule::NumberOrDigits && u.arbitrary()? {
                    // Text that is not digits: kept as text, with a warning.
                    Value::from(format!("n{}", text(u)?))
                } else {
                    value(&field.kind, u, depth + 1)?
                };
                members.insert(field.name.to_owned(), given);
            }
        }
    }
    for _ in 0..u.int_in_range(0..=2)? {
        members.insert(format!("x-{}", text(u)?), raw(u, depth + 1)?);
    }
    Ok(Value::Object(members))
}

/// A graph: some of each typed collection, an unknown collection.
fn graph(u: &mut Unstructured<'_>) -> arbitrary::Result<Value> {
    let mut members = Map::new();
    for (name, kind) in Graph::TYPED.iter().zip(Graph::KINDS) {
        if u.arbitrary()? {
            let count = u.int_in_range(1..=2)?;
            let items = (0..count)
                .map(|_| value(kind, u, 1))
                .collect::<Result<_, _>>()?;
            members.insert((*name).to_owned(), Value::Array(items));
        }
    }
    if u.arbitrary()? {
        members.insert("Tickets".into(), Value::Array(vec![raw(u, 1)?]));
    }
    Ok(Value::Object(members))
}

/// The members of the JSON object `text`, in order, each raw.
fn members(text: &str) -> Vec<(String, &RawValue)> {
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

    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_map(Members).unwrap()
}

/// What the crate wrote, `text`, against `kind`: each object's keys those its schema lists,
/// in its order, each present as its rule says and of its kind, the unknown keys after.
fn check_written(kind: &Kind, text: &str, path: &str) {
    let value: Value = serde_json::from_str(text).unwrap();
    let what = |expected: &str| format!("{path}: {expected}, not {text}");
    match kind {
        Kind::Bool => assert!(value.is_boolean(), "{}", what("a bool")),
        Kind::Int32 | Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => {
            assert!(value.is_i64() || value.is_u64(), "{}", what("an integer"));
        }
        Kind::Number => assert!(value.is_number(), "{}", what("a number")),
        Kind::Id { text: true, .. } | Kind::String | Kind::Secret | Kind::Enum { .. } => {
            assert!(value.is_string(), "{}", what("a string"));
        }
        Kind::List(item) => {
            let items: Vec<&RawValue> = serde_json::from_str(text).expect("an array");
            for (index, raw) in items.iter().enumerate() {
                check_written(item, raw.get(), &format!("{path}[{index}]"));
            }
        }
        Kind::Map(item) => {
            for (key, raw) in members(text) {
                check_written(item, raw.get(), &format!("{path}.{key}"));
            }
        }
        Kind::Object(schema) => {
            let schema = schema();
            let written = members(text);
            let mut fields = schema.fields.iter();
            let mut unknown = false;
            for (key, raw) in &written {
                let Some(field) = schema.field(key) else {
                    unknown = true;
                    continue;
                };
                assert!(!unknown, "{path}.{key}: a known key after an unknown one");
                // In the schema's order: the next listed field that is written.
                let next = fields
                    .by_ref()
                    .find(|listed| listed.name == field.name)
                    .unwrap_or_else(|| panic!("{path}.{key}: out of the schema's order"));
                let at = format!("{path}.{key}");
                if raw.get() == "null" {
                    assert!(
                        matches!(
                            next.rule,
                            Rule::Nullable | Rule::NumberOrDigits | Rule::Kept
                        ) || matches!(next.kind, Kind::Raw | Kind::Unit),
                        "{at}: null, and its rule is {:?}",
                        next.rule
                    );
                } else if next.rule == Rule::NumberOrDigits {
                    // An id, or the text it came as.
                    let value: Value = serde_json::from_str(raw.get()).unwrap();
                    assert!(value.is_i64() || value.is_string(), "{at}: {value}");
                } else {
                    check_written(&next.kind, raw.get(), &at);
                }
            }
            for field in schema.fields {
                let present = written.iter().any(|(key, _)| key == field.name);
                if matches!(
                    field.rule,
                    Rule::Zero | Rule::Nullable | Rule::NumberOrDigits | Rule::Required
                ) {
                    assert!(present, "{path}.{}: always written", field.name);
                }
            }
        }
        _ => {}
    }
}

/// Each method's data, arbitrary, through decode and encode: the checks of the file's doc.
struct Proxy<'a>(&'a [u8]);

impl MethodVisitor for Proxy<'_> {
    type Output = ();

    fn visit<M: Method>(&mut self)
    where
        M::Data: Messages,
    {
        let mut u = Unstructured::new(self.0);
        let spelling = M::METADATA.spelling;
        let (data_key, graph_key) = proxy::keys(spelling);
        let Ok(data) = value(&<M::Data as Wire>::KIND, &mut u, 0) else {
            return;
        };
        let mut envelope = Map::new();
        envelope.insert("OK".into(), Value::Bool(true));
        envelope.insert(data_key.into(), data);
        if u.arbitrary().unwrap_or(false) {
            envelope.insert(graph_key.into(), graph(&mut u).unwrap_or(Value::Null));
        }
        // A key the envelope does not model, which comes back as it came.
        if u.arbitrary().unwrap_or(false) {
            envelope.insert(
                "TraceId".into(),
                Value::from(u.arbitrary::<i32>().unwrap_or(0)),
            );
        }
        let body = serde_json::to_vec(&envelope).unwrap();
        let name = M::METADATA.path;
        let decoded =
            codec::decode_response::<M>(&body).unwrap_or_else(|error| panic!("{name}: {error}"));
        assert!(
            decoded
                .warnings
                .iter()
                .all(|warning| warning.kind() != WarningKind::LeftOut),
            "{}: {:?}",
            name,
            decoded.warnings
        );
        let written = codec::encode_response::<M>(&decoded.value).unwrap();
        let text = std::str::from_utf8(&written).unwrap();
        for (key, raw) in members(text) {
            if key == data_key && raw.get() != "null" {
                check_written(&<M::Data as Wire>::KIND, raw.get(), data_key);
            }
        }
        let expected = proxy::response::<M::Data>(&envelope, spelling).unwrap();
        let written: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            proxy::numbers(&written),
            proxy::numbers(&expected),
            "{}: {}",
            name,
            String::from_utf8_lossy(&body)
        );
    }
}

/// Cases of their own count, not `PROPTEST_CASES` (CI's 10,000 would take minutes): each
/// a seed's bytes, so a failure names the seed that reproduces it.
#[test]
fn every_methods_responses_are_written_as_their_schemas_say() {
    const CASES: u64 = 96;
    for seed in 0..CASES {
        // xorshift64*, seeded: 0 to 4095 bytes.
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        let mut next = || {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_F491_4F6C_DD1D)
        };
        let len = (next() % 4096) as usize;
        let bytes: Vec<u8> = (0..len).map(|_| (next() >> 56) as u8).collect();
        let outcome = std::panic::catch_unwind(|| methods::visit_all(&mut Proxy(&bytes)));
        assert!(outcome.is_ok(), "seed {seed}");
    }
}

#[test]
fn each_row_of_sdk_fidelity_round_trips() {
    // M1, M2, M3, M5, M10: absent stays absent, null stays null, a value stays; M6: a
    // notice id of text stays text; unknown keys stay; an id above 2^53 stays exact.
    let cases: &[(&str, &str)] = &[
        (
            "/public/api/v1/chats/channel/chat/get_settings/support",
            r#"{"OK":true,"Data":{"Id":1,"Message":"hi","AvatarId":null}}"#,
        ),
        (
            "/public/api/v1/chats/channel/chat/get_settings/support",
            r#"{"OK":true,"Data":{"Id":1,"Enabled":false,"Extra":{"A":[1,2]}}}"#,
        ),
        (
            "/public/api/v1/clients/auth",
            r#"{"OK":true,"Result":{"Client":null,"Nickname":"ann"},"Rels":{"Users":[{"Id":9007199254740993,"AvatarId":null}]}}"#,
        ),
        (
            "/public/api/v1/clients/auth",
            r#"{"OK":true,"Result":{"Client":{"Id":1,"MultiChatsInfo":{"ChannelName":"a"}},"Session":{"Id":2,"Token":"t"}}}"#,
        ),
        (
            "/public/api/v1/chats/channel/messages/support",
            r#"{"OK":true,"Result":[{"Id":1,"NoticeId":"n-1","IsForwarded":true,"Reactions":[]}]}"#,
        ),
    ];
    /// What the crate writes back, and what the proxy's rule says it writes.
    struct Case<'a>(&'a str);

    impl MethodVisitor for Case<'_> {
        type Output = (Value, Value);

        fn visit<M: Method>(&mut self) -> (Value, Value)
        where
            M::Data: Messages,
        {
            let decoded = codec::decode_response::<M>(self.0.as_bytes()).unwrap();
            let written = codec::encode_response::<M>(&decoded.value).unwrap();
            let given: Map<String, Value> = serde_json::from_str(self.0).unwrap();
            let expected = proxy::response::<M::Data>(&given, M::METADATA.spelling).unwrap();
            (serde_json::from_slice(&written).unwrap(), expected)
        }
    }
    for (path, body) in cases {
        let (written, expected) = methods::visit(path, &mut Case(body)).expect("a method");
        assert_eq!(written, expected, "{path}: {body}");
    }
    let written = |path: &str, body: &str| methods::visit(path, &mut Case(body)).unwrap().0;
    let settings = written(cases[0].0, cases[0].1);
    assert_eq!(
        settings["Data"]["AvatarId"],
        Value::Null,
        "M3: null stays null"
    );
    assert!(
        settings["Data"].get("Enabled").is_none(),
        "M2: absent stays absent"
    );
    let settings = written(cases[1].0, cases[1].1);
    assert!(
        settings["Data"].get("AvatarId").is_none(),
        "M3: absent stays absent"
    );
    assert_eq!(settings["Data"]["Enabled"], false);
    assert_eq!(settings["Data"]["Extra"], serde_json::json!({"A": [1, 2]}));
    let auth = written(cases[2].0, cases[2].1);
    assert_eq!(
        auth["Result"]["Client"],
        Value::Null,
        "M10: null stays null"
    );
    assert!(
        auth["Result"].get("Session").is_none(),
        "M10: absent stays absent"
    );
    assert_eq!(auth["Result"]["Nickname"], "ann");
    assert_eq!(auth["Rels"]["Users"][0]["AvatarId"], Value::Null, "M5");
    assert_eq!(auth["Rels"]["Users"][0]["Id"], 9007199254740993_i64);
    let auth = written(cases[3].0, cases[3].1);
    let info = &auth["Result"]["Client"]["MultiChatsInfo"];
    assert!(info.get("EnableChat").is_none(), "M1: absent stays absent");
    let page = written(cases[4].0, cases[4].1);
    assert_eq!(page["Result"][0]["NoticeId"], "n-1", "M6: text stays text");
    assert_eq!(page["Result"][0]["IsForwarded"], true);
    assert_eq!(page["Result"][0]["Reactions"], serde_json::json!([]));
}
