use super::{ChatType, UnreadLastMessage};
use iqchannels_proto_macros::wire;

/// A channel's unread messages: an element of [`AdvancedUnread`](crate::AdvancedUnread)'s
/// `channels` (`public-api.md` §4.11), with lower-camel wire names.
///
/// Every field is written, `null` for an absent nullable one.
#[wire(rename_all = "camelCase")]
pub struct UnreadChannel {
    /// `name`: the channel's name.
    pub name: String,
    /// `chatType`: which of the channel's chats.
    pub chat_type: ChatType,
    /// `lastMessage`: the chat's last message, in short.
    pub last_message: Option<UnreadLastMessage>,
    /// `unreadCount`.
    pub unread_count: i32,
}
