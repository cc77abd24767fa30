//! The interpreter that writes a request from a dynamic value by its method's description
//! (`codec::interpret`, the wasm package's `encodeRequest`) against the typed path (the
//! value deserialized as the request type, then `codec::encode_request`): for every
//! method, the same request or a refusal at the same JSON path, on the fixtures' requests,
//! each of their fields made wrong in every way, the bad inputs, the fuzz regressions and,
//! when `FUZZ_CORPORA` names a folder of corpus folders (`.ci/run` sets it after fuzzing),
//! the fuzz corpora.

#[path = "support/fuzz_checks.rs"]
mod checks;
#[path = "support/request_variants.rs"]
mod variants;

use std::path::{Path, PathBuf};

use checks::{encodings_agree, method_paths};
use iqchannels_proto::codec;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `folder`, at any depth.
fn files(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(folder) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Each fixture's target and request (`tests/fixtures/{public,chat}/*.json`), and the
/// documented request.
fn fixture_requests() -> Vec<(String, Value)> {
    let mut requests = Vec::new();
    for path in files(&root().join("tests/fixtures")) {
        let Ok(Value::Object(fixture)) = serde_json::from_slice(&std::fs::read(&path).unwrap())
        else {
            continue;
        };
        // A method of no body has no request in its fixture.
        if let Some(Value::String(target)) = fixture.get("target") {
            let request = fixture.get("request").cloned().unwrap_or(Value::Null);
            requests.push((target.clone(), request));
        }
    }
    let documented = std::fs::read(root().join("tests/fixtures/create_message.request.json"));
    requests.push((
        "/api/tickets/create_message".into(),
        serde_json::from_slice(&documented.unwrap()).unwrap(),
    ));
    assert!(requests.len() >= 50, "the fixtures' requests are found");
    requests
}

/// Each method called at its template, its parameters given.
fn called_paths() -> Vec<String> {
    method_paths()
        .into_iter()
        .map(|template| {
            template
                .split('/')
                .map(|segment| {
                    if segment.starts_with(':') {
                        "10"
                    } else {
                        segment
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

#[test]
fn fixtures_encode_the_same_both_ways() {
    for (target, request) in fixture_requests() {
        encodings_agree(&target, &request);
    }
}

/// Every field of every fixture's request (and of the objects and lists within), left out
/// or given each wrong value; and an unknown key.
#[test]
fn every_field_made_wrong_is_refused_at_the_same_path() {
    let mut count = 0;
    for (target, request) in fixture_requests() {
        for variant in variants::all(&request) {
            encodings_agree(&target, &variant);
            count += 1;
        }
    }
    assert!(count > 1000, "{count} variants");
}

/// The parameters of the called path, each read as its type: a value out of range, a word
/// for a number, a query parameter given twice, one the method lacks.
#[test]
fn parameters_are_read_as_the_typed_path_reads_them() {
    for target in [
        "/api/v1/chats/get/99999999999999999999",
        "/api/v1/chats/get/word",
        "/api/v1/chats/get/+010",
        "/api/v1/chats/get/-5",
        "/public/api/v1/chats/channel/messages/%D0%B0%20b",
        "/public/api/v1/files/image/f.png?size=preview&size=avatar",
        "/public/api/v1/files/image/f.png?size=",
        "/public/api/v1/files/get/f.png?token=a%20b&other=1",
        "/api/v1/sse/chats/events/listen_to_chat/10?limit=x",
    ] {
        for request in [json!({}), json!({"UserId": 5}), Value::Null] {
            encodings_agree(target, &request);
        }
    }
}

/// Every JSON value among the bad inputs, the fuzz regressions and (in CI) the fuzz
/// corpora, as the request of every method.
#[test]
fn any_json_value_encodes_the_same_both_ways() {
    let mut folders = vec![
        root().join("tests/bad"),
        root().join("tests/fuzz_regressions"),
    ];
    if let Some(corpora) = std::env::var_os("FUZZ_CORPORA") {
        folders.push(PathBuf::from(corpora));
    }
    let called = called_paths();
    let mut values = 0;
    for path in folders.iter().flat_map(|folder| files(folder)) {
        let Ok(value) = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        values += 1;
        for target in &called {
            encodings_agree(target, &value);
        }
    }
    assert!(values > 50, "{values} values");
    println!(
        "{values} JSON values, each as the request of {} methods",
        called.len()
    );
}

/// Every file among the bad inputs, the fuzz regressions and (in CI) the fuzz corpora, as
/// the `interpret_data` target reads it (the first byte picks the method, the rest is the
/// body), and each bad input whole as the response of every method.
#[test]
fn any_body_reads_the_same_both_ways() {
    let mut folders = vec![
        root().join("tests/bad"),
        root().join("tests/fuzz_regressions"),
    ];
    if let Some(corpora) = std::env::var_os("FUZZ_CORPORA") {
        folders.push(PathBuf::from(corpora));
    }
    let mut bodies = 0;
    for path in folders.iter().flat_map(|folder| files(folder)) {
        checks::interpret_data(&std::fs::read(&path).unwrap());
        bodies += 1;
    }
    let called = called_paths();
    for path in files(&root().join("tests/bad")) {
        let body = std::fs::read(&path).unwrap();
        for target in &called {
            checks::data_readings_agree(target, &body);
            checks::response_readings_agree(target, &body);
        }
    }
    assert!(bodies > 50, "{bodies} bodies");
    println!("{bodies} bodies, each as one method's response");
}

/// Each fixture's response (and the documented one), as its method's.
fn fixture_responses() -> Vec<(String, Value)> {
    let mut responses = Vec::new();
    for path in files(&root().join("tests/fixtures")) {
        let Ok(Value::Object(fixture)) = serde_json::from_slice(&std::fs::read(&path).unwrap())
        else {
            continue;
        };
        if let (Some(Value::String(target)), Some(response)) =
            (fixture.get("target"), fixture.get("response"))
        {
            responses.push((target.clone(), response.clone()));
        }
    }
    let documented = std::fs::read(root().join("tests/fixtures/create_message.response.json"));
    responses.push((
        "/api/tickets/create_message".into(),
        serde_json::from_slice(&documented.unwrap()).unwrap(),
    ));
    responses
}

#[test]
fn fixtures_data_reads_the_same_both_ways() {
    let responses = fixture_responses();
    assert!(responses.len() >= 40, "{} responses", responses.len());
    for (target, response) in responses {
        // Pretty, as the fixtures are written, and compact: the locations differ.
        for body in [
            serde_json::to_vec_pretty(&response).unwrap(),
            serde_json::to_vec(&response).unwrap(),
        ] {
            checks::data_readings_agree(&target, &body);
            checks::response_readings_agree(&target, &body);
        }
    }
}

/// Each fixture's response with the value of its envelope's key `keys` names (either
/// spelling) left out or given each wrong value, pretty-printed, to `check` with the
/// fixture's target; how many.
fn each_variant(keys: [&str; 2], mut check: impl FnMut(&str, &[u8])) -> usize {
    let mut count = 0;
    for (target, response) in fixture_responses() {
        let Value::Object(envelope) = &response else {
            continue;
        };
        let Some((key, value)) = keys
            .into_iter()
            .find_map(|key| Some((key, envelope.get(key)?)))
        else {
            continue;
        };
        for variant in variants::all(value) {
            let mut changed = envelope.clone();
            changed.insert(key.into(), variant);
            check(
                &target,
                &serde_json::to_vec_pretty(&Value::Object(changed)).unwrap(),
            );
            count += 1;
        }
    }
    count
}

/// Every value of every fixture's data (and of the objects and lists within) left out or
/// given each wrong value, and an unknown key, as its method's data.
#[test]
fn every_data_value_made_wrong_reads_the_same_both_ways() {
    let count = each_variant(["Data", "Result"], |target, body| {
        checks::data_readings_agree(target, body);
        checks::response_readings_agree(target, body);
    });
    assert!(count > 1000, "{count} variants");
}

/// Every value of every fixture's graph (its collections, their objects and the values
/// within) left out or given each wrong value: each malformed element left out with the
/// same warning, the same messages resolved against what is kept.
#[test]
fn every_graph_value_made_wrong_reads_the_same_both_ways() {
    let count = each_variant(["Graph", "Rels"], checks::response_readings_agree);
    assert!(count > 1000, "{count} variants");
}

/// Text that is not one JSON value (which the envelope never hands over) gives a value or
/// a fault, never a panic.
#[test]
fn the_data_interpreter_never_panics_on_text_that_is_not_json() {
    use iqchannels_proto::api::public::chats::ChannelMessages;
    use iqchannels_proto::codec::interpret::data;
    use iqchannels_proto::schema::Wire;
    use iqchannels_proto::Method;
    let kind = &<<ChannelMessages as Method>::Data as Wire>::KIND;
    for text in [
        "",
        " ",
        "[",
        "{",
        "[{",
        "[{\"Id\"",
        "[{\"Id\":",
        "\"\\",
        "[\"\\\"",
        "[{\"Id\":1,\"Text\":\"a\\",
        "[]]]]",
        "}}",
        "[{\"Id\":1}",
        "[1e999999]",
        "[{\"Text\": tru}]",
        "\u{0430}",
    ] {
        let _ = data::write(text, text, kind, "Result", serde_json::value::Serializer);
        let _ = data::find(text, text, kind, "Result");
    }
}

/// A map whose key is given twice: the typed decode reads every value, in the body's
/// order, so a fault in the first is a fault though the second is kept.
#[test]
fn a_map_key_given_twice_has_each_value_read() {
    use iqchannels_proto::codec::interpret::data::{self, DataError};
    use iqchannels_proto::schema::Wire;
    use iqchannels_proto::RatingPoll;
    let kind = &<RatingPoll as Wire>::KIND;
    let body = r#"{"Questions": [{"Scale": {"Items": {"a": 1, "a": "kept"}}}]}"#;
    let typed = serde_json::from_str::<RatingPoll>(body);
    assert!(typed.is_err(), "the typed decode refuses the first value");
    match data::write(body, body, kind, "Data", serde_json::value::Serializer) {
        Err(DataError::Decode(error)) => {
            assert_eq!(error.path(), "Data.Questions[0].Scale.Items.a");
            assert_eq!(
                error.message(),
                "invalid type: integer `1`, expected a string"
            );
        }
        other => panic!("{other:?}"),
    }
    let body = r#"{"Questions": [{"Scale": {"Items": {"b": "x", "a": "kept"}}}]}"#;
    let written = data::write(body, body, kind, "Data", serde_json::value::Serializer).unwrap();
    assert_eq!(
        written["Questions"][0]["Scale"]["Items"],
        json!({"a": "kept", "b": "x"})
    );
}

/// The newest stored event of a frame, read by the schemas (the wasm package's streams), is
/// the one the typed stream decoder moves its resume point to: over the events of the
/// stream fixture, each of their values made wrong in every way that still decodes.
#[test]
fn the_newest_stored_event_is_read_as_the_typed_decoder_reads_it() {
    use iqchannels_proto::codec::interpret::response::ResponseView;
    use iqchannels_proto::schema::Wire;
    use iqchannels_proto::ChatEvent;
    let stream =
        std::fs::read_to_string(root().join("tests/fixtures/chat/listen_to_chat.sse")).unwrap();
    let mut envelopes = Vec::new();
    for event in stream.split("\n\n") {
        let data: Vec<&str> = event
            .lines()
            .filter_map(|line| line.strip_prefix("data: "))
            .collect();
        if let Ok(Value::Object(envelope)) = serde_json::from_str(&data.join("\n")) {
            envelopes.push(envelope);
        }
    }
    let kind = &<Vec<ChatEvent> as Wire>::KIND;
    let mut compared = 0;
    for envelope in envelopes {
        let Some(events) = envelope.get("Result") else {
            continue;
        };
        let mut bodies = vec![events.clone()];
        bodies.extend(variants::all(events));
        // Both events stored, then the first transitive.
        bodies.push(json!([{"Id": 5}, {"Id": 3}]));
        bodies.push(json!([{"Id": 5, "Transitive": true}, {"Id": 3, "Transitive": null}]));
        bodies.push(json!([{"Id": null}, {"Transitive": false}]));
        for events in bodies {
            let mut changed = envelope.clone();
            changed.insert("Result".into(), events);
            let body = serde_json::to_vec(&Value::Object(changed)).unwrap();
            let Ok(typed) = codec::decode_response_as::<Vec<ChatEvent>>(&body) else {
                continue;
            };
            let typed = typed.value.data.unwrap_or_default();
            let typed = typed
                .iter()
                .filter(|event| !event.transitive)
                .map(|event| event.id.get())
                .max();
            let view = ResponseView::read(&body, &codec::Limits::default(), kind, false).unwrap();
            assert_eq!(
                view.newest_stored(&view.items(kind)),
                typed,
                "{}",
                String::from_utf8_lossy(&body)
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "{compared} frames");
}

/// The data's key as the body spells it, escaped or not, is where its faults are: both
/// readings name it alike.
#[test]
fn a_data_fault_is_at_the_data_key_the_body_gives() {
    let target = "/public/api/v1/chats/channel/messages/support";
    for key in ["Result", "Data", "\\u0052esult", "D\\u0061ta", "Dat\\u0061"] {
        for spacing in ["", " ", "\n\t "] {
            let body = format!(r#"{{"OK": true, "{key}"{spacing}:{spacing}[{{"Id": "x"}}]}}"#);
            checks::response_readings_agree(target, body.as_bytes());
            let typed =
                iqchannels_proto::api::visit(target, &mut checks::BothResponses(body.as_bytes()));
            let (view, _) = typed.unwrap();
            let expected = if key.contains("esult") {
                "Result[0].Id"
            } else {
                "Data[0].Id"
            };
            assert_eq!(view.unwrap_err().1, expected, "{body}");
        }
    }
}
