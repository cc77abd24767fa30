use crate::primitives::string_enum;
use crate::primitives::{ClientId, ProjectId, RatingId, RatingPollId, TicketId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

string_enum! {
    /// Where a [`Rating`] request stands: `Rating.State` (`public-api.md` §5
    /// "RatingState"; the iOS SDK maps an unknown value to `""`).
    pub enum RatingState {
        /// `""`: invalid.
        Invalid = "",
        /// `"pending"`: awaiting the client's score.
        Pending = "pending",
        /// `"ignored"`: closed without a score.
        Ignored = "ignored",
        /// `"rated"`: scored.
        Rated = "rated",
        /// `"poll"`: a [`RatingPoll`](crate::RatingPoll) is offered.
        Poll = "poll",
        /// `"finished"`: the poll is done.
        Finished = "finished",
    }
}

/// A rating request and its answer: an element of `Rels.Ratings`, shown by the message
/// whose `RatingId` names it; the result of `ratings/rate` and `ratings/ignore`
/// (`public-api.md` §4.8).
///
/// Every field is written, `null` for an absent nullable one.
///
/// ```
/// use iqchannels_proto::{Rating, RatingId, RatingState};
///
/// let rating: Rating = serde_json::from_str(r#"{"Id": 7, "State": "rated", "Value": 5}"#)?;
/// assert_eq!((rating.id, rating.state, rating.value), (RatingId::new(7), RatingState::Rated, Some(5)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire(new)]
pub struct Rating {
    /// `Id` (required by the iOS SDK, §4.13).
    pub id: RatingId,
    /// `ProjectId`: the Android and iOS SDKs copy it into poll answers.
    pub project_id: ProjectId,
    /// `ClientId`: the client asked; copied into poll answers.
    pub client_id: ClientId,
    /// `TicketId`: the rated ticket.
    pub ticket_id: TicketId,
    /// `UserId`: the rated operator.
    pub user_id: UserId,
    /// `State`.
    pub state: RatingState,
    /// `Value`: the score (1 to 5 by default, or the scale's range).
    pub value: Option<i32>,
    /// `Comment`: the client's comment.
    pub comment: Option<String>,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    pub updated_at: Timestamp,
    /// `RatingPollId`: the poll offered instead of, or after, the score; in
    /// `Rels.RatingPolls`.
    #[wire(reference)]
    pub rating_poll_id: Option<RatingPollId>,
    /// `QuestionText`: a custom question.
    pub question_text: Option<String>,
}
