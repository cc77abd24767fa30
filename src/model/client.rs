use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ClientId, Timestamp};

/// A client, the customer side of a chat: an element of `Graph.Clients`
/// (from the chat API page, `chat-api-v1`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Client {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ClientId,
    /// `Type`: how the client came, such as `integrated`. Kept verbatim.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: String,
    /// `Name`.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Online`.
    #[serde(deserialize_with = "zero_if_null")]
    pub online: bool,
    /// `IntegrationId`: the client's id in the integrated external system.
    pub integration_id: Option<String>,
    /// `TelegramId`.
    pub telegram_id: Option<i64>,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub updated_at: Timestamp,
    /// `LastSeenAt`.
    pub last_seen_at: Option<Timestamp>,
}

impl Client {
    /// A client with this id; every other field is its zero value.
    pub fn new(id: ClientId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(Client);
references!(Client {});
