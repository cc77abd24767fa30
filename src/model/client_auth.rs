use super::{Client, ClientSession};
use crate::primitives::Presence;
use iqchannels_proto_macros::wire;

/// A client's authentication: the data of `clients/auth` and `clients/integration_auth`.
#[wire]
pub struct ClientAuth {
    /// `Client`. Kept absent, `null` or a value as it came: the SDKs refuse a sign-in
    /// without both `Client` and `Session` (`sdk-fidelity.md` M10), and the codec warns
    /// when one is missing.
    #[wire(required)]
    pub client: Presence<Client>,
    /// `Session`, as `Client`.
    #[wire(required, reference)]
    pub session: Presence<ClientSession>,
}
