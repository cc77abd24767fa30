//! What the fuzz targets check, shared by `fuzz/` (libFuzzer) and by
//! `tests/fuzz_regressions.rs`, which replays every input a target ever failed on.
//! Each check takes the raw input bytes and panics on a failure.

// Each fuzz target uses one of the checks.
#![allow(dead_code)]

#[path = "proxy.rs"]
mod proxy;

use iqchannels_proto::api::{self as methods, MethodVisitor};
use iqchannels_proto::methods::BodyKind;
use iqchannels_proto::{codec, Credentials, Messages, Method};

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

    fn visit<M: Method>(&mut self)
    where
        M::Data: Messages,
    {
        let Ok(decoded) = codec::decode_response::<M>(self.0) else {
            return;
        };
        assert!(valid_json(self.0), "decoded a body that is not valid JSON");
        let encoded =
            codec::encode_response::<M>(&decoded.value).expect("the crate's types encode");
        let again = codec::decode_response::<M>(&encoded).expect("what the crate encodes decodes");
        // Nothing is left out of what the crate encodes; a departure (a value kept as it
        // came that an official client would refuse) is kept, so found again, at the same
        // place.
        let departures = |warnings: &[codec::Warning]| -> Vec<(codec::WarningKind, String)> {
            warnings
                .iter()
                .filter(|warning| warning.kind() != codec::WarningKind::LeftOut)
                // Below `Data`/`Result`, `Graph`/`Rels`: the spelling the method writes.
                .map(|warning| {
                    let path = warning.path();
                    let below = path.find(['.', '[']).map_or("", |at| &path[at..]);
                    (warning.kind(), below.to_owned())
                })
                .collect()
        };
        assert!(
            again
                .warnings
                .iter()
                .all(|warning| warning.kind() != codec::WarningKind::LeftOut),
            "what the crate encodes decodes with nothing left out"
        );
        if decoded.more_warnings == 0 {
            assert_eq!(
                departures(&again.warnings),
                departures(&decoded.warnings),
                "the departures kept are found again"
            );
        }
        assert_eq!(
            again.value, decoded.value,
            "decode, encode, decode: the same value"
        );
        let reencoded =
            codec::encode_response::<M>(&again.value).expect("the crate's types encode");
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

    fn visit<M: Method>(&mut self)
    where
        M::Data: Messages,
    {
        let strict = strict_request::<M>(self.0);
        go_request::<M>(self.0, strict.as_ref());
    }
}

/// A request body of `M` read strictly, as a server reads it: through
/// `decode_request_with`, which also takes no body for a method that takes none
/// (`decode_request_strict` reads a JSON value only).
fn read_strictly<M: Method>(body: &[u8]) -> Result<M, iqchannels_proto::DecodeError> {
    codec::decode_request_with::<M>(body, &codec::Limits::default(), codec::Reading::Strict)
        .map(|decoded| decoded.value)
}

/// The strict reading: serde_json's on UTF-8, within the limits (the fast reader reads
/// what serde_json reads, and what it leaves, serde_json reads or refuses), of what Go
/// reads with no warning.
fn strict_request<M: Method>(body: &[u8]) -> Option<M> {
    let plain = std::str::from_utf8(body)
        .ok()
        .and_then(|text| serde_json::from_str::<M>(text).ok());
    let request = match read_strictly::<M>(body) {
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
    // No body is the documented form of a method that takes none (serde_json reads no
    // value there).
    let no_json = matches!(M::METADATA.body, BodyKind::Empty | BodyKind::Multipart);
    if !(no_json && body.is_empty()) {
        assert_eq!(plain.as_ref(), Some(&request), "read other than serde_json");
        assert!(valid_json(body), "decoded a body that is not valid JSON");
    }
    if M::METADATA.body == BodyKind::Multipart {
        // Its form is read by `files::read_upload`: tests/multipart.rs.
        return Some(request);
    }
    let encoded = codec::encode_request(&request).expect("the crate's types encode");
    let again = read_strictly::<M>(&encoded.body).expect("what the crate encodes decodes");
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
    if M::METADATA.body == BodyKind::Multipart {
        return;
    }
    let encoded = codec::encode_request(&decoded.value).expect("the crate's types encode");
    let again = read_strictly::<M>(&encoded.body)
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

/// Whether some object of the JSON `text` has a key twice (where readers may differ on
/// which one counts).
fn has_duplicate_keys(text: &str) -> bool {
    use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

    struct Duplicates;

    impl<'de> Visitor<'de> for Duplicates {
        type Value = bool;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut keys = std::collections::BTreeSet::new();
            let mut twice = false;
            while let Some(key) = map.next_key::<String>()? {
                twice |= !keys.insert(key);
                twice |= map.next_value::<Found>()?.0;
            }
            Ok(twice)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
            let mut twice = false;
            while let Some(found) = seq.next_element::<Found>()? {
                twice |= found.0;
            }
            Ok(twice)
        }

        fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_str<E>(self, _: &str) -> Result<bool, E> {
            Ok(false)
        }
        fn visit_unit<E>(self) -> Result<bool, E> {
            Ok(false)
        }
    }

    struct Found(bool);

    impl<'de> serde::Deserialize<'de> for Found {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(Duplicates).map(Found)
        }
    }

    let _ = IgnoredAny;
    serde_json::from_str::<Found>(text).map_or(true, |found| found.0)
}

struct ProxyCheck<'a>(&'a [u8], &'a serde_json::Map<String, serde_json::Value>);

impl MethodVisitor for ProxyCheck<'_> {
    type Output = ();

    fn visit<M: Method>(&mut self)
    where
        M::Data: Messages,
    {
        let Ok(decoded) = codec::decode_response::<M>(self.0) else {
            return;
        };
        if decoded
            .warnings
            .iter()
            .any(|warning| warning.kind() == codec::WarningKind::LeftOut)
        {
            return;
        }
        let Some(expected) = proxy::response::<M::Data>(self.1, M::METADATA.spelling) else {
            return;
        };
        let written =
            codec::encode_response::<M>(&decoded.value).expect("the crate's types encode");
        let written: serde_json::Value =
            serde_json::from_slice(&written).expect("the crate writes JSON");
        assert_eq!(
            proxy::numbers(&written),
            proxy::numbers(&expected),
            "{}: decode then encode is the input but for the schemas' normalisations",
            M::METADATA.path
        );
    }
}

/// The transparent proxy (`support/proxy.rs`): any response that decodes (with nothing
/// left out), decoded and encoded again as each method whose data it fits, is the input
/// back as a JSON value, but for the normalisations the schemas state. Inputs where
/// JSON readers may differ (a key twice in an object, numbers `serde_json::Value`
/// refuses) are left out.
pub fn proxy(body: &[u8]) {
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let Ok(serde_json::Value::Object(members)) = serde_json::from_str(text) else {
        return;
    };
    if has_duplicate_keys(text) {
        return;
    }
    methods::visit_all(&mut ProxyCheck(body, &members));
}

/// Any bytes, as a request of every method, read strictly and as Go reads it.
pub fn decode_request(body: &[u8]) {
    methods::visit_all(&mut RequestCheck(body));
}

/// Whether every warning is a departure the value holds (an id of letters, an absent
/// field a client requires): a value the types allow, which the crate writes as it is and
/// reports when it reads it back. Any other warning is the encoder writing what its own
/// decoder has to mend.
#[cfg(feature = "arbitrary")]
fn departures_only(warnings: &[iqchannels_proto::codec::Warning]) -> bool {
    use iqchannels_proto::codec::WarningKind;
    warnings
        .iter()
        .all(|warning| matches!(warning.kind(), WarningKind::Absent | WarningKind::NotDigits))
}

/// Any value of the public types, made from the bytes, encodes to valid JSON and decodes
/// back equal, with no warning but the departures the value holds.
#[cfg(feature = "arbitrary")]
pub fn roundtrip_model(bytes: &[u8]) {
    use arbitrary::{Arbitrary, Unstructured};
    use iqchannels_proto::api::tickets::{CreateMessage, CreateMessageData};
    use iqchannels_proto::envelope::Spelling;

    let mut input = Unstructured::new(bytes);
    if let Ok(response) = iqchannels_proto::Response::<CreateMessageData>::arbitrary(&mut input) {
        let encoded =
            codec::encode_response::<CreateMessage>(&response).expect("the crate's types encode");
        assert!(valid_json(&encoded));
        let decoded = codec::decode_response::<CreateMessage>(&encoded)
            .expect("what the crate encodes decodes");
        assert!(departures_only(&decoded.warnings), "{:?}", decoded.warnings);
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
    // The chat API's and the public API's entities (`public-api.md` §4): each written by
    // the crate's encoder as a response's data, and read back by the crate's decoder
    // (not through `serde_json::Value`, whose floats may come back one unit in the last
    // place away: raw JSON keeps its text, so a float in it must come back to the digit).
    macro_rules! entities {
        ($($entity:ident),*) => {$(
            if let Ok(value) = iqchannels_proto::$entity::arbitrary(&mut input) {
                let response = iqchannels_proto::Response::success(value, Default::default());
                let encoded = codec::encode_response_as(&response, Spelling::DataGraph)
                    .expect("the crate's types encode");
                assert!(valid_json(&encoded));
                let decoded = codec::decode_response_as::<iqchannels_proto::$entity>(&encoded)
                    .expect("what the crate encodes decodes");
                assert!(departures_only(&decoded.warnings), "{:?}", decoded.warnings);
                assert_eq!(decoded.value.data, response.data);
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
        ClientAuth,
        Client,
        File,
        Rating,
        RatingPoll,
        RatingPollQuestion,
        SingleChoice,
        Action,
        Product,
        TransferToChannel,
        Language,
        Languages,
        ChatSettings,
        GreetingSettings,
        Blocker,
        EndAppealSettings,
        FilesConfig,
        InfoRequest,
        PersonalDataForm,
        AdvancedUnread,
        AdvancedUnreadResult,
        ServerVersion
    );
}

/// Any bytes as a token, of each kind and in each carrier: refused, or rendered as a
/// header value of allowed bytes only that reads back the same; as request headers (one
/// `name: value` a line): read without panicking, the kind read one accepted; as an
/// `x-client-token`: refused, or read back the same after encoding again; as a stream
/// token's inputs: signed, encoded, parsed and verified. The token never shows in `Debug`,
/// `Display` or an error.
pub fn credentials(bytes: &[u8]) {
    use iqchannels_proto::{
        Carrier, ClientSessionCookie, ClientStreamToken, CredentialKind, CredentialsError,
        StreamTokenError,
    };

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
            CredentialKind::Client => Credentials::client("not-the-token"),
            _ => Credentials::service_account("not-the-token"),
        };
        let other = other.expect("a valid token");
        (format!("{other:?}"), other.to_string())
    };
    let errors = [
        CredentialsError::Empty,
        CredentialsError::InvalidByte { position: 0 },
        CredentialsError::NoSessionCookie,
        CredentialsError::NoClientSessionCookie,
        CredentialsError::UnknownScheme,
    ];
    let stream_errors = [
        StreamTokenError::TooLong,
        StreamTokenError::NotBase64,
        StreamTokenError::NotSignedJson,
        StreamTokenError::InvalidSign,
        StreamTokenError::InvalidText,
        StreamTokenError::BadSignature,
        StreamTokenError::Expired,
        StreamTokenError::FromTheFuture,
    ];
    let vocabulary: String = errors
        .iter()
        .map(|error| no_digits(&format!("{error:?}\n{error}\n")))
        .collect();
    let carriers = [
        Carrier::Authorization,
        Carrier::XClientAuthorization,
        Carrier::ClientSessionCookie,
        Carrier::UserSessionCookie,
    ];
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
            for carrier in carriers {
                let Some((name, value)) = credentials.header_in(carrier) else {
                    continue;
                };
                assert!(http_header_value(&value), "http accepts {name}'s value");
                assert_eq!(
                    Credentials::from_headers([(name, &value)], &[credentials.kind()]),
                    Ok(Some((credentials.clone(), carrier))),
                    "{carrier:?} reads back the same"
                );
            }
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
    check(Credentials::client(lossy.as_ref()), &lossy);
    check(Credentials::from_cookie_header(bytes), &lossy);
    check(Credentials::from_client_cookie_header(bytes), &lossy);
    check(Credentials::from_authorization_header(bytes), &lossy);
    check(
        Credentials::from_x_client_authorization_header(bytes),
        &lossy,
    );
    for prefix in [
        &b"user-session="[..],
        b"client-session=",
        b"Bearer ",
        b"Client ",
    ] {
        let mut header = prefix.to_vec();
        header.extend_from_slice(bytes);
        let read = match prefix[0] {
            b'u' => Credentials::from_cookie_header(&header),
            b'c' => Credentials::from_client_cookie_header(&header),
            _ => Credentials::from_authorization_header(&header),
        };
        check(read, &lossy);
    }

    // The bytes as request headers, one `name: value` a line.
    let headers: Vec<(&[u8], &[u8])> = bytes
        .split(|byte| *byte == b'\n')
        .map(|line| match line.iter().position(|byte| *byte == b':') {
            Some(colon) => (&line[..colon], &line[colon + 1..]),
            None => (line, &[][..]),
        })
        .collect();
    let all = Credentials::from_headers(headers.iter().copied(), CredentialKind::ALL);
    for accept in [
        CredentialKind::ALL,
        CredentialKind::INTERNAL_API,
        CredentialKind::PUBLIC_API,
    ] {
        match Credentials::from_headers(headers.iter().copied(), accept) {
            Ok(Some((credentials, carrier))) => {
                assert!(accept.contains(&credentials.kind()), "an accepted kind");
                assert!(credentials.header_in(carrier).is_some(), "its own carrier");
                check(Ok(credentials), &lossy);
            }
            Ok(None) => {}
            Err(error) => check(Err(error), &lossy),
        }
    }
    if let Ok(Some((credentials, carrier))) = all {
        // Fewer kinds accepted, the same winner when it is of one of them.
        assert_eq!(
            Credentials::from_headers(headers.iter().copied(), &[credentials.kind()]),
            Ok(Some((credentials, carrier))),
            "the winner among all kinds wins among its own"
        );
    }

    // The bytes as an `x-client-token`.
    let stream_vocabulary: String = stream_errors
        .iter()
        .map(|error| format!("{error:?}\n{error}\n"))
        .collect();
    match ClientStreamToken::parse(bytes) {
        Ok(token) => {
            let again = ClientStreamToken::parse(token.encode()).expect("encoded, it reads back");
            assert_eq!(
                (
                    again.session_id(),
                    again.time_ms(),
                    again.token_text(),
                    again.sign()
                ),
                (
                    token.session_id(),
                    token.time_ms(),
                    token.token_text(),
                    token.sign()
                )
            );
            for (max_age, now) in [(0, token.time_ms()), (u64::MAX, i64::MAX), (0, i64::MIN)] {
                if let Err(error) = token.verify(&lossy, max_age, now) {
                    assert!(stream_vocabulary.contains(&format!("{error:?}\n{error}\n")));
                }
            }
            let other = ClientStreamToken::new(token.session_id(), "not-the-key", token.time_ms());
            assert_eq!(
                format!("{token:?}"),
                format!("{other:?}"),
                "Debug does not depend on the sign"
            );
        }
        Err(error) => {
            let text = format!("{error:?}\n{error}\n");
            assert!(
                stream_vocabulary.contains(&text),
                "a stream token error: {text}"
            );
        }
    }

    // The bytes as a stream token's inputs: a session id, a time and the session's token.
    if let Some((numbers, key)) = bytes.split_first_chunk::<16>() {
        let id = i64::from_le_bytes(numbers[..8].try_into().expect("8 bytes"));
        let time = i64::from_le_bytes(numbers[8..].try_into().expect("8 bytes"));
        let key = String::from_utf8_lossy(key);
        let token = ClientStreamToken::new(id, &key, time);
        let encoded = token.encode();
        let read = ClientStreamToken::parse(&encoded).expect("a built token reads back");
        assert_eq!((read.session_id().get(), read.time_ms()), (id, time));
        assert_eq!(read.verify(&key, 0, time), Ok(()));
        assert_eq!(
            read.verify(&format!("{key}x"), u64::MAX, time),
            Err(StreamTokenError::BadSignature)
        );
    }

    // The bytes as the token of a `client-session` cookie.
    match ClientSessionCookie::new(lossy.as_ref()) {
        Ok(cookie) => {
            assert!(http_header_value(&cookie.header_value()));
            let other = ClientSessionCookie::new("not-the-token").expect("a valid token");
            assert_eq!(format!("{cookie:?}"), format!("{other:?}"));
        }
        Err(error) => check(Err(error), &lossy),
    }
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

/// What one way of encoding a request gave: the request, or the path of the fault.
#[derive(Debug, PartialEq)]
pub enum Encoding {
    /// The verb, the target, the headers and the body (a JSON body as its value, any
    /// other as its text).
    Request(
        &'static str,
        String,
        Vec<(&'static str, String)>,
        Option<serde_json::Value>,
    ),
    /// Refused, at this path.
    Refused(String),
}

impl Encoding {
    fn of(encoded: codec::EncodedRequest) -> Self {
        let json = encoded
            .headers
            .iter()
            .any(|(_, value)| value == codec::CONTENT_TYPE);
        let body = (!encoded.body.is_empty()).then(|| {
            if !json {
                // A form: its text.
                return String::from_utf8_lossy(&encoded.body).into();
            }
            serde_json::from_slice(&encoded.body).unwrap_or_else(|error| {
                panic!(
                    "an encoded body is JSON: {error} in {}",
                    String::from_utf8_lossy(&encoded.body)
                )
            })
        });
        Self::Request(encoded.verb.as_str(), encoded.target, encoded.headers, body)
    }
}

/// A request encoded both ways, for the method at the path `called`: by the interpreter
/// from the value ([`codec::interpret`]) and by the typed path (the value deserialized as
/// the request type, its path's and query's parameters set from `called`, then
/// [`codec::encode_request`]), as the wasm package's `encodeRequest` did before the
/// interpreter.
pub struct BothEncodings<'a> {
    pub called: &'a str,
    pub request: &'a serde_json::Value,
}

impl MethodVisitor for BothEncodings<'_> {
    type Output = (Encoding, Encoding, BodyKind);

    fn visit<M: Method>(&mut self) -> Self::Output {
        use iqchannels_proto::methods::Target;
        use iqchannels_proto::schema::Wire;
        let interpreted = match codec::interpret::encode_request(
            &M::METADATA,
            &<M as Wire>::KIND,
            self.called,
            self.request,
        ) {
            Ok(encoded) => Encoding::of(encoded),
            Err(error) => Encoding::Refused(error.path().to_owned()),
        };
        let typed = (|| {
            let mut request: M =
                serde_path_to_error::deserialize(self.request).map_err(|error| {
                    match error.path().to_string().as_str() {
                        "." => String::new(),
                        path => path.to_owned(),
                    }
                })?;
            if let Some(target) = Target::read(&M::METADATA, self.called) {
                request
                    .set_path_params(&target.params)
                    .map_err(|(name, _)| format!(":{name}"))?;
                for (name, text) in &target.query {
                    request
                        .set_query_param(name, text)
                        .map_err(|_| format!("?{name}"))?;
                }
            }
            Ok::<_, String>(Encoding::of(
                codec::encode_request(&request).expect("a request encodes"),
            ))
        })()
        .unwrap_or_else(Encoding::Refused);
        (interpreted, typed, M::METADATA.body)
    }
}

/// The two encodings of `request` at `called` agree: the same request, or a refusal at
/// the same path. An upload is the one difference: the typed path writes the form of an
/// empty file, the interpreter refuses (the caller builds an upload's form).
pub fn encodings_agree(called: &str, request: &serde_json::Value) {
    let Some((interpreted, typed, body)) =
        methods::visit(called, &mut BothEncodings { called, request })
    else {
        return;
    };
    if body == BodyKind::Multipart {
        assert_eq!(interpreted, Encoding::Refused(String::new()));
        return;
    }
    assert_eq!(
        interpreted, typed,
        "the interpreter and the typed path differ on {called} with {request}"
    );
}

/// The paths of every method, in the registry's order.
pub fn method_paths() -> Vec<&'static str> {
    struct Path;
    impl MethodVisitor for Path {
        type Output = &'static str;
        fn visit<M: Method>(&mut self) -> &'static str {
            M::METADATA.path
        }
    }
    methods::visit_all(&mut Path)
}

/// The `encode_request` target: a method picked by the first byte, called at its template
/// with each `:name` made a value from the second byte's choice, and the rest read as a
/// JSON value (anything else is no request): both encodings agree on it.
pub fn encode_request(bytes: &[u8]) {
    let [pick, param, rest @ ..] = bytes else {
        return;
    };
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(rest) else {
        return;
    };
    let paths = method_paths();
    let template = paths[usize::from(*pick) % paths.len()];
    // A parameter's value: a number, a number out of range, a word, a signed number, a
    // query.
    let value = [
        "10",
        "99999999999999999999",
        "support",
        "+07",
        "5?limit=x&size=a",
    ][usize::from(*param) % 5];
    let called: String = template
        .split('/')
        .map(|segment| {
            if segment.starts_with(':') {
                value
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/");
    encodings_agree(&called, &request);
}

/// What one way of reading a response's data gave: its value as JSON text, in the order it
/// is written (`None` for absent or `null`), the messages it carries (each as JSON text;
/// text, not `serde_json::Value`, which refuses numbers beyond `f64` that raw JSON keeps),
/// and its references to the graph
/// (each path and reference); or the error, located.
pub type DataOutcome = Result<
    (Option<String>, Vec<String>, Vec<(String, String)>),
    (String, String, usize, usize, String),
>;

/// A response's data read both ways for the method it is visited with: by the typed path
/// ([`codec::decode_response`], the data serialized, its messages and references found
/// through the types) and by the interpreter ([`codec::interpret::data`], from the data's
/// raw JSON by the data type's kind). `None` when the body fails before its data could be
/// read (its JSON, its envelope, its graph).
pub struct BothData<'a>(pub &'a [u8]);

impl MethodVisitor for BothData<'_> {
    type Output = Option<(DataOutcome, DataOutcome)>;

    fn visit<M: Method>(&mut self) -> Self::Output {
        use codec::interpret::data;
        use iqchannels_proto::model::MessageRef;
        use iqchannels_proto::schema::{MessageKind, Wire};
        use iqchannels_proto::{ChatMessage, Message};
        let body = std::str::from_utf8(self.0).ok()?;
        // The data's raw JSON and its key, when the envelope reads as one that gives it
        // once (the envelope refuses a second, before the data is read).
        let entries = envelope_entries(body)?;
        let mut data = entries
            .iter()
            .filter(|(key, _)| key == "Data" || key == "Result");
        let (key, raw) = data.next()?;
        if data.next().is_some() {
            return None;
        }
        let (key, raw) = (if key == "Data" { "Data" } else { "Result" }, *raw);
        let value = |value: &dyn erased::Serialize| erased::to_value(value);
        let typed = match codec::decode_response::<M>(self.0) {
            Ok(decoded) => {
                let messages = decoded
                    .value
                    .data
                    .as_ref()
                    .map(|data| data.all_messages())
                    .unwrap_or_default()
                    .into_iter()
                    .map(|message| match message {
                        MessageRef::Ticket(message) => value(message),
                        MessageRef::Chat(message) => value(message),
                        _ => unreachable!("a message of a kind the check does not know"),
                    })
                    .collect();
                let references = iqchannels_proto::references::collect(&decoded.value)
                    .into_iter()
                    .filter(|(path, _)| path.starts_with("Data"))
                    .map(|(path, reference)| (path, reference.to_string()))
                    .collect();
                let data = decoded.value.data.as_ref().map(|data| value(data));
                Ok((data, messages, references))
            }
            // The data given twice is the envelope's fault, not the data's.
            Err(error)
                if error.path().starts_with(key)
                    && !(error.path() == key && error.message().starts_with("duplicate field")) =>
            {
                Err(located(&error))
            }
            Err(_) => return None,
        };
        let kind = &<M::Data as Wire>::KIND;
        let interpreted = if raw.get() == "null" {
            Ok((None, Vec::new(), Vec::new()))
        } else {
            let mut text = Vec::new();
            let written = data::write(
                body,
                raw.get(),
                kind,
                key,
                &mut serde_json::Serializer::new(&mut text),
            )
            .map(|()| String::from_utf8(text).expect("serde_json writes UTF-8"))
            .map_err(|error| match error {
                data::DataError::Decode(error) => located(&error),
                data::DataError::Write(error) => panic!("serde_json refused the data: {error}"),
            });
            let found = data::find(body, raw.get(), kind, key).map_err(|error| located(&error));
            match (written, found) {
                (Ok(written), Ok(found)) => {
                    let messages = found
                        .messages
                        .iter()
                        .map(|(kind, json)| match kind {
                            MessageKind::Ticket => {
                                value(&json.as_ref().map_or_else(Message::default, |noted| {
                                    serde_json::from_str::<Message>(noted.json).unwrap()
                                }))
                            }
                            MessageKind::Chat => {
                                value(&json.as_ref().map_or_else(ChatMessage::default, |noted| {
                                    serde_json::from_str::<ChatMessage>(noted.json).unwrap()
                                }))
                            }
                            _ => unreachable!("a message of a kind the check does not know"),
                        })
                        .collect();
                    let references = found
                        .references
                        .into_iter()
                        .map(|(path, reference)| (path, reference.to_string()))
                        .collect();
                    Ok((Some(canonical(&written)), messages, references))
                }
                (Err(error), Err(again)) => {
                    assert_eq!(error, again, "writing and finding fail alike");
                    Err(error)
                }
                (written, found) => panic!(
                    "writing and finding disagree: {:?} and {:?}",
                    written.map(|_| ()),
                    found.map(|_| ())
                ),
            }
        };
        Some((interpreted, typed))
    }
}

/// The keys of a JSON object and their raw values, in order, a key given twice given
/// twice; `None` for anything else.
fn envelope_entries(body: &str) -> Option<Vec<(String, &serde_json::value::RawValue)>> {
    struct Entries;
    impl<'de> serde::de::Visitor<'de> for Entries {
        type Value = Vec<(String, &'de serde_json::value::RawValue)>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut entries = Vec::new();
            while let Some(entry) = map.next_entry()? {
                entries.push(entry);
            }
            Ok(entries)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let entries = serde::Deserializer::deserialize_map(&mut deserializer, Entries).ok()?;
    deserializer.end().ok().map(|()| entries)
}

/// A value as JSON text, through `dyn` so that one closure takes any type.
mod erased {
    pub trait Serialize {
        fn to_text(&self) -> String;
    }

    impl<T: serde::Serialize> Serialize for T {
        fn to_text(&self) -> String {
            serde_json::to_string(self).expect("the crate's types serialize")
        }
    }

    pub fn to_value(value: &dyn Serialize) -> String {
        super::canonical(&value.to_text())
    }
}

/// A JSON text as the two readings are compared: each object's keys in order, a key given
/// twice the last one kept (the interpreter writes an object's keys in the body's order,
/// the typed value in its fields' order, then its unknown keys, or a map's in its keys'),
/// every other value as written. A text that is not JSON is itself.
pub fn canonical(text: &str) -> String {
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;
    fn write(raw: &RawValue, out: &mut String) -> Result<(), serde_json::Error> {
        let text = raw.get().trim();
        match text.as_bytes().first() {
            Some(b'{') => {
                let entries: BTreeMap<String, &RawValue> = serde_json::from_str(text)?;
                out.push('{');
                for (index, (key, value)) in entries.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(key)?);
                    out.push(':');
                    write(value, out)?;
                }
                out.push('}');
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(text)?;
                out.push('[');
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    write(item, out)?;
                }
                out.push(']');
            }
            _ => out.push_str(text),
        }
        Ok(())
    }
    let mut out = String::new();
    match serde_json::from_str::<&RawValue>(text).and_then(|raw| write(raw, &mut out)) {
        Ok(()) => out,
        Err(_) => text.to_owned(),
    }
}

/// The two readings of `body`'s data agree for the method at `path`.
pub fn data_readings_agree(path: &str, body: &[u8]) {
    if let Some(Some((interpreted, typed))) = methods::visit(path, &mut BothData(body)) {
        assert_eq!(
            interpreted,
            typed,
            "the interpreter and the typed path read the data of {path} differently in {}",
            String::from_utf8_lossy(body)
        );
    }
}

/// The `interpret_data` target: a method picked by the first byte, the rest its response
/// body: the interpreter reads the data, and the schemas the whole response, as the typed
/// path does.
pub fn interpret_data(bytes: &[u8]) {
    let [pick, body @ ..] = bytes else {
        return;
    };
    let paths = method_paths();
    let path = paths[usize::from(*pick) % paths.len()];
    data_readings_agree(path, body);
    response_readings_agree(path, body);
}

/// What a whole response reads as: the envelope written in the method's spelling and the
/// warnings; then, for a response that is OK, each message the data carries resolved
/// (the message, its author's kind and object, its avatar, its file) and the dangling
/// references; or the error (kind, path, line, column, message).
type ResponseOutcome = Result<ResponseReading, (String, String, usize, usize, String)>;

/// The parts of [`ResponseOutcome`] that a response that reads gives, as JSON texts.
type ResponseReading = (
    String,
    Vec<(String, String, usize, usize)>,
    Option<(Vec<[String; 4]>, Vec<(String, String)>)>,
);

/// A whole response read both ways for the method it is visited with: by the typed path
/// ([`codec::decode_response`], the response spelled, [`GraphIndex`] resolving) and by
/// the schemas ([`codec::interpret::response`]).
pub struct BothResponses<'a>(pub &'a [u8]);

impl MethodVisitor for BothResponses<'_> {
    type Output = (ResponseOutcome, ResponseOutcome);

    fn visit<M: Method>(&mut self) -> Self::Output {
        (view_reading::<M>(self.0), typed_reading::<M>(self.0))
    }
}

fn located(error: &codec::DecodeError) -> (String, String, usize, usize, String) {
    (
        error.kind().as_str().to_owned(),
        error.path().to_owned(),
        error.line(),
        error.column(),
        error.message().to_owned(),
    )
}

fn warning_texts(warnings: &[codec::Warning]) -> Vec<(String, String, usize, usize)> {
    warnings
        .iter()
        .map(|warning| {
            (
                warning.path().to_owned(),
                warning.error().message().to_owned(),
                warning.error().line(),
                warning.error().column(),
            )
        })
        .collect()
}

fn typed_reading<M: Method>(body: &[u8]) -> ResponseOutcome {
    use iqchannels_proto::graph::Author;
    use iqchannels_proto::model::MessageRef;
    let decoded = codec::decode_response::<M>(body).map_err(|error| located(&error))?;
    let response = &decoded.value;
    let written =
        canonical(&serde_json::to_string(&response.spelled(M::METADATA.spelling)).unwrap());
    // The elements left out; the departures (a value an official client would refuse,
    // kept) are the typed path's own report, which the schemas' reading does not make.
    let left_out: Vec<_> = decoded
        .warnings
        .iter()
        .filter(|warning| warning.kind() == codec::WarningKind::LeftOut)
        .cloned()
        .collect();
    let warnings = warning_texts(&left_out);
    if !response.ok {
        return Ok((written, warnings, None));
    }
    let index = response.index();
    let text = |value: &dyn erased::Serialize| erased::to_value(value);
    let author = |author: &Author<'_>| match author {
        Author::User(user) => ["user".to_owned(), text(user)],
        Author::Client(client) => ["client".to_owned(), text(client)],
        Author::System => ["system".to_owned(), String::new()],
        Author::Anonymous => ["anonymous".to_owned(), String::new()],
        Author::Missing(reference) => ["missing".to_owned(), reference.to_string()],
        _ => ["unknown".to_owned(), String::new()],
    };
    let file =
        |file: Option<&iqchannels_proto::File>| file.map(|file| text(file)).unwrap_or_default();
    let avatar = |author: &Author<'_>| match author {
        Author::User(user) => file(
            user.avatar_id
                .value()
                .filter(|id| !id.is_empty())
                .and_then(|id| index.file(id)),
        ),
        _ => String::new(),
    };
    let messages = response
        .data
        .as_ref()
        .map(|data| data.all_messages())
        .unwrap_or_default()
        .into_iter()
        .map(|message| match message {
            MessageRef::Ticket(message) => {
                let resolved = index.resolve(message);
                let [kind, object] = author(&resolved.author);
                [text(message), kind, object, avatar(&resolved.author)]
            }
            MessageRef::Chat(message) => {
                let resolved = index.chat_message_author(message);
                let [kind, object] = author(&resolved);
                let carried = file(message.file_id.as_ref().and_then(|id| index.file(id)));
                [
                    text(message),
                    kind,
                    format!("{object} {}", avatar(&resolved)),
                    carried,
                ]
            }
            _ => unreachable!("a message of a kind the check does not know"),
        })
        .collect();
    let dangling = index
        .dangling(response)
        .into_iter()
        .map(|dangling| (dangling.path, dangling.reference.to_string()))
        .collect();
    Ok((written, warnings, Some((messages, dangling))))
}

fn view_reading<M: Method>(body: &[u8]) -> ResponseOutcome {
    use codec::interpret::data::{Data, DataError};
    use codec::interpret::response::{AuthorView, DataParts, ResponseView};
    use iqchannels_proto::schema::{MessageKind, Wire};
    use iqchannels_proto::{ChatMessage, File, Message, User};
    let limits = codec::Limits::default();
    let spelling = M::METADATA.spelling;
    let kind = &<M::Data as Wire>::KIND;
    // Read as `decodeResponse` reads, each graph element and the data written in the walk
    // that checks it.
    let mut decoding = PartsAsJson::default();
    let view = ResponseView::read_writing(
        body,
        &limits,
        kind,
        false,
        &mut decoding,
        DataParts::Written,
    )
    .map_err(|error| located(&error))?;
    let mut written = Vec::new();
    view.write(
        spelling,
        kind,
        &mut serde_json::Serializer::new(&mut written),
    )
    .map_err(|error| match error {
        DataError::Decode(error) => located(&error),
        DataError::Write(error) => panic!("serde_json refused the response: {error}"),
    })?;
    let written = String::from_utf8(written).unwrap();
    assert_eq!(
        decoding.elements,
        graph_elements(&written),
        "the graph's elements are written in the walks that check them as the response has them"
    );
    assert_eq!(
        decoding.data,
        written_data(&written),
        "the data is written in the walk that checks it as the response has it"
    );
    // The items of a list, as the walk that wrote it met them (a stream frame's events),
    // and as a walk of a reading without a writer meets them.
    let is_list = matches!(kind, iqchannels_proto::schema::Kind::List(_));
    if let Some(Ok(items)) = view
        .data()
        .filter(|_| is_list)
        .map(serde_json::from_str::<Vec<&serde_json::value::RawValue>>)
    {
        let items: Vec<&str> = items.iter().map(|item| item.get()).collect();
        // Read as a stream frame is, for resolving, the data written.
        let mut framing = PartsAsJson::default();
        let frame =
            ResponseView::read_writing(body, &limits, kind, true, &mut framing, DataParts::Written)
                .expect("it read the first time");
        let met: Vec<&str> = frame.items(kind).iter().map(|item| item.json).collect();
        assert_eq!(met, items, "the data's items as its walk met them");
        let plain = ResponseView::read(body, &limits, kind, false).expect("it read");
        assert_eq!(
            plain.items(kind).as_ref(),
            frame.items(kind).as_ref(),
            "the items, and their places, met alike without a writer"
        );
    }
    let warnings = warning_texts(&view.warnings);
    let plain = ResponseView::read(body, &limits, kind, false).expect("it read the first time");
    assert_eq!(
        warning_texts(&plain.warnings),
        warnings,
        "read alike without a writer"
    );
    if !view.ok {
        return Ok((canonical(&written), warnings, None));
    }
    // Read again for resolving, as `resolveResponse` reads, each part written in the walk
    // that checks it: the same warnings, the graph's elements written as the response has
    // them, the same messages and references found.
    let mut parts = PartsAsJson::default();
    let view = ResponseView::read_writing(body, &limits, kind, true, &mut parts, DataParts::Found)
        .expect("it read the first time");
    assert_eq!(
        warning_texts(&view.warnings),
        warnings,
        "resolving reads the graph alike"
    );
    assert_eq!(
        parts.elements,
        graph_elements(&written),
        "the graph's elements are written in the walks that check them as the response has them"
    );
    let found = view.find(kind).expect("the data was written");
    let found_writing = view
        .find_writing(kind, &mut parts)
        .expect("the data was written");
    assert_eq!(found_writing.messages, found.messages, "the same messages");
    assert_eq!(
        found_writing.references, found.references,
        "the same references"
    );
    let index = view.index();
    let text = |json: &str, kind: &iqchannels_proto::schema::Kind| {
        canonical(&serde_json::to_string(&Data::new(view.body(), json, kind, "")).unwrap())
    };
    let present = found.messages.iter().filter_map(|(kind, json)| {
        let message_kind = match kind {
            MessageKind::Ticket => &<Message as Wire>::KIND,
            _ => &<ChatMessage as Wire>::KIND,
        };
        json.as_ref()
            .map(|noted| (noted.json.to_owned(), text(noted.json, message_kind)))
    });
    assert_eq!(
        parts.messages,
        present.collect::<Vec<_>>(),
        "each message is written in the walk that finds it as on its own"
    );
    let user = &<User as Wire>::KIND;
    let file = |json: Option<&str>| {
        json.map(|json| text(json, &<File as Wire>::KIND))
            .unwrap_or_default()
    };
    let messages = found
        .messages
        .iter()
        .map(|(kind, json)| {
            let resolved = index.resolve(*kind, json.as_ref());
            let message_kind = match kind {
                MessageKind::Ticket => &<Message as Wire>::KIND,
                _ => &<ChatMessage as Wire>::KIND,
            };
            let message = match json {
                Some(noted) => text(noted.json, message_kind),
                None => canonical(&serde_json::to_string(&Data::zero(message_kind)).unwrap()),
            };
            let [author, object] = match &resolved.author {
                AuthorView::User(json) => ["user".to_owned(), text(json, user)],
                AuthorView::Client(json) => [
                    "client".to_owned(),
                    text(json, &<iqchannels_proto::Client as Wire>::KIND),
                ],
                AuthorView::System => ["system".to_owned(), String::new()],
                AuthorView::Anonymous => ["anonymous".to_owned(), String::new()],
                AuthorView::Missing(reference) => ["missing".to_owned(), reference.to_string()],
                _ => ["unknown".to_owned(), String::new()],
            };
            match kind {
                MessageKind::Ticket => [message, author, object, file(resolved.avatar)],
                _ => [
                    message,
                    author,
                    format!("{object} {}", file(resolved.avatar)),
                    file(resolved.file),
                ],
            }
        })
        .collect();
    let dangling = view
        .dangling(&found, &index)
        .into_iter()
        .map(|dangling| (dangling.path, dangling.reference.to_string()))
        .collect();
    Ok((canonical(&written), warnings, Some((messages, dangling))))
}

/// A [`WriteParts`](codec::interpret::data::WriteParts) that writes each part as JSON, as
/// `resolveResponse`'s tape writes it: each message (its JSON in the body, and as written),
/// each graph element kept (as written).
#[derive(Default)]
struct PartsAsJson {
    messages: Vec<(String, String)>,
    elements: Vec<String>,
    /// The data, as written (each object's keys in order).
    data: Option<String>,
    /// How many messages and elements there were when the reading began.
    begun: (usize, usize),
}

impl codec::interpret::data::WriteParts for PartsAsJson {
    fn message(&mut self, message: &codec::interpret::data::MessageValue<'_, '_, '_, '_>) -> bool {
        match serde_json::to_string(message) {
            Ok(text) => {
                self.messages
                    .push((message.json().to_owned(), canonical(&text)));
                true
            }
            Err(_) => false,
        }
    }

    fn element(&mut self, _: &str, element: &codec::interpret::data::Data<'_, '_>) -> bool {
        match serde_json::to_string(element) {
            Ok(text) if !element.faulty() => {
                self.elements.push(text);
                true
            }
            _ => false,
        }
    }

    fn data(&mut self, data: &codec::interpret::data::Data<'_, '_>) -> bool {
        match serde_json::to_string(data) {
            Ok(text) if !data.faulty() => {
                self.data = Some(canonical(&text));
                true
            }
            _ => false,
        }
    }

    fn begin(&mut self) {
        self.begun = (self.messages.len(), self.elements.len());
    }

    fn undo(&mut self) {
        self.messages.truncate(self.begun.0);
        self.elements.truncate(self.begun.1);
        self.data = None;
    }
}

/// The data of `written` (a response as serialized), each object's keys in order; `None`
/// when it is `null`.
fn written_data(written: &str) -> Option<String> {
    use serde_json::value::RawValue;
    use std::collections::HashMap;
    let envelope: HashMap<String, &RawValue> = serde_json::from_str(written).unwrap();
    let data = envelope.get("Data").or_else(|| envelope.get("Result"))?;
    (data.get() != "null").then(|| canonical(data.get()))
}

/// The elements of the typed collections of the graph of `written` (a response as
/// serialized), in the order it writes them.
fn graph_elements(written: &str) -> Vec<String> {
    use serde_json::value::RawValue;
    use std::collections::HashMap;
    let envelope: HashMap<String, &RawValue> = serde_json::from_str(written).unwrap();
    let Some(graph) = envelope.get("Graph").or_else(|| envelope.get("Rels")) else {
        return Vec::new();
    };
    let graph: Option<Ordered<'_>> = serde_json::from_str(graph.get()).unwrap();
    graph
        .map(|graph| graph.0)
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| iqchannels_proto::graph::Graph::TYPED.contains(&name.as_str()))
        .flat_map(|(_, collection)| {
            serde_json::from_str::<Vec<&RawValue>>(collection.get()).unwrap()
        })
        .map(|element| element.get().to_owned())
        .collect()
}

/// An object's entries in its order, each value raw.
struct Ordered<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de: 'a, 'a> serde::Deserialize<'de> for Ordered<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Entries<'a> {
            type Value = Ordered<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Ordered<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Ordered(entries))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// The byte offset in `body` of a 1-based line and column.
fn offset_of(body: &[u8], (line, column): (usize, usize)) -> usize {
    let start = body
        .iter()
        .enumerate()
        .filter(|(_, byte)| **byte == b'\n')
        .nth(line.saturating_sub(2))
        .map_or(0, |(at, _)| at + 1);
    let start = if line <= 1 { 0 } else { start };
    start + column.saturating_sub(1)
}

/// The two readings of the whole response `body` agree for the method at `path`.
///
/// Differences are known and allowed only for a body whose text is at fault (not JSON,
/// not UTF-8, over a limit), where the schemas read the JSON first as raw values and then
/// the data by its kind: the text's fault (serde_json's, not the interpreter's) found at
/// the same place or a byte or two apart (serde_json's raw reading stops before a control
/// character in a string, its typed reading after it), named otherwise ("key must be a string" for a trailing comma; "invalid
/// number" for a number cut by an invalid UTF-8 byte, where the typed reading reaches the
/// byte, or a fault of the data's type met at the same place) and at the enclosing raw
/// value's path; and a fault of the text within the data, where the typed
/// path, reading the data as it goes, may meet a fault of its type before it. The wasm
/// package has always read such a body so.
pub fn response_readings_agree(path: &str, body: &[u8]) {
    if let Some((view, typed)) = methods::visit(path, &mut BothResponses(body)) {
        if let (Err(view), Err(typed)) = (&view, &typed) {
            let textual = |error: &(String, String, usize, usize, String)| {
                matches!(error.0.as_str(), "syntax" | "eof" | "encoding" | "limit")
            };
            // The interpreter's own text faults are held to the typed path exactly.
            let ours = view.4.starts_with("lone surrogate") || view.4 == "number out of range";
            let (at, typed_at) = ((view.2, view.3), (typed.2, typed.3));
            let near = offset_of(body, at).abs_diff(offset_of(body, typed_at)) <= 2;
            if textual(view) && !ours && (near || typed_at < at) {
                return;
            }
        }
        assert_eq!(
            view,
            typed,
            "the schemas and the typed path read the response of {path} differently in {}",
            String::from_utf8_lossy(body)
        );
    }
}
