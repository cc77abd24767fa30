use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChatMessageId, ClientId, SingleChoiceId};

/// A quick-reply button of a message: an element of `ChatMessage.SingleChoices`
/// (`public-api.md` §4.9). Note the **lower-case** wire names of `title`, `value` and `tag`.
/// A pick is sent as a message whose `Text` is the title and whose `BotpressPayload` is the
/// value.
///
/// Every field is written; the iOS SDK requires `Id`, `ChatMessageId`, `ClientId` and
/// `Deleted` (§4.13).
///
/// ```
/// use iqchannels_proto::SingleChoice;
///
/// let choice: SingleChoice = serde_json::from_str(r#"{"Id": 1, "title": "Да", "value": "yes"}"#)?;
/// assert_eq!((choice.title.as_str(), choice.value.as_str()), ("Да", "yes"));
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
pub struct SingleChoice {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: SingleChoiceId,
    /// `ChatMessageId`: the message the choice belongs to; the SDKs clear its choices after
    /// a pick.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_message_id: ChatMessageId,
    /// `ClientId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub client_id: ClientId,
    /// `Deleted`: hidden when `true`.
    #[serde(deserialize_with = "zero_if_null")]
    pub deleted: bool,
    /// `title`: the button's label, sent as the reply's `Text`.
    #[serde(rename = "title", deserialize_with = "zero_if_null")]
    pub title: String,
    /// `value`: sent as the reply's `BotpressPayload`.
    #[serde(rename = "value", deserialize_with = "zero_if_null")]
    pub value: String,
    /// `tag`: unused by the SDKs.
    #[serde(rename = "tag")]
    pub tag: Option<String>,
}

impl SingleChoice {
    /// A choice with this id; every other field is its zero value.
    pub fn new(id: SingleChoiceId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(SingleChoice);
references!(SingleChoice {});
