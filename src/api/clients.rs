//! Clients' authentication: `/api/v1/clients/...` (the chat API, `chat-api-v1`).

use iqchannels_proto_macros::wire;

use crate::model::ClientAuth;
use crate::primitives::Secret;

/// `POST /api/v1/clients/auth`: a client signs in with a token.
#[wire(
    request,
    post = "/api/v1/clients/auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct Auth {
    /// `Token`: the client's token; never shown by `Debug`.
    pub token: Secret,
}

impl Auth {
    /// The request with this token.
    pub fn new(token: Secret) -> Self {
        Self { token }
    }
}

/// `POST /api/v1/clients/integration_auth`: a client of an integrated external system
/// signs in with that system's credentials.
#[wire(
    request,
    post = "/api/v1/clients/integration_auth",
    auth = None, spelling = ResultRels, data = ClientAuth,
)]
pub struct IntegrationAuth {
    /// `Credentials`: passed as they are to the external system; never shown by `Debug`.
    pub credentials: Secret,
}

impl IntegrationAuth {
    /// The request with these credentials.
    pub fn new(credentials: Secret) -> Self {
        Self { credentials }
    }
}
