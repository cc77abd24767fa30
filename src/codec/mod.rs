//! Bytes to values and back: the only place that does it.
//!
//! | side   | reads                        | writes                   |
//! |--------|------------------------------|--------------------------|
//! | client | [`decode_response`] (lenient, with [`Warning`]s) | [`encode_request`] |
//! | server | [`decode_request`] (strict)  | [`encode_response`]      |
//!
//! Every body must be UTF-8 JSON with nothing after the value, within the decode
//! [`Limits`] (size, items, nesting; the `_with` functions take other limits). Errors name
//! the JSON path, line and column ([`DecodeError`]).

mod document;
mod error;
mod limits;
#[cfg(not(target_arch = "wasm32"))]
mod reader;
mod response;
mod swar;
mod writer;

use serde::Serialize;

pub use error::{DecodeError, DecodeErrorKind, EncodeError, Warning};
pub use limits::Limits;

use crate::envelope::Response;
use crate::methods::{BodyKind, Method, Spelling, Target, Verb};
#[cfg(feature = "wasm")]
pub(crate) use document::extend as json_path;
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

/// A decoded value, with the warnings about the parts left out of it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded<T> {
    /// The value.
    pub value: T,
    /// The malformed parts that were left out, in body order; empty for a clean body. At
    /// most [`Limits::max_warnings`] of them.
    pub warnings: Vec<Warning>,
    /// How many more parts were left out beyond the warnings kept.
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
/// Only for a `Method` implemented outside the crate whose `Serialize` fails.
pub fn encode_request<M: Method>(request: &M) -> Result<EncodedRequest, EncodeError> {
    let metadata = &M::METADATA;
    let (headers, body) = match metadata.body {
        BodyKind::Empty => (Vec::new(), Vec::new()),
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
    decode_data(body, limits)
}

/// A response body whose data is a `T`: for envelopes that are not a method's answer, such
/// as a stream's frames.
pub(crate) fn decode_data<T: serde::de::DeserializeOwned>(
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

/// How a server reads a request body (TEMPORARY until the go-reader branch lands).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reading {
    /// As Go reads it.
    #[default]
    Go,
    /// Strictly.
    Strict,
}

/// Server side: a request body of method `M` (TEMPORARY).
///
/// # Errors
///
/// As above.
pub fn decode_request<M: Method>(body: &[u8]) -> Result<Decoded<M>, DecodeError> {
    decode_request_with::<M>(body, &Limits::default(), Reading::Go)
}

/// Strict (TEMPORARY).
///
/// # Errors
///
/// As above.
pub fn decode_request_strict<M: Method>(body: &[u8]) -> Result<M, DecodeError> {
    decode_request_with::<M>(body, &Limits::default(), Reading::Strict).map(|decoded| decoded.value)
}

/// [`decode_request`] within other [`Limits`] (TEMPORARY).
///
/// # Errors
///
/// As `decode_request`, and for a body over a limit.
pub fn decode_request_with<M: Method>(
    body: &[u8],
    limits: &Limits,
    reading: Reading,
) -> Result<Decoded<M>, DecodeError> {
    let _ = reading;
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(request) = reader::decode(body, limits) {
        return Ok(Decoded {
            value: request,
            warnings: Vec::new(),
            more_warnings: 0,
        });
    }
    let value = Document::new::<M>(body, limits)?.decode()?;
    Ok(Decoded {
        value,
        warnings: Vec::new(),
        more_warnings: 0,
    })
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
