use crate::primitives::string_enum;
use crate::primitives::{ChatMemberId, ChatNoticeId, Timestamp};
use iqchannels_proto_macros::wire;

string_enum! {
    /// What a [`ChatNotice`] tells.
    pub enum ChatNoticeType {
        /// `"chat_opened"`.
        ChatOpened = "chat_opened",
        /// `"chat_closed"`.
        ChatClosed = "chat_closed",
        /// `"chat_assigned"`.
        ChatAssigned = "chat_assigned",
        /// `"member_left"`.
        MemberLeft = "member_left",
        /// `"member_joined"`.
        MemberJoined = "member_joined",
        /// `"member_invited"`.
        MemberInvited = "member_invited",
    }
}

/// A notice in a chat, for operators: who opened, closed, joined or left it.
#[wire(new)]
pub struct ChatNotice {
    /// `Id`.
    pub id: ChatNoticeId,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: ChatNoticeType,
    /// `ActorId`: who acted: a user's or a client's id, as the notice says.
    pub actor_id: Option<i64>,
    /// `MemberId`.
    #[wire(reference)]
    pub member_id: Option<ChatMemberId>,
    /// `CreatedAt`.
    pub created_at: Timestamp,
}
