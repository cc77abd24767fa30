use crate::primitives::{ClientId, ClientSessionId, Secret, Timestamp};
use iqchannels_proto_macros::wire;

/// A client's session: what a client authenticates with (`chat-api-v1`; the public API's,
/// `public-api.md` §4.5).
///
/// The public API's additions are written only when present (`Some`), so that the chat
/// API's sessions are written back as they came (`primitives/wire.rs`).
#[wire(new)]
pub struct ClientSession {
    /// `Id`.
    pub id: ClientSessionId,
    /// `ClientId`.
    #[wire(reference)]
    pub client_id: ClientId,
    /// `Token`: signed and encrypted by the server; never shown by `Debug`.
    pub token: Secret,
    /// `Integration`: authenticated through the integrated external system.
    pub integration: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `IntegrationHash`: opaque, from an integration login (public API, §4.5). Written only
    /// when present.
    #[wire(when_present)]
    pub integration_hash: Option<String>,
    /// `IntegrationCredentials`: opaque, from an integration login (public API, §4.5);
    /// credentials, so never shown by `Debug`. Written only when present.
    #[wire(when_present)]
    pub integration_credentials: Option<Secret>,
}
