//! The `http` feature: a client's `http::Request`, a server's reading of it.
#![cfg(feature = "http")]

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
use iqchannels_proto::http::{read_request, request, response, Incoming};
use iqchannels_proto::{CredentialKind, Credentials, Error, ErrorCode, Response, TicketId};

const BODY: &str =
    r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "Hello"}}"#;

fn incoming(builder: http::request::Builder, body: &str) -> Result<Incoming<CreateMessage>, Error> {
    read_request::<CreateMessage, _>(&builder.body(body.as_bytes().to_vec()).unwrap())
}

fn post() -> http::request::Builder {
    http::Request::post("/api/tickets/create_message")
}

#[test]
fn a_client_request_has_method_uri_content_type_and_credentials() {
    let credentials = Credentials::user_session("abc.def").unwrap();
    let create = CreateMessage::builder(TicketId::new(103), 1)
        .text("Hello")
        .build();
    let built = request("https://app.iqstore.ru", &create, Some(&credentials)).unwrap();
    assert_eq!(built.method(), http::Method::POST);
    assert_eq!(
        built.uri(),
        "https://app.iqstore.ru/api/tickets/create_message"
    );
    assert_eq!(built.headers()["content-type"], "application/json");
    assert_eq!(built.headers()["cookie"], "user-session=abc.def");
    assert!(built.headers()["cookie"].is_sensitive());
    assert!(
        !format!("{built:?}").contains("abc.def"),
        "http's Debug hides sensitive headers"
    );
    assert!(request("not a uri", &create, Some(&credentials)).is_err());
}

#[test]
fn a_server_reads_the_request_and_its_credentials() {
    let read = incoming(
        post()
            .header("Cookie", "a=b")
            .header("Cookie", "user-session=tok"),
        BODY,
    )
    .unwrap();
    assert_eq!(read.request.ticket_id, TicketId::new(103));
    assert_eq!(
        read.credentials.as_ref().map(|c| (c.kind(), c.token())),
        Some((CredentialKind::UserSession, "tok"))
    );

    let read = incoming(
        post()
            .header("Authorization", "Bearer svc")
            .header("Cookie", "user-session=tok"),
        BODY,
    )
    .unwrap();
    assert_eq!(
        read.credentials.map(|c| c.kind()),
        Some(CredentialKind::ServiceAccount)
    );

    let read = incoming(post(), BODY).unwrap();
    assert_eq!(read.credentials, None);
}

#[test]
fn a_server_refuses_with_the_protocol_error_to_send_back() {
    let code = |result: Result<Incoming<CreateMessage>, Error>| result.unwrap_err().code;
    assert_eq!(
        code(incoming(
            http::Request::get("/api/tickets/create_message"),
            BODY
        )),
        ErrorCode::BadRequest
    );
    assert_eq!(
        code(incoming(http::Request::post("/api/tickets/other"), BODY)),
        ErrorCode::NotFound
    );
    assert_eq!(
        code(incoming(
            post().header("Authorization", "Basic dXNlcg=="),
            BODY
        )),
        ErrorCode::Unauthorized
    );
    assert_eq!(
        code(incoming(post().header("Cookie", "user-session=a b"), BODY)),
        ErrorCode::Unauthorized
    );
    // Read as the Go server reads it: what Go refuses is `invalid`...
    let error = incoming(post(), r#"{"TicketId": "103"}"#).unwrap_err();
    assert_eq!(error.code, ErrorCode::Invalid);
    assert!(error.text.starts_with("TicketId: "), "{}", error.text);
    // ... and what it reads is read, with what departs from the documented form.
    let read = incoming(post(), r#"{"TicketId": 103}"#).unwrap();
    assert_eq!(read.request.ticket_id, TicketId::new(103));
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].path(), "Message");
}

#[test]
fn a_server_response_is_200_json() {
    let reply = response::<CreateMessage>(&Response::success(
        CreateMessageData::default(),
        Default::default(),
    ))
    .unwrap();
    assert_eq!(reply.status(), http::StatusCode::OK);
    assert_eq!(reply.headers()["content-type"], "application/json");
    assert!(reply.body().starts_with(br#"{"OK":true,"#));
}

/// A server reads each of the four carriers of a client's token, on a method that takes a
/// client; and writes the chat API's answers spelled `Result`/`Rels`.
#[cfg(feature = "chat")]
#[test]
fn a_server_reads_every_client_credential_and_answers_in_its_api_s_spelling() {
    use iqchannels_proto::api::clients::Auth;
    use iqchannels_proto::{ClientAuth, ClientStreamToken, Graph};

    let read = |builder: http::request::Builder| {
        read_request::<Auth, _>(&builder.body(br#"{"Token": "t"}"#.to_vec()).unwrap()).unwrap()
    };
    let post = || http::Request::post("/api/v1/clients/auth");
    for builder in [
        post().header("Authorization", "Client tok14"),
        post().header("X-Client-Authorization", "tok14"),
        post().header("Cookie", "a=1; client-session=tok14"),
        // The iOS SDK's empty `Client ` is no token: the cookie counts.
        post()
            .header("Authorization", "Client ")
            .header("Cookie", "client-session=tok14"),
    ] {
        let credentials = read(builder).credentials.unwrap();
        assert_eq!(credentials, Credentials::client("tok14").unwrap());
    }
    // The stream's signed token (spec vector 2), parsed for the server to verify.
    let token = ClientStreamToken::new(109356, "tok14", 1700550026870).encode();
    let incoming = read(http::Request::post(format!(
        "/api/v1/clients/auth?x-client-token={token}"
    )));
    let parsed = incoming.stream_token.unwrap();
    assert_eq!(parsed.session_id().get(), 109356);
    parsed.verify("tok14", 60_000, 1700550026870).unwrap();
    assert!(parsed.verify("other", 60_000, 1700550026870).is_err());
    // A token that is not one is unauthorized.
    let error = read_request::<Auth, _>(
        &http::Request::post("/api/v1/clients/auth?x-client-token=garbage")
            .body(br#"{"Token": "t"}"#.to_vec())
            .unwrap(),
    )
    .unwrap_err();
    assert_eq!(error.code, ErrorCode::Unauthorized);

    let reply =
        response::<Auth>(&Response::success(ClientAuth::default(), Graph::default())).unwrap();
    let body = String::from_utf8(reply.into_body()).unwrap();
    assert!(body.contains(r#""Result":{"#), "{body}");
    assert!(body.contains(r#""Rels":{"#), "{body}");
    assert!(!body.contains(r#""Data""#), "{body}");
}
