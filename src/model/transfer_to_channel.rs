use crate::primitives::{ProjectId, Timestamp, TransferToChannelId};
use iqchannels_proto_macros::wire;

/// `ChatMessage.TransferToChannel`: an offer to continue in another channel; the client
/// clears it (`chats/messages/:messageId/delete_transfer_to_channel_id`), then logs in to
/// the channel [`name`](Self::name) (`public-api.md` §4.9).
///
/// Every field is written; the iOS SDK requires `Id` and `ProjectId` (§4.13).
#[wire]
pub struct TransferToChannel {
    /// `Id`.
    pub id: TransferToChannelId,
    /// `ProjectId`.
    pub project_id: ProjectId,
    /// `Name`: the target channel's name, to log in there.
    pub name: String,
    /// `Title`: shown on the button.
    pub title: String,
    /// `Description`.
    pub description: Option<String>,
    /// `ProjectName`.
    pub project_name: Option<String>,
    /// `ChatTitle`.
    pub chat_title: Option<String>,
    /// `CreatedAt`.
    pub created_at: Option<Timestamp>,
    /// `UpdatedAt`.
    pub updated_at: Option<Timestamp>,
}

impl TransferToChannel {
    /// An offer with this id; every other field is its zero value.
    pub fn new(id: TransferToChannelId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}
