use crate::primitives::{ChatId, ChatMemberId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

/// An operator's membership of a [`Chat`](crate::Chat): an element of `Rels.ChatMembers`.
#[wire(new)]
pub struct ChatMember {
    /// `Id`.
    pub id: ChatMemberId,
    /// `ChatId`.
    #[wire(reference)]
    pub chat_id: ChatId,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: UserId,
    /// `Present`: in the chat now.
    pub present: bool,
    /// `Assigned`.
    pub assigned: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `AddedAt`: when the operator last joined.
    pub added_at: Timestamp,
    /// `RemovedAt`: when the operator last left.
    pub removed_at: Timestamp,
    /// `AssignedAt`.
    pub assigned_at: Timestamp,
    /// `Me`: computed by the server: this member is whoever made the request.
    pub me: bool,
}
