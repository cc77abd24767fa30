use serde::{Deserialize, Serialize};

use crate::primitives::wire::{absent, zero_if_null};
use crate::primitives::{ClientId, ClientSessionId, Secret, Timestamp};

/// A client's session: what a client authenticates with (`chat-api-v1`; the public API's,
/// `public-api.md` §4.5).
///
/// The public API's additions are written only when present (`Some`), so that the chat
/// API's sessions are written back as they came (`primitives/wire.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ClientSession {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ClientSessionId,
    /// `ClientId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_id: ClientId,
    /// `Token`: signed and encrypted by the server; never shown by `Debug`.
    #[serde(deserialize_with = "zero_if_null")]
    pub token: Secret,
    /// `Integration`: authenticated through the integrated external system.
    #[serde(deserialize_with = "zero_if_null")]
    pub integration: bool,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `IntegrationHash`: opaque, from an integration login (public API, §4.5). Written only
    /// when present.
    #[serde(skip_serializing_if = "absent")]
    pub integration_hash: Option<String>,
    /// `IntegrationCredentials`: opaque, from an integration login (public API, §4.5);
    /// credentials, so never shown by `Debug`. Written only when present.
    #[serde(skip_serializing_if = "absent")]
    pub integration_credentials: Option<Secret>,
}

impl ClientSession {
    /// A ClientSession with this id; every other field is its zero value.
    pub fn new(id: ClientSessionId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ClientSession);
references!(ClientSession { "ClientId" => client_id });
