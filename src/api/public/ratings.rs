//! Ratings and polls: `/public/api/v1/ratings/...` (`public-api.md` §3.5, §4.8). A
//! message with a `RatingId` asks the client to rate the conversation; the client rates
//! it ([`Rate`]) or closes the request ([`IgnoreRating`]); a rating may offer a poll,
//! answered with [`SendPoll`] and closed with [`FinishPoll`].
//!
//! ```
//! use iqchannels_proto::api::public::ratings::{Rate, RatingForm};
//! use iqchannels_proto::{codec, RatingId};
//!
//! let rate = Rate::new(RatingId::new(77), RatingForm::new(5).comment("Спасибо"));
//! assert_eq!(
//!     codec::encode_request(&rate)?.body,
//!     r#"{"RatingId":77,"Rating":{"Value":5,"Comment":"Спасибо"}}"#.as_bytes()
//! );
//! // The iOS SDK's spelling:
//! let ios = br#"{"ratingId": 77, "rating": {"Value": 5}}"#;
//! assert_eq!(codec::decode_request::<Rate>(ios)?.value, Rate::new(RatingId::new(77), RatingForm::new(5)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::{PollQuestionType, Rating};
use crate::primitives::{
    ClientId, ProjectId, RatingId, RatingPollAnswerId, RatingPollId, RatingPollQuestionId, RawJson,
};
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/ratings/rate` (§3.5 row 31): the client's score. W sends
/// `{RatingId, Rating: {Value, Comment}}`, K `{RatingId, Rating: {Value}}`, S
/// `{ratingId, rating: {Value}}`. The data is the [`Rating`] as stored, with its
/// `Rels` (W reads `State`, `Value`, `Comment`).
#[wire(
    request, new,
    post = "/public/api/v1/ratings/rate",
    auth = Client, spelling = ResultRels, data = Rating,
)]
pub struct Rate {
    /// `RatingId`: the rating request.
    pub rating_id: RatingId,
    /// `Rating`: the score.
    pub rating: RatingForm,
}

/// `Rate.Rating` (§3.5 row 31): the score and, from W, a comment.
#[wire(request)]
pub struct RatingForm {
    /// `Value`: the score, 1 to 5 unless the scale says otherwise.
    pub value: i32,
    /// `Comment`: the client's comment (W only).
    pub comment: Option<String>,
}

/// `POST /public/api/v1/ratings/ignore` (§3.5 row 32): the client closes a rating
/// request without a score, `{RatingId}` (W). The data is the [`Rating`], with its
/// `Rels`.
#[wire(
    request, new,
    post = "/public/api/v1/ratings/ignore",
    auth = Client, spelling = ResultRels, data = Rating,
)]
pub struct IgnoreRating {
    /// `RatingId`: the rating request.
    pub rating_id: RatingId,
}

/// `POST /public/api/v1/ratings/send_poll` (§3.5 row 33, §4.8): the client's answers
/// to a rating's poll, `{RatingPollClientAnswerInput: [...]}` (S:
/// `ratingPollClientAnswerInput`, the answers in lower camel case). The answer is
/// not read.
#[wire(
    request, new,
    post = "/public/api/v1/ratings/send_poll",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct SendPoll {
    /// `RatingPollClientAnswerInput`: one answer per answered question.
    pub rating_poll_client_answer_input: Vec<PollAnswer>,
}

/// `RatingPollClientAnswerInput` (§4.8): the answer to one question of a poll; which
/// answer field is set depends on the question's `Type`.
#[wire(request)]
pub struct PollAnswer {
    /// `ProjectId`: from `Client.ProjectId` (W) or `Rating.ProjectId` (K, S; S sends
    /// 0 when absent). Absent from W after its cookie sign-in (§2.2).
    pub project_id: Option<ProjectId>,
    /// `ClientId`: the client (W) or `Rating.ClientId` (K, S); absent from W after
    /// its cookie sign-in (§2.2).
    pub client_id: Option<ClientId>,
    /// `RatingId`: the rating the poll belongs to.
    pub rating_id: RatingId,
    /// `RatingPollQuestionId`: the question.
    pub rating_poll_question_id: RatingPollQuestionId,
    /// `Type`: the question's type, which says the answer's field.
    #[wire(rename = "Type")]
    pub kind: PollQuestionType,
    /// `RatingPollAnswerId`: the chosen answer (`one_of_list`, `fcr`).
    pub rating_poll_answer_id: Option<RatingPollAnswerId>,
    /// `FCR`: first-contact resolution (`fcr`: the chosen answer's `FCR`).
    #[wire(rename = "FCR")]
    pub fcr: Option<bool>,
    /// `AnswerInput`: free text (`input`).
    pub answer_input: Option<String>,
    /// `AnswerStars`: 1 to 5 (`stars`).
    pub answer_stars: Option<i32>,
    /// `AnswerScale`: a value of the question's scale (`scale`).
    pub answer_scale: Option<i32>,
    /// `AsTicketRating`: copied from the question (K; S for `stars` and `scale`).
    pub as_ticket_rating: Option<bool>,
}

/// `POST /public/api/v1/ratings/finish_poll` (§3.5 row 34): the poll is over,
/// `{RatingId, RatingPollId, Rated}` in all SDKs: `Rated` is `true` after the answers
/// were sent, `false` when the client dismissed the poll. The answer is not read
/// (W checks `OK`).
#[wire(
    request, new,
    post = "/public/api/v1/ratings/finish_poll",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct FinishPoll {
    /// `RatingId`: the rating.
    pub rating_id: RatingId,
    /// `RatingPollId`: its poll.
    pub rating_poll_id: RatingPollId,
    /// `Rated`: whether the client answered.
    pub rated: bool,
}

/// `POST /public/api/v1/ratings/query_poll` (§3.5 row 35): a poll, `{Query}` (W,
/// defined but never called); the answer is not known, kept verbatim.
#[wire(
    request, new, retry,
    post = "/public/api/v1/ratings/query_poll",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct QueryPoll {
    /// `Query`: whatever the caller passes; kept verbatim.
    pub query: RawJson,
}

impl RatingForm {
    /// A score, with no comment.
    pub fn new(value: i32) -> Self {
        Self {
            value,
            comment: None,
        }
    }

    /// With `Comment`.
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }
}

impl PollAnswer {
    /// The answer to question `question_id` (of type `kind`) of rating `rating_id`'s
    /// poll, with no answer field set yet: set the one the type needs, and the project
    /// and client when known.
    pub fn new(
        rating_id: RatingId,
        question_id: RatingPollQuestionId,
        kind: PollQuestionType,
    ) -> Self {
        Self {
            project_id: None,
            client_id: None,
            rating_id,
            rating_poll_question_id: question_id,
            kind,
            rating_poll_answer_id: None,
            fcr: None,
            answer_input: None,
            answer_stars: None,
            answer_scale: None,
            as_ticket_rating: None,
        }
    }
}
