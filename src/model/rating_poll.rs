use super::RatingPollQuestion;
use crate::primitives::RatingPollId;
use iqchannels_proto_macros::wire;

/// A poll offered with a rating: an element of `Rels.RatingPolls`, named by
/// `Rating.RatingPollId` (`public-api.md` §4.8).
///
/// Every field is written; the iOS SDK requires `Id`, `FeedbackThanks`,
/// `FeedbackThanksText` and `ShowOffer` (§4.13), which are never `null` here.
#[wire(new)]
pub struct RatingPoll {
    /// `Id`.
    pub id: RatingPollId,
    /// `FeedbackThanks`: thank the client when the poll is done.
    pub feedback_thanks: bool,
    /// `FeedbackThanksText`: the thanks.
    pub feedback_thanks_text: String,
    /// `ShowOffer`: ask "take the survey?" first.
    pub show_offer: bool,
    /// `Questions`, in order.
    pub questions: Vec<RatingPollQuestion>,
}
