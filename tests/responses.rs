//! Client side: reading responses the way the Go server writes them.

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::{
    codec, ActorType, DecodeErrorKind, Error, ErrorCode, Graph, Message, MessageType, Outcome,
    Response, User,
};
use serde_json::{json, Value};

type Decoded = iqchannels_proto::Decoded<Response<CreateMessageData>>;

fn decode(body: &str) -> Decoded {
    codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap()
}

fn reencode(body: &str) -> Value {
    let encoded = codec::encode_response::<CreateMessage>(&decode(body).value).unwrap();
    serde_json::from_slice(&encoded).unwrap()
}

#[test]
fn missing_or_null_non_nullable_fields_are_zero_values() {
    let missing = decode(r#"{"OK": true, "Data": {"Message": {}}}"#);
    let null = decode(
        r#"{"OK": null, "Error": null, "Ping": null, "Data": {"Message": {
            "Id": null, "UID": null, "TicketId": null, "LocalId": null, "Author": null,
            "ClientId": null, "UserId": null, "Type": null, "Text": null, "Received": null,
            "Read": null, "CreatedAt": null, "UpdatedAt": null, "ReceivedAt": null,
            "ReadAt": null, "My": null}}}"#,
    );
    assert_eq!(missing.value.data.unwrap().message, Message::default());
    assert!(!null.value.ok);
    assert_eq!(null.value.data.unwrap().message, Message::default());
    let zero = Message::default();
    assert_eq!(
        (zero.id.get(), zero.uid.as_str(), zero.text.as_str()),
        (0, "", "")
    );
    assert_eq!(
        (zero.author, zero.kind.as_str()),
        (ActorType::Anonymous, "")
    );
}

#[test]
fn absent_nullable_values_are_written_as_null() {
    let written = reencode(r#"{"OK": true, "Data": {"Message": {"Id": 7}}}"#);
    assert_eq!(written["Error"], Value::Null);
    assert_eq!(written["Graph"], Value::Null);
    let message = &written["Data"]["Message"];
    for field in ["ClientId", "UserId", "ReceivedAt", "ReadAt"] {
        assert_eq!(message.get(field), Some(&Value::Null), "{field}");
    }
    assert_eq!(
        message.as_object().unwrap().len(),
        16,
        "every modelled field is written"
    );
}

#[test]
fn ids_and_timestamps_are_exact_int64() {
    let body = json!({"OK": true, "Data": {"Message": {
        "Id": 9007199254740993_i64, "TicketId": i64::MAX, "LocalId": i64::MIN,
        "UserId": 9007199254740995_i64, "CreatedAt": 9007199254740997_i64, "ReadAt": -1}}});
    let written = reencode(&body.to_string());
    assert_eq!(written, {
        let mut expected = reencode(r#"{"OK": true, "Data": {"Message": {}}}"#);
        let message = &mut expected["Data"]["Message"];
        message["Id"] = json!(9007199254740993_i64);
        message["TicketId"] = json!(i64::MAX);
        message["LocalId"] = json!(i64::MIN);
        message["UserId"] = json!(9007199254740995_i64);
        message["CreatedAt"] = json!(9007199254740997_i64);
        message["ReadAt"] = json!(-1);
        expected
    });
    let message = decode(&body.to_string()).value.data.unwrap().message;
    assert_eq!(message.id.get(), 9_007_199_254_740_993);
    assert_eq!(message.created_at.as_millis(), 9_007_199_254_740_997);
}

#[test]
fn ids_that_are_not_exact_int64_are_errors() {
    for (value, message) in [
        ("1.0", "invalid type: floating point `1.0`, expected i64"),
        ("1e3", "invalid type: floating point `1000.0`, expected i64"),
        ("-0", "invalid type: floating point `-0.0`, expected i64"),
        (
            "9223372036854775808",
            "invalid value: integer `9223372036854775808`, expected i64",
        ),
        ("\"1\"", "invalid type: string \"1\", expected i64"),
    ] {
        let body = format!(r#"{{"OK": true, "Data": {{"Message": {{"Id": {value}}}}}}}"#);
        let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
        assert_eq!(
            (error.path(), error.message()),
            ("Data.Message.Id", message),
            "{value}"
        );
        assert_eq!(error.kind(), DecodeErrorKind::Data);
    }
}

#[test]
fn unknown_enum_values_round_trip_verbatim() {
    let body = r#"{"OK": false, "Error": {"Code": "rate_limited", "Text": "slow down"},
        "Data": {"Message": {"Author": "robot", "Type": "poll"}}}"#;
    let response = decode(body).value;
    let message = &response.data.as_ref().unwrap().message;
    assert_eq!(
        (message.author.as_str(), message.kind.as_str()),
        ("robot", "poll")
    );
    assert_eq!(
        response.error.as_ref().unwrap().code.as_str(),
        "rate_limited"
    );
    let written = reencode(body);
    assert_eq!(written["Data"]["Message"]["Author"], "robot");
    assert_eq!(written["Data"]["Message"]["Type"], "poll");
    assert_eq!(written["Error"]["Code"], "rate_limited");
}

#[test]
fn known_enum_values_are_the_documented_variants() {
    for (wire, actor) in [
        ("", ActorType::Anonymous),
        ("client", ActorType::Client),
        ("user", ActorType::User),
        ("system", ActorType::System),
    ] {
        assert_eq!(ActorType::from(wire), actor);
        assert_eq!(actor.as_str(), wire);
    }
    for (wire, kind) in [
        ("text", MessageType::Text),
        ("file", MessageType::File),
        ("notice", MessageType::Notice),
        ("single-choice", MessageType::SingleChoice),
        ("product", MessageType::Product),
        ("card", MessageType::Card),
        ("carousel", MessageType::Carousel),
    ] {
        assert_eq!(MessageType::from(wire), kind);
        assert_eq!(serde_json::to_string(&kind).unwrap(), format!("\"{wire}\""));
    }
    // Case matters: "Text" is another value, kept verbatim.
    assert_eq!(MessageType::from("Text").as_str(), "Text");
    assert_ne!(MessageType::from("Text"), MessageType::Text);
}

#[test]
fn every_error_code_round_trips() {
    for (wire, code) in [
        ("not_found", ErrorCode::NotFound),
        ("forbidden", ErrorCode::Forbidden),
        ("unauthorized", ErrorCode::Unauthorized),
        ("invalid", ErrorCode::Invalid),
        ("internal_server_error", ErrorCode::InternalServerError),
        ("bad_request", ErrorCode::BadRequest),
        ("", ErrorCode::default()),
        ("teapot", ErrorCode::from("teapot")),
    ] {
        let body = format!(r#"{{"OK": false, "Error": {{"Code": "{wire}", "Text": "why"}}}}"#);
        let response = decode(&body).value;
        let Outcome::Error(error) = response.clone().into_outcome() else {
            panic!("{wire}: an error");
        };
        assert_eq!(error, Error::new(code.clone(), "why"));
        assert_eq!(error.code.as_str(), wire);
        assert_eq!(
            reencode(&body)["Error"],
            json!({"Code": wire, "Text": "why"})
        );
        let std_error: &dyn std::error::Error = &error;
        assert_eq!(std_error.to_string(), format!("{wire}: why"));
    }
}

#[test]
fn ok_false_without_an_error_is_an_internal_server_error() {
    for body in [r#"{"OK": false}"#, r#"{"OK": false, "Error": null}"#, "{}"] {
        match decode(body).value.into_outcome() {
            Outcome::Error(error) => {
                assert_eq!(error.code, ErrorCode::InternalServerError);
                assert!(error.text.contains("no \"Error\""), "{}", error.text);
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn outcomes_are_data_error_or_ping() {
    assert_eq!(
        decode(r#"{"OK": true, "Ping": true}"#).value.into_outcome(),
        Outcome::Ping
    );
    let error = r#"{"OK": false, "Ping": true, "Error": {"Code": "forbidden", "Text": "no"}}"#;
    assert_eq!(
        decode(error).value.into_outcome(),
        Outcome::Error(Error::new(ErrorCode::Forbidden, "no"))
    );
    // Success with no data: the data's zero value and an empty graph.
    assert_eq!(
        decode(r#"{"OK": true, "Data": null}"#).value.into_outcome(),
        Outcome::Data {
            data: CreateMessageData::default(),
            graph: Graph::default()
        }
    );
}

#[test]
fn server_constructors_encode_like_the_go_server() {
    let ping =
        codec::encode_response::<CreateMessage>(&Response::<CreateMessageData>::ping()).unwrap();
    assert_eq!(ping, br#"{"OK":true,"Error":null,"Ping":true,"Data":null}"#);
    let failure = Response::<CreateMessageData>::failure(Error::new(ErrorCode::NotFound, "gone"));
    assert_eq!(
        codec::encode_response::<CreateMessage>(&failure).unwrap(),
        br#"{"OK":false,"Error":{"Code":"not_found","Text":"gone"},"Ping":false,"Data":null}"#
    );
    let success = Response::success(CreateMessageData::default(), Graph::default());
    let written: Value =
        serde_json::from_slice(&codec::encode_response::<CreateMessage>(&success).unwrap())
            .unwrap();
    assert_eq!(
        (written["OK"].clone(), written["Graph"].clone()),
        (json!(true), json!({}))
    );
}

#[test]
fn result_and_rels_are_read_as_data_and_graph_and_written_as_such() {
    let body = r#"{"OK": true, "Result": {"Message": {"Id": 5}}, "Rels": {"Users": [{"Id": 1}]}}"#;
    let written = reencode(body);
    assert_eq!(written["Data"]["Message"]["Id"], 5);
    assert_eq!(written["Graph"]["Users"][0]["Id"], 1);
    assert!(written.get("Result").is_none() && written.get("Rels").is_none());
}

#[test]
fn both_spellings_at_once_are_an_error() {
    let body = br#"{"OK": true, "Data": {}, "Result": {}}"#;
    let error = codec::decode_response::<CreateMessage>(body).unwrap_err();
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("Result", 1, 33)
    );
    let body = br#"{"OK": true, "Graph": {}, "Rels": {}}"#;
    let error = codec::decode_response::<CreateMessage>(body).unwrap_err();
    assert_eq!(error.path(), "Rels");
}

#[test]
fn other_graph_collections_are_kept_verbatim() {
    let body = r#"{"OK": true, "Graph": {"Tickets": [{"Id": 103, "Big": 123456789012345678901234567890, "F": 1.50}], "Users": null, "Zeta": {"a": [ 1 , 2 ]}}}"#;
    let response = decode(body).value;
    let graph = response.graph.as_ref().unwrap();
    assert!(graph.users.is_empty());
    assert_eq!(
        graph.other["Tickets"].get(),
        r#"[{"Id": 103, "Big": 123456789012345678901234567890, "F": 1.50}]"#
    );
    let encoded =
        String::from_utf8(codec::encode_response::<CreateMessage>(&response).unwrap()).unwrap();
    assert!(encoded
        .contains(r#""Tickets":[{"Id": 103, "Big": 123456789012345678901234567890, "F": 1.50}]"#));
    assert!(encoded.contains(r#""Zeta":{"a": [ 1 , 2 ]}"#));
}

#[test]
fn missing_or_null_collections_read_as_empty() {
    for graph in ["{}", r#"{"Users": null, "Clients": null, "Files": null}"#] {
        let body = format!(r#"{{"OK": true, "Graph": {graph}}}"#);
        assert!(decode(&body).value.graph.unwrap().is_empty(), "{graph}");
    }
}

#[test]
fn a_malformed_graph_element_is_left_out_with_a_warning() {
    let body = "{\"OK\": true, \"Graph\": {\n  \"Users\": [\n    {\"Id\": 1},\n    {\"Id\": 2, \"CreatedAt\": \"yesterday\"},\n    null,\n    {\"Id\": 4}\n  ],\n  \"Clients\": [{\"Id\": 1.5}], \"Files\": [{\"Id\": \"f.jpg\", \"Size\": 10}]\n}}";
    let decoded = decode(body);
    let graph = decoded.value.graph.unwrap();
    assert_eq!(
        graph.users.iter().map(|u| u.id.get()).collect::<Vec<_>>(),
        [1, 4]
    );
    assert!(graph.clients.is_empty());
    assert_eq!(graph.files.len(), 1);
    let warnings: Vec<_> = decoded
        .warnings
        .iter()
        .map(|w| {
            (
                w.path(),
                w.error().path(),
                w.error().line(),
                w.error().column(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            ("Graph.Users[1]", "Graph.Users[1].CreatedAt", 4, 38),
            ("Graph.Users[2]", "Graph.Users[2]", 5, 8),
            ("Graph.Clients[0]", "Graph.Clients[0].Id", 8, 24),
        ]
    );
    assert_eq!(
        decoded.warnings[0].to_string(),
        "left out Graph.Users[1]: Graph.Users[1].CreatedAt: invalid type: string \"yesterday\", expected i64 at line 4 column 38"
    );
}

#[test]
fn errors_in_data_name_the_path_line_and_column_in_the_body() {
    let body =
        "{\n  \"OK\": true,\n  \"Data\": {\n    \"Message\": {\"Id\": 1, \"Text\": 5}\n  }\n}";
    let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "Data.Message.Text: invalid type: integer `5`, expected a string at line 4 column 34"
    );
}

#[test]
fn bodies_that_are_not_an_envelope_are_errors() {
    for (body, kind, path) in [
        ("", DecodeErrorKind::Eof, ""),
        ("null", DecodeErrorKind::Data, ""),
        ("[]", DecodeErrorKind::Data, ""),
        (r#""OK""#, DecodeErrorKind::Data, ""),
        (r#"{"OK": "yes"}"#, DecodeErrorKind::Data, "OK"),
        (r#"{"OK": true} {}"#, DecodeErrorKind::Syntax, ""),
        (r#"{"OK": true, "OK": true}"#, DecodeErrorKind::Data, "OK"),
        (
            r#"{"OK": true, "Error": "boom"}"#,
            DecodeErrorKind::Data,
            "Error",
        ),
        (
            r#"{"OK": true, "Graph": []}"#,
            DecodeErrorKind::Data,
            "Graph",
        ),
        (
            r#"{"OK": true, "Graph": {"Users": [], "Users": []}}"#,
            DecodeErrorKind::Data,
            "Graph.Users",
        ),
        (
            r#"{"OK": true, "Graph": {"T": 1, "T": 2}}"#,
            DecodeErrorKind::Data,
            "Graph.T",
        ),
        (
            r#"{"OK": true, "Data": {"Message": []}}"#,
            DecodeErrorKind::Data,
            "Data.Message",
        ),
        (r#"{"OK": true, "Data": []}"#, DecodeErrorKind::Data, "Data"),
        (
            r#"{"OK": true, "Unknown": [1, 2,]}"#,
            DecodeErrorKind::Syntax,
            "Unknown",
        ),
        (
            r#"{"OK": true, "Graph": {"Tickets": [01]}}"#,
            DecodeErrorKind::Syntax,
            "Graph.Tickets",
        ),
        ("\u{feff}{\"OK\": true}", DecodeErrorKind::Syntax, ""),
    ] {
        let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
        assert_eq!(
            (error.kind(), error.path()),
            (kind, path),
            "{body:?}: {error}"
        );
    }
}

#[test]
fn invalid_utf8_is_an_error_located_at_the_byte_even_in_ignored_content() {
    let body = b"{\"OK\": true,\n \"Unknown\": \"caf\xe9\"}";
    let error = codec::decode_response::<CreateMessage>(body).unwrap_err();
    assert_eq!(error.kind(), DecodeErrorKind::Encoding);
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("Unknown", 2, 17)
    );
}

#[test]
fn users_keep_undocumented_permissions_verbatim() {
    let body = r#"{"OK": true, "Graph": {"Users": [{"Id": 1, "Permissions": {"Chats": ["read", "write"], "N": 1e400}}]}}"#;
    let response = decode(body).value;
    let user: &User = &response.graph.as_ref().unwrap().users[0];
    assert_eq!(
        user.permissions.get(),
        r#"{"Chats": ["read", "write"], "N": 1e400}"#
    );
    let encoded =
        String::from_utf8(codec::encode_response::<CreateMessage>(&response).unwrap()).unwrap();
    assert!(encoded.contains(r#""Permissions":{"Chats": ["read", "write"], "N": 1e400}"#));
}

#[test]
fn unknown_fields_are_ignored() {
    let body = r#"{"OK": true, "Trace": {"Id": [1, {"x": null}]}, "Data": {"Message": {"Id": 1, "Extra": "x"}}}"#;
    assert_eq!(decode(body).value.data.unwrap().message.id.get(), 1);
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Response<CreateMessageData>>();
    check::<Outcome<CreateMessageData>>();
    check::<iqchannels_proto::Decoded<Response<CreateMessageData>>>();
    check::<iqchannels_proto::DecodeError>();
    check::<iqchannels_proto::Warning>();
    check::<iqchannels_proto::EncodeError>();
    check::<iqchannels_proto::EncodedRequest>();
    check::<Error>();
    check::<Graph>();
    check::<Message>();
    check::<User>();
    check::<iqchannels_proto::Client>();
    check::<iqchannels_proto::File>();
    check::<iqchannels_proto::Credentials>();
    check::<iqchannels_proto::CredentialsError>();
    check::<iqchannels_proto::RawJson>();
    check::<CreateMessage>();
    check::<iqchannels_proto::api::tickets::MessageForm>();
    check::<iqchannels_proto::api::tickets::CreateMessageBuilder>();
    check::<iqchannels_proto::Timestamp>();
    check::<iqchannels_proto::MessageId>();
    check::<iqchannels_proto::FileId>();
    check::<iqchannels_proto::ErrorCode>();
    check::<iqchannels_proto::ActorType>();
    check::<iqchannels_proto::graph::GraphIndex<'static>>();
    check::<iqchannels_proto::graph::GraphBuilder>();
    check::<iqchannels_proto::references::Reference>();
    #[cfg(feature = "http")]
    {
        check::<iqchannels_proto::http::Incoming<CreateMessage>>();
        check::<iqchannels_proto::http::RequestError>();
    }
}

#[test]
fn a_malformed_typed_collection_is_left_out_with_a_warning() {
    let body = r#"{"OK": true, "Graph": {"Users": 5, "Clients": {}, "Files": [{"Id": "f.jpg"}]}}"#;
    let decoded = decode(body);
    let graph = decoded.value.graph.unwrap();
    assert!(graph.users.is_empty() && graph.clients.is_empty());
    assert_eq!(graph.files.len(), 1);
    let warnings: Vec<_> = decoded
        .warnings
        .iter()
        .map(|w| (w.path(), w.error().message()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "Graph.Users",
                "invalid type: integer `5`, expected a sequence"
            ),
            ("Graph.Clients", "invalid type: map, expected a sequence"),
        ]
    );
}

#[test]
fn duplicate_envelope_and_graph_fields_point_at_the_key() {
    let body = "{\n  \"OK\": true,\n  \"Data\": {},\n  \"Result\": {\n    \"Message\": {}\n  }\n}";
    let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("Result", 4, 10)
    );
    let body = "{\"Graph\": {\n  \"Users\": [],\n  \"Users\": [\n  ]\n}}";
    let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("Graph.Users", 3, 9)
    );
}

#[test]
fn paths_name_the_innermost_known_value_and_read_one_way() {
    for (body, path) in [
        (r#"{"OK": true "Data": {}}"#, ""),
        (
            r#"{"OK": true, "Graph": {"Users": [] "Tickets": []}}"#,
            "Graph",
        ),
        (
            r#"{"OK": true, "Data": {"Message": {"Id": 1,}}}"#,
            "Data.Message",
        ),
        ("{\"OK\": true, \"x\\ny\": [1,]}", r#"["x\ny"]"#),
        (r#"{"OK": true, "a.b": [1,]}"#, r#"["a.b"]"#),
        (r#"{"OK": true, "": [1,]}"#, r#"[""]"#),
        (
            r#"{"OK": true, "Graph": {"T\"x": 1, "T\"x": 2}}"#,
            r#"Graph["T\"x"]"#,
        ),
    ] {
        let error = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap_err();
        assert_eq!(error.path(), path, "{body}");
        assert!(!error.to_string().contains('\n'), "{error}");
    }
}

#[test]
fn many_warnings_are_located_in_one_scan() {
    // One bad element per line: were each location found by rescanning the body, this
    // would take minutes rather than milliseconds.
    let count = 200_000;
    let body = format!(
        "{{\"OK\": true, \"Graph\": {{\"Users\": [\n{}1\n]}}}}",
        "1,\n".repeat(count - 1)
    );
    let mut limits = iqchannels_proto::codec::Limits::default();
    limits.max_items = count;
    limits.max_warnings = count;
    let decoded = codec::decode_response_with::<CreateMessage>(body.as_bytes(), &limits).unwrap();
    assert_eq!((decoded.warnings.len(), decoded.more_warnings), (count, 0));
    let last = decoded.warnings.last().unwrap().error();
    assert_eq!((last.line(), last.column()), (count + 1, 1));
}

#[test]
fn an_other_collection_named_like_a_typed_one_is_an_encoding_error_not_a_duplicate_key() {
    let mut graph = Graph::default();
    graph
        .users
        .push(User::new(iqchannels_proto::UserId::new(1)));
    graph.other.insert(
        "Users".to_owned(),
        iqchannels_proto::RawJson::from_string("[]".to_owned()).unwrap(),
    );
    let error = codec::encode_response::<CreateMessage>(&Response::success(
        CreateMessageData::default(),
        graph,
    ))
    .unwrap_err();
    assert!(
        error.to_string().contains("Graph.other has \"Users\""),
        "{error}"
    );
}

#[test]
fn limits_are_typed_errors_with_a_path() {
    use iqchannels_proto::codec::Limits;

    let mut limits = Limits::default();
    limits.max_items = 3;
    limits.max_depth = 4;
    let check = |body: &str, limits: &Limits| {
        codec::decode_response_with::<CreateMessage>(body.as_bytes(), limits)
    };
    assert!(check(
        r#"{"OK": true, "Graph": {"Users": [{"Id": 1}, {"Id": 2}, {"Id": 3}]}}"#,
        &limits
    )
    .is_ok());
    let error = check(
        r#"{"OK": true, "Graph": {"Users": [{"Id": 1}, {"Id": 2}, {"Id": 3}, {"Id": 4}]}}"#,
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        (error.kind(), error.path(), error.column()),
        (DecodeErrorKind::Limit, "Graph.Users", 65)
    );
    assert_eq!(error.message(), "more items than the limit of 3");
    // Members of objects count as items too, in content the crate ignores as well.
    let error = check(
        r#"{"OK": true, "X": {"a": 1, "b": 2, "c": 3, "d": 4}}"#,
        &limits,
    )
    .unwrap_err();
    assert_eq!((error.kind(), error.path()), (DecodeErrorKind::Limit, "X"));
    // Commas and brackets inside strings are not structure.
    assert!(check(
        r#"{"OK": true, "X": "[[[[[,,,,,]]]]]", "Y": ["a,b,c,d,e"]}"#,
        &limits
    )
    .is_ok());
    let error = check(
        r#"{"OK": true, "Data": {"Message": {"X": [[1]]}}}"#,
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Limit, "Data.Message.X")
    );
    // An error before the limit is the first error in the body, and the one reported.
    let error = check(
        r#"{"OK": true, "Data": {"Message": {"Text": [[1]]}}}"#,
        &limits,
    )
    .unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Data, "Data.Message.Text")
    );

    limits.max_body_bytes = 10;
    let error = check(r#"{"OK": true}"#, &limits).unwrap_err();
    assert_eq!(
        (error.kind(), error.path(), error.line(), error.column()),
        (DecodeErrorKind::Limit, "", 1, 1)
    );
    assert_eq!(
        error.message(),
        "the body has 12 bytes, over the limit of 10"
    );
}

#[test]
fn the_default_limits_are_documented_values() {
    let limits = iqchannels_proto::codec::Limits::default();
    assert_eq!(
        (limits.max_body_bytes, limits.max_items, limits.max_depth),
        (32 << 20, 100_000, 64)
    );
}

#[test]
fn warnings_beyond_the_limit_are_counted_not_kept() {
    let body = format!(
        r#"{{"OK": true, "Graph": {{"Users": [{}1]}}}}"#,
        "1,".repeat(149)
    );
    let decoded = decode(&body);
    assert_eq!((decoded.warnings.len(), decoded.more_warnings), (100, 50));
    assert_eq!(decoded.warnings[99].path(), "Graph.Users[99]");
}

#[test]
fn the_first_fault_is_reported_whether_a_limit_or_invalid_utf8() {
    use iqchannels_proto::codec::Limits;

    let limits = {
        let mut limits = Limits::default();
        limits.max_depth = 3;
        limits
    };
    let decode =
        |body: &[u8]| codec::decode_response_with::<CreateMessage>(body, &limits).unwrap_err();
    let error = decode(b"{\"OK\": true,\n \"X\": \"\xff\",\n \"Y\": [[[1]]]}");
    assert_eq!(
        (error.kind(), error.path(), error.line(), error.column()),
        (DecodeErrorKind::Encoding, "X", 2, 8)
    );
    let error = decode(b"{\"OK\": true,\n \"Y\": [[[1]]],\n \"X\": \"\xff\"}");
    assert_eq!(
        (error.kind(), error.path(), error.line(), error.column()),
        (DecodeErrorKind::Limit, "Y[0]", 2, 9)
    );
}

#[test]
fn a_limit_error_goes_into_content_kept_raw() {
    use iqchannels_proto::codec::Limits;

    let mut limits = Limits::default();
    limits.max_depth = 4;
    let body = br#"{"OK":true,"Graph":{"Users":[{"Id":1},{"Id":2,"X":[[1]]}],"Tickets":[]}}"#;
    let error = codec::decode_response_with::<CreateMessage>(body, &limits).unwrap_err();
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Limit, "Graph.Users[1].X")
    );
}

/// Keys the envelope does not model (a newer server's trace id, a field of its own) are
/// kept in their order, with their raw JSON, and written back after the envelope's fields,
/// in either spelling; strict `Deserialize` keeps them too.
#[test]
fn unknown_envelope_keys_are_kept_and_written_back() {
    let body = r#"{"TraceId": "a1", "OK": true, "Data": null, "Extra": {"Nested": [1, 2.50]}}"#;
    let decoded = decode(body);
    let keys: Vec<(&str, &str)> = decoded
        .value
        .unknown
        .iter()
        .map(|(key, raw)| (key, raw.get()))
        .collect();
    assert_eq!(
        keys,
        [
            ("TraceId", r#""a1""#),
            ("Extra", r#"{"Nested": [1, 2.50]}"#)
        ]
    );
    let written = codec::encode_response::<CreateMessage>(&decoded.value).unwrap();
    assert_eq!(
        std::str::from_utf8(&written).unwrap(),
        r#"{"OK":true,"Error":null,"Ping":false,"Data":null,"TraceId":"a1","Extra":{"Nested": [1, 2.50]}}"#
    );
    let strict: Response<CreateMessageData> = serde_json::from_str(body).unwrap();
    assert_eq!(strict.unknown, decoded.value.unknown);
    // A key that names a field, in the other spelling, is not written twice.
    let mut response = decoded.value;
    response.unknown.push(
        "Result".into(),
        iqchannels_proto::RawJson::from_string("1".to_owned()).unwrap(),
    );
    let written = codec::encode_response::<CreateMessage>(&response).unwrap();
    assert!(!std::str::from_utf8(&written)
        .unwrap()
        .contains("\"Result\""));
}
