use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ProjectId, Timestamp, TransferToChannelId};

/// `ChatMessage.TransferToChannel`: an offer to continue in another channel; the client
/// clears it (`chats/messages/:messageId/delete_transfer_to_channel_id`), then logs in to
/// the channel [`name`](Self::name) (`public-api.md` §4.9).
///
/// Every field is written; the iOS SDK requires `Id` and `ProjectId` (§4.13).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct TransferToChannel {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: TransferToChannelId,
    /// `ProjectId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub project_id: ProjectId,
    /// `Name`: the target channel's name, to log in there.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Title`: shown on the button.
    #[serde(deserialize_with = "zero_if_null")]
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

objects_only!(TransferToChannel);
references!(TransferToChannel {});
