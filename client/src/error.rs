//! The one error of a call or a stream.

use iqchannels_proto::stream::FrameError;
use iqchannels_proto::DecodeError;

/// Why a call failed: four cases a caller handles differently.
///
/// ```
/// use iqchannels_client::Error;
/// use iqchannels_proto::{ErrorCode};
///
/// let refused = Error::Api(iqchannels_proto::Error::new(ErrorCode::Unauthorized, "no session"));
/// assert_eq!(refused.code(), Some(&ErrorCode::Unauthorized));
/// assert_eq!(refused.to_string(), "the server refused: unauthorized: no session");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// No answer: the connection failed, broke or timed out (after the retries a method
    /// safe to retry gets).
    Transport(reqwest::Error),
    /// No answer, or no more of a download's bytes, within the time limit (the client's
    /// timeout for an answer, the stall bound between a download's chunks).
    Timeout,
    /// An HTTP status other than 200 (the API answers every error with 200 and an
    /// envelope; another status is a proxy's or a gateway's), with the body's start.
    Status(u16, String),
    /// An `OK: false` envelope: the server's code and text.
    Api(iqchannels_proto::Error),
    /// An answer or a stream frame that does not decode (the JSON path, line and column
    /// where it fails).
    Decode(DecodeError),
    /// A request that cannot be written (a parameter or a credential that cannot travel).
    Encode(String),
    /// A stream's frame that cannot be read: it is skipped, and the stream goes on.
    Frame(FrameError),
}

impl Error {
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        // reqwest's text names the URL, never a header: no credential leaks into it.
        Self::Transport(error.without_url())
    }

    /// Whether no answer came (what a retry may cure).
    ///
    /// ```
    /// use iqchannels_client::Error;
    ///
    /// assert!(Error::Timeout.is_transport());
    /// assert!(!Error::Status(502, "Bad Gateway".to_owned()).is_transport());
    /// ```
    pub fn is_transport(&self) -> bool {
        matches!(self, Self::Transport(_) | Self::Timeout)
    }

    /// The server's error code, for an `OK: false` envelope (see the type's example).
    pub fn code(&self) -> Option<&iqchannels_proto::ErrorCode> {
        match self {
            Self::Api(error) => Some(&error.code),
            _ => None,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Transport(error) => write!(f, "no answer: {error}"),
            Self::Timeout => f.write_str("no answer within the time limit"),
            Self::Status(status, body) => write!(f, "HTTP status {status}: {body}"),
            Self::Api(error) => write!(f, "the server refused: {error}"),
            Self::Decode(error) => write!(f, "the answer does not decode: {error}"),
            Self::Encode(text) => write!(f, "the request cannot be written: {text}"),
            Self::Frame(error) => write!(f, "a stream's frame was skipped: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport(error) => Some(error),
            Self::Api(error) => Some(error),
            Self::Decode(error) => Some(error),
            Self::Frame(error) => Some(error),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(error: DecodeError) -> Self {
        Self::Decode(error)
    }
}

/// The start of a body, for an error's text: at most 200 bytes, lossily as UTF-8.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let end = body.len().min(200);
    String::from_utf8_lossy(&body[..end]).into_owned()
}
