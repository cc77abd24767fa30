use crate::primitives::{FileId, Presence, RawJson, RoleId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

/// An operator or a service account: an element of `Graph.Users`.
///
/// Fields are in the documented wire order; the wire names are in the field docs.
#[wire(new)]
pub struct User {
    /// `Id`.
    pub id: UserId,
    /// `Name`.
    pub name: String,
    /// `Email`.
    pub email: String,
    /// `Position`: the job title.
    pub position: String,
    /// `RoleId`.
    pub role_id: RoleId,
    /// `AvatarId`: the avatar's [`File`](crate::File). Kept absent, `null` or a value as it
    /// came: the Android and iOS SDKs only null-check it before requesting the avatar
    /// (`sdk-fidelity.md` M5), so `null` stays `null`, never `""`.
    #[wire(reference)]
    pub avatar_id: Presence<FileId>,
    /// `Online`.
    pub online: bool,
    /// `Active`.
    pub active: bool,
    /// `Deleted`.
    pub deleted: bool,
    /// `TotalAssignedTickets`.
    pub total_assigned_tickets: i32,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    pub updated_at: Timestamp,
    /// `LastSeenAt`.
    pub last_seen_at: Timestamp,
    /// `AssignedAt`: when a ticket was last assigned to the user.
    pub assigned_at: Timestamp,
    /// `DisplayName`: the name clients see.
    pub display_name: String,
    /// `Permissions`: undocumented, so kept exactly as it arrived, `null` included (the
    /// zero value, also for a missing field).
    pub permissions: RawJson,
    /// `LoggedInAt`: when the user last logged in; the chat API's user shape only. Unlike
    /// the other fields it is written only when present, so that the current API's
    /// responses, which do not have it, are written back as they came.
    #[wire(when_present)]
    pub logged_in_at: Option<Timestamp>,
}
