use std::fmt;

use crate::envelope::{Error, ErrorCode};

/// What kind of input a [`DecodeError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The bytes are not UTF-8, so not JSON.
    Encoding,
    /// The text is not valid JSON (RFC 8259), or has bytes after the value.
    Syntax,
    /// The body ends in the middle of a value.
    Eof,
    /// Valid JSON of the wrong shape: a wrong type, a missing required field, a duplicate
    /// field, a number out of range.
    Data,
    /// Over one of the decode [`Limits`](super::Limits): size, items or nesting.
    Limit,
}

impl DecodeErrorKind {
    /// The kind's name in lower case: `encoding`, `syntax`, `eof`, `data` or `limit`.
    ///
    /// ```
    /// use iqchannels_proto::DecodeErrorKind;
    ///
    /// assert_eq!(DecodeErrorKind::Eof.as_str(), "eof");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Encoding => "encoding",
            Self::Syntax => "syntax",
            Self::Eof => "eof",
            Self::Data => "data",
            Self::Limit => "limit",
        }
    }
}

/// Why a body could not be decoded, and where: the JSON path (`Message.Text`, empty for
/// the whole body), and the 1-based line and column (in bytes) in the body.
///
/// A server sends it back as is: `Error::from(decode_error)` is the protocol error with
/// code `invalid` and this error's text.
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::{codec, Error, ErrorCode};
///
/// let error = codec::decode_request::<CreateMessage>(br#"{"TicketId": 1, "Message": {"LocalId": 2, "Type": "text", "Text": null}}"#)
///     .unwrap_err();
/// assert_eq!(error.path(), "Message.Text");
/// assert_eq!((error.line(), error.column()), (1, 70));
/// let error = Error::from(error);
/// assert_eq!(error.code, ErrorCode::Invalid);
/// assert_eq!(error.text, "Message.Text: invalid type: null, expected a string at line 1 column 70");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message} at line {line} column {column}", display_path(path))]
pub struct DecodeError {
    kind: DecodeErrorKind,
    path: String,
    line: usize,
    column: usize,
    message: String,
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "(body)"
    } else {
        path
    }
}

impl DecodeError {
    pub(super) fn new(
        kind: DecodeErrorKind,
        path: String,
        (line, column): (usize, usize),
        message: String,
    ) -> Self {
        Self {
            kind,
            path,
            line,
            column,
            message,
        }
    }

    /// What kind of input this is about.
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The JSON path of the value at fault (`Message.Text`, `Graph.Users[1]`); empty for
    /// the body itself.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The 1-based line in the body.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in bytes) in that line.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What was wrong, without the location.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<DecodeError> for Error {
    /// The error a server sends back for a body it cannot decode: code `invalid`.
    fn from(error: DecodeError) -> Self {
        Error::new(ErrorCode::Invalid, error.to_string())
    }
}

/// A part of a response that was left out because it was malformed, while the rest of the
/// response decoded: an element of a typed graph collection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    path: String,
    error: DecodeError,
}

impl Warning {
    pub(super) fn new(path: String, error: DecodeError) -> Self {
        Self { path, error }
    }

    /// The JSON path of the part left out (`Graph.Users[1]`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong in it, and exactly where (`Graph.Users[1].CreatedAt`, line, column).
    pub fn error(&self) -> &DecodeError {
        &self.error
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "left out {}: {}", self.path, self.error)
    }
}

/// A value could not be written as JSON. The crate's own types always can; a `Method`
/// implemented outside the crate might not.
#[derive(Debug, thiserror::Error)]
#[error("cannot encode as JSON: {0}")]
pub struct EncodeError(#[from] serde_json::Error);
