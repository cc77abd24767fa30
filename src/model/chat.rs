use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{
    ChannelId, ChatEventId, ChatId, ChatMemberId, ChatMessageId, ClientId, ClientSessionId,
    Timestamp, UserId,
};

/// A chat between a client and the operators of a channel: an element of `Rels.Chats`,
/// the data of `chats/get`, `chats/open`, `chats/close`, ...
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Chat {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatId,
    /// `ChannelId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub channel_id: ChannelId,
    /// `ClientId`: the client the chat is with.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_id: ClientId,
    /// `Open`.
    #[serde(deserialize_with = "zero_if_null")]
    pub open: bool,
    /// `EventId`: the chat's last event.
    pub event_id: Option<ChatEventId>,
    /// `MessageId`: the chat's last message.
    pub message_id: Option<ChatMessageId>,
    /// `SessionId`: the client's session.
    pub session_id: Option<ClientSessionId>,
    /// `AssigneeId`: the operator the chat is assigned to.
    pub assignee_id: Option<UserId>,
    /// `ClientUnread`: messages the client has not read.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_unread: i32,
    /// `UserUnread`: messages the operators have not read.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_unread: i32,
    /// `TotalMembers`: the page's examples show negative values; kept as they come.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_members: i32,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `ChangedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub changed_at: Timestamp,
    /// `OpenedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub opened_at: Timestamp,
    /// `ClosedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub closed_at: Timestamp,
    /// `CurrentMemberId`: the caller's membership (in the page's examples only)
    pub current_member_id: Option<ChatMemberId>,
}

impl Chat {
    /// A chat with this id; every other field is its zero value.
    pub fn new(id: ChatId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(Chat);
references!(Chat { "ChannelId" => channel_id, "ClientId" => client_id, "MessageId" => message_id, "AssigneeId" => assignee_id, "CurrentMemberId" => current_member_id });
