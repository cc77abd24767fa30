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
use crate::methods::Method;
#[cfg(feature = "wasm")]
pub(crate) use document::extend as json_path;
use document::Document;

/// The content type of every request and response body.
pub const CONTENT_TYPE: &str = "application/json";

/// A request ready to send: `POST` `body` to `path` with `Content-Type: content_type`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EncodedRequest {
    /// The path (`/api/tickets/create_message`, `/api/v1/chats/get/10`), to append to the
    /// server's address.
    pub path: String,
    /// The body's content type, [`CONTENT_TYPE`].
    pub content_type: &'static str,
    /// The body.
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

/// Client side: the request's path and body. Optional fields that are absent are omitted.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::{codec, TicketId};
///
/// let request = CreateMessage::builder(TicketId::new(103), 1548142724904).text("Hello").build();
/// let encoded = codec::encode_request(&request)?;
/// assert_eq!(encoded.path, "/api/tickets/create_message");
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
    Ok(EncodedRequest {
        path: request.path(),
        content_type: CONTENT_TYPE,
        body: writer::to_vec(request)?,
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

/// Server side: a request of method `M` `POST`ed to `path`, its body read strictly: as
/// [`decode_request`], with the id the path carries (`/api/v1/chats/get/10`) put in the
/// request. A path that is not one of `M`'s is an error.
///
/// ```
/// use iqchannels_proto::api::chats::GetChat;
/// use iqchannels_proto::codec;
///
/// let request = codec::decode_request_at::<GetChat>("/api/v1/chats/get/10", b"{}")?;
/// assert_eq!(request.chat_id.get(), 10);
/// assert!(codec::decode_request_at::<GetChat>("/api/v1/chats/open/10", b"{}").is_err());
/// # Ok::<(), iqchannels_proto::DecodeError>(())
/// ```
///
/// # Errors
///
/// As `decode_request`, and for a path that is not `M`'s.
pub fn decode_request_at<M: Method>(path: &str, body: &[u8]) -> Result<M, DecodeError> {
    decode_request_at_with::<M>(path, body, &Limits::default())
}

/// [`decode_request_at`] within other [`Limits`].
///
/// # Errors
///
/// As `decode_request_at`, and for a body over a limit.
pub fn decode_request_at_with<M: Method>(
    path: &str,
    body: &[u8],
    limits: &Limits,
) -> Result<M, DecodeError> {
    let Some(id) = crate::methods::path_id(M::PATH, path) else {
        return Err(DecodeError::new(
            DecodeErrorKind::Data,
            String::new(),
            (1, 1),
            format!("the path is not one of {}", M::PATH),
        ));
    };
    let mut request = decode_request_with::<M>(body, limits)?;
    if let Some(id) = id {
        request.set_path_id(id);
    }
    Ok(request)
}

/// Server side: a request body of method `M`, read strictly.
///
/// The whole body must be valid JSON, including fields the crate ignores; a missing
/// required field, a wrong type, a number out of range, a duplicate field or anything
/// after the value is an error. Field names match exactly (Go's decoder would also match
/// them case-insensitively). Turn the error into the response to send with
/// `Error::from`. For a method whose path carries an id, [`decode_request_at`] also reads
/// the id from the path.
///
/// # Errors
///
/// As above, naming the JSON path, line and column.
pub fn decode_request<M: Method>(body: &[u8]) -> Result<M, DecodeError> {
    decode_request_with::<M>(body, &Limits::default())
}

/// [`decode_request`] within other [`Limits`].
///
/// # Errors
///
/// As `decode_request`, and for a body over a limit.
pub fn decode_request_with<M: Method>(body: &[u8], limits: &Limits) -> Result<M, DecodeError> {
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(request) = reader::decode(body, limits) {
        return Ok(request);
    }
    Document::new::<M>(body, limits)?.decode()
}

/// Server side: a response body, written the way the Go server writes it: every modelled
/// field present, `null` for what is absent.
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn encode_response<T: Serialize>(response: &Response<T>) -> Result<Vec<u8>, EncodeError> {
    Ok(writer::to_vec(response)?)
}
