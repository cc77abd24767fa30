use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;

/// An element of `Client.Details.Fields`: a named profile value (`public-api.md` §4.4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ClientDetailsField {
    /// `Name`.
    #[serde(deserialize_with = "zero_if_null")]
    pub name: String,
    /// `Value`.
    #[serde(deserialize_with = "zero_if_null")]
    pub value: String,
}

impl ClientDetailsField {
    /// A field with this name and value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

objects_only!(ClientDetailsField);
references!(ClientDetailsField {});
