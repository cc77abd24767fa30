use crate::primitives::{
    ChannelId, ChatEventId, ChatId, ChatMemberId, ChatMessageId, ClientId, ClientSessionId,
    Timestamp, UserId,
};
use iqchannels_proto_macros::wire;

/// A chat between a client and the operators of a channel: an element of `Rels.Chats`,
/// the data of `chats/get`, `chats/open`, `chats/close`, ...
#[wire(new)]
pub struct Chat {
    /// `Id`.
    pub id: ChatId,
    /// `ChannelId`.
    #[wire(reference)]
    pub channel_id: ChannelId,
    /// `ClientId`: the client the chat is with.
    #[wire(reference)]
    pub client_id: ClientId,
    /// `Open`.
    pub open: bool,
    /// `EventId`: the chat's last event.
    pub event_id: Option<ChatEventId>,
    /// `MessageId`: the chat's last message.
    #[wire(reference)]
    pub message_id: Option<ChatMessageId>,
    /// `SessionId`: the client's session.
    pub session_id: Option<ClientSessionId>,
    /// `AssigneeId`: the operator the chat is assigned to.
    #[wire(reference)]
    pub assignee_id: Option<UserId>,
    /// `ClientUnread`: messages the client has not read.
    pub client_unread: i32,
    /// `UserUnread`: messages the operators have not read.
    pub user_unread: i32,
    /// `TotalMembers`: the page's examples show negative values; kept as they come.
    pub total_members: i32,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `ChangedAt`.
    pub changed_at: Timestamp,
    /// `OpenedAt`.
    pub opened_at: Timestamp,
    /// `ClosedAt`.
    pub closed_at: Timestamp,
    /// `CurrentMemberId`: the caller's membership (in the page's examples only)
    #[wire(reference)]
    pub current_member_id: Option<ChatMemberId>,
}
