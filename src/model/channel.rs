use crate::primitives::string_enum;
use crate::primitives::{ChannelId, ChatEventId, Secret, Timestamp};
use iqchannels_proto_macros::wire;

string_enum! {
    /// Where a [`Channel`]'s chats come from.
    pub enum ChannelType {
        /// `""`: the site's own chat
        General = "",
        /// `"telegram"`.
        Telegram = "telegram",
        /// `"facebook"`.
        Facebook = "facebook",
        /// `"vk"`.
        Vk = "vk",
        /// `"viber"`.
        Viber = "viber",
    }
}

/// A channel: where chats come from (a site's widget, a Telegram bot, ...), an element
/// of `Rels.Channels` (chat API, `chat-api-v1`).
#[wire(new)]
pub struct Channel {
    /// `Id`.
    pub id: ChannelId,
    /// `Name`: the channel's name, latin letters without spaces.
    pub name: String,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: ChannelType,
    /// `Title`.
    pub title: String,
    /// `Description`.
    pub description: String,
    /// `Deleted`.
    pub deleted: bool,
    /// `EventId`: the channel's last event.
    pub event_id: Option<ChatEventId>,
    /// `ChatEventId`: the last event of the channel's chats.
    pub chat_event_id: Option<ChatEventId>,
    /// `TotalMembers`.
    pub total_members: i32,
    /// `TotalChats`.
    pub total_chats: i32,
    /// `TotalOpenChats`.
    pub total_open_chats: i32,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    pub updated_at: Timestamp,
    /// `TelegramBotToken`: the Telegram bot's token (in the page's examples, not its field
    /// list); never shown by `Debug`.
    pub telegram_bot_token: Option<Secret>,
    /// `ApnsId`: the channel's Apple push settings (in the page's examples only)
    pub apns_id: Option<i64>,
}
