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

mod document;
mod error;
mod go;
mod limits;
#[cfg(not(target_arch = "wasm32"))]
mod reader;
mod response;
mod swar;
mod writer;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub use error::{DecodeError, DecodeErrorKind, EncodeError, Warning, WarningKind};
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
/// [`decode_request_strict`], with the id the path carries (`/api/v1/chats/get/10`) put in the
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
/// As `decode_request_strict`, and for a path that is not `M`'s.
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
    let mut request = decode_request_with::<M>(body, limits, Reading::Strict)?.value;
    if let Some(id) = id {
        request.set_path_id(id);
    }
    Ok(request)
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
    read_strictly(body, &Limits::default())
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

/// Server side: a response body, written the way the Go server writes it: every modelled
/// field present, `null` for what is absent.
///
/// # Errors
///
/// Only for data types defined outside the crate whose `Serialize` fails.
pub fn encode_response<T: Serialize>(response: &Response<T>) -> Result<Vec<u8>, EncodeError> {
    Ok(writer::to_vec(response)?)
}
