//! The crate inside a JavaScript engine: `.ci/run` runs this file with
//! `wasm-bindgen-test-runner` under node and in headless Chromium.
//!
//! The tests of `codec` run natively too. The tests of the JavaScript API need an engine,
//! so they exist on `wasm32` with the `wasm` feature only.
//! (`#[test]` alone is silently skipped on `wasm32`: each test says both.)

use iqchannels_proto::api::tickets::CreateMessage;
use iqchannels_proto::{codec, MessageId, UserId};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const RESPONSE: &str = include_str!("fixtures/create_message.response.json");

/// 2^53 + 1: the first integer a JavaScript number cannot hold.
const BIG_ID: i64 = 9_007_199_254_740_993;

fn with_big_id(body: &str) -> String {
    body.replacen("\"Id\": 1632", &format!("\"Id\": {BIG_ID}"), 1)
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn the_documented_response_decodes() {
    let decoded = codec::decode_response::<CreateMessage>(RESPONSE.as_bytes()).unwrap();
    let message = decoded.value.data.unwrap().message;
    assert_eq!(message.id, MessageId::new(1632));
    assert_eq!(message.user_id, Some(UserId::new(1)));
    assert!(decoded.warnings.is_empty());
}

#[cfg_attr(not(target_arch = "wasm32"), test)]
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
fn ids_above_2_pow_53_are_exact() {
    let body = with_big_id(RESPONSE);
    let decoded = codec::decode_response::<CreateMessage>(body.as_bytes()).unwrap();
    assert_eq!(decoded.value.data.unwrap().message.id.get(), BIG_ID);
}

#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
mod js {
    use iqchannels_proto::wasm;
    use js_sys::{BigInt, Object, Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{with_big_id, BIG_ID, RESPONSE};

    const PATH: &str = "/api/tickets/create_message";
    const REQUEST: &str = include_str!("fixtures/create_message.request.json");

    /// The value at a dotted path (`response.Data.Message.Id`; `Users.0` for an index),
    /// each step an own property.
    fn get(value: &JsValue, path: &str) -> JsValue {
        path.split('.').fold(value.clone(), |value, key| {
            let key = JsValue::from_str(key);
            let own = value
                .dyn_ref::<Object>()
                .is_some_and(|object| Object::has_own(object, &key));
            assert!(
                own || key == "length" || key == "message" || key == "name",
                "no {key:?} in {path}"
            );
            Reflect::get(&value, &key).unwrap()
        })
    }

    fn path() -> JsValue {
        JsValue::from_str(PATH)
    }

    fn text(value: &JsValue, path: &str) -> String {
        get(value, path)
            .as_string()
            .unwrap_or_else(|| panic!("{path} is not a string"))
    }

    fn int64(value: &JsValue, path: &str) -> i64 {
        let value = get(value, path);
        assert!(value.is_bigint(), "{path} is not a BigInt: {value:?}");
        i64::try_from(value).unwrap()
    }

    fn decode(body: &str) -> JsValue {
        wasm::decode_response(&path(), &JsValue::from_str(body)).unwrap()
    }

    fn thrown(result: Result<JsValue, JsValue>) -> JsValue {
        let error = result.expect_err("should throw");
        assert!(error.is_instance_of::<js_sys::Error>(), "{error:?}");
        assert_eq!(text(&error, "name"), "ProtocolError");
        error
    }

    /// A response of the chat API, whose official clients read `Result`/`Rels`, is spelled
    /// so in JavaScript, whichever spelling it came in.
    #[cfg(feature = "chat")]
    #[wasm_bindgen_test]
    fn a_chat_api_response_is_spelled_result_and_rels() {
        for body in [
            r#"{"OK": true, "Result": {"Id": 10}, "Rels": {"Chats": [{"Id": 10}]}}"#,
            r#"{"OK": true, "Data": {"Id": 10}, "Graph": {"Chats": [{"Id": 10}]}}"#,
        ] {
            let decoded =
                wasm::decode_response(&"/api/v1/chats/get/10".into(), &body.into()).unwrap();
            assert_eq!(int64(&decoded, "response.Result.Id"), 10);
            assert_eq!(int64(&decoded, "response.Rels.Chats.0.Id"), 10);
            let response = get(&decoded, "response");
            assert!(!Reflect::has(&response, &"Data".into()).unwrap());
            assert!(!Reflect::has(&response, &"Graph".into()).unwrap());
        }
    }

    #[wasm_bindgen_test]
    fn decodes_the_documented_response_into_plain_objects() {
        let decoded = decode(RESPONSE);
        assert_eq!(get(&decoded, "response.OK"), JsValue::TRUE);
        assert_eq!(get(&decoded, "response.Error"), JsValue::NULL);
        assert_eq!(int64(&decoded, "response.Data.Message.Id"), 1632);
        assert_eq!(
            int64(&decoded, "response.Data.Message.CreatedAt"),
            1548142724951
        );
        assert_eq!(
            int64(&decoded, "response.Data.Message.LocalId"),
            1548142724904
        );
        assert_eq!(
            get(&decoded, "response.Data.Message.ClientId"),
            JsValue::NULL
        );
        assert_eq!(text(&decoded, "response.Data.Message.Text"), "Hello");
        assert_eq!(text(&decoded, "response.Data.Message.Author"), "user");
        assert_eq!(
            text(&decoded, "response.Graph.Users.0.Name"),
            "Иван Коробков"
        );
        assert_eq!(
            get(&decoded, "response.Graph.Users.0.Permissions"),
            JsValue::NULL
        );
        assert_eq!(get(&decoded, "warnings.length"), JsValue::from(0));
        assert_eq!(get(&decoded, "moreWarnings"), JsValue::from(0));
        // A plain object, as JSON.parse gives: no class, no `free()`.
        let message = get(&decoded, "response.Data.Message");
        assert_eq!(
            Object::get_prototype_of(&message),
            Object::get_prototype_of(&Object::new())
        );
    }

    #[wasm_bindgen_test]
    fn keeps_an_id_above_2_pow_53_exact_where_json_parse_rounds_it() {
        let body = with_big_id(RESPONSE);
        let decoded = decode(&body);
        let id = get(&decoded, "response.Data.Message.Id");
        assert_eq!(id, JsValue::from(BigInt::from(BIG_ID)));
        assert_eq!(
            BigInt::from(id.clone()).to_string(10).unwrap(),
            "9007199254740993"
        );
        let parsed = js_sys::JSON::parse(&body).unwrap();
        let rounded = get(&parsed, "Data.Message.Id").as_f64().unwrap();
        assert_ne!(rounded as i64, BIG_ID, "JSON.parse was expected to round");
    }

    #[wasm_bindgen_test]
    fn takes_the_body_as_bytes_too() {
        let bytes = Uint8Array::from(RESPONSE.as_bytes());
        let decoded = wasm::decode_response(&path(), &bytes.into()).unwrap();
        assert_eq!(int64(&decoded, "response.Data.Message.Id"), 1632);
    }

    /// Keys the crate does not model are own properties, after the known ones, with
    /// their values as `JSON.parse` would give them (exact ids).
    #[wasm_bindgen_test]
    fn keeps_undocumented_keys_as_own_properties_after_the_known_ones() {
        let body = RESPONSE.replace(
            "\"Permissions\": null",
            "\"Permissions\": null, \"Nickname\": \"ann\", \"Big\": 9007199254740993",
        );
        let decoded = decode(&body);
        assert_eq!(text(&decoded, "response.Graph.Users.0.Nickname"), "ann");
        assert_eq!(int64(&decoded, "response.Graph.Users.0.Big"), BIG_ID);
        let user = get(&decoded, "response.Graph.Users.0");
        let keys: Vec<String> = Object::keys(user.dyn_ref::<Object>().unwrap())
            .iter()
            .map(|key| key.as_string().unwrap())
            .collect();
        assert_eq!(keys[0], "Id");
        assert_eq!(&keys[keys.len() - 2..], ["Nickname", "Big"]);
        // The envelope's own unknown keys too, after its fields.
        let body = format!(
            "{{\"TraceId\": \"a1\", {}",
            RESPONSE.trim_start().trim_start_matches('{')
        );
        let decoded = decode(&body);
        assert_eq!(text(&decoded, "response.TraceId"), "a1");
        let response = get(&decoded, "response");
        let keys: Vec<String> = Object::keys(response.dyn_ref::<Object>().unwrap())
            .iter()
            .map(|key| key.as_string().unwrap())
            .collect();
        assert_eq!(keys, ["OK", "Error", "Ping", "Data", "Graph", "TraceId"]);
    }

    #[wasm_bindgen_test]
    fn keeps_unknown_values_and_raw_json() {
        let body = RESPONSE
            .replace("\"Type\": \"text\"", "\"Type\": \"sticker\"")
            .replace(
                "\"Permissions\": null",
                "\"Permissions\": {\"Chats\": true, \"Big\": 9007199254740993}",
            );
        let decoded = decode(&body);
        assert_eq!(text(&decoded, "response.Data.Message.Type"), "sticker");
        assert_eq!(
            get(&decoded, "response.Graph.Users.0.Permissions.Chats"),
            JsValue::TRUE
        );
        assert_eq!(
            int64(&decoded, "response.Graph.Users.0.Permissions.Big"),
            BIG_ID
        );
    }

    #[wasm_bindgen_test]
    fn makes_every_key_an_own_property_even_proto() {
        let body = r#"{"OK": true, "Data": {"Message": {"Id": 1, "UserId": 2}},
            "Graph": {"__proto__": {"Users": [{"Id": 2, "Email": 123}]},
                      "Stats": {"__proto__": null, "b": 1, "a": 2}}}"#;
        let decoded = decode(body);
        let graph = get(&decoded, "response.Graph");
        // A collection named `__proto__` is a key like any other, not the prototype.
        assert_eq!(
            Object::get_prototype_of(&graph),
            Object::get_prototype_of(&Object::new())
        );
        assert!(!Reflect::has(&graph, &"Users".into()).unwrap());
        assert_eq!(
            int64(&decoded, "response.Graph.__proto__.Users.0.Email"),
            123
        );
        assert_eq!(
            get(&decoded, "response.Graph.Stats.__proto__"),
            JsValue::NULL
        );
        // Keys in their order, as JSON.parse gives them.
        let stats: Object = get(&decoded, "response.Graph.Stats").unchecked_into();
        let keys = Object::keys(&stats);
        let keys: Vec<String> = keys.iter().map(|key| key.as_string().unwrap()).collect();
        assert_eq!(keys, ["__proto__", "b", "a"]);
    }

    #[wasm_bindgen_test]
    fn gives_raw_numbers_beyond_64_bits_as_json_parse_does() {
        let permissions = |json: &str| {
            let body =
                RESPONSE.replace("\"Permissions\": null", &format!("\"Permissions\": {json}"));
            get(&decode(&body), "response.Graph.Users.0.Permissions")
        };
        // A number beyond f64 makes the whole value what JSON.parse gives.
        let huge = permissions(r#"{"Huge": 1e400, "Big": 9007199254740993}"#);
        assert_eq!(get(&huge, "Huge").as_f64(), Some(f64::INFINITY));
        assert_eq!(get(&huge, "Big").as_f64(), Some(9007199254740992.0));
        // Otherwise integers that fit 64 bits are BigInts, others numbers.
        let exact = permissions(r#"{"Beyond": 18446744073709551617, "Max": 18446744073709551615}"#);
        assert_eq!(
            get(&exact, "Beyond").as_f64(),
            Some(18446744073709551617_f64)
        );
        assert_eq!(u64::try_from(get(&exact, "Max")).unwrap(), u64::MAX);
    }

    #[wasm_bindgen_test]
    fn refuses_arguments_of_the_wrong_type_with_a_protocol_error() {
        let body = JsValue::from_str(RESPONSE);
        for path in [JsValue::from(5), JsValue::NULL, JsValue::UNDEFINED] {
            let error = thrown(wasm::decode_response(&path, &body));
            assert_eq!(text(&error, "code"), "invalid");
            assert_eq!(text(&error, "message"), "the path is not a string");
            thrown(wasm::resolve_response(&path, &body));
            thrown(wasm::encode_request(&path, Object::new().into()));
        }
        let error = wasm::credentials_header(
            &"service_account".into(),
            &JsValue::from(12345),
            &JsValue::UNDEFINED,
        )
        .expect_err("a token is a string");
        assert_eq!(text(&error, "message"), "the token is not a string");
        let error = wasm::credentials_header(&JsValue::NULL, &"abc".into(), &JsValue::UNDEFINED)
            .expect_err("a kind is a string");
        assert_eq!(text(&error, "code"), "invalid");
    }

    #[wasm_bindgen_test]
    fn reports_a_malformed_graph_element_as_a_warning() {
        let body = RESPONSE.replace("\"Users\": [", "\"Users\": [{\"Id\": \"one\"}, ");
        let decoded = decode(&body);
        assert_eq!(get(&decoded, "warnings.length"), JsValue::from(1));
        assert_eq!(text(&decoded, "warnings.0.path"), "Graph.Users[0]");
        assert!(get(&decoded, "warnings.0.line").as_f64().unwrap() > 1.0);
        assert_eq!(
            get(&decoded, "response.Graph.Users.length"),
            JsValue::from(1)
        );
    }

    /// A graph element is written as it is checked: one refused late (after an undocumented
    /// key, a nested value and fields of a new shape) leaves nothing of itself in the
    /// values around it, decoded or resolved.
    #[wasm_bindgen_test]
    fn a_graph_element_refused_late_leaves_nothing_behind() {
        let bad = r#"{"Id": 1, "Extra": {"a": [1, {"b": 2}]}, "Name": "Bad", "Online": "yes"}, "#;
        let body = RESPONSE.replace("\"Users\": [", &format!("\"Users\": [{bad}"));
        let decoded = decode(&body);
        assert_eq!(get(&decoded, "warnings.length"), JsValue::from(1));
        assert_eq!(text(&decoded, "warnings.0.path"), "Graph.Users[0]");
        assert_eq!(
            get(&decoded, "response.Graph.Users.length"),
            JsValue::from(1)
        );
        assert_eq!(
            text(&decoded, "response.Graph.Users.0.Name"),
            "Иван Коробков"
        );
        assert_eq!(int64(&decoded, "response.Data.Message.Id"), 1632);
        let resolved = wasm::resolve_response(&path(), &JsValue::from_str(&body)).unwrap();
        assert_eq!(
            text(&resolved, "messages.0.author.user.Email"),
            "i.korobkov@iqstore.ru"
        );
        assert_eq!(get(&resolved, "warnings.length"), JsValue::from(1));
    }

    #[wasm_bindgen_test]
    fn throws_a_protocol_error_with_code_path_line_and_column() {
        let body = RESPONSE.replace("\"Text\": \"Hello\"", "\"Text\": 5");
        let error = thrown(wasm::decode_response(&path(), &JsValue::from_str(&body)));
        assert_eq!(text(&error, "code"), "invalid");
        assert_eq!(text(&error, "kind"), "data");
        assert_eq!(text(&error, "path"), "Data.Message.Text");
        assert_eq!(get(&error, "line"), JsValue::from(15));
        assert_eq!(get(&error, "column"), JsValue::from(15));
        assert!(text(&error, "message").starts_with("Data.Message.Text: invalid type"));

        let error = thrown(wasm::decode_response(
            &path(),
            &JsValue::from_str("{\"OK\": tru}"),
        ));
        assert_eq!(text(&error, "code"), "invalid");
        assert_eq!(text(&error, "kind"), "syntax");

        let error = thrown(wasm::decode_response(
            &"/api/nope".into(),
            &JsValue::from_str("{}"),
        ));
        assert_eq!(text(&error, "code"), "not_found");
        assert_eq!(get(&error, "path"), JsValue::NULL);

        let error = thrown(wasm::decode_response(&path(), &JsValue::from(5)));
        assert_eq!(text(&error, "code"), "invalid");
    }

    #[wasm_bindgen_test]
    fn resolves_authors_into_shared_objects_and_lists_dangling_references() {
        let resolved = wasm::resolve_response(&path(), &JsValue::from_str(RESPONSE)).unwrap();
        assert_eq!(get(&resolved, "messages.length"), JsValue::from(1));
        assert_eq!(int64(&resolved, "messages.0.message.Id"), 1632);
        assert_eq!(text(&resolved, "messages.0.author.kind"), "user");
        assert_eq!(
            text(&resolved, "messages.0.author.user.Email"),
            "i.korobkov@iqstore.ru"
        );
        assert_eq!(get(&resolved, "messages.0.avatar"), JsValue::NULL);
        // The documented graph has no `Files`: the user's avatar dangles.
        assert_eq!(get(&resolved, "dangling.length"), JsValue::from(1));
        assert_eq!(
            text(&resolved, "dangling.0.path"),
            "Graph.Users[0].AvatarId"
        );
        assert_eq!(text(&resolved, "dangling.0.reference.kind"), "file");
        assert_eq!(
            text(&resolved, "dangling.0.reference.id"),
            "baac46c4-c475-11e7-999e-fb4e907475d9.jpg"
        );
    }

    #[wasm_bindgen_test]
    fn names_an_author_the_graph_lacks() {
        let missing = RESPONSE.replace("\"UserId\": 1,", "\"UserId\": 7,");
        let resolved = wasm::resolve_response(&path(), &JsValue::from_str(&missing)).unwrap();
        assert_eq!(text(&resolved, "messages.0.author.kind"), "missing");
        assert_eq!(text(&resolved, "messages.0.author.reference.kind"), "user");
        assert_eq!(int64(&resolved, "messages.0.author.reference.id"), 7);
        assert_eq!(text(&resolved, "dangling.0.path"), "Data.Message.UserId");
    }

    #[wasm_bindgen_test]
    fn throws_the_servers_error_from_resolve() {
        let body = r#"{"OK": false, "Error": {"Code": "forbidden", "Text": "No access"}}"#;
        let error = thrown(wasm::resolve_response(&path(), &JsValue::from_str(body)));
        assert_eq!(text(&error, "code"), "forbidden");
        assert_eq!(text(&error, "message"), "No access");
        // decodeResponse gives the envelope as it is.
        let decoded = decode(body);
        assert_eq!(text(&decoded, "response.Error.Code"), "forbidden");
    }

    fn request(ticket: JsValue, local: JsValue, text: JsValue) -> JsValue {
        let message = Object::new();
        Reflect::set(&message, &"LocalId".into(), &local).unwrap();
        Reflect::set(&message, &"Type".into(), &"text".into()).unwrap();
        Reflect::set(&message, &"Text".into(), &text).unwrap();
        let request = Object::new();
        Reflect::set(&request, &"TicketId".into(), &ticket).unwrap();
        Reflect::set(&request, &"Message".into(), &message).unwrap();
        request.into()
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[wasm_bindgen_test]
    fn encodes_the_documented_request_from_numbers_or_bigints() {
        for (ticket, local) in [
            (JsValue::from(103), JsValue::from(1548142724904_f64)),
            (
                JsValue::from(BigInt::from(103)),
                JsValue::from(BigInt::from(1548142724904_i64)),
            ),
        ] {
            let encoded =
                wasm::encode_request(&path(), request(ticket, local, "Hello".into())).unwrap();
            assert_eq!(text(&encoded, "verb"), "POST");
            assert_eq!(text(&encoded, "target"), PATH);
            assert_eq!(text(&encoded, "headers.0.0"), "Content-Type");
            assert_eq!(text(&encoded, "headers.0.1"), "application/json");
            assert_eq!(json(&text(&encoded, "body")), json(REQUEST));
        }
        let big = request(
            JsValue::from(BigInt::from(BIG_ID)),
            JsValue::from(1),
            "Hello".into(),
        );
        let encoded = wasm::encode_request(&path(), big).unwrap();
        assert!(text(&encoded, "body").contains("\"TicketId\":9007199254740993"));
    }

    #[wasm_bindgen_test]
    fn refuses_a_request_of_the_wrong_shape_with_its_path() {
        let error = thrown(wasm::encode_request(
            &path(),
            request(JsValue::from(103), JsValue::from(1), JsValue::NULL),
        ));
        assert_eq!(text(&error, "code"), "invalid");
        assert_eq!(text(&error, "path"), "Message.Text");

        // 2^53 + 2 as a number is not a safe integer: refused, never rounded.
        let unsafe_number = JsValue::from(9007199254740994_f64);
        let error = thrown(wasm::encode_request(
            &path(),
            request(unsafe_number, JsValue::from(1), "Hi".into()),
        ));
        assert_eq!(text(&error, "path"), "TicketId");

        let error = thrown(wasm::encode_request(
            &"/api/nope".into(),
            Object::new().into(),
        ));
        assert_eq!(text(&error, "code"), "not_found");

        // The whole request of the wrong type: the path is empty, the message plain.
        let error = thrown(wasm::encode_request(&path(), JsValue::NULL));
        assert_eq!(text(&error, "path"), "");
        assert_eq!(text(&error, "kind"), "data");
        assert!(!text(&error, "message").starts_with(':'), "{error:?}");
        let error = thrown(wasm::encode_request(&path(), js_sys::Array::new().into()));
        assert_eq!(text(&error, "path"), "");
    }

    #[wasm_bindgen_test]
    fn renders_credentials_without_leaking_a_bad_token() {
        let header = wasm::credentials_header(
            &"service_account".into(),
            &"3dd194ed5b5f6302".into(),
            &JsValue::UNDEFINED,
        )
        .unwrap();
        assert_eq!(text(&header, "name"), "Authorization");
        assert_eq!(text(&header, "value"), "Bearer 3dd194ed5b5f6302");
        let header = wasm::credentials_header(
            &"user_session".into(),
            &"abc.def".into(),
            &JsValue::UNDEFINED,
        )
        .unwrap();
        assert_eq!(text(&header, "name"), "Cookie");
        assert_eq!(text(&header, "value"), "user-session=abc.def");
        let header =
            wasm::credentials_header(&"client".into(), &"tok14".into(), &JsValue::UNDEFINED)
                .unwrap();
        assert_eq!(text(&header, "name"), "Authorization");
        assert_eq!(text(&header, "value"), "Client tok14");

        let error = wasm::credentials_header(
            &"service_account".into(),
            &"secret token".into(),
            &JsValue::UNDEFINED,
        )
        .expect_err("a space cannot stand in a bearer token");
        assert_eq!(text(&error, "code"), "invalid");
        assert!(!text(&error, "message").contains("secret"));
        let error = wasm::credentials_header(&"password".into(), &"x".into(), &JsValue::UNDEFINED)
            .expect_err("unknown kind");
        assert_eq!(text(&error, "code"), "invalid");
    }

    #[wasm_bindgen_test]
    fn gives_a_number_for_a_timestamp_with_number() {
        let decoded = decode(RESPONSE);
        let at = get(&decoded, "response.Data.Message.CreatedAt");
        // JavaScript's own `Number(at)`.
        let number: js_sys::Function = get(&js_sys::global(), "Number").unchecked_into();
        let millis = number.call1(&JsValue::UNDEFINED, &at).unwrap();
        assert_eq!(millis.as_f64(), Some(1548142724951.0));
    }

    #[cfg(feature = "chat")]
    #[wasm_bindgen_test]
    fn reads_a_stream_cut_anywhere_into_frames() {
        use iqchannels_proto::wasm::stream::{stream_path, StreamDecoder};

        let mut decoder = StreamDecoder::new();
        let stream = format!(
            "data: {{\"OK\": true, \"Result\": [{{\"Id\": {BIG_ID}, \"Type\": \"message_created\", \"ChatId\": 10}}]}}\r\n\r\n: keep-alive\ndata: {{\"OK\": tru\n\ndata: {{\"OK\": true, \"Ping\": true}}\n\n"
        );
        // Bytes cut inside a line ending, then a string.
        let (first, rest) = stream.split_at(stream.find('\r').unwrap() + 1);
        decoder
            .push(&Uint8Array::from(first.as_bytes()).into())
            .unwrap();
        decoder.push(&rest.into()).unwrap();
        let events = decoder.next_frame().unwrap();
        assert_eq!(text(&events, "type"), "events");
        let id = get(&events, "events.0.Id");
        assert_eq!(BigInt::from(BIG_ID), id.dyn_into::<BigInt>().unwrap());
        assert_eq!(text(&get(&events, "events.0"), "Type"), "message_created");
        let malformed = decoder.next_frame().unwrap();
        assert_eq!(text(&malformed, "type"), "malformed");
        assert_eq!(text(&get(&malformed, "error"), "code"), "invalid");
        assert_eq!(text(&decoder.next_frame().unwrap(), "type"), "ping");
        assert!(decoder.next_frame().unwrap().is_undefined());
        assert_eq!(decoder.last_event_id(), Some(BIG_ID));
        // A WebSocket message is one envelope.
        decoder
            .push_message(
                &"{\"OK\": false, \"Error\": {\"Code\": \"forbidden\", \"Text\": \"no\"}}".into(),
            )
            .unwrap();
        let error = decoder.next_frame().unwrap();
        assert_eq!(text(&error, "type"), "error");
        assert_eq!(text(&get(&error, "error"), "Code"), "forbidden");
        assert!(decoder.push(&JsValue::from(5)).is_err());

        let path = stream_path(
            &"ws".into(),
            &"chat".into(),
            &BigInt::from(10).into(),
            &JsValue::from(100),
        )
        .unwrap();
        assert_eq!(path, "/api/v1/ws/chats/events/listen_to_chat/10?FromId=100");
        let path = stream_path(
            &"sse".into(),
            &"user".into(),
            &JsValue::from(5),
            &JsValue::UNDEFINED,
        )
        .unwrap();
        assert_eq!(path, "/api/v1/sse/chats/events/listen_to_user/5");
        assert!(stream_path(
            &"sse".into(),
            &"user".into(),
            &JsValue::from(0.5),
            &JsValue::NULL
        )
        .is_err());
    }

    #[cfg(feature = "chat")]
    #[wasm_bindgen_test]
    fn encodes_a_request_whose_path_carries_an_id() {
        let request = Object::new();
        Reflect::set(&request, &"UserId".into(), &BigInt::from(5).into()).unwrap();
        let encoded =
            wasm::encode_request(&"/api/v1/chats/invite/10".into(), request.into()).unwrap();
        assert_eq!(text(&encoded, "target"), "/api/v1/chats/invite/10");
        assert_eq!(text(&encoded, "body"), r#"{"UserId":5}"#);
        // The id in the path is read as the method's parameter: one that is not an id is
        // an error naming it.
        let request = Object::new();
        Reflect::set(&request, &"UserId".into(), &BigInt::from(5).into()).unwrap();
        let error = thrown(wasm::encode_request(
            &"/api/v1/chats/invite/ten".into(),
            request.into(),
        ));
        assert_eq!(text(&error, "code"), "invalid");
        assert_eq!(text(&error, "path"), ":chatId");
    }
}

/// The public API's functions (the widget's package): a history page resolved, the
/// stream's token and paths, an events frame with its messages, an upload's fields and the
/// files' paths.
#[cfg(all(target_arch = "wasm32", feature = "wasm", feature = "public"))]
mod public_js {
    use iqchannels_proto::wasm::{self, public, stream::StreamDecoder};
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    const HISTORY: &str = include_str!("fixtures/public/11-channel_messages.json");
    const EVENTS: &str = include_str!("fixtures/public/22-sse_events.json");
    const UNREAD: &str = include_str!("fixtures/public/23-sse_unread.json");

    /// The fixture's `key` as JSON text.
    fn part(fixture: &str, key: &str) -> String {
        let value: serde_json::Value = serde_json::from_str(fixture).unwrap();
        match &value[key] {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }

    fn get(value: &JsValue, path: &str) -> JsValue {
        path.split('.').fold(value.clone(), |value, key| {
            Reflect::get(&value, &JsValue::from_str(key)).unwrap()
        })
    }

    fn text(value: &JsValue, path: &str) -> String {
        get(value, path)
            .as_string()
            .unwrap_or_else(|| panic!("{path} is not a string: {value:?}"))
    }

    fn int64(value: &JsValue, path: &str) -> i64 {
        let value = get(value, path);
        assert!(value.is_bigint(), "{path} is not a BigInt: {value:?}");
        i64::try_from(value).unwrap()
    }

    #[wasm_bindgen_test]
    fn a_history_page_resolves_its_authors() {
        let target = part(HISTORY, "target");
        let body = part(HISTORY, "response");
        let resolved =
            wasm::resolve_response(&target.clone().into(), &body.clone().into()).unwrap();
        let messages: Array = get(&resolved, "chatMessages").unchecked_into();
        assert!(messages.length() >= 2);
        assert_eq!(int64(&resolved, "chatMessages.0.message.Id"), 500);
        assert_eq!(text(&resolved, "chatMessages.0.author.kind"), "client");
        assert_eq!(int64(&resolved, "chatMessages.0.author.client.Id"), 77);
        assert_eq!(text(&resolved, "chatMessages.1.author.kind"), "user");
        assert_eq!(int64(&resolved, "chatMessages.1.author.user.Id"), 5);
        assert_eq!(
            get(&resolved, "messages")
                .unchecked_into::<Array>()
                .length(),
            0
        );
        // The same user is one object however many messages point at it.
        let users: Vec<JsValue> = (0..messages.length())
            .filter(|i| text(&resolved, &format!("chatMessages.{i}.author.kind")) == "user")
            .map(|i| get(&resolved, &format!("chatMessages.{i}.author.user")))
            .collect();
        assert!(users
            .windows(2)
            .all(|pair| Object::is(&pair[0], &pair[1])
                || int64(&pair[0], "Id") != int64(&pair[1], "Id")));
        // The envelope, as the public API spells it.
        let decoded = wasm::decode_response(&target.into(), &body.into()).unwrap();
        assert_eq!(int64(&decoded, "response.Result.0.Id"), 500);
        assert!(get(&decoded, "response.Rels").is_object());
        assert!(!Reflect::has(&get(&decoded, "response"), &"Data".into()).unwrap());
    }

    /// Messages are found through the data's declaration, whatever the method: the chat
    /// API's page of messages, and the chat messages inside the events of a stream's
    /// frame, resolve as the public API's history does.
    #[wasm_bindgen_test]
    fn every_method_resolves_the_messages_its_data_carries() {
        let page = r#"{"OK": true, "Result": [
            {"Id": 900, "ChatId": 10, "Author": "user", "UserId": 5, "Payload": "text", "Text": "hi"}
        ], "Rels": {"Users": [{"Id": 5, "Name": "Operator"}]}}"#;
        let resolved = wasm::resolve_response(
            &"/api/v1/chats/messages/query_by_chat/10".into(),
            &page.into(),
        )
        .unwrap();
        assert_eq!(int64(&resolved, "chatMessages.0.message.Id"), 900);
        assert_eq!(text(&resolved, "chatMessages.0.author.kind"), "user");
        assert_eq!(
            text(&resolved, "chatMessages.0.author.user.Name"),
            "Operator"
        );

        let events = r#"{"OK": true, "Result": [{"Id": 1, "Type": "message_created",
            "Messages": [{"Id": 901, "Author": "client", "ClientId": 77, "Payload": "text"}]}],
            "Rels": {"Clients": [{"Id": 77, "Name": "Client"}]}}"#;
        let resolved = wasm::resolve_response(
            &"/api/v1/sse/chats/events/listen_to_chat/10".into(),
            &events.into(),
        )
        .unwrap();
        assert_eq!(int64(&resolved, "chatMessages.0.message.Id"), 901);
        assert_eq!(int64(&resolved, "chatMessages.0.author.client.Id"), 77);
    }

    #[wasm_bindgen_test]
    fn a_malformed_history_message_is_located() {
        let body = part(HISTORY, "response").replacen("\"Id\":500", "\"Id\":\"x\"", 1);
        let error = wasm::decode_response(&part(HISTORY, "target").into(), &body.into())
            .expect_err("should throw");
        assert_eq!(text(&error, "code"), "invalid");
        assert_eq!(text(&error, "path"), "Result[0].Id");
        assert_eq!(get(&error, "line").as_f64(), Some(1.0));
    }

    /// Errors inside the data name the value at fault, as natively (where a second, tracked
    /// pass names it; in wasm a walk over the text before the fault).
    #[wasm_bindgen_test]
    fn errors_name_the_value_at_fault() {
        let target: JsValue = part(HISTORY, "target").into();
        let body = part(HISTORY, "response");
        for (from, to, path) in [
            (
                "\"Text\":\"Здравствуйте",
                "\"Text\":7,\"X\":\"",
                "Result[0].Text",
            ),
            ("\"ChatId\":10", "\"ChatId\":[1]", "Result[0].ChatId"),
            ("\"Product\":null", "\"Product\":\"x\"", "Result[0].Product"),
            (
                "\"Payload\":\"text\"",
                "\"Payload\":{\"a\":1}",
                "Result[0].Payload",
            ),
        ] {
            // In `Result` (`Rels` may come first: the fixture's keys are sorted).
            let at = body.find("\"Result\":").unwrap();
            let (head, tail) = body.split_at(at);
            assert!(tail.contains(from), "{from}");
            let bad = format!("{head}{}", tail.replacen(from, to, 1));
            let error = wasm::decode_response(&target, &bad.into()).expect_err(to);
            assert_eq!(
                text(&error, "path"),
                path,
                "{to} {:?} {:?}",
                get(&error, "message"),
                get(&error, "column")
            );
            assert_eq!(text(&error, "kind"), "data", "{to}");
        }
        let cut = &body[..body.len() / 2];
        let error = wasm::decode_response(&target, &cut.into()).expect_err("cut");
        assert_eq!(text(&error, "kind"), "eof");
    }

    /// The tape that builds the JavaScript values: text of every width sliced where it
    /// belongs, raw JSON beyond `f64` as `JSON.parse` reads it, the same key in many objects.
    #[wasm_bindgen_test]
    fn values_cross_whole_through_the_tape() {
        let body = r#"{"OK": true, "Result": {"Client": {"Id": 78, "Name": "😀 Иван\n\"x\" €"},
            "Session": {"Id": 4242, "Token": "t"}}, "Rels": {"Odd": {"Big": 1e400}, "Even": {"😀": [1, 2.5, "𝄞"]}}}"#;
        let decoded =
            wasm::decode_response(&"/public/api/v1/clients/signup".into(), &body.into()).unwrap();
        assert_eq!(
            text(&decoded, "response.Result.Client.Name"),
            "😀 Иван\n\"x\" €"
        );
        assert_eq!(int64(&decoded, "response.Result.Session.Id"), 4242);
        assert_eq!(
            get(&decoded, "response.Rels.Odd.Big").as_f64(),
            Some(f64::INFINITY)
        );
        assert_eq!(get(&decoded, "response.Rels.Even.😀.1").as_f64(), Some(2.5));
        assert_eq!(text(&decoded, "response.Rels.Even.😀.2"), "𝄞");
        assert!(get(&decoded, "response.Rels.Even.😀.0").is_bigint());
    }

    #[wasm_bindgen_test]
    fn encodes_the_widgets_requests_by_called_path() {
        let request = js_sys::JSON::parse(&part(HISTORY, "request")).unwrap();
        let encoded = wasm::encode_request(&part(HISTORY, "target").into(), request).unwrap();
        assert_eq!(text(&encoded, "verb"), "POST");
        assert_eq!(
            text(&encoded, "target"),
            "/public/api/v1/chats/channel/messages/support"
        );
        let body: serde_json::Value = serde_json::from_str(&text(&encoded, "body")).unwrap();
        assert_eq!(body["Limit"], 50);
        assert_eq!(body["ChatType"], "regular");

        // A query in the called path sets the method's parameters; one it does not have,
        // or a `:name` left unfilled, is an error at that parameter, not a request that a
        // server would read otherwise.
        let events = "/public/api/v1/sse/chats/channel/events/support";
        let encoded = wasm::encode_request(
            &format!("{events}?ChatType=regular&LastEventId=7").into(),
            Object::new().into(),
        )
        .unwrap();
        assert_eq!(text(&encoded, "verb"), "GET");
        assert_eq!(
            text(&encoded, "target"),
            format!("{events}?ChatType=regular&LastEventId=7")
        );
        for (called, at) in [
            (format!("{events}?ChatType=regular&Foo=1"), "?Foo"),
            (
                "/public/api/v1/sse/chats/channel/events/:channel".to_owned(),
                ":channel",
            ),
        ] {
            let error = wasm::encode_request(&called.into(), Object::new().into()).unwrap_err();
            assert_eq!(text(&error, "code"), "invalid");
            assert_eq!(text(&error, "path"), at);
        }
    }

    /// A field of raw JSON (the widget's `Metadata` on a text message) takes a JavaScript
    /// value, written as the JSON it is.
    #[wasm_bindgen_test]
    fn encodes_raw_json_fields_from_javascript_values() {
        let request = js_sys::JSON::parse(
            r#"{"LocalId": 7, "Payload": "text", "Text": "Hi", "ChatType": "regular", "Metadata": {"a": [1, "b", null], "c": true}}"#,
        )
        .unwrap();
        let encoded =
            wasm::encode_request(&"/public/api/v1/chats/channel/send/support".into(), request)
                .unwrap();
        let body: serde_json::Value = serde_json::from_str(&text(&encoded, "body")).unwrap();
        assert_eq!(
            body["Metadata"],
            serde_json::json!({"a": [1, "b", null], "c": true})
        );
        assert_eq!(body["LocalId"], 7);
    }

    /// The second vector of §2.3, whose base64 ends in `=`: escaped in the path, as the
    /// native `events_path` escapes it.
    #[wasm_bindgen_test]
    fn escapes_the_stream_tokens_padding_as_the_native_path_does() {
        let session = js_sys::JSON::parse(r#"{"Id": 109356, "Token": "tok14"}"#).unwrap();
        let token =
            public::client_stream_token(&session, &JsValue::from_f64(1_700_550_026_870.0)).unwrap();
        assert!(token.ends_with('='));
        let path = public::events_path(
            &"support".into(),
            &"regular".into(),
            &JsValue::NULL,
            &token.clone().into(),
        )
        .unwrap();
        let native = iqchannels_proto::stream::public::events_path(
            "support",
            &iqchannels_proto::ChatType::Regular,
            None,
            Some(&iqchannels_proto::ClientStreamToken::parse(&token).unwrap()),
        );
        assert_eq!(path, native);
        assert!(path.ends_with("%3D"));
    }

    #[wasm_bindgen_test]
    fn signs_the_stream_token_of_the_spec() {
        let session =
            js_sys::JSON::parse(r#"{"Id": 4242, "Token": "example-session-token"}"#).unwrap();
        let token =
            public::client_stream_token(&session, &JsValue::from_f64(1_700_000_000_000.0)).unwrap();
        let path = public::events_path(
            &"support".into(),
            &"regular".into(),
            &JsValue::bigint_from_str("1204"),
            &token.clone().into(),
        )
        .unwrap();
        assert_eq!(path, part(EVENTS, "target"));
        // A BigInt id gives the same token; a session without its token is an error that
        // does not echo anything secret.
        let big = Object::new();
        Reflect::set(&big, &"Id".into(), &JsValue::bigint_from_str("4242")).unwrap();
        Reflect::set(&big, &"Token".into(), &"example-session-token".into()).unwrap();
        assert_eq!(
            public::client_stream_token(&big, &JsValue::from_f64(1_700_000_000_000.0)).unwrap(),
            token
        );
        let error = public::client_stream_token(&Object::new().into(), &JsValue::from_f64(1.0))
            .unwrap_err();
        assert_eq!(text(&error, "code"), "invalid");
        let header = wasm::credentials_header(
            &"client".into(),
            &"tok".into(),
            &"x-client-authorization".into(),
        )
        .unwrap();
        assert_eq!(text(&header, "name"), "X-Client-Authorization");
        assert_eq!(text(&header, "value"), "tok");
    }

    #[wasm_bindgen_test]
    fn an_events_frame_carries_its_messages_resolved() {
        let target = part(EVENTS, "target");
        let mut decoder =
            StreamDecoder::for_path(&target.into(), &JsValue::bigint_from_str("1204")).unwrap();
        decoder
            .push_message(&part(EVENTS, "response").into())
            .unwrap();
        let frame = decoder.next_frame().unwrap();
        assert_eq!(text(&frame, "type"), "events");
        assert_eq!(int64(&frame, "events.0.Id"), 1205);
        assert_eq!(int64(&frame, "messages.0.message.Id"), 510);
        assert_eq!(text(&frame, "messages.0.author.kind"), "user");
        assert!(decoder.next_frame().unwrap().is_undefined());
        assert!(!decoder.has_gap());

        let mut unread =
            StreamDecoder::for_path(&part(UNREAD, "target").into(), &JsValue::UNDEFINED).unwrap();
        unread
            .push(&format!("data: {}\n\n", part(UNREAD, "response")).into())
            .unwrap();
        let frame = unread.next_frame().unwrap();
        assert_eq!(text(&frame, "type"), "unread");
        assert_eq!(get(&frame, "count").as_f64(), Some(3.0));
        let error = StreamDecoder::for_path(&"/public/api/v1/nope".into(), &JsValue::NULL)
            .err()
            .unwrap();
        assert_eq!(text(&error, "code"), "not_found");
    }

    /// Each stream answered with the server's refusal (one envelope, not events) gives its
    /// error as a frame, pushed as bytes cut anywhere or as text; never nothing at all.
    #[wasm_bindgen_test]
    fn every_stream_answered_with_an_envelope_gives_its_error() {
        use js_sys::Uint8Array;

        let refusal = "\u{feff} {\"OK\":false,\"Error\":{\"Code\":\"unauthorized\",\"Text\":\"no session\"}}\n";
        let mut paths = vec![
            "/public/api/v1/sse/chats/channel/events/support?ChatType=regular",
            "/public/api/v1/sse/chats/channel/unread/support",
            "/public/api/v1/sse/chats/channel/unread/multichat",
        ];
        if cfg!(feature = "chat") {
            paths.extend([
                "/api/v1/sse/chats/events/listen_to_chat/10?FromId=3",
                "/api/v1/sse/chats/events/listen_to_channel/2",
                "/api/v1/ws/chats/events/listen_to_user/5",
            ]);
        }
        for path in paths {
            for cut in [0, 4, 20, refusal.len()] {
                let mut decoder = StreamDecoder::for_path(&path.into(), &JsValue::NULL).unwrap();
                let (head, tail) = refusal.as_bytes().split_at(cut);
                decoder.push(&Uint8Array::from(head).into()).unwrap();
                decoder.push(&Uint8Array::from(tail).into()).unwrap();
                decoder.finish();
                let frame = decoder.next_frame().unwrap();
                assert_eq!(text(&frame, "type"), "error", "{path} cut at {cut}");
                assert_eq!(text(&frame, "error.Code"), "unauthorized");
                assert_eq!(text(&frame, "error.Text"), "no session");
                assert!(decoder.next_frame().unwrap().is_undefined());
                assert!(decoder.is_envelope());
            }
            // Cut short: reported when the body ends.
            let mut decoder = StreamDecoder::for_path(&path.into(), &JsValue::NULL).unwrap();
            decoder.push(&"{\"OK\": false, \"Err".into()).unwrap();
            assert!(decoder.next_frame().unwrap().is_undefined());
            decoder.finish();
            let frame = decoder.next_frame().unwrap();
            assert_eq!(text(&frame, "type"), "malformed", "{path}");
            assert_eq!(text(&frame, "error.code"), "invalid");
        }
    }

    #[wasm_bindgen_test]
    fn gives_an_uploads_fields_and_the_files_paths() {
        let form = public::upload_fields(&"image/png".into()).unwrap();
        assert_eq!(text(&form, "path"), "/public/api/v1/files/upload");
        assert_eq!(text(&form, "fileField"), "File");
        assert_eq!(text(&form, "fields.0.0"), "Type");
        assert_eq!(text(&form, "fields.0.1"), "image");
        let audio = public::upload_fields(&"audio/mpeg".into()).unwrap();
        assert_eq!(text(&audio, "fields.0.1"), "audio");
        let id = JsValue::from_str("5722e415.jpg");
        assert_eq!(
            public::file_path(&id, &"t0k".into()).unwrap(),
            "/public/api/v1/files/get/5722e415.jpg?token=t0k"
        );
        assert_eq!(
            public::file_path(&id, &JsValue::NULL).unwrap(),
            "/public/api/v1/files/get/5722e415.jpg"
        );
        assert_eq!(
            public::image_path(&id, &"preview".into()).unwrap(),
            "/public/api/v1/files/image/5722e415.jpg?size=preview"
        );
        assert_eq!(
            public::unread_path(&"multichat".into()).unwrap(),
            "/public/api/v1/sse/chats/channel/unread/multichat"
        );
    }
}

/// What the package gives has exactly the keys its TypeScript type declares (which
/// `examples/typescript.rs` writes from the same schemas), plus the undocumented keys the
/// body carried, for every method's data: a body with every field present, and one with
/// every field absent.
#[cfg(all(target_arch = "wasm32", feature = "wasm"))]
mod declared_keys {
    use std::fmt::Write;

    use iqchannels_proto::api::{self, MethodVisitor};
    use iqchannels_proto::schema::{Kind, Rule, Schema, Wire};
    use iqchannels_proto::{wasm, Method};
    use js_sys::{Array, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The key no schema has, which every object of the body carries.
    const UNDOCUMENTED: &str = "Undocumented";
    /// Below this depth an object is `{}` with its undocumented key (recursive types end).
    const DEPTH: u8 = 4;

    /// A value of `kind`, as JSON: every field of an object present (`full`) or absent.
    fn body(kind: &Kind, full: bool, depth: u8, out: &mut String) {
        match kind {
            Kind::Bool => out.push_str("true"),
            Kind::Int32 => out.push('7'),
            Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => {
                out.push_str("9007199254740993")
            }
            Kind::Number => out.push_str("1.5"),
            Kind::String | Kind::Secret | Kind::Id { text: true, .. } => out.push_str("\"t\""),
            Kind::Enum { values, .. } => {
                let _ = write!(out, "\"{}\"", values.first().copied().unwrap_or("x"));
            }
            Kind::Raw => out.push_str("{\"a\": [1]}"),
            Kind::List(item) => {
                out.push('[');
                body(item, full, depth, out);
                out.push(']');
            }
            Kind::Map(value) => {
                out.push_str("{\"k\": ");
                body(value, full, depth, out);
                out.push('}');
            }
            Kind::Object(schema) => {
                out.push('{');
                if full && depth < DEPTH {
                    for field in schema().fields {
                        let _ = write!(out, "\"{}\": ", field.name);
                        body(&field.kind, full, depth + 1, out);
                        out.push_str(", ");
                    }
                }
                let _ = write!(out, "\"{UNDOCUMENTED}\": 1}}");
            }
            _ => out.push_str("null"),
        }
    }

    fn own_keys(value: &JsValue) -> Vec<String> {
        Object::keys(value.unchecked_ref::<Object>())
            .iter()
            .map(|key| key.as_string().unwrap())
            .collect()
    }

    /// The keys an object of `schema` has when it came `full` (or with no field), in the
    /// order it has them: the body's keys in the body's order (each field, in the schema's
    /// order, then the undocumented key, if the body `carried` the object: a zero value the
    /// crate filled in has none), then each field the crate writes that the body did not
    /// give, in the schema's order.
    fn expected(schema: &Schema, full: bool, carried: bool) -> Vec<String> {
        let given = if full { schema.fields } else { &[] };
        let mut keys: Vec<String> = given.iter().map(|field| field.name.to_owned()).collect();
        if carried {
            keys.push(UNDOCUMENTED.to_owned());
        }
        let zero = schema.fields.iter().filter(|field| {
            !full
                && matches!(
                    field.rule,
                    Rule::Zero | Rule::Nullable | Rule::NumberOrDigits
                )
        });
        keys.extend(zero.map(|field| field.name.to_owned()));
        keys
    }

    /// Checks `value` against `kind`, as the TypeScript declares it. With `full`, the body
    /// carried every object down to `DEPTH`; without, only the outermost one.
    fn check(value: &JsValue, kind: &Kind, full: bool, depth: u8, path: &str) {
        let is = |ok: bool, what: &str| assert!(ok, "{path}: not {what}: {value:?}");
        match kind {
            Kind::Bool => is(value.as_bool().is_some(), "a boolean"),
            Kind::Int32 => is(value.as_f64().is_some(), "a number"),
            Kind::Int64 | Kind::Timestamp | Kind::Id { text: false, .. } => {
                is(value.is_bigint(), "a bigint")
            }
            Kind::Number => is(value.as_f64().is_some() || value.is_bigint(), "a number"),
            Kind::String | Kind::Secret | Kind::Id { text: true, .. } | Kind::Enum { .. } => {
                is(value.is_string(), "a string")
            }
            Kind::List(item) => {
                let array: &Array = value
                    .dyn_ref()
                    .unwrap_or_else(|| panic!("{path}: not an array"));
                // The body's one element, kept (the careful path would leave a bad one out);
                // none where the crate filled in the zero value.
                let carried = full || depth == 0;
                assert_eq!(
                    array.length(),
                    u32::from(carried),
                    "{path}: the array's length"
                );
                for (index, element) in array.iter().enumerate() {
                    check(&element, item, full, depth, &format!("{path}[{index}]"));
                }
            }
            Kind::Map(item) => {
                let carried = full || depth == 0;
                assert_eq!(
                    own_keys(value).len(),
                    usize::from(carried),
                    "{path}: the map's keys"
                );
                for key in own_keys(value) {
                    let element = Reflect::get(value, &key.as_str().into()).unwrap();
                    check(&element, item, full, depth, &format!("{path}.{key}"));
                }
            }
            Kind::Object(schema) => {
                let schema = schema();
                let carried = full || depth == 0;
                let full = full && depth < DEPTH;
                assert_eq!(
                    own_keys(value),
                    expected(schema, full, carried),
                    "{path} ({})",
                    schema.name
                );
                for field in schema.fields {
                    let inner = Reflect::get(value, &field.name.into()).unwrap();
                    if inner.is_null() || inner.is_undefined() {
                        // Written `null` (or absent) only where the rule allows it.
                        assert!(
                            !full || field.rule != Rule::Zero,
                            "{path}.{}: a zero-rule field given a value came back {inner:?}",
                            field.name
                        );
                        continue;
                    }
                    let path = format!("{path}.{}", field.name);
                    check(&inner, &field.kind, full, depth + 1, &path);
                }
            }
            _ => {}
        }
    }

    struct EveryMethod(usize);

    impl MethodVisitor for EveryMethod {
        type Output = ();

        fn visit<M: Method>(&mut self) {
            let metadata = M::METADATA;
            let key = metadata.spelling.data_key();
            let kind = <M::Data as Wire>::KIND;
            for full in [true, false] {
                let mut data = String::new();
                body(&kind, full, 0, &mut data);
                let text = format!("{{\"OK\": true, \"{key}\": {data}}}");
                let decoded = wasm::decode_response(&metadata.path.into(), &text.into())
                    .unwrap_or_else(|error| panic!("{}: {error:?}", metadata.path));
                let warnings = Reflect::get(&decoded, &"warnings".into()).unwrap();
                assert_eq!(
                    Array::from(&warnings).length(),
                    0,
                    "{}: {warnings:?}",
                    metadata.path
                );
                let response = Reflect::get(&decoded, &"response".into()).unwrap();
                let value = Reflect::get(&response, &key.into()).unwrap();
                check(&value, &kind, full, 0, &format!("{} {key}", metadata.path));
            }
            self.0 += 1;
        }
    }

    #[wasm_bindgen_test]
    fn every_methods_data_has_the_keys_its_type_declares_and_the_undocumented_ones() {
        let mut methods = EveryMethod(0);
        api::visit_all(&mut methods);
        assert!(methods.0 > 60, "{} methods", methods.0);
    }
}

#[cfg(all(target_arch = "wasm32", feature = "wasm", feature = "public"))]
#[path = "support/request_variants.rs"]
mod variants;

/// `encodeRequest` reads a JavaScript value as the request interpreter reads the same
/// value in JSON (`codec::interpret`, which `tests/interpret.rs` holds to the typed path
/// natively): the widget's fixtures' requests, each made wrong in every way, give the same
/// request or fail at the same path from either.
#[cfg(all(target_arch = "wasm32", feature = "wasm", feature = "public"))]
mod request_interpreter {
    use super::variants;
    use iqchannels_proto::api::{self, MethodVisitor};
    use iqchannels_proto::codec::interpret::{self, SourceError};
    use iqchannels_proto::codec::EncodedRequest;
    use iqchannels_proto::schema::Wire;
    use iqchannels_proto::Method;
    use js_sys::{Array, BigInt, Object};
    use serde_json::Value;
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::wasm_bindgen_test;

    const FIXTURES: &[&str] = &[
        include_str!("fixtures/public/01-integration_auth.json"),
        include_str!("fixtures/public/04-anonymous_signup.json"),
        include_str!("fixtures/public/08-get_last_messages.json"),
        include_str!("fixtures/public/11-channel_messages.json"),
        include_str!("fixtures/public/12-send.json"),
        include_str!("fixtures/public/14-received.json"),
        include_str!("fixtures/public/16-listen.json"),
        include_str!("fixtures/public/31-ratings_rate.json"),
        include_str!("fixtures/public/33-ratings_send_poll.json"),
        include_str!("fixtures/public/45-info_requests_respond.json"),
        include_str!("fixtures/public/50-log_message.json"),
    ];

    /// A JSON value as the JavaScript value a frontend would give: integers beyond the
    /// safe ones as `BigInt`s, objects with own properties in order.
    fn js(value: &Value) -> JsValue {
        match value {
            Value::Null => JsValue::NULL,
            Value::Bool(value) => (*value).into(),
            Value::Number(number) => match (number.as_i64(), number.as_u64()) {
                (Some(int), _) if int.unsigned_abs() < 1 << 53 => (int as f64).into(),
                (Some(int), _) => BigInt::from(int).into(),
                (None, Some(int)) => BigInt::from(int).into(),
                (None, None) => number.as_f64().unwrap().into(),
            },
            Value::String(text) => text.into(),
            Value::Array(items) => items.iter().map(js).collect::<Array>().into(),
            Value::Object(map) => {
                let entries: Array = map
                    .iter()
                    .map(|(key, value)| Array::of2(&key.into(), &js(value)))
                    .collect();
                Object::from_entries(&entries).unwrap().into()
            }
        }
    }

    /// Whether the value holds a float that is an integer (`1.0`), which JavaScript has no
    /// way to tell from the integer.
    fn integral_float(value: &Value) -> bool {
        match value {
            Value::Number(number) => number.is_f64() && number.as_f64().unwrap().fract() == 0.0,
            Value::Array(items) => items.iter().any(integral_float),
            Value::Object(map) => map.values().any(integral_float),
            _ => false,
        }
    }

    struct Both<'a> {
        called: &'a str,
        request: &'a Value,
    }

    type Outcome = Result<EncodedRequest, SourceError>;

    impl MethodVisitor for Both<'_> {
        type Output = (Outcome, Outcome);

        fn visit<M: Method>(&mut self) -> (Outcome, Outcome) {
            let (metadata, kind) = (&M::METADATA, &<M as Wire>::KIND);
            (
                interpret::encode_request(metadata, kind, self.called, &js(self.request)),
                interpret::encode_request(metadata, kind, self.called, self.request),
            )
        }
    }

    #[wasm_bindgen_test]
    fn javascript_values_read_as_json_values_do() {
        let mut count = 0;
        for fixture in FIXTURES {
            let fixture: Value = serde_json::from_str(fixture).unwrap();
            let called = fixture["target"].as_str().unwrap();
            for request in variants::all(&fixture["request"]) {
                if integral_float(&request) {
                    // `1.0`: a float to serde_json, the integer 1 in JavaScript.
                    continue;
                }
                let both = &mut Both {
                    called,
                    request: &request,
                };
                let (from_js, from_json) = api::visit(called, both).unwrap();
                assert_eq!(from_js, from_json, "{called} with {request}");
                count += 1;
            }
        }
        assert!(count > 500, "{count} requests");
    }
}
