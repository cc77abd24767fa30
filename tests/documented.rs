//! The documented example request and response (`tests/fixtures/`, copied from the spec).

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::{codec, ActorType, CredentialKind, Credentials, Message, Outcome};
use serde_json::Value;

const REQUEST: &[u8] = include_bytes!("fixtures/create_message.request.json");
const RESPONSE: &[u8] = include_bytes!("fixtures/create_message.response.json");
const USER_SESSION_HTTP: &str = include_str!("fixtures/create_message.user-session.http");
const SERVICE_ACCOUNT_HTTP: &str = include_str!("fixtures/create_message.service-account.http");

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn documented_request_decodes() {
    let request = codec::decode_request_strict::<CreateMessage>(REQUEST).unwrap();
    insta::assert_debug_snapshot!(request);
}

#[test]
fn documented_response_decodes() {
    let decoded = codec::decode_response::<CreateMessage>(RESPONSE).unwrap();
    assert!(decoded.warnings.is_empty());
    insta::assert_debug_snapshot!(decoded.value);
}

#[test]
fn documented_request_encodes_back_to_the_same_json() {
    let request = codec::decode_request_strict::<CreateMessage>(REQUEST).unwrap();
    let encoded = codec::encode_request(&request).unwrap();
    assert_eq!(encoded.path, "/api/tickets/create_message");
    assert_eq!(encoded.content_type, "application/json");
    assert_eq!(json(&encoded.body), json(REQUEST));
}

#[test]
fn documented_response_encodes_back_to_the_same_json() {
    let decoded = codec::decode_response::<CreateMessage>(RESPONSE).unwrap();
    let encoded = codec::encode_response(&decoded.value).unwrap();
    assert_eq!(json(&encoded), json(RESPONSE));
}

#[test]
fn documented_response_reads_as_a_client_would() {
    let decoded = codec::decode_response::<CreateMessage>(RESPONSE).unwrap();
    let Outcome::Data { data, graph } = decoded.value.into_outcome() else {
        panic!("the documented response is a success");
    };
    let CreateMessageData { message, .. } = data;
    let Message {
        id,
        author,
        user_id,
        created_at,
        ..
    } = message;
    assert_eq!(id.get(), 1632);
    assert_eq!(author, ActorType::User);
    assert_eq!(created_at.to_string(), "2019-01-22T07:38:44.951Z");
    let author = graph
        .users
        .iter()
        .find(|user| Some(user.id) == user_id)
        .unwrap();
    assert_eq!(author.display_name, "Иван Коробков");
}

#[test]
fn documented_request_built_by_a_client_is_the_documented_body() {
    let request = CreateMessage::builder(103.into(), 1548142724904)
        .text("Hello")
        .build();
    let encoded = codec::encode_request(&request).unwrap();
    assert_eq!(json(&encoded.body), json(REQUEST));
}

/// Splits a documented `.http` example into its headers and its body.
fn http_example(text: &str) -> (Vec<(&str, &str)>, &str) {
    let (head, body) = text.split_once("\n\n").unwrap();
    let headers = head
        .lines()
        .skip(1)
        .map(|line| line.split_once(": ").unwrap())
        .collect();
    (headers, body.trim_end())
}

fn header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> &'a str {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .unwrap()
        .1
}

#[test]
fn documented_user_session_request_reads_as_a_server_would() {
    let (headers, body) = http_example(USER_SESSION_HTTP);
    let credentials = Credentials::from_cookie_header(header(&headers, "Cookie")).unwrap();
    assert_eq!(credentials.kind(), CredentialKind::UserSession);
    assert_eq!(
        credentials.token(),
        "7b6ea6627729db70414da6518561ddc2e07a320e.00000000000000000"
    );
    assert_eq!(
        (credentials.header_name(), credentials.header_value()),
        ("Cookie", header(&headers, "Cookie").to_owned())
    );
    assert_eq!(header(&headers, "Content-Length"), body.len().to_string());
    assert_eq!(header(&headers, "Content-Type"), codec::CONTENT_TYPE);
    let request = codec::decode_request_strict::<CreateMessage>(body.as_bytes()).unwrap();
    assert_eq!(
        request,
        codec::decode_request_strict::<CreateMessage>(REQUEST).unwrap()
    );
}

#[test]
fn documented_service_account_request_reads_as_a_server_would() {
    let (headers, body) = http_example(SERVICE_ACCOUNT_HTTP);
    let value = header(&headers, "Authorization");
    let credentials = Credentials::from_authorization_header(value).unwrap();
    assert_eq!(credentials.kind(), CredentialKind::ServiceAccount);
    assert_eq!(
        (credentials.header_name(), credentials.header_value()),
        ("Authorization", value.to_owned())
    );
    codec::decode_request_strict::<CreateMessage>(body.as_bytes()).unwrap();
}

#[cfg(feature = "http")]
#[test]
fn documented_requests_round_trip_through_http_types() {
    use iqchannels_proto::http;

    for example in [USER_SESSION_HTTP, SERVICE_ACCOUNT_HTTP] {
        let (headers, body) = http_example(example);
        let credentials = match headers.iter().find(|(n, _)| *n == "Authorization") {
            Some((_, value)) => Credentials::from_authorization_header(value).unwrap(),
            None => Credentials::from_cookie_header(header(&headers, "Cookie")).unwrap(),
        };
        let request = codec::decode_request_strict::<CreateMessage>(body.as_bytes()).unwrap();
        let built = http::request("http://app.iqstore.ru/", &request, &credentials).unwrap();
        assert_eq!(
            built.uri(),
            "http://app.iqstore.ru/api/tickets/create_message"
        );
        assert!(built.headers()[credentials.header_name()].is_sensitive());
        let incoming = http::read_request::<CreateMessage, _>(&built).unwrap();
        assert_eq!(incoming.request, request);
        assert_eq!(incoming.credentials, Some(credentials));
    }
}
