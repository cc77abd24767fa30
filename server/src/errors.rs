//! The one error type of every handler, `iqchannels_proto::Error`, and its usual codes.
//! The route table turns it into the envelope, in the method's spelling.

use iqchannels_proto::{Error, ErrorCode};

use crate::store::StoreError;

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        Error::new(ErrorCode::InternalServerError, error.to_string())
    }
}

/// A request the method cannot take (`invalid`).
pub(crate) fn invalid(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Invalid, text)
}

/// Something the request names that does not exist (`not_found`).
pub(crate) fn not_found(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::NotFound, text)
}

/// Missing or wrong credentials (`unauthorized`).
pub(crate) fn unauthorized(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Unauthorized, text)
}

/// Credentials that do not reach what the request names (`forbidden`).
pub(crate) fn forbidden(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::Forbidden, text)
}

/// The server failed (`internal_server_error`).
pub(crate) fn internal(text: impl Into<String>) -> Error {
    Error::new(ErrorCode::InternalServerError, text)
}

/// 20 bytes of the operating system's random source, in hex: a session token, a file id
/// or a file token. Without that source, an error rather than a guessable token.
pub(crate) fn random_token() -> Result<String, Error> {
    crate::random_token().map_err(|error| internal(error.to_string()))
}
