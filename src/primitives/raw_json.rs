use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept exactly as it arrived, and written back unchanged.
///
/// Used where the crate does not model the content: undocumented fields such as
/// [`User::permissions`](crate::User::permissions) and graph collections the crate has
/// no type for. Two values are equal when their texts are equal. The zero value
/// (`Default`) is `null`.
///
/// ```
/// use iqchannels_proto::RawJson;
///
/// let raw = RawJson::from_string(r#"{"Admin": true, "Big": 12345678901234567890}"#.to_owned())?;
/// assert_eq!(raw.get(), r#"{"Admin": true, "Big": 12345678901234567890}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// Checks that `json` is one valid JSON value and keeps its text.
    ///
    /// # Errors
    ///
    /// When `json` is not exactly one JSON value.
    pub fn from_string(json: String) -> Result<Self, serde_json::Error> {
        RawValue::from_string(json).map(Self)
    }

    /// Keeps an already validated raw value.
    pub(crate) fn from_raw(raw: &RawValue) -> Self {
        Self(raw.to_owned())
    }

    /// The JSON text, as it arrived.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

/// `null`: the zero value of an undocumented field.
impl Default for RawJson {
    fn default() -> Self {
        Self::from_raw(RawValue::NULL)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RawJson({})", self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Works with `serde_json` deserializers only, which is the only format the API speaks.
impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self)
    }
}
