use super::{PollQuestionScale, RatingPollAnswer};
use crate::primitives::string_enum;
use crate::primitives::RatingPollQuestionId;
use iqchannels_proto_macros::wire;

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
#[wire(new)]
pub struct RatingPollQuestion {
    /// `Id`.
    pub id: RatingPollQuestionId,
    /// `Text`.
    pub text: String,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: PollQuestionType,
    /// `AsTicketRating`: the answer also counts as the ticket's rating. The Android SDK
    /// declares it nullable, the iOS SDK requires a boolean: `null` reads as `false`, and it
    /// is always written as a boolean.
    pub as_ticket_rating: bool,
    /// `Scale`: the range and labels of a `scale` question.
    pub scale: Option<PollQuestionScale>,
    /// `Answers`: the offered answers of a `one_of_list` or `fcr` question.
    pub answers: Vec<RatingPollAnswer>,
}
