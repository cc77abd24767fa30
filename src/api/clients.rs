//! Clients' authentication: `/api/v1/clients/...` (the chat API, `chat-api-v1`).

use iqchannels_proto_macros::wire;

use crate::model::ClientAuth;
use crate::primitives::Secret;

/// `POST /api/v1/clients/auth`: a client signs in with a token.
#[wire(
    request, new,
    post = "/api/v1/clients/auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct Auth {
    /// `Token`: the client's token; never shown by `Debug`.
    pub token: Secret,
}

/// `POST /api/v1/clients/integration_auth`: a client of an integrated external system
/// signs in with that system's credentials.
#[wire(
    request, new,
    post = "/api/v1/clients/integration_auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct IntegrationAuth {
    /// `Credentials`: passed as they are to the external system; never shown by `Debug`.
    pub credentials: Secret,
}
