//! Bytes to values and back: the only place that does it.
//!
//! | side   | reads                        | writes                   |
//! |--------|------------------------------|--------------------------|
//! | client | [`decode_response`] (lenient, with [`Warning`]s) | [`encode_request`] |
//! | server | [`decode_request`] (as Go reads it, with [`Warning`]s), [`decode_request_strict`] | [`encode_response`] |
//!
//! Every body must be JSON with nothing after the value, within the decode [`Limits`]
//! (size, items, nesting; the `_with` functions take other limits). Responses and strict
//! requests must be UTF-8 throughout; a request read as Go reads it may hold invalid UTF-8
//! in its strings (each invalid byte is U+FFFD, with a warning). Errors name the JSON
//! path, line and column ([`DecodeError`]).

mod departures;
mod document;
mod error;
mod go;
pub mod interpret;
mod limits;
#[cfg(not(target_arch = "wasm32"))]
mod reader;
mod response;
mod scan;
mod swar;
mod writer;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use error::{DecodeError, DecodeErrorKind, EncodeError, Warning, WarningKind};
pub use limits::Limits;

use crate::envelope::Response;
use crate::methods::{BodyKind, Method, Spelling, Target, Verb};
use document::Document;

/// The content type of every JSON request and response body.
pub const CONTENT_TYPE: &str = "application/json";

/// A request ready to send: `verb` to `target` (to append to the server's address) with
/// `headers` and `body`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodedRequest {
    /// The HTTP method.
    pub verb: Verb,
    /// The path with its parameters, then the query if any (`/api/v1/chats/get/10`).
    pub target: String,
    /// The headers the body needs (`Content-Type`), before the credentials'.
    pub headers: Vec<(&'static str, String)>,
    /// The body; empty for a method that takes none.
    pub body: Vec<u8>,
}

/// A decoded value, with the warnings about it: the parts of a response left out, the
/// departures of a request from the documented form.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The value.
    pub value: T,
    /// The warnings, in body order; empty for a clean body. At most
    /// [`Limits::max_warnings`] of them.
    pub warnings: Vec<Warning>,
    /// How many more warnings there were beyond those kept.
    pub more_warnings: usize,
}

/// Client side: the request's verb, target, headers and body. Optional fields that are
/// absent are omitted; the path's parameters are percent-encoded where RFC 3986 needs it.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::methods::Verb;
/// use iqchannels_proto::{codec, TicketId};
///
/// let request = CreateMessage::builder(TicketId::new(103), 1548142724904).text("Hello").build();
/// let encoded = codec::encode_request(&request)?;
/// assert_eq!((encoded.verb, encoded.target.as_str()), (Verb::Post, "/api/tickets/create_message"));
/// assert_eq!(encoded.headers, [("Content-Type", "application/json".to_owned())]);
/// assert_eq!(
///     encoded.body,
///     br#"{"TicketId":103,"Message":{"LocalId":1548142724904,"Type":"text","Text":"Hello"}}"#
/// );
/// # Ok::<(), iqchannels_proto::EncodeError>(())
/// ```
///
/// # Errors
///
/// For a multipart form that cannot be written as it is ([`EncodeError::Multipart`]), or
/// a `Method` implemented outside the crate whose `Serialize` fails.
pub fn encode_request<M: Method>(request: &M) -> Result<EncodedRequest, EncodeError> {
    let metadata = &M::METADATA;
    let (headers, body) = match metadata.body {
        BodyKind::Empty => (Vec::new(), Vec::new()),
        BodyKind::Multipart => match request.multipart_body() {
            Some(form) => {
                let form = form?;
                (vec![("Content-Type", form.content_type)], form.body)
            }
            None => (Vec::new(), Vec::new()),
        },
        BodyKind::Object | BodyKind::Array | BodyKind::Scalar => (
            vec![("Content-Type", CONTENT_TYPE.to_owned())],
            writer::to_vec(request)?,
        ),
    };
    Ok(EncodedRequest {
        verb: metadata.verb,
        target: request.target(),
        headers,
        body,
    })
}

/// Client side: a response body of method `M`, read the way the Go server writes it.
///
/// Missing or `null` non-nullable fields are zero values, unknown fields are ignored,
/// unknown enum values kept, `Result`/`Rels` accepted for `Data`/`Graph`. A malformed
/// element of a typed graph collection is left out with a [`Warning`]; anything else
/// malformed is an error.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec;
///
/// let body = br#"{"OK": true, "Result": {"Message": {"Id": 1}}, "Rels": {"Users": [{"Id": 1}, {"Id": "x"}]}}"#;
/// let decoded = codec::decode_response::<CreateMessage>(body)?;
/// let response = decoded.value;
/// assert_eq!(response.data.unwrap().message.id.get(), 1);
/// assert_eq!(response.graph.unwrap().users.len(), 1);
/// assert_eq!(decoded.warnings[0].path(), "Rels.Users[1]");
/// # Ok::<(), iqchannels_proto::DecodeError>(())
/// ```
///
/// # Errors
///
/// When the body is not UTF-8, not one valid JSON value, or not an envelope, or when its
/// data does not fit `M::Data`.
pub fn decode_response<M: Method>(body: &[u8]) -> Result<Decoded<Response<M::Data>>, DecodeError> {
    decode_response_with::<M>(body, &Limits::default())
}

/// [`decode_response`] within other [`Limits`].
///
/// # Errors
///
/// As `decode_response`, and for a body over a limit.
pub fn decode_response_with<M: Method>(
    body: &[u8],
    limits: &Limits,
) -> Result<Decoded<Response<M::Data>>, DecodeError> {
    let mut decoded = decode_data(body, limits)?;
    departures::report(body, &mut decoded, limits.max_warnings);
    Ok(decoded)
}

/// Client side: a response that is not a method's (a stream's frame, an entity written by
/// [`encode_response_as`]), read as [`decode_response`] reads one: its data as a `T`,
/// the envelope in either spelling.
///
/// ```
/// use iqchannels_proto::envelope::Spelling;
/// use iqchannels_proto::{codec, Graph, RawJson, Response};
///
/// let data = RawJson::from_string("-4.7087449944795054e+305".to_owned())?;
/// let body = codec::encode_response_as(&Response::success(data, Graph::default()), Spelling::DataGraph)?;
/// let decoded = codec::decode_response_as::<RawJson>(&body)?;
/// // Raw JSON keeps its text: a float comes back to the last digit.
/// assert_eq!(decoded.value.data.unwrap().get(), "-4.7087449944795054e+305");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// As [`decode_response`], when the data does not fit `T`.
pub fn decode_response_as<T: DeserializeOwned>(
    body: &[u8],
) -> Result<Decoded<Response<T>>, DecodeError> {
    decode_data(body, &Limits::default())
}

/// A response body whose data is a `T`, within `limits`: for envelopes that are not a
/// method's answer, such as a stream's frames.
pub(crate) fn decode_data<T: DeserializeOwned>(
    body: &[u8],
    limits: &Limits,
) -> Result<Decoded<Response<T>>, DecodeError> {
    response::decode(body, limits)
}

/// Server side: a request of method `M` made to `target` (its path, then optionally `?`
/// and a query): the body read as [`decode_request`] reads it, with the path's parameters
/// (`/api/v1/chats/get/10`) and the query's put in the request. A path that is not one of
/// `M`'s is an error; a query parameter `M` does not take is ignored, as the Go server
/// ignores it. (Which method a target is for: [`Router`](crate::api::Router).)
///
/// ```
/// use iqchannels_proto::api::chats::GetChat;
/// use iqchannels_proto::codec;
///
/// let request = codec::decode_request_at::<GetChat>("/api/v1/chats/get/10", b"{}")?.value;
/// assert_eq!(request.chat_id.get(), 10);
/// assert!(codec::decode_request_at::<GetChat>("/api/v1/chats/open/10", b"{}").is_err());
/// let error = codec::decode_request_at::<GetChat>("/api/v1/chats/get/ten", b"{}").unwrap_err();
/// assert_eq!(error.to_string(), ":chatId: expected a 64-bit integer at line 1 column 1");
/// # Ok::<(), iqchannels_proto::DecodeError>(())
/// ```
///
/// # Errors
///
/// As `decode_request`; for a path that is not `M`'s; for a parameter whose text is not
/// a value of its type (the error's path is `:name` for the path's, `?name` for the
/// query's).
pub fn decode_request_at<M: Method>(target: &str, body: &[u8]) -> Result<Decoded<M>, DecodeError> {
    decode_request_at_with::<M>(target, body, &Limits::default(), Reading::default())
}

/// [`decode_request_at`] within other [`Limits`], read as `reading` says.
///
/// # Errors
///
/// As `decode_request_at`, and for a body over a limit.
pub fn decode_request_at_with<M: Method>(
    target: &str,
    body: &[u8],
    limits: &Limits,
    reading: Reading,
) -> Result<Decoded<M>, DecodeError> {
    let param_error = |path: String, message: String| {
        DecodeError::new(DecodeErrorKind::Data, path, (1, 1), message)
    };
    let Some(read) = Target::read(&M::METADATA, target) else {
        return Err(param_error(
            String::new(),
            format!("the path is not one of {}", M::METADATA.path),
        ));
    };
    let mut decoded = decode_request_with::<M>(body, limits, reading)?;
    decoded
        .value
        .set_path_params(&read.params)
        .map_err(|(name, error)| param_error(format!(":{name}"), error.to_string()))?;
    for (name, text) in &read.query {
        decoded
            .value
            .set_query_param(name, text)
            .map_err(|error| param_error(format!("?{name}"), error.to_string()))?;
    }
    Ok(decoded)
}

/// How a server reads a request body: as the Go server does, or strictly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reading {
    /// As Go's `encoding/json` reads the body into the same struct, so what the Go server
    /// accepts is accepted, with the same value: a missing or `null` field is its zero
    /// value; keys match exactly, else ignoring case as Go folds them (the Kelvin sign
    /// matches `k`); of duplicate keys the last wins (objects merge); `-0` is `0`; invalid
    /// UTF-8 and lone surrogates are U+FFFD; an empty or `null` body is the zero request.
    /// Each such departure from the documented form is a [`Warning`] with its path, line
    /// and column. What Go refuses (wrong types, malformed JSON, integers out of range) is
    /// an error.
    #[default]
    Go,
    /// Only the documented form: every body [`Go`](Reading::Go) warns about is an error
    /// (kind `data`, or `encoding` for invalid UTF-8 and lone surrogates), naming its
    /// cause, path, line and column. The whole body must be UTF-8 JSON, including what
    /// the crate ignores; keys match exactly (a key Go would match ignoring case, such as
    /// the iOS SDK's `ticketId`, is refused).
    Strict,
}

/// Server side: a request body of method `M`, read as the Go server reads it
/// ([`Reading::Go`]), with a [`Warning`] for each departure from the documented form, so
/// that a server can log what its clients do. Turn an error into the response to send
/// with `Error::from`.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec::{self, WarningKind};
///
/// // The iOS SDK's keys, a missing text, a duplicate.
/// let body = br#"{"ticketId": 103, "message": {"localId": 1, "type": "text"}, "TicketId": 104}"#;
/// let decoded = codec::decode_request::<CreateMessage>(body)?;
/// assert_eq!(decoded.value.ticket_id.get(), 104);
/// assert_eq!(decoded.value.message.text, "");
/// let warnings: Vec<_> = decoded.warnings.iter().map(|w| (w.kind(), w.path())).collect();
/// assert_eq!(warnings[0], (WarningKind::KeyCase, "ticketId"));
/// assert!(warnings.contains(&(WarningKind::MissingField, "message.Text")));
/// assert!(warnings.contains(&(WarningKind::DuplicateKey, "TicketId")));
/// # Ok::<(), iqchannels_proto::DecodeError>(())
/// ```
///
/// # Errors
///
/// For what Go refuses: malformed JSON, anything after the value, a wrong type, an
/// integer out of its type's range or written as a float; and for a body over a limit.
/// The error names the JSON path, line and column.
pub fn decode_request<M: Method>(body: &[u8]) -> Result<Decoded<M>, DecodeError> {
    decode_request_with::<M>(body, &Limits::default(), Reading::Go)
}

/// Server side: a request body of method `M`, read strictly ([`Reading::Strict`]): only
/// its documented form.
///
/// The whole body must be valid UTF-8 JSON, including fields the crate ignores; a missing
/// required field, a `null` one, a wrong type, a number out of range, `-0` in an integer,
/// a duplicate field, a key that matches a field only ignoring case, a lone surrogate,
/// or anything after the value is an error. For a method whose path carries an id,
/// [`decode_request_at`] also reads the id from the path.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec;
///
/// let body = br#"{"TicketId": 103, "Message": {"LocalId": 1, "Type": "text"}}"#;
/// let error = codec::decode_request_strict::<CreateMessage>(body).unwrap_err();
/// assert_eq!(error.to_string(), "Message.Text: missing field `Text` at line 1 column 59");
/// ```
///
/// # Errors
///
/// As above, naming the JSON path, line and column.
pub fn decode_request_strict<M: Method>(body: &[u8]) -> Result<M, DecodeError> {
    decode_request_with::<M>(body, &Limits::default(), Reading::Strict).map(|decoded| decoded.value)
}

/// [`decode_request`] or [`decode_request_strict`], as `reading` says, within other
/// [`Limits`] (`max_warnings` bounds the warnings kept). Read strictly, a body that
/// decodes has no warnings.
///
/// # Errors
///
/// As the reading's function, and for a body over a limit.
pub fn decode_request_with<M: Method>(
    body: &[u8],
    limits: &Limits,
    reading: Reading,
) -> Result<Decoded<M>, DecodeError> {
    let no_json = matches!(M::METADATA.body, BodyKind::Empty | BodyKind::Multipart);
    if no_json && body.iter().all(u8::is_ascii_whitespace) {
        // No body is the documented form of a method that takes no JSON: its zero
        // request, with nothing to warn about, whichever the reading. (A multipart form
        // is read by `files::read_upload`.)
        let mut decoded = read_request::<M>(body, limits, Reading::Go)?;
        decoded
            .warnings
            .retain(|warning| warning.kind() != WarningKind::EmptyBody);
        return Ok(decoded);
    }
    read_request(body, limits, reading)
}

/// A request body read as a `T`, as `reading` says.
pub(crate) fn read_request<T: DeserializeOwned>(
    body: &[u8],
    limits: &Limits,
    reading: Reading,
) -> Result<Decoded<T>, DecodeError> {
    match reading {
        Reading::Go => {
            // A body the fast reader reads is in the documented form: both readings agree
            // on it, with no warning.
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(value) = reader::decode_request(body, limits) {
                return Ok(Decoded::clean(value));
            }
            go::read(body, limits, limits.max_warnings)
        }
        Reading::Strict => read_strictly(body, limits).map(Decoded::clean),
    }
}

/// A request body read strictly as a `T`.
fn read_strictly<T: DeserializeOwned>(body: &[u8], limits: &Limits) -> Result<T, DecodeError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(value) = reader::decode_request(body, limits) {
        return Ok(value);
    }
    let value = Document::new::<T>(body, limits)?.decode()?;
    // serde_json accepts keys Go matches ignoring case (as unknown ones): Go's reading of
    // the body must have nothing to warn about.
    let go = go::read::<T>(body, limits, 1)?;
    match go.warnings.first() {
        Some(warning) => Err(warning.error().clone()),
        None => Ok(value),
    }
}

impl<T> Decoded<T> {
    /// A value decoded with nothing to warn about.
    fn clean(value: T) -> Self {
        Self {
            value,
            warnings: Vec::new(),
            more_warnings: 0,
        }
    }
}

/// Server side: a response of method `M`, written the way the Go server writes it: every
/// modelled field present, `null` for what is absent, and the envelope spelled as `M`'s
/// API spells it (`Result`/`Rels` for the chat and public APIs, `Data`/`Graph` for the
/// Internal API).
///
/// ```
/// use iqchannels_proto::api::chats::LeaveChat;
/// use iqchannels_proto::{codec, Graph, Response};
///
/// let body = codec::encode_response::<LeaveChat>(&Response::success((), Graph::default()))?;
/// assert!(body.starts_with(br#"{"OK":true,"Error":null,"Ping":false,"Result":null,"Rels":"#));
/// # Ok::<(), iqchannels_proto::EncodeError>(())
/// ```
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn encode_response<M: Method>(response: &Response<M::Data>) -> Result<Vec<u8>, EncodeError> {
    encode_response_as(response, M::METADATA.spelling)
}

/// Server side: a response that is not a method's (a stream's frame), written as
/// [`encode_response`] writes one, with the envelope spelled as `spelling` says.
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn encode_response_as<T: Serialize>(
    response: &Response<T>,
    spelling: Spelling,
) -> Result<Vec<u8>, EncodeError> {
    Ok(writer::to_vec(&response.spelled(spelling))?)
}
