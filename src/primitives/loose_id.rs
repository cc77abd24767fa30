//! An id that a client declares as a string: a number, or text kept as it came.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::references::{References, Visitor as ReferenceVisitor};
use crate::schema::{Departure, Kind, Lints, Wire};

/// An integer id that one official client declares as a string (`ChatMessage.NoticeId`:
/// an `int64` in the chat API, the widget and the iOS SDK; a `String` in the Android
/// SDK's model, `sdk-fidelity.md` M6).
///
/// Read from a number, or from a string of an optional `-` and digits that fits an `i64`
/// (what that SDK's Gson sends back), as the id; from any other string as the text, kept,
/// which decoding reports as a warning instead of failing the whole response. Written as
/// it was read: the id as a number, the text as a string.
///
/// ```
/// use iqchannels_proto::{ChatMessage, ChatNoticeId, LooseId};
///
/// let message: ChatMessage = serde_json::from_str(r#"{"NoticeId": "12"}"#)?;
/// assert_eq!(message.notice_id, Some(LooseId::Id(ChatNoticeId::new(12))));
/// let message: ChatMessage = serde_json::from_str(r#"{"NoticeId": "n-12"}"#)?;
/// assert_eq!(message.notice_id, Some(LooseId::Text("n-12".to_owned())));
/// assert!(serde_json::to_string(&message)?.contains(r#""NoticeId":"n-12""#));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseId<T> {
    /// The id: a number, or a string of digits.
    Id(T),
    /// Any other string, kept as it came.
    Text(String),
}

impl<T: Copy> LooseId<T> {
    /// The id, if it is one.
    pub fn id(&self) -> Option<T> {
        match self {
            Self::Id(id) => Some(*id),
            Self::Text(_) => None,
        }
    }
}

/// The id, or text that does not read as one (text of digits would come back an id).
#[cfg(feature = "arbitrary")]
impl<'a, T: arbitrary::Arbitrary<'a> + From<i64>> arbitrary::Arbitrary<'a> for LooseId<T> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        if u.arbitrary()? {
            return Ok(Self::Id(u.arbitrary()?));
        }
        let text: String = u.arbitrary()?;
        Ok(match digits(&text) {
            Some(id) => Self::Id(T::from(id)),
            None => Self::Text(text),
        })
    }
}

/// The id `text` spells: an optional `-` and decimal digits that fit an `i64`.
fn digits(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl<T> From<T> for LooseId<T> {
    fn from(id: T) -> Self {
        Self::Id(id)
    }
}

impl<T: Serialize> Serialize for LooseId<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Id(id) => id.serialize(serializer),
            Self::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de, T: From<i64>> Deserialize<'de> for LooseId<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Loose<T>(std::marker::PhantomData<T>);

        impl<T: From<i64>> Visitor<'_> for Loose<T> {
            type Value = LooseId<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Self::Value, E> {
                Ok(LooseId::Id(T::from(value)))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
                i64::try_from(value)
                    .map(|value| LooseId::Id(T::from(value)))
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(match digits(text) {
                    Some(id) => LooseId::Id(T::from(id)),
                    None => LooseId::Text(text.to_owned()),
                })
            }
        }

        deserializer.deserialize_any(Loose(std::marker::PhantomData))
    }
}

impl<T: References> References for LooseId<T> {
    fn references(&self, visitor: &mut ReferenceVisitor<'_>) {
        if let Self::Id(id) = self {
            id.references(visitor);
        }
    }
}

/// The id's kind; text is a [`Departure::NotDigits`].
impl<T: Wire> Wire for LooseId<T> {
    const KIND: Kind = T::KIND;
    const LINTS: bool = true;

    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        if let Self::Text(_) = self {
            lints.found(Departure::NotDigits);
        }
    }
}
