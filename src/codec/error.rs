use std::fmt;

use crate::envelope::{Error, ErrorCode};

/// What kind of input a [`DecodeError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The text is not Unicode: bytes that are not UTF-8 (so not JSON), or an escaped
    /// surrogate that is not half of a pair in a string that is read (`"\ud800"`).
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
/// let error = codec::decode_request_strict::<CreateMessage>(br#"{"TicketId": 1, "Message": {"LocalId": 2, "Type": "text", "Text": null}}"#)
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

/// What a [`Warning`] is about: a part of a response left out; a value of a response kept
/// as it came that an official client would refuse (`absent`, `not-digits`); or a
/// departure of a request from the documented form that the default reading accepts as
/// Go's `encoding/json` does (and [`Reading::Strict`](super::Reading::Strict) refuses).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// Response: a malformed element of a typed graph collection, left out.
    LeftOut,
    /// Request: a required field is missing; it is its zero value.
    MissingField,
    /// Request: `null` where the field is not nullable; it is its zero value (Go leaves
    /// the field as it was).
    Null,
    /// Request: a key that matches a field only ignoring case, as Go matches keys
    /// (`ticketid` for `TicketId`; the Kelvin sign `K` matches `k`, `ſ` matches `s`).
    KeyCase,
    /// Request: a field given more than once; each occurrence is read over the one
    /// before, as in Go (the last scalar wins, objects merge).
    DuplicateKey,
    /// Request: `-0` in an integer field; it is `0`.
    NegativeZero,
    /// Request: bytes that are not UTF-8 in a string; each is U+FFFD.
    InvalidUtf8,
    /// Request: an escaped surrogate that is not half of a pair (`"\ud800"`) in a string
    /// that is read; it is U+FFFD.
    LoneSurrogate,
    /// Request: an empty body; the request is the zero request.
    EmptyBody,
    /// Request: a `null` body; the request is the zero request.
    NullBody,
    /// Response: a field the official clients require is absent or `null` (a sign-in's
    /// `Client` or `Session`, `sdk-fidelity.md` M10); kept as it came.
    Absent,
    /// Response: an id that a client declares as a string is neither a number nor a
    /// string of digits (`ChatMessage.NoticeId`, M6); kept as text.
    NotDigits,
}

impl WarningKind {
    /// The kind's name: `left-out`, `missing-field`, `null`, `key-case`,
    /// `duplicate-key`, `negative-zero`, `invalid-utf8`, `lone-surrogate`, `empty-body`,
    /// `null-body`, `absent` or `not-digits`.
    ///
    /// ```
    /// use iqchannels_proto::codec::WarningKind;
    ///
    /// assert_eq!(WarningKind::KeyCase.as_str(), "key-case");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LeftOut => "left-out",
            Self::MissingField => "missing-field",
            Self::Null => "null",
            Self::KeyCase => "key-case",
            Self::DuplicateKey => "duplicate-key",
            Self::NegativeZero => "negative-zero",
            Self::InvalidUtf8 => "invalid-utf8",
            Self::LoneSurrogate => "lone-surrogate",
            Self::EmptyBody => "empty-body",
            Self::NullBody => "null-body",
            Self::Absent => "absent",
            Self::NotDigits => "not-digits",
        }
    }
}

/// Something a decode accepted while the body departs from the documented form.
///
/// In a response, a part left out because it was malformed, while the rest decoded: an
/// element of a typed graph collection ([`WarningKind::LeftOut`]). In a request read as
/// Go reads it, a departure the Go server accepts too: a missing field, a `null`, a key
/// matched ignoring case, a duplicate key, `-0`, invalid UTF-8, a lone surrogate, an
/// empty or `null` body. [`error`](Warning::error) is the departure as an error: what a
/// strict reading refuses in it (its cause may be worded otherwise there).
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessage;
/// use iqchannels_proto::codec::{self, WarningKind};
///
/// let body = br#"{"ticketId": 103, "Message": {"LocalId": 1, "Type": "text", "Text": null}}"#;
/// let decoded = codec::decode_request::<CreateMessage>(body)?;
/// assert_eq!(decoded.value.ticket_id.get(), 103);
/// let kinds: Vec<_> = decoded.warnings.iter().map(|w| (w.kind(), w.path())).collect();
/// assert_eq!(kinds, [(WarningKind::KeyCase, "ticketId"), (WarningKind::Null, "Message.Text")]);
/// assert_eq!((decoded.warnings[1].line(), decoded.warnings[1].column()), (1, 69));
/// # Ok::<(), iqchannels_proto::DecodeError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    kind: WarningKind,
    /// The part left out's; empty for a departure, whose path is its error's.
    path: String,
    error: DecodeError,
}

impl Warning {
    /// A part of a response left out at `path`, for `error`.
    pub(super) fn new(path: String, error: DecodeError) -> Self {
        Self {
            kind: WarningKind::LeftOut,
            path,
            error,
        }
    }

    /// A request's departure of `kind`, described by `error` (path, location, message).
    pub(super) fn departure(kind: WarningKind, error: DecodeError) -> Self {
        Self {
            kind,
            // The error's.
            path: String::new(),
            error,
        }
    }

    /// What the warning is about.
    pub fn kind(&self) -> WarningKind {
        self.kind
    }

    /// The JSON path of the part left out (`Graph.Users[1]`), or of the departure
    /// (`Message.Text`; for a missing field, the field's path; for a fault in a key, the
    /// key's object's), as the body spells its keys.
    pub fn path(&self) -> &str {
        match self.kind {
            WarningKind::LeftOut => &self.path,
            _ => &self.error.path,
        }
    }

    /// For a part left out, what was wrong in it, and exactly where
    /// (`Graph.Users[1].CreatedAt`, line, column); for a departure, the departure as an
    /// error (kind `data`, `encoding` for invalid UTF-8 and lone surrogates, `eof` for an
    /// empty body), as a strict reading refuses it.
    pub fn error(&self) -> &DecodeError {
        &self.error
    }

    /// The 1-based line of what is warned about.
    pub fn line(&self) -> usize {
        self.error.line
    }

    /// The 1-based column (in bytes) of what is warned about.
    pub fn column(&self) -> usize {
        self.error.column
    }
}

/// `left out Graph.Users[1]: ...` for a part left out; for a departure, the error and
/// what Go's reading made of it: `Message.Text: invalid type: null, expected a string at
/// line 1 column 70 (read as Go reads it: the zero value)`.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let read_as = match self.kind {
            WarningKind::LeftOut => {
                return write!(f, "left out {}: {}", self.path, self.error);
            }
            WarningKind::Absent | WarningKind::NotDigits => {
                return write!(f, "{} (kept as it came)", self.error);
            }
            WarningKind::MissingField | WarningKind::Null => "the zero value",
            WarningKind::EmptyBody | WarningKind::NullBody => "the zero request",
            WarningKind::KeyCase => "the field",
            WarningKind::DuplicateKey => "over the value before",
            WarningKind::NegativeZero => "0",
            WarningKind::InvalidUtf8 | WarningKind::LoneSurrogate => "U+FFFD",
        };
        write!(f, "{} (read as Go reads it: {read_as})", self.error)
    }
}

/// A request or a response could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A value could not be written as JSON. The crate's own types always can; a `Method`
    /// implemented outside the crate might not.
    #[error("cannot encode as JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// A multipart body could not be written (a file name the readers would read back
    /// otherwise, say): see [`UploadEncodeError`](crate::files::UploadEncodeError).
    #[error("cannot write the multipart body: {0}")]
    Multipart(#[from] crate::files::UploadEncodeError),
}
