use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChannelId, ChatEventId, Secret, Timestamp};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Channel {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChannelId,
    /// `Name`: the channel's name, latin letters without spaces.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Type`.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: ChannelType,
    /// `Title`.
    #[serde(deserialize_with = "zero_if_null")]
    pub title: String,
    /// `Description`.
    #[serde(deserialize_with = "zero_if_null")]
    pub description: String,
    /// `Deleted`.
    #[serde(deserialize_with = "zero_if_null")]
    pub deleted: bool,
    /// `EventId`: the channel's last event.
    pub event_id: Option<ChatEventId>,
    /// `ChatEventId`: the last event of the channel's chats.
    pub chat_event_id: Option<ChatEventId>,
    /// `TotalMembers`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_members: i32,
    /// `TotalChats`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_chats: i32,
    /// `TotalOpenChats`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_open_chats: i32,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub updated_at: Timestamp,
    /// `TelegramBotToken`: the Telegram bot's token (in the page's examples, not its field
    /// list); never shown by `Debug`.
    pub telegram_bot_token: Option<Secret>,
    /// `ApnsId`: the channel's Apple push settings (in the page's examples only)
    pub apns_id: Option<i64>,
}

impl Channel {
    /// A Channel with this id; every other field is its zero value.
    pub fn new(id: ChannelId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(Channel);
references!(Channel {});
