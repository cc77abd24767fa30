//! Server side: reading requests as the Go server reads them (the default, with warnings)
//! and strictly, and the errors a server sends back.

use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData, MessageForm};
use iqchannels_proto::codec::{Limits, Reading, WarningKind};
use iqchannels_proto::{
    codec, DecodeError, DecodeErrorKind, Decoded, Error, ErrorCode, MessageType, Method, Response,
    TicketId,
};
use proptest::prelude::*;

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
        String::from_utf8(codec::encode_response::<CreateMessage>(&reply).unwrap()).unwrap(),
        r#"{"OK":false,"Error":{"Code":"invalid","Text":"Message.Text: invalid type: null, expected a string at line 1 column 72"},"Ping":false,"Data":null}"#
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

// ---------------------------------------------------------------------------------------
// Go's reading: what the Go server accepts, with a warning for each departure.

/// Go's reading of `body` as an `M`, which must succeed.
fn go<M: Method>(body: impl AsRef<[u8]>) -> Decoded<M> {
    let body = body.as_ref();
    codec::decode_request::<M>(body)
        .unwrap_or_else(|error| panic!("{:?}: {error}", String::from_utf8_lossy(body)))
}

/// Each warning's kind, path, line and column.
fn warnings<M>(decoded: &Decoded<M>) -> Vec<(WarningKind, &str, usize, usize)> {
    decoded
        .warnings
        .iter()
        .map(|warning| {
            (
                warning.kind(),
                warning.path(),
                warning.line(),
                warning.column(),
            )
        })
        .collect()
}

/// The 1-based column of the first `needle` in the one-line `body`.
fn column(body: &str, needle: &str) -> usize {
    body.find(needle).unwrap() + 1
}

fn request(ticket: i64, local_id: i64, kind: &str, text: &str) -> CreateMessage {
    CreateMessage::new(
        TicketId::new(ticket),
        MessageForm::new(local_id, MessageType::from(kind), text),
    )
}

#[test]
fn the_documented_form_reads_alike_both_ways_without_warnings() {
    let decoded = go::<CreateMessage>(VALID);
    assert!(decoded.warnings.is_empty());
    assert_eq!(decoded.more_warnings, 0);
    assert_eq!(decoded.value, request(103, 1548142724904, "text", "Hello"));
    assert_eq!(
        codec::decode_request_strict::<CreateMessage>(VALID.as_bytes()).unwrap(),
        decoded.value
    );
}

#[test]
fn missing_and_null_fields_are_zero_values_with_warnings() {
    let body = r#"{"Message": {"LocalId": null, "Type": "text"}}"#;
    let decoded = go::<CreateMessage>(body);
    assert_eq!(decoded.value, request(0, 0, "text", ""));
    assert_eq!(
        warnings(&decoded),
        [
            (
                WarningKind::Null,
                "Message.LocalId",
                1,
                column(body, "null")
            ),
            // A missing field is warned about at the end of its object.
            (
                WarningKind::MissingField,
                "Message.Text",
                1,
                column(body, "}")
            ),
            (WarningKind::MissingField, "TicketId", 1, body.len()),
        ]
    );
    // A null struct is its zero value; its fields are not each warned about.
    let decoded = go::<CreateMessage>(r#"{"TicketId": 5, "Message": null}"#);
    assert_eq!(decoded.value, request(5, 0, "", ""));
    assert_eq!(warnings(&decoded), [(WarningKind::Null, "Message", 1, 28)]);
}

#[test]
fn keys_match_ignoring_case_as_go_folds_them() {
    // The iOS SDK's lower-camel keys, shouting, and the Kelvin sign for `k`.
    let body = "{\"ticketId\": 1, \"MESSAGE\": {\"localid\": 2, \"type\": \"text\", \"Te\u{212a}t\": \"x\"}}";
    // (The Kelvin sign folds to `k`, not to the `x` of `Text`: that key is unknown.)
    let decoded = go::<CreateMessage>(body);
    assert_eq!(decoded.value, request(1, 2, "text", ""));
    let kinds: Vec<_> = warnings(&decoded)
        .into_iter()
        .map(|(kind, path, ..)| (kind, path))
        .collect();
    assert_eq!(
        kinds,
        [
            (WarningKind::KeyCase, "ticketId"),
            (WarningKind::KeyCase, "MESSAGE"),
            (WarningKind::KeyCase, "MESSAGE.localid"),
            (WarningKind::KeyCase, "MESSAGE.type"),
            (WarningKind::MissingField, "MESSAGE.Text"),
        ]
    );
    let kelvin =
        "{\"Tic\u{212a}etId\": 7, \"Message\": {\"LocalId\": 1, \"Type\": \"t\", \"Text\": \"\"}}";
    let decoded = go::<CreateMessage>(kelvin);
    assert_eq!(decoded.value.ticket_id.get(), 7);
    assert_eq!(decoded.warnings[0].kind(), WarningKind::KeyCase);
    assert_eq!(
        decoded.warnings[0].error().message(),
        "key \"Tic\u{212a}etId\" matches field `TicketId` only ignoring case"
    );
    // An exact key wins over a folded one, wherever it is; of two, the later.
    let decoded = go::<CreateMessage>(
        r#"{"TicketId": 1, "ticketid": 2, "Message": {"LocalId": 1, "Type": "t", "Text": ""}}"#,
    );
    assert_eq!(decoded.value.ticket_id.get(), 2);
}

#[test]
fn of_duplicate_keys_the_last_wins_and_objects_merge() {
    let body = r#"{"TicketId": 1, "Message": {"Text": "a", "LocalId": 4}, "TicketId": 2, "Message": {"Type": "text", "Text": "b", "Text": null}}"#;
    let decoded = go::<CreateMessage>(body);
    // `null` leaves a string as it was; the second Message merges into the first.
    assert_eq!(decoded.value, request(2, 4, "text", "b"));
    let kinds: Vec<_> = warnings(&decoded)
        .into_iter()
        .map(|(kind, path, _, column)| (kind, path, column))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                WarningKind::DuplicateKey,
                "TicketId",
                column(body, r#""TicketId": 2"#)
            ),
            (
                WarningKind::DuplicateKey,
                "Message",
                column(body, r#""Message": {"Type""#)
            ),
            (
                WarningKind::DuplicateKey,
                "Message.Text",
                column(body, r#""Text": "b""#)
            ),
            (
                WarningKind::DuplicateKey,
                "Message.Text",
                column(body, r#""Text": null"#)
            ),
            (WarningKind::Null, "Message.Text", column(body, "null")),
        ]
    );
}

#[test]
fn minus_zero_is_zero_and_invalid_text_is_u_fffd() {
    let body = r#"{"TicketId": -0, "Message": {"LocalId": 1, "Type": "text", "Text": "\ud800!\udc00\ud83d\ude00"}}"#;
    let decoded = go::<CreateMessage>(body);
    assert_eq!(
        decoded.value,
        request(0, 1, "text", "\u{fffd}!\u{fffd}\u{1f600}")
    );
    assert_eq!(
        warnings(&decoded),
        [
            (WarningKind::NegativeZero, "TicketId", 1, column(body, "-0")),
            // The first lone surrogate of the string.
            (
                WarningKind::LoneSurrogate,
                "Message.Text",
                1,
                column(body, r"\ud800")
            ),
        ]
    );
    // Each byte that is not UTF-8 is one U+FFFD, as Go's utf8.DecodeRune reads them (a
    // cut sequence is two here, where Rust's lossy decoding makes one).
    let mut body =
        br#"{"TicketId": 1, "Message": {"LocalId": 1, "Type": "text", "Text": "caf"#.to_vec();
    body.extend_from_slice(b"\xe2\x82!\xff\"}, \"Note\": \"\xc0\"}");
    let decoded = go::<CreateMessage>(&body);
    assert_eq!(decoded.value.message.text, "caf\u{fffd}\u{fffd}!\u{fffd}");
    assert_eq!(
        warnings(&decoded),
        [
            // At the first byte that is not UTF-8.
            (WarningKind::InvalidUtf8, "Message.Text", 1, 71),
            // In an ignored field too: the body is not UTF-8.
            (WarningKind::InvalidUtf8, "Note", 1, 88),
        ]
    );
    assert_eq!(
        decoded.warnings[0].error().kind(),
        DecodeErrorKind::Encoding
    );
}

#[test]
fn an_empty_or_null_body_is_the_zero_request() {
    for (body, kind, at) in [
        ("", WarningKind::EmptyBody, 1),
        ("null", WarningKind::NullBody, 1),
        (" null\n", WarningKind::NullBody, 2),
    ] {
        let decoded = go::<CreateMessage>(body);
        assert_eq!(decoded.value, request(0, 0, "", ""), "{body:?}");
        assert_eq!(warnings(&decoded), [(kind, "", 1, at)]);
    }
    // Any method: a path-only one, a bare array of ids.
    #[cfg(feature = "chat")]
    {
        use iqchannels_proto::api::chats::{GetChat, MarkRead};
        use iqchannels_proto::ChatMessageId;
        assert_eq!(go::<GetChat>("").warnings[0].kind(), WarningKind::EmptyBody);
        let decoded = go::<MarkRead>("");
        assert!(decoded.value.message_ids.is_empty());
        // Go reads a `null` element of a slice as its zero value, `-0` as 0.
        let decoded = go::<MarkRead>("[1, null, -0]");
        let ids: Vec<i64> = decoded
            .value
            .message_ids
            .iter()
            .map(|id| id.get())
            .collect();
        assert_eq!(ids, [1, 0, 0]);
        assert_eq!(
            warnings(&decoded),
            [
                (WarningKind::Null, "[1]", 1, 5),
                (WarningKind::NegativeZero, "[2]", 1, 11),
            ]
        );
        assert_eq!(
            go::<MarkRead>("[3]").value.message_ids,
            [ChatMessageId::new(3)]
        );
    }
    // Whitespace alone is not an empty body: Go refuses it.
    let error = codec::decode_request::<CreateMessage>(b" \n").unwrap_err();
    assert_eq!(error.kind(), DecodeErrorKind::Eof);
}

#[cfg(feature = "chat")]
#[test]
fn nullable_fields_are_none_without_a_warning() {
    use iqchannels_proto::api::chats::QueryMessages;
    let decoded = go::<QueryMessages>(r#"{"MaxId": null, "limit": 5}"#);
    assert_eq!(decoded.value.query.max_id, None);
    assert_eq!(decoded.value.query.limit, Some(5));
    assert_eq!(warnings(&decoded), [(WarningKind::KeyCase, "limit", 1, 17)]);
    // A later `null` resets a pointer, as in Go.
    let decoded = go::<QueryMessages>(r#"{"Limit": 5, "Limit": null}"#);
    assert_eq!(decoded.value.query.limit, None);
}

#[test]
fn what_go_refuses_is_an_error_with_path_line_and_column() {
    // Body, kind, path, (line, column), message: Go's first error in the body; a syntax
    // error anywhere comes first, as Go checks the whole body before it decodes.
    let cases: &[Case] = &[
        (
            r#"{"TicketId": "103", "Message": {"LocalId": true}}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 14),
            "invalid type: string \"103\", expected i64",
        ),
        (
            r#"{"Message": {"Type": 5}, "TicketId": "103"}"#,
            DecodeErrorKind::Data,
            "Message.Type",
            (1, 22),
            "invalid type: integer `5`, expected a string (MessageType)",
        ),
        (
            r#"{"TicketId": 9223372036854775808}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 14),
            "invalid value: integer `9223372036854775808`, expected i64",
        ),
        (
            r#"{"TicketId": 1.0}"#,
            DecodeErrorKind::Data,
            "TicketId",
            (1, 14),
            "invalid type: floating point `1.0`, expected i64",
        ),
        (
            r#"{"Message": [1]}"#,
            DecodeErrorKind::Data,
            "Message",
            (1, 13),
            "invalid type: sequence, expected struct MessageForm",
        ),
        (
            r#"{"TicketId": "x",
"Message": {"Text": "y"}} x"#,
            DecodeErrorKind::Syntax,
            "",
            (2, 27),
            "invalid character 'x' after top-level value",
        ),
        (
            r#"{"TicketId": 1, "Message": {"Text": "a\x"}}"#,
            DecodeErrorKind::Syntax,
            "Message.Text",
            (1, 40),
            "invalid character 'x' in string escape code",
        ),
        (
            r#"{"TicketId": 1, "Message": {"LocalId": 01}}"#,
            DecodeErrorKind::Syntax,
            "Message",
            (1, 41),
            "invalid character '1' after object key:value pair",
        ),
        (
            r#"{"TicketId": 1, "Message": {"LocalId": 1"#,
            DecodeErrorKind::Eof,
            "Message",
            (1, 41),
            "unexpected end of JSON input",
        ),
        (
            "\u{feff}{}",
            DecodeErrorKind::Syntax,
            "",
            (1, 1),
            "invalid character '\u{ef}' looking for beginning of value",
        ),
    ];
    for (body, kind, path, (line, column), message) in cases {
        let error = codec::decode_request::<CreateMessage>(body.as_bytes()).unwrap_err();
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
fn strict_reading_refuses_each_departure_naming_it() {
    // Body, kind, path, (line, column), message: each of them a warning as Go reads it.
    let cases: &[Case] = &[
        (
            r#"{"TicketId": 1, "ticketid": 2, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
            DecodeErrorKind::Data,
            "ticketid",
            (1, 17),
            "key \"ticketid\" matches field `TicketId` only ignoring case",
        ),
        (
            r#"{"TicketId": 1, "Message": {"LocalId": 1, "Type": "text", "Text": "x\ud800"}}"#,
            DecodeErrorKind::Encoding,
            "Message.Text",
            (1, 69),
            "lone surrogate `\\ud800` in a string",
        ),
        (
            r#"{"TicketId": 1, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}, "a\udc00": 1}"#,
            DecodeErrorKind::Encoding,
            "",
            (1, 75),
            "lone surrogate `\\udc00` in a string",
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
        // Go's reading warns about it, and its first warning is this error.
        let decoded = go::<CreateMessage>(body);
        assert_eq!(decoded.warnings[0].error(), &error, "{body}");
    }
    // Every body of the other departures is refused too (their errors are pinned above and
    // in tests/bad).
    for body in [
        &br#"{"TicketId": 1, "Message": {"LocalId": -0, "Type": "text", "Text": "x"}}"#[..],
        br#"{"TicketId": 1, "TicketId": 1, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
        br#"{"TicketId": null, "Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
        br#"{"Message": {"LocalId": 1, "Type": "text", "Text": "x"}}"#,
        b"",
        b"null",
        b"{\"TicketId\": 1, \"Message\": {\"LocalId\": 1, \"Type\": \"text\", \"Text\": \"\xff\"}}",
    ] {
        reject(body);
        assert!(!go::<CreateMessage>(body).warnings.is_empty());
    }
}

#[test]
fn the_warnings_kept_are_the_first_ones_and_the_rest_are_counted() {
    let nulls = vec!["null"; 250].join(",");
    let body = format!("[{nulls}]");
    let mut limits = Limits::default();
    limits.max_warnings = 3;
    #[cfg(feature = "chat")]
    {
        use iqchannels_proto::api::chats::MarkRead;
        let decoded =
            codec::decode_request_with::<MarkRead>(body.as_bytes(), &limits, Reading::Go).unwrap();
        let paths: Vec<_> = decoded.warnings.iter().map(|w| w.path()).collect();
        assert_eq!(paths, ["[0]", "[1]", "[2]"]);
        assert_eq!(decoded.more_warnings, 247);
        assert_eq!(decoded.value.message_ids.len(), 250);
        let error =
            codec::decode_request_with::<MarkRead>(body.as_bytes(), &limits, Reading::Strict)
                .unwrap_err();
        assert_eq!(error.path(), "[0]");
    }
    // The limits hold for Go's reading as they do strictly.
    let mut limits = Limits::default();
    limits.max_depth = 2;
    let error = codec::decode_request_with::<CreateMessage>(
        br#"{"X": [[1]], "TicketId": 1}"#,
        &limits,
        Reading::Go,
    )
    .unwrap_err();
    assert_eq!(
        (error.kind(), error.path(), error.column()),
        (DecodeErrorKind::Limit, "X[0]", 8)
    );
}

/// A key for the property test: a field's name as documented, folded, or unknown.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "TicketId", "Message", "LocalId", "Type", "Text", "MaxId", "Limit", "Payload",
            "FileId",
        ]),
        prop::sample::select(vec![
            "ticketId",
            "MESSAGE",
            "localid",
            "TYPE",
            "te\u{17f}t",
            "X",
            "",
            "maxId",
            "LIMIT",
            "fileid",
            "Payload\u{0}",
        ]),
    ]
    .prop_map(str::to_owned)
}

/// A value for the property test: every corner Go's reading departs on.
fn value(depth: u32) -> BoxedStrategy<String> {
    let leaf = prop::sample::select(vec![
        "0",
        "-0",
        "1",
        "-1",
        "1.5",
        "9223372036854775808",
        "null",
        "true",
        r#""text""#,
        r#""\u00e9""#,
        r#""\ud800""#,
        r#""\ud83d\ude00""#,
        "\"\u{212a}\"",
        "[]",
        "{}",
        "[1, 2]",
    ])
    .prop_map(str::to_owned);
    if depth == 0 {
        return leaf.boxed();
    }
    prop_oneof![
        2 => leaf,
        1 => prop::collection::vec((key(), value(depth - 1)), 0..6).prop_map(|members| {
            let members: Vec<String> = members
                .into_iter()
                .map(|(key, value)| format!("{}: {value}", serde_json::Value::from(key)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }),
    ]
    .boxed()
}

proptest! {
    /// Whatever strict reading accepts, Go's reading reads the same, with no warning; and
    /// whatever Go's reading reads with no warning, strict reading accepts.
    #[test]
    fn strict_reading_is_go_reading_without_warnings(
        members in prop::collection::vec((key(), value(2)), 0..6),
        spoil in prop::option::of(prop::sample::select(vec![&b"\xff"[..], b" x", b"\xe2\x82"])),
    ) {
        let members: Vec<String> = members
            .into_iter()
            .map(|(key, value)| format!("{}: {value}", serde_json::Value::from(key)))
            .collect();
        let mut body = format!("{{{}}}", members.join(", ")).into_bytes();
        if let Some(spoil) = spoil {
            let at = body.len() / 2;
            body.splice(at..at, spoil.iter().copied());
        }
        check_both_ways::<CreateMessage>(&body)?;
        #[cfg(feature = "chat")]
        {
            check_both_ways::<iqchannels_proto::api::chats::QueryMessages>(&body)?;
            check_both_ways::<iqchannels_proto::api::chats::SendMessage>(&body)?;
        }
    }
}

/// A member of a well-formed body and its departures: as written, null, `-0`, renamed to
/// its lower-camel form, doubled, or left out.
#[derive(Clone, Copy, Debug)]
enum Edit {
    Keep,
    Null,
    MinusZero,
    Lower,
    Twice,
    Drop,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        6 => Just(Edit::Keep),
        1 => Just(Edit::Null),
        1 => Just(Edit::MinusZero),
        1 => Just(Edit::Lower),
        1 => Just(Edit::Twice),
        1 => Just(Edit::Drop),
    ]
}

/// `members` (key, value) as an object, each edited.
fn object(members: &[(&str, String)], edits: &mut impl Iterator<Item = Edit>) -> String {
    let mut written = Vec::new();
    for (key, value) in members {
        let edit = edits.next().unwrap_or(Edit::Keep);
        let lower = format!("{}{}", key[..1].to_lowercase(), &key[1..]);
        let member = |key: &str, value: &str| format!("{}: {value}", serde_json::Value::from(key));
        match edit {
            Edit::Keep => written.push(member(key, value)),
            Edit::Null => written.push(member(key, "null")),
            Edit::MinusZero => written.push(member(key, "-0")),
            Edit::Lower => written.push(member(&lower, value)),
            Edit::Twice => {
                written.push(member(key, value));
                written.push(member(key, value));
            }
            Edit::Drop => {}
        }
    }
    format!("{{{}}}", written.join(", "))
}

proptest! {
    /// Well-formed bodies with a few departures: strict reading refuses every body Go's
    /// reading warns about, and reads the others as Go's reading does.
    #[test]
    fn departures_are_warnings_and_strict_errors(
        edits in prop::collection::vec(edit(), 12),
        ticket in any::<i64>(),
        local_id in any::<i64>(),
        text in "[a-z\u{e9}\u{1f600}]{0,3}",
    ) {
        let mut edits = edits.into_iter();
        let text = serde_json::Value::from(text).to_string();
        let message = object(
            &[("LocalId", local_id.to_string()), ("Type", r#""text""#.to_owned()), ("Text", text.clone())],
            &mut edits,
        );
        let body = object(&[("TicketId", ticket.to_string()), ("Message", message)], &mut edits);
        check_both_ways::<CreateMessage>(body.as_bytes())?;
        #[cfg(feature = "chat")]
        {
            let form = object(
                &[("LocalId", local_id.to_string()), ("Payload", r#""text""#.to_owned()), ("Text", text), ("FileId", r#""f.jpg""#.to_owned())],
                &mut edits,
            );
            check_both_ways::<iqchannels_proto::api::chats::SendMessage>(form.as_bytes())?;
            let query = object(&[("MaxId", ticket.to_string()), ("Limit", (local_id % 100).to_string())], &mut edits);
            check_both_ways::<iqchannels_proto::api::chats::QueryMessages>(query.as_bytes())?;
        }
    }
}

fn check_both_ways<M: Method>(body: &[u8]) -> Result<(), TestCaseError> {
    let strict: Result<M, DecodeError> = codec::decode_request_strict(body);
    let go: Result<Decoded<M>, DecodeError> = codec::decode_request(body);
    match (&strict, &go) {
        (Ok(strict), Ok(go)) => {
            prop_assert_eq!(strict, &go.value);
            prop_assert!(go.warnings.is_empty(), "{:?}", go.warnings);
        }
        (Ok(_), Err(error)) => prop_assert!(false, "Go's reading refused: {}", error),
        (Err(_), Ok(go)) => prop_assert!(!go.warnings.is_empty(), "no warning"),
        (Err(_), Err(_)) => {}
    }
    Ok(())
}
