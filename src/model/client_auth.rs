use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::Client;
use crate::ClientSession;

/// A client's authentication: the data of `clients/auth` and `clients/integration_auth`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ClientAuth {
    /// `Client`.
    #[serde(deserialize_with = "zero_if_null")]
    pub client: Client,
    /// `Session`.
    #[serde(deserialize_with = "zero_if_null")]
    pub session: ClientSession,
}

objects_only!(ClientAuth);
references!(ClientAuth { "Session" => session });
