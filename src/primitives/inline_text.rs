//! Text of at most `N` bytes kept inline, longer text on the heap: for ids whose length is
//! known, such as `Message.UID`, so that decoding one allocates nothing.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Text kept inline when it has at most `N` bytes (`N` below 256), on the heap otherwise.
/// Compares, orders and hashes as its text.
#[derive(Clone)]
pub(crate) enum InlineText<const N: usize> {
    /// The text is `bytes[..len]`, and the rest of `bytes` is zero.
    Inline { len: u8, bytes: [u8; N] },
    /// Text longer than `N` bytes.
    Heap(String),
}

impl<const N: usize> InlineText<N> {
    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Inline bytes are always a whole `str` copied in (`From<&str>`), so the check
            // cannot fail; it is what reading them back as text costs without `unsafe`.
            Self::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Self::Heap(text) => text,
        }
    }

    /// Whether the text is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl<const N: usize> Default for InlineText<N> {
    fn default() -> Self {
        Self::Inline {
            len: 0,
            bytes: [0; N],
        }
    }
}

impl<const N: usize> From<&str> for InlineText<N> {
    fn from(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= N => {
                let mut bytes = [0; N];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Self::Inline { len, bytes }
            }
            _ => Self::Heap(text.to_owned()),
        }
    }
}

impl<const N: usize> From<String> for InlineText<N> {
    fn from(text: String) -> Self {
        if text.len() <= N {
            Self::from(text.as_str())
        } else {
            Self::Heap(text)
        }
    }
}

impl<const N: usize> fmt::Debug for InlineText<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> PartialEq for InlineText<N> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<const N: usize> Eq for InlineText<N> {}

impl<const N: usize> PartialOrd for InlineText<N> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<const N: usize> Ord for InlineText<N> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<const N: usize> Hash for InlineText<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<const N: usize> Serialize for InlineText<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, const N: usize> Deserialize<'de> for InlineText<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<const N: usize>;

        impl<const N: usize> serde::de::Visitor<'_> for Visitor<N> {
            type Value = InlineText<N>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<InlineText<N>, E> {
                Ok(InlineText::from(text))
            }

            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<InlineText<N>, E> {
                Ok(InlineText::from(text))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(feature = "arbitrary")]
impl<'a, const N: usize> arbitrary::Arbitrary<'a> for InlineText<N> {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        String::arbitrary(u).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::InlineText;

    #[test]
    fn text_is_kept_whole_inline_or_not() {
        for text in [
            "",
            "a",
            "é😀",
            &"f".repeat(40),
            &"f".repeat(41),
            &"é".repeat(21),
        ] {
            let inline = InlineText::<40>::from(text);
            assert_eq!(inline.as_str(), text);
            assert_eq!(InlineText::<40>::from(text.to_owned()), inline);
            assert_eq!(
                matches!(inline, InlineText::Inline { .. }),
                text.len() <= 40
            );
            let json = serde_json::to_string(&inline).unwrap();
            assert_eq!(json, serde_json::to_string(text).unwrap());
            assert_eq!(
                serde_json::from_str::<InlineText<40>>(&json).unwrap(),
                inline
            );
        }
        assert!(InlineText::<40>::default().is_empty());
        // The size the ids are built for.
        assert_eq!(std::mem::size_of::<InlineText<46>>(), 48);
        assert!(InlineText::<40>::from("a") < InlineText::from(&*"b".repeat(50)));
    }
}
