use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ClientId, ProjectId, RatingId, RatingPollId, TicketId, Timestamp, UserId};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct Rating {
    /// `Id` (required by the iOS SDK, §4.13).
    #[serde(deserialize_with = "zero_if_null")]
    pub id: RatingId,
    /// `ProjectId`: the Android and iOS SDKs copy it into poll answers.
    #[serde(deserialize_with = "zero_if_null")]
    pub project_id: ProjectId,
    /// `ClientId`: the client asked; copied into poll answers.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_id: ClientId,
    /// `TicketId`: the rated ticket.
    #[serde(deserialize_with = "zero_if_null")]
    pub ticket_id: TicketId,
    /// `UserId`: the rated operator.
    #[serde(deserialize_with = "zero_if_null")]
    pub user_id: UserId,
    /// `State`.
    #[serde(deserialize_with = "zero_if_null")]
    pub state: RatingState,
    /// `Value`: the score (1 to 5 by default, or the scale's range).
    pub value: Option<i32>,
    /// `Comment`: the client's comment.
    pub comment: Option<String>,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub updated_at: Timestamp,
    /// `RatingPollId`: the poll offered instead of, or after, the score; in
    /// `Rels.RatingPolls`.
    pub rating_poll_id: Option<RatingPollId>,
    /// `QuestionText`: a custom question.
    pub question_text: Option<String>,
}

impl Rating {
    /// A rating with this id; every other field is its zero value.
    pub fn new(id: RatingId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(Rating);
references!(Rating { "RatingPollId" => rating_poll_id });
