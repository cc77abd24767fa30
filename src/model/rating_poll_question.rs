use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::RatingPollQuestionId;
use crate::{PollQuestionScale, RatingPollAnswer};

string_enum! {
    /// What a [`RatingPollQuestion`] asks for, and which field of the client's answer holds
    /// it (`public-api.md` §5 "PollQuestionType").
    pub enum PollQuestionType {
        /// `""`: the iOS SDK's fallback.
        Invalid = "",
        /// `"one_of_list"`: one of the offered [`answers`](RatingPollQuestion::answers).
        OneOfList = "one_of_list",
        /// `"input"`: free text.
        Input = "input",
        /// `"stars"`: 1 to 5 stars.
        Stars = "stars",
        /// `"fcr"`: first-contact resolution, yes or no (two answers).
        Fcr = "fcr",
        /// `"scale"`: a value of the question's [`scale`](RatingPollQuestion::scale).
        Scale = "scale",
    }
}

/// A question of a [`RatingPoll`](crate::RatingPoll) (`public-api.md` §4.8).
///
/// Every field is written; the iOS SDK requires `Id`, `AsTicketRating`, `Text` and `Type`
/// (§4.13), which are never `null` here.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct RatingPollQuestion {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: RatingPollQuestionId,
    /// `Text`.
    #[serde(deserialize_with = "zero_if_null")]
    pub text: String,
    /// `Type`.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: PollQuestionType,
    /// `AsTicketRating`: the answer also counts as the ticket's rating. The Android SDK
    /// declares it nullable, the iOS SDK requires a boolean: `null` reads as `false`, and it
    /// is always written as a boolean.
    #[serde(deserialize_with = "zero_if_null")]
    pub as_ticket_rating: bool,
    /// `Scale`: the range and labels of a `scale` question.
    pub scale: Option<PollQuestionScale>,
    /// `Answers`: the offered answers of a `one_of_list` or `fcr` question.
    #[serde(deserialize_with = "zero_if_null")]
    pub answers: Vec<RatingPollAnswer>,
}

impl RatingPollQuestion {
    /// A question with this id; every other field is its zero value.
    pub fn new(id: RatingPollQuestionId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(RatingPollQuestion);
references!(RatingPollQuestion {});
