use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChatEventId, ChatInboxId, Timestamp, UserId};

/// An operator's inbox: the chats assigned to them, as threads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatInbox {
    /// `Id`: equal to the operator's user id.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatInboxId,
    /// `UserId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_id: UserId,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `TotalThreads`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_threads: i32,
    /// `TotalOpenThreads`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_open_threads: i32,
    /// `TotalAssignedThreads`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_assigned_threads: i32,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `ChangedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub changed_at: Timestamp,
    /// `AssignedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub assigned_at: Timestamp,
}

impl ChatInbox {
    /// A chatInbox with this id; every other field is its zero value.
    pub fn new(id: ChatInboxId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatInbox);
references!(ChatInbox { "UserId" => user_id });
