use crate::primitives::RatingPollAnswerId;
use iqchannels_proto_macros::wire;

/// One of the answers a [`RatingPollQuestion`](crate::RatingPollQuestion) offers
/// (`public-api.md` §4.8); an `fcr` question has exactly two.
///
/// Every field is written; the iOS SDK requires `Id` and `Text` (§4.13).
#[wire]
pub struct RatingPollAnswer {
    /// `Id`.
    pub id: RatingPollAnswerId,
    /// `Text`.
    pub text: String,
    /// `FCR`: for an `fcr` question, whether this answer means "resolved at first contact".
    #[wire(rename = "FCR")]
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
