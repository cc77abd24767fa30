use serde::{Deserialize, Serialize};

use crate::primitives::wire::{absent, zero_if_null};
use crate::primitives::{FileId, RawJson, RoleId, Timestamp, UserId};

/// An operator or a service account: an element of `Graph.Users`.
///
/// Fields are in the documented wire order; the wire names are in the field docs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct User {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: UserId,
    /// `Name`.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Email`.
    #[serde(deserialize_with = "zero_if_null")]
    pub email: String,
    /// `Position`: the job title.
    #[serde(deserialize_with = "zero_if_null")]
    pub position: String,
    /// `RoleId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub role_id: RoleId,
    /// `AvatarId`: the avatar's [`File`](crate::File); empty when there is none.
    #[serde(deserialize_with = "zero_if_null")]
    pub avatar_id: FileId,
    /// `Online`.
    #[serde(deserialize_with = "zero_if_null")]
    pub online: bool,
    /// `Active`.
    #[serde(deserialize_with = "zero_if_null")]
    pub active: bool,
    /// `Deleted`.
    #[serde(deserialize_with = "zero_if_null")]
    pub deleted: bool,
    /// `TotalAssignedTickets`.
    #[serde(deserialize_with = "zero_if_null")]
    pub total_assigned_tickets: i32,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub updated_at: Timestamp,
    /// `LastSeenAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub last_seen_at: Timestamp,
    /// `AssignedAt`: when a ticket was last assigned to the user.
    #[serde(deserialize_with = "zero_if_null")]
    pub assigned_at: Timestamp,
    /// `DisplayName`: the name clients see.
    #[serde(deserialize_with = "zero_if_null")]
    pub display_name: String,
    /// `Permissions`: undocumented, so kept exactly as it arrived, `null` included (the
    /// zero value, also for a missing field).
    #[serde(deserialize_with = "zero_if_null")]
    pub permissions: RawJson,
    /// `LoggedInAt`: when the user last logged in; the chat API's user shape only. Unlike
    /// the other fields it is written only when present, so that the current API's
    /// responses, which do not have it, are written back as they came.
    #[serde(skip_serializing_if = "absent")]
    pub logged_in_at: Option<Timestamp>,
}

impl User {
    /// A user with this id; every other field is its zero value.
    pub fn new(id: UserId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(User);
references!(User { "AvatarId" => avatar_id });
