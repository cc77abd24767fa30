use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;

/// The server's version: the data of `chats/version` (`public-api.md` §3.6, §4.11); the
/// widget compares it to decide which calls the server has (`4.2.0`: the blocker, `4.2.1`:
/// the bad-words check).
///
/// ```
/// use iqchannels_proto::ServerVersion;
///
/// let version: ServerVersion = serde_json::from_str(r#"{"Version": "4.2.1"}"#)?;
/// assert_eq!(version.version, "4.2.1");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ServerVersion {
    /// `Version`: such as `4.2.1`, kept verbatim.
    #[serde(deserialize_with = "zero_if_null")]
    pub version: String,
}

impl ServerVersion {
    /// This version.
    pub fn new(version: impl Into<String>) -> Self {
        Self {
            version: version.into(),
        }
    }
}

objects_only!(ServerVersion);
references!(ServerVersion {});
