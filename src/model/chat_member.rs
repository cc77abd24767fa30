use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChatId, ChatMemberId, Timestamp, UserId};

/// An operator's membership of a [`Chat`](crate::Chat): an element of `Rels.ChatMembers`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatMember {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatMemberId,
    /// `ChatId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_id: ChatId,
    /// `UserId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_id: UserId,
    /// `Present`: in the chat now.
    #[serde(deserialize_with = "zero_if_null")]
    pub present: bool,
    /// `Assigned`.
    #[serde(deserialize_with = "zero_if_null")]
    pub assigned: bool,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `AddedAt`: when the operator last joined.
    #[serde(deserialize_with = "zero_if_null")]
    pub added_at: Timestamp,
    /// `RemovedAt`: when the operator last left.
    #[serde(deserialize_with = "zero_if_null")]
    pub removed_at: Timestamp,
    /// `AssignedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub assigned_at: Timestamp,
    /// `Me`: computed by the server: this member is whoever made the request.
    #[serde(deserialize_with = "zero_if_null")]
    pub me: bool,
}

impl ChatMember {
    /// A chatMember with this id; every other field is its zero value.
    pub fn new(id: ChatMemberId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatMember);
references!(ChatMember { "ChatId" => chat_id, "UserId" => user_id });
