use crate::primitives::FileId;
use iqchannels_proto_macros::wire;

/// What stands in front of an informational channel: the data of
/// `chats/channel/blocker/:channel` (`public-api.md` §4.11).
///
/// The SDKs read different shapes (§8, question 11): the widget `{Enabled, Text}` (when
/// enabled it shows the text and does not log in), the Android SDK `{Text, BlockerFileId}`
/// (the text, and the image `files/get/<BlockerFileId>`). `Text`, which both read, is
/// always written; `Enabled` and `BlockerFileId` only when present, so either shape is
/// written back as it came.
#[wire]
pub struct Blocker {
    /// `Enabled`: the blocker is on (the widget). Written only when present.
    #[wire(when_present)]
    pub enabled: Option<bool>,
    /// `Text`: what to show.
    pub text: Option<String>,
    /// `BlockerFileId`: an image to show (the Android SDK). Written only when present.
    #[wire(when_present)]
    pub blocker_file_id: Option<FileId>,
}
