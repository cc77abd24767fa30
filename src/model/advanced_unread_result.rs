use super::UnreadLastMessage;
use crate::primitives::RawJson;
use iqchannels_proto_macros::wire;

/// A frame's result on the stream `sse/chats/channel/unread/multichat`: one channel's
/// unread messages (`public-api.md` §3.3, §4.11; the Android SDK only), with lower-camel
/// wire names.
///
/// Every field is written, `null` for an absent nullable one.
#[wire(rename_all = "camelCase")]
pub struct AdvancedUnreadResult {
    /// `id`: its type is not documented (no SDK in the spec's snapshots reads it), so it is
    /// kept exactly as it arrived, `null` included.
    pub id: RawJson,
    /// `type`: its values are not documented; kept verbatim.
    #[wire(rename = "type")]
    pub kind: Option<String>,
    /// `name`: the channel's name.
    pub name: String,
    /// `lastMessage`: the chat's last message, in short.
    pub last_message: Option<UnreadLastMessage>,
    /// `unreadCount`.
    pub unread_count: i32,
}
