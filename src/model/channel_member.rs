use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChannelId, ChannelMemberId, Timestamp, UserId};

/// An operator's membership of a [`Channel`](crate::Channel).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChannelMember {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChannelMemberId,
    /// `ChannelId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub channel_id: ChannelId,
    /// `UserId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_id: UserId,
    /// `Deleted`.
    #[serde(deserialize_with = "zero_if_null")]
    pub deleted: bool,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `DeletedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub deleted_at: Timestamp,
}

impl ChannelMember {
    /// A ChannelMember with this id; every other field is its zero value.
    pub fn new(id: ChannelMemberId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChannelMember);
references!(ChannelMember { "ChannelId" => channel_id, "UserId" => user_id });
