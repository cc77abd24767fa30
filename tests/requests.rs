//! Server side: reading requests strictly, and the errors a server sends back.

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData, MessageForm};
use iqchannels_proto::{codec, DecodeErrorKind, Error, ErrorCode, MessageType, Response, TicketId};

const VALID: &str =
    r#"{"TicketId": 103, "Message": {"LocalId": 1548142724904, "Type": "text", "Text": "Hello"}}"#;

fn reject(body: &[u8]) -> iqchannels_proto::DecodeError {
    match codec::decode_request_strict::<CreateMessage>(body) {
        Ok(request) => panic!(
            "{:?} was accepted as {request:?}",
            String::from_utf8_lossy(body)
        ),
        Err(error) => error,
    }
}

#[test]
fn a_valid_request_decodes() {
    let request = codec::decode_request_strict::<CreateMessage>(VALID.as_bytes()).unwrap();
    assert_eq!(
        request,
        CreateMessage::new(
            TicketId::new(103),
            MessageForm::text(1548142724904, "Hello")
        )
    );
}

type Case = (
    &'static str,
    DecodeErrorKind,
    &'static str,
    (usize, usize),
    &'static str,
);

#[test]
fn each_strict_rule_is_an_error_with_path_line_and_column() {
    // Body, kind, path, (line, column), message.
    let cases: &[Case] = &[
        (
            r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text"}}"#,
            DecodeErrorKind::Data,
            "Message.Text",
            (1, 59),
            "missing field `Text`",
        ),
        (
            r#"{"Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 56),
            "missing field `TicketId`",
        ),
        (
            r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": null}}"#,
            DecodeErrorKind::Data,
            "Message.Text",
            (1, 72),
            "invalid type: null, expected a string",
        ),
        (
            r#"{"TicketId": null, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 17),
            "invalid type: null, expected i64",
        ),
        (
            r#"{"TicketId": "103", "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 18),
            "invalid type: string \"103\", expected i64",
        ),
        (
            r#"{"TicketId": 103, "TicketId": 104, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 28),
            "duplicate field `TicketId`",
        ),
        (
            r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "x", "Text": "y"}}"#,
            DecodeErrorKind::Data,
            "Message.Text",
            (1, 79),
            "duplicate field `Text`",
        ),
        (
            r#"{"TicketId": 9223372036854775808, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 32),
            "invalid value: integer `9223372036854775808`, expected i64",
        ),
        (
            r#"{"TicketId": 103, "Message": {"LocalId": -0, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "Message.LocalId",
            (1, 43),
            "invalid type: floating point `-0.0`, expected i64",
        ),
        (
            r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": 5, "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "Message.Type",
            (1, 53),
            "invalid type: integer `5`, expected a string (MessageType)",
        ),
        (
            r#"{"TicketId": 103, "Message": [1, "text", "x"]}"#,
            DecodeErrorKind::Data,
            "Message",
            (1, 29),
            "invalid type: sequence, expected a MessageForm object",
        ),
        (
            r#"[103, {"LocalId": 1, "Type": "text", "Text": "x"}]"#,
            DecodeErrorKind::Data,
            "",
            (1, 1),
            "invalid type: sequence, expected a CreateMessage object",
        ),
        (
            r#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}} x"#,
            DecodeErrorKind::Syntax,
            "",
            (1, 75),
            "trailing characters",
        ),
        (
            r#"{"TicketId": 103, "Unknown": [1, 2,], "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Syntax,
            "Unknown",
            (1, 36),
            "expected value",
        ),
        (
            r#"{"ticketid": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 73),
            "missing field `TicketId`",
        ),
        (
            "",
            DecodeErrorKind::Eof,
            "",
            (1, 1),
            "EOF while parsing a value",
        ),
        (
            "null",
            DecodeErrorKind::Data,
            "",
            (1, 4),
            "invalid type: null, expected a CreateMessage object",
        ),
        (
            "\u{feff}{}",
            DecodeErrorKind::Syntax,
            "",
            (1, 1),
            "expected value",
        ),
    ];
    for (body, kind, path, (line, column), message) in cases {
        let error = reject(body.as_bytes());
        assert_eq!(
            (
                error.kind(),
                error.path(),
                (error.line(), error.column()),
                error.message()
            ),
            (*kind, *path, (*line, *column), *message),
            "{body}"
        );
    }
}

#[test]
fn keys_match_exactly_unlike_go() {
    // Go's encoding/json would match "ticketid" to TicketId; this crate does not, so the
    // field is unknown (ignored) and TicketId is missing.
    let error = reject(br#"{"TICKETID": 1, "ticketId": 2, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#);
    assert_eq!(error.message(), "missing field `TicketId`");
}

#[test]
fn unknown_fields_must_be_valid_json_too() {
    // A duplicate key inside ignored content is valid JSON: accepted.
    let body = r#"{"TicketId": 103, "X": {"a": 1, "a": 2}, "Message": {"LocalId": 1, "Type": "text", "Text": "x", "Y": [null, {"b": "\u00e9"}]}}"#;
    codec::decode_request_strict::<CreateMessage>(body.as_bytes()).unwrap();
    for bad in [
        r#"[1 2]"#,
        r#""\x""#,
        "\"\u{1}\"",
        r#"01"#,
        r#"{"a"}"#,
        r#"tru"#,
        r#"NaN"#,
        r#"'a'"#,
    ] {
        let body = format!(
            r#"{{"TicketId": 103, "X": {bad}, "Message": {{"LocalId": 1, "Type": "text", "Text": "x"}}}}"#
        );
        let error = reject(body.as_bytes());
        assert_eq!(error.path(), "X", "{bad}: {error}");
    }
}

#[test]
fn invalid_utf8_is_an_error_with_the_path_it_is_under() {
    let mut body =
        br#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": "Hi "#.to_vec();
    body.extend_from_slice(b"\xff\"}}");
    let error = reject(&body);
    assert_eq!(error.kind(), DecodeErrorKind::Encoding);
    assert_eq!(
        (error.path(), error.line(), error.column()),
        ("Message.Text", 1, 73)
    );
    // In an ignored field, too (serde_json alone would skip it unchecked).
    let error = reject(b"{\"Skipped\": \"\xc3\x28\", \"TicketId\": 1}");
    assert_eq!(
        (error.kind(), error.path(), error.column()),
        (DecodeErrorKind::Encoding, "Skipped", 14)
    );
    // An error before the invalid byte is the first error, and is the one reported.
    let error = reject(b"{\"TicketId\": true, \"X\": \"\xff\"}");
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Data, "TicketId")
    );
    // After the value.
    let error = reject(&[VALID.as_bytes(), b"\xff"].concat());
    assert_eq!(
        (error.kind(), error.path(), error.column()),
        (DecodeErrorKind::Encoding, "", VALID.len() + 1)
    );
}

#[test]
fn deep_nesting_is_refused_at_the_limit_without_recursion() {
    let depth = 100_000;
    let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    // In content the crate ignores, too: the limit is checked before parsing.
    let body = format!(
        r#"{{"X": {nested}, "TicketId": 1, "Message": {{"LocalId": 1, "Type": "text", "Text": "x"}}}}"#
    );
    let error = reject(body.as_bytes());
    // The path goes down to the deepest array entered: X's first element's first ....
    let path = format!("X{}", "[0]".repeat(62));
    assert_eq!(
        (error.kind(), error.path(), error.column()),
        (DecodeErrorKind::Limit, path.as_str(), 70)
    );
    assert_eq!(
        error.message(),
        "nesting deeper than the limit of 64 levels"
    );
    // Where a value is read, the first error is that it is of the wrong type.
    let error = reject(format!(r#"{{"TicketId": {nested}}}"#).as_bytes());
    assert_eq!(
        (error.kind(), error.path()),
        (DecodeErrorKind::Data, "TicketId")
    );
}

#[test]
fn a_decode_error_becomes_the_invalid_error_a_server_sends_back() {
    let error =
        reject(br#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": null}}"#);
    let reply = Response::<CreateMessageData>::failure(Error::from(error));
    assert_eq!(
        String::from_utf8(codec::encode_response(&reply).unwrap()).unwrap(),
        r#"{"OK":false,"Error":{"Code":"invalid","Text":"Message.Text: invalid type: null, expected a string at line 1 column 72"},"Ping":false,"Data":null,"Graph":null}"#
    );
    assert_eq!(reply.error.unwrap().code, ErrorCode::Invalid);
}

#[test]
fn requests_encode_what_was_decoded() {
    let body = r#"{"TicketId":-1,"Message":{"LocalId":0,"Type":"poll","Text":"\u0000é\n😀"}}"#;
    let request = codec::decode_request_strict::<CreateMessage>(body.as_bytes()).unwrap();
    assert_eq!(request.message.kind, MessageType::from("poll"));
    let encoded = codec::encode_request(&request).unwrap();
    assert_eq!(
        codec::decode_request_strict::<CreateMessage>(&encoded.body).unwrap(),
        request
    );
}
