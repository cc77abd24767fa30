//! What the fuzz targets check, shared by `fuzz/` (libFuzzer) and by
//! `tests/fuzz_regressions.rs`, which replays every input a target ever failed on.
//! Each check takes the raw input bytes and panics on a failure.

// Each fuzz target uses one of the checks.
#![allow(dead_code)]

use iqchannels_proto::methods::{self, MethodVisitor};
use iqchannels_proto::{codec, Credentials, Method};

/// Whether `body` is one valid JSON value: UTF-8 of RFC 8259's syntax. (Not "what
/// `serde_json::Value` accepts": `Value` refuses numbers beyond `f64`, such as `1e400`,
/// which are valid JSON and which Go's decoder skips too.)
fn valid_json(body: &[u8]) -> bool {
    std::str::from_utf8(body)
        .is_ok_and(|text| serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok())
}

struct ResponseCheck<'a>(&'a [u8]);

impl MethodVisitor for ResponseCheck<'_> {
    type Output = ();

    fn visit<M: Method>(&mut self) {
        let Ok(decoded) = codec::decode_response::<M>(self.0) else {
            return;
        };
        assert!(valid_json(self.0), "decoded a body that is not valid JSON");
        let encoded = codec::encode_response(&decoded.value).expect("the crate's types encode");
        let again = codec::decode_response::<M>(&encoded).expect("what the crate encodes decodes");
        assert!(
            again.warnings.is_empty(),
            "what the crate encodes decodes without warnings"
        );
        assert_eq!(
            again.value, decoded.value,
            "decode, encode, decode: the same value"
        );
        let reencoded = codec::encode_response(&again.value).expect("the crate's types encode");
        assert_eq!(
            reencoded, encoded,
            "decode, encode, decode, encode: the same bytes"
        );
        // Resolution never fails on what decodes.
        let graph = decoded.value.graph.clone().unwrap_or_default();
        let index = graph.index();
        let _ = index.dangling(&decoded.value);
        if let Some(data) = &decoded.value.data {
            let _ = index.resolve_all(data);
        }
    }
}

struct RequestCheck<'a>(&'a [u8]);

impl MethodVisitor for RequestCheck<'_> {
    type Output = ();

    fn visit<M: Method>(&mut self) {
        let strict = strict_request::<M>(self.0);
        go_request::<M>(self.0, strict.as_ref());
    }
}

/// The strict reading: serde_json's on UTF-8, within the limits (the fast reader reads
/// what serde_json reads, and what it leaves, serde_json reads or refuses), of what Go
/// reads with no warning.
fn strict_request<M: Method>(body: &[u8]) -> Option<M> {
    let plain = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<M>(text).ok());
    let request = match codec::decode_request_strict::<M>(body) {
        Ok(request) => request,
        Err(error) => {
            // serde_json reads keys Go matches ignoring case as unknown: refused for
            // those, or for a limit.
            assert!(
                plain.is_none()
                    || error.kind() == iqchannels_proto::DecodeErrorKind::Limit
                    || error.message().contains("only ignoring case"),
                "refused what serde_json reads: {error}"
            );
            return None;
        }
    };
    assert_eq!(plain.as_ref(), Some(&request), "read other than serde_json");
    assert!(valid_json(body), "decoded a body that is not valid JSON");
    let encoded = codec::encode_request(&request).expect("the crate's types encode");
    let again =
        codec::decode_request_strict::<M>(&encoded.body).expect("what the crate encodes decodes");
    assert_eq!(again, request, "decode, encode, decode: the same value");
    let reencoded = codec::encode_request(&again).expect("the crate's types encode");
    assert_eq!(
        reencoded.body, encoded.body,
        "decode, encode, decode, encode: the same bytes"
    );
    Some(request)
}

/// Go's reading: what strict reading accepts, it reads the same with no warning; what it
/// refuses, strict reading refuses; what it reads is written in the documented form,
/// which strict reading reads back the same.
fn go_request<M: Method>(body: &[u8], strict: Option<&M>) {
    let decoded = match codec::decode_request::<M>(body) {
        Ok(decoded) => decoded,
        Err(error) => {
            assert!(
                strict.is_none(),
                "Go's reading refused what strict reading reads: {error}"
            );
            assert!(error.line() >= 1 && error.column() >= 1, "{error}");
            return;
        }
    };
    if let Some(strict) = strict {
        assert_eq!(
            &decoded.value, strict,
            "Go's reading differs from strict reading"
        );
        assert!(
            decoded.warnings.is_empty(),
            "warnings on a body strict reading reads: {:?}",
            decoded.warnings
        );
    } else {
        assert!(
            !decoded.warnings.is_empty() || decoded.more_warnings > 0,
            "strict reading refused a body Go's reading reads without a warning"
        );
    }
    for warning in &decoded.warnings {
        assert!(warning.line() >= 1 && warning.column() >= 1, "{warning}");
        assert_eq!(warning.path(), warning.error().path());
    }
    let encoded = codec::encode_request(&decoded.value).expect("the crate's types encode");
    let again = codec::decode_request_strict::<M>(&encoded.body)
        .expect("what Go's reading reads is written in the documented form");
    assert_eq!(
        again, decoded.value,
        "Go's read, encode, strict read: the same value"
    );
}

/// Any bytes, as a response of every method.
pub fn decode_response(body: &[u8]) {
    methods::visit_all(&mut ResponseCheck(body));
}

/// Any bytes, as a request of every method, read strictly and as Go reads it.
pub fn decode_request(body: &[u8]) {
    methods::visit_all(&mut RequestCheck(body));
}

/// Any value of the public types, made from the bytes, encodes to valid JSON and decodes
/// back equal.
#[cfg(feature = "arbitrary")]
pub fn roundtrip_model(bytes: &[u8]) {
    use arbitrary::{Arbitrary, Unstructured};
    use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};

    let mut input = Unstructured::new(bytes);
    if let Ok(response) = iqchannels_proto::Response::<CreateMessageData>::arbitrary(&mut input) {
        let encoded = codec::encode_response(&response).expect("the crate's types encode");
        assert!(valid_json(&encoded));
        let decoded = codec::decode_response::<CreateMessage>(&encoded)
            .expect("what the crate encodes decodes");
        assert!(decoded.warnings.is_empty());
        assert_eq!(decoded.value, response);
    }
    if let Ok(request) = CreateMessage::arbitrary(&mut input) {
        let encoded = codec::encode_request(&request).expect("the crate's types encode");
        assert!(valid_json(&encoded.body));
        assert_eq!(
            codec::decode_request_strict::<CreateMessage>(&encoded.body).expect("decodes"),
            request
        );
        let decoded = codec::decode_request::<CreateMessage>(&encoded.body).expect("decodes");
        assert!(decoded.warnings.is_empty());
        assert_eq!(decoded.value, request);
    }
    // The chat API's entities: each written by the crate's encoder as a response's data,
    // and read back.
    macro_rules! entities {
        ($($entity:ident),*) => {$(
            if let Ok(value) = iqchannels_proto::$entity::arbitrary(&mut input) {
                let response = iqchannels_proto::Response::success(value, Default::default());
                let encoded = codec::encode_response(&response).expect("the crate's types encode");
                assert!(valid_json(&encoded));
                let envelope: serde_json::Value = serde_json::from_slice(&encoded).expect("JSON");
                let data: iqchannels_proto::$entity =
                    serde_json::from_value(envelope["Data"].clone()).expect("decodes");
                assert_eq!(Some(&data), response.data.as_ref());
            }
        )*};
    }
    entities!(
        Channel,
        ChannelMember,
        Chat,
        ChatMember,
        ChatEvent,
        ChatInbox,
        ChatInboxThread,
        ChatMessage,
        ChatNotice,
        ClientSession,
        ClientAuth
    );
}

/// Any bytes as a token, of either kind and as either header: refused, or rendered as a
/// header value of allowed bytes only; the token never shows in `Debug`, `Display` or an
/// error.
pub fn credentials(bytes: &[u8]) {
    use iqchannels_proto::{CredentialKind, CredentialsError};

    // What credentials and errors may show, whatever the token: `Debug` and `Display` of
    // credentials with a token that is not the input's, and of every error (whose only
    // data is a byte position, the digits of which are left out of the comparison).
    let no_digits = |text: &str| {
        text.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    let shown = |kind: CredentialKind| {
        let other = match kind {
            CredentialKind::UserSession => Credentials::user_session("not-the-token"),
            _ => Credentials::service_account("not-the-token"),
        };
        let other = other.expect("a valid token");
        (format!("{other:?}"), other.to_string())
    };
    let errors = [
        CredentialsError::Empty,
        CredentialsError::InvalidByte { position: 0 },
        CredentialsError::NoSessionCookie,
        CredentialsError::NotBearer,
    ];
    let vocabulary: String = errors
        .iter()
        .map(|error| no_digits(&format!("{error:?}\n{error}\n")))
        .collect();
    let check = |result: Result<Credentials, CredentialsError>, token: &str| match result {
        Ok(credentials) => {
            let value = credentials.header_value();
            assert!(
                value
                    .bytes()
                    .all(|byte| byte == b' ' || byte.is_ascii_graphic()),
                "a header value of visible ASCII and spaces only"
            );
            assert!(http_header_value(&value), "http accepts the header value");
            let (debug, display) = shown(credentials.kind());
            assert_eq!(
                format!("{credentials:?}"),
                debug,
                "Debug does not depend on the token"
            );
            assert_eq!(
                credentials.to_string(),
                display,
                "Display does not depend on the token"
            );
        }
        Err(error) => {
            let text = no_digits(&format!("{error:?}\n{error}\n"));
            assert!(
                vocabulary.contains(&text),
                "an error says only what errors say: {text}"
            );
            let token = no_digits(token);
            assert!(token.len() < 12 || !text.contains(&token) || vocabulary.contains(&token));
        }
    };
    let lossy = String::from_utf8_lossy(bytes);
    check(Credentials::user_session(lossy.as_ref()), &lossy);
    check(Credentials::service_account(lossy.as_ref()), &lossy);
    check(Credentials::from_cookie_header(bytes), &lossy);
    check(Credentials::from_authorization_header(bytes), &lossy);
    let mut header = b"user-session=".to_vec();
    header.extend_from_slice(bytes);
    check(Credentials::from_cookie_header(&header), &lossy);
    let mut header = b"Bearer ".to_vec();
    header.extend_from_slice(bytes);
    check(Credentials::from_authorization_header(&header), &lossy);
}

/// RFC 9110's field-value: visible ASCII, spaces and tabs; never CR, LF or NUL.
fn http_header_value(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|byte| byte == b'\t' || byte == b' ' || (0x21..=0x7e).contains(&byte))
}

/// Any bytes as a Server-Sent Events stream: its first byte picks a chunk size, and the
/// rest fed in chunks of that size gives the same frames, in the same order, with the
/// same resume points, as fed whole; the same bytes as one WebSocket message never panic.
pub fn stream(bytes: &[u8]) {
    use iqchannels_proto::stream::StreamDecoder;

    let Some((&size, stream)) = bytes.split_first() else {
        return;
    };
    let read = |chunk: usize| {
        let mut decoder = StreamDecoder::new();
        let mut frames = Vec::new();
        for part in stream.chunks(chunk.max(1)) {
            decoder.push(part);
            frames.extend(std::iter::from_fn(|| decoder.next_frame()));
        }
        let ids = (
            decoder.last_event_id(),
            decoder.last_sse_id().map(str::to_owned),
        );
        (frames, ids)
    };
    assert_eq!(
        read(usize::from(size)),
        read(stream.len()),
        "chunks change the frames"
    );
    let mut decoder = StreamDecoder::new();
    decoder.push_message(stream);
    assert!(decoder.next_frame().is_some(), "a message is one frame");
}
