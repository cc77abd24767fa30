use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::FileId;

/// A chat's last message in short: `lastMessage` of the unread counts
/// ([`UnreadChannel`](crate::UnreadChannel), [`AdvancedUnreadResult`](crate::AdvancedUnreadResult))
/// (`public-api.md` §4.11), with lower-camel wire names.
///
/// Every field is written, `null` for an absent nullable one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "camelCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct UnreadLastMessage {
    /// `text`.
    pub text: Option<String>,
    /// `fileId`: the message's file, if any.
    pub file_id: Option<FileId>,
    /// `isSurvey`: the message is a rating request or a poll.
    #[serde(deserialize_with = "zero_if_null")]
    pub is_survey: bool,
    /// `date`: when it was sent, as text (its format is not documented; kept verbatim).
    pub date: Option<String>,
}

objects_only!(UnreadLastMessage);
references!(UnreadLastMessage {});
