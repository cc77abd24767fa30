use crate::primitives::string_enum;
use iqchannels_proto_macros::wire;

string_enum! {
    /// `Error.Code`: what kind of failure an [`Error`] is.
    ///
    /// Any other value, `""` included, is kept verbatim and written back verbatim.
    ///
    /// ```
    /// use iqchannels_proto::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::from("not_found"), ErrorCode::NotFound);
    /// assert_eq!(ErrorCode::from("rate_limited").as_str(), "rate_limited");
    /// ```
    pub enum ErrorCode {
        /// `"not_found"`: the object does not exist.
        NotFound = "not_found",
        /// `"forbidden"`: access denied.
        Forbidden = "forbidden",
        /// `"unauthorized"`: missing or bad credentials.
        Unauthorized = "unauthorized",
        /// `"invalid"`: the request did not validate.
        Invalid = "invalid",
        /// `"internal_server_error"` (the older API page): the server failed.
        InternalServerError = "internal_server_error",
        /// `"bad_request"` (the older API page): wrong request arguments.
        BadRequest = "bad_request",
    }
}

/// `Error`: why a call failed, as the server sends it in a response's envelope.
///
/// ```
/// use iqchannels_proto::{Error, ErrorCode};
///
/// let error = Error::new(ErrorCode::NotFound, "Ticket not found");
/// assert_eq!(error.to_string(), "not_found: Ticket not found");
/// ```
// In TypeScript `ApiError` (`examples/typescript.rs`): `Error` is JavaScript's own.
#[wire]
#[derive(Hash, thiserror::Error)]
#[error("{code}: {text}")]
pub struct Error {
    /// `Code`.
    pub code: ErrorCode,
    /// `Text`: a description for people.
    pub text: String,
}

impl ErrorCode {
    /// Whether the same request may succeed later as it is: `internal_server_error` only.
    /// Every other code (`unauthorized`, `forbidden`, `not_found`, `invalid`,
    /// `bad_request`, and codes the crate does not know) needs something changed first (a
    /// credential, an id, the request), so a stream refused with one ends with it rather
    /// than reconnect ([`stream`](crate::stream), "When the answer is not a stream").
    ///
    /// ```
    /// use iqchannels_proto::ErrorCode;
    ///
    /// assert!(ErrorCode::InternalServerError.is_retryable());
    /// assert!(!ErrorCode::Unauthorized.is_retryable());
    /// assert!(!ErrorCode::from("rate_limited").is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        *self == Self::InternalServerError
    }
}

impl Error {
    /// An error with this code and text.
    pub fn new(code: ErrorCode, text: impl Into<String>) -> Self {
        Self {
            code,
            text: text.into(),
            ..Self::default()
        }
    }
}
