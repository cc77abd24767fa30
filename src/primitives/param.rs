//! How a value stands in a URL: a path parameter (`/api/v1/chats/get/:chatId`) or a
//! query parameter (`?ChatType=regular`). The text here is before percent-encoding and
//! after percent-decoding; [`methods`](crate::methods) does the encoding.

use std::borrow::Cow;

use super::Secret;

/// A value that stands in a path segment or a query parameter.
///
/// ```
/// use iqchannels_proto::primitives::Param;
/// use iqchannels_proto::ChatId;
///
/// assert_eq!(ChatId::new(10).to_param().as_deref(), Some("10"));
/// assert_eq!(ChatId::from_param("10"), Ok(ChatId::new(10)));
/// assert!(ChatId::from_param("ten").is_err());
/// assert_eq!(None::<ChatId>.to_param(), None);
/// ```
pub trait Param: Sized {
    /// The value's text; `None` leaves the parameter out (an absent optional query
    /// parameter).
    fn to_param(&self) -> Option<Cow<'_, str>>;

    /// The value a parameter's text stands for.
    ///
    /// # Errors
    ///
    /// When the text is not such a value; the error says what was expected.
    fn from_param(text: &str) -> Result<Self, ParamError>;
}

/// Why a parameter's text is not a value of its type. It never holds the text itself,
/// which may be a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("expected {expected}")]
pub struct ParamError {
    expected: &'static str,
}

impl ParamError {
    /// An error saying what the text should have been (`"an integer"`).
    pub const fn expected(expected: &'static str) -> Self {
        Self { expected }
    }

    /// What the text should have been.
    pub fn expectation(&self) -> &'static str {
        self.expected
    }
}

/// Integers as Go's `strconv.ParseInt(text, 10, bits)` reads them: an optional sign, then
/// decimal digits, in range.
macro_rules! integer_param {
    ($($int:ty => $expected:literal),*) => {$(
        impl Param for $int {
            fn to_param(&self) -> Option<Cow<'_, str>> {
                Some(Cow::Owned(self.to_string()))
            }

            fn from_param(text: &str) -> Result<Self, ParamError> {
                text.parse().map_err(|_| ParamError::expected($expected))
            }
        }
    )*};
}

integer_param!(i64 => "a 64-bit integer", i32 => "a 32-bit integer");

impl Param for String {
    fn to_param(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self))
    }

    fn from_param(text: &str) -> Result<Self, ParamError> {
        Ok(text.to_owned())
    }
}

impl Param for Secret {
    fn to_param(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Borrowed(self.expose()))
    }

    fn from_param(text: &str) -> Result<Self, ParamError> {
        Ok(Secret::new(text))
    }
}

/// Present when `Some`, left out when `None`.
impl<T: Param> Param for Option<T> {
    fn to_param(&self) -> Option<Cow<'_, str>> {
        self.as_ref().and_then(T::to_param)
    }

    fn from_param(text: &str) -> Result<Self, ParamError> {
        T::from_param(text).map(Some)
    }
}

// Percent-encoding of a path's segments and a query's names and values: the parameters'
// one encoder, for the methods' targets and the files' links alike.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// What may not stand unescaped in a path segment (RFC 3986 `pchar`: unreserved,
/// sub-delims, `:` and `@` may).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// What may not stand unescaped in a query's name or value: as in a segment, and the
/// separators `&`, `=` and `+` (which a form-style reader takes for a space).
const QUERY: &AsciiSet = &SEGMENT.add(b'&').add(b'=').add(b'+');

/// `value` percent-encoded for a path segment.
pub(crate) fn encode_segment(value: &str) -> impl Iterator<Item = &str> {
    utf8_percent_encode(value, SEGMENT)
}

/// `value` percent-encoded for a query's name or value.
pub(crate) fn encode_query(value: &str) -> impl Iterator<Item = &str> {
    utf8_percent_encode(value, QUERY)
}
