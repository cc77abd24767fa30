use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::RatingPollAnswerId;

/// One of the answers a [`RatingPollQuestion`](crate::RatingPollQuestion) offers
/// (`public-api.md` §4.8); an `fcr` question has exactly two.
///
/// Every field is written; the iOS SDK requires `Id` and `Text` (§4.13).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct RatingPollAnswer {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: RatingPollAnswerId,
    /// `Text`.
    #[serde(deserialize_with = "zero_if_null")]
    pub text: String,
    /// `FCR`: for an `fcr` question, whether this answer means "resolved at first contact".
    #[serde(rename = "FCR")]
    pub fcr: Option<bool>,
}

impl RatingPollAnswer {
    /// An answer with this id; every other field is its zero value.
    pub fn new(id: RatingPollAnswerId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(RatingPollAnswer);
references!(RatingPollAnswer {});
