use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChatEventId, ChatId, ChatInboxThreadId, Timestamp, UserId};

/// A chat in an operator's [`ChatInbox`](crate::ChatInbox).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatInboxThread {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatInboxThreadId,
    /// `UserId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_id: UserId,
    /// `ChatId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_id: ChatId,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `Open`.
    #[serde(deserialize_with = "zero_if_null")]
    pub open: bool,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `ChangedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub changed_at: Timestamp,
}

impl ChatInboxThread {
    /// A chatInboxThread with this id; every other field is its zero value.
    pub fn new(id: ChatInboxThreadId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatInboxThread);
references!(ChatInboxThread { "UserId" => user_id, "ChatId" => chat_id });
