use crate::primitives::{ChatEventId, ChatInboxId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

/// An operator's inbox: the chats assigned to them, as threads.
#[wire(new)]
pub struct ChatInbox {
    /// `Id`: equal to the operator's user id.
    pub id: ChatInboxId,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: UserId,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `TotalThreads`.
    pub total_threads: i32,
    /// `TotalOpenThreads`.
    pub total_open_threads: i32,
    /// `TotalAssignedThreads`.
    pub total_assigned_threads: i32,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `ChangedAt`.
    pub changed_at: Timestamp,
    /// `AssignedAt`.
    pub assigned_at: Timestamp,
}
