use serde::{Deserialize, Serialize};

use crate::primitives::wire::absent;

use crate::primitives::FileId;

/// What stands in front of an informational channel: the data of
/// `chats/channel/blocker/:channel` (`public-api.md` §4.11).
///
/// The SDKs read different shapes (§8, question 11): the widget `{Enabled, Text}` (when
/// enabled it shows the text and does not log in), the Android SDK `{Text, BlockerFileId}`
/// (the text, and the image `files/get/<BlockerFileId>`). `Text`, which both read, is
/// always written; `Enabled` and `BlockerFileId` only when present, so either shape is
/// written back as it came.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Blocker {
    /// `Enabled`: the blocker is on (the widget). Written only when present.
    #[serde(skip_serializing_if = "absent")]
    pub enabled: Option<bool>,
    /// `Text`: what to show.
    pub text: Option<String>,
    /// `BlockerFileId`: an image to show (the Android SDK). Written only when present.
    #[serde(skip_serializing_if = "absent")]
    pub blocker_file_id: Option<FileId>,
}

objects_only!(Blocker);
references!(Blocker {});
