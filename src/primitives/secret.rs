//! Secrets the API carries in its data (a client session's token, a bot's token): text
//! that is written and read as it is, and never shown.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A secret string: on the wire a plain JSON string; in `Debug` output `Secret(***)`,
/// whatever it holds. It has no `Display`; [`expose`](Self::expose) says where it is read.
///
/// ```
/// use iqchannels_proto::Secret;
///
/// let token = Secret::new("s3cr3t");
/// assert_eq!(format!("{token:?}"), "Secret(***)");
/// assert_eq!(token.expose(), "s3cr3t");
/// assert_eq!(serde_json::to_string(&token)?, r#""s3cr3t""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Secret(String);

impl Secret {
    /// The secret with this text.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret's text, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}
