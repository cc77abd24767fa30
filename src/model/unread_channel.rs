use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::{ChatType, UnreadLastMessage};

/// A channel's unread messages: an element of [`AdvancedUnread`](crate::AdvancedUnread)'s
/// `channels` (`public-api.md` §4.11), with lower-camel wire names.
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
pub struct UnreadChannel {
    /// `name`: the channel's name.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `chatType`: which of the channel's chats.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_type: ChatType,
    /// `lastMessage`: the chat's last message, in short.
    pub last_message: Option<UnreadLastMessage>,
    /// `unreadCount`.
    #[serde(deserialize_with = "zero_if_null")]
    pub unread_count: i32,
}

objects_only!(UnreadChannel);
references!(UnreadChannel {});
