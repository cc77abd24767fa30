use crate::primitives::FileId;
use iqchannels_proto_macros::wire;

/// A chat's last message in short: `lastMessage` of the unread counts
/// ([`UnreadChannel`](crate::UnreadChannel), [`AdvancedUnreadResult`](crate::AdvancedUnreadResult))
/// (`public-api.md` §4.11), with lower-camel wire names.
///
/// Every field is written, `null` for an absent nullable one.
#[wire(rename_all = "camelCase")]
pub struct UnreadLastMessage {
    /// `text`.
    pub text: Option<String>,
    /// `fileId`: the message's file, if any.
    pub file_id: Option<FileId>,
    /// `isSurvey`: the message is a rating request or a poll.
    pub is_survey: bool,
    /// `date`: when it was sent, as text (its format is not documented; kept verbatim).
    pub date: Option<String>,
}
