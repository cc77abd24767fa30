use crate::primitives::{ChannelId, ChannelMemberId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

/// An operator's membership of a [`Channel`](crate::Channel).
#[wire(new)]
pub struct ChannelMember {
    /// `Id`.
    pub id: ChannelMemberId,
    /// `ChannelId`.
    #[wire(reference)]
    pub channel_id: ChannelId,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: UserId,
    /// `Deleted`.
    pub deleted: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `DeletedAt`.
    pub deleted_at: Timestamp,
}
