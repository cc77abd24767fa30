//! A field whose absence, `null` and value are each kept.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::references::{References, Visitor};
use crate::schema::{Kind, Lints, Wire};

/// A response field that an official client reads differently when it is absent, `null`
/// or a value (`../shared/spec/sdk-fidelity.md`, rows M1, M2, M3, M5 and M10): each is kept
/// through decode and written back as it came, so that a server or proxy on the crate
/// changes nothing a client acts on. A value built in Rust leaves it absent until it is
/// set.
///
/// ```
/// use iqchannels_proto::{MultiChatsInfo, Presence};
///
/// // The Android SDK shows the regular chat unless `EnableChat` says `false`.
/// let info: MultiChatsInfo = serde_json::from_str("{}")?;
/// assert_eq!(info.enable_chat, Presence::Absent);
/// assert!(info.enable_chat.unwrap_or(true));
/// assert!(!serde_json::to_string(&info)?.contains("EnableChat"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Presence<T> {
    /// The key was not there: it is not written.
    #[default]
    Absent,
    /// The key was `null`: it is written `null`.
    Null,
    /// The key had a value.
    Value(T),
}

impl<T> Presence<T> {
    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one, taken.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, or `default` when absent or `null` (as a client reads a flag that
    /// defaults to `true`).
    pub fn unwrap_or(self, default: T) -> T {
        self.into_value().unwrap_or(default)
    }

    /// Whether the key was not there.
    #[inline]
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the key was `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }
}

/// A value set in Rust.
impl<T> From<T> for Presence<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

/// `null` (`Absent` is the default, not an `Option`).
impl<T> From<Option<T>> for Presence<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

/// `null` or the value; an absent field is not written at all (its struct leaves it out).
impl<T: Serialize> Serialize for Presence<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

/// `null` is `Null`, anything else the value; a missing key never reaches here, and stays
/// `Absent`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Presence<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

impl<T: References> References for Presence<T> {
    fn references(&self, visitor: &mut Visitor<'_>) {
        if let Self::Value(value) = self {
            value.references(visitor);
        }
    }
}

impl<T: Wire> Wire for Presence<T> {
    const KIND: Kind = T::KIND;
    const LINTS: bool = T::LINTS;
    const MESSAGES: bool = T::MESSAGES;

    #[inline]
    fn find_messages<'v>(&'v self, found: &mut Vec<crate::MessageRef<'v>>) {
        if let Self::Value(value) = self {
            value.find_messages(found);
        }
    }

    #[inline]
    fn lint<'v>(&'v self, lints: &mut Lints<'v>) {
        if let Self::Value(value) = self {
            value.lint(lints);
        }
    }
}
