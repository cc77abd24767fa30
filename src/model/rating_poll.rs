use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::RatingPollId;
use crate::RatingPollQuestion;

/// A poll offered with a rating: an element of `Rels.RatingPolls`, named by
/// `Rating.RatingPollId` (`public-api.md` §4.8).
///
/// Every field is written; the iOS SDK requires `Id`, `FeedbackThanks`,
/// `FeedbackThanksText` and `ShowOffer` (§4.13), which are never `null` here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct RatingPoll {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: RatingPollId,
    /// `FeedbackThanks`: thank the client when the poll is done.
    #[serde(deserialize_with = "zero_if_null")]
    pub feedback_thanks: bool,
    /// `FeedbackThanksText`: the thanks.
    #[serde(deserialize_with = "zero_if_null")]
    pub feedback_thanks_text: String,
    /// `ShowOffer`: ask "take the survey?" first.
    #[serde(deserialize_with = "zero_if_null")]
    pub show_offer: bool,
    /// `Questions`, in order.
    #[serde(deserialize_with = "zero_if_null")]
    pub questions: Vec<RatingPollQuestion>,
}

impl RatingPoll {
    /// A poll with this id; every other field is its zero value.
    pub fn new(id: RatingPollId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(RatingPoll);
references!(RatingPoll {});
