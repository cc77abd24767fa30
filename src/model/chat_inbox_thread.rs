use crate::primitives::{ChatEventId, ChatId, ChatInboxThreadId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

/// A chat in an operator's [`ChatInbox`](crate::ChatInbox).
#[wire(new)]
pub struct ChatInboxThread {
    /// `Id`.
    pub id: ChatInboxThreadId,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: UserId,
    /// `ChatId`.
    #[wire(reference)]
    pub chat_id: ChatId,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `Open`.
    pub open: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `ChangedAt`.
    pub changed_at: Timestamp,
}
