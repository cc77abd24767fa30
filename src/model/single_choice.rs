use crate::primitives::{ChatMessageId, ClientId, SingleChoiceId};
use iqchannels_proto_macros::wire;

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
#[wire(new)]
pub struct SingleChoice {
    /// `Id`.
    pub id: SingleChoiceId,
    /// `ChatMessageId`: the message the choice belongs to; the SDKs clear its choices after
    /// a pick.
    pub chat_message_id: ChatMessageId,
    /// `ClientId`.
    pub client_id: ClientId,
    /// `Deleted`: hidden when `true`.
    pub deleted: bool,
    /// `title`: the button's label, sent as the reply's `Text`.
    #[wire(rename = "title")]
    pub title: String,
    /// `value`: sent as the reply's `BotpressPayload`.
    #[wire(rename = "value")]
    pub value: String,
    /// `tag`: unused by the SDKs.
    #[wire(rename = "tag")]
    pub tag: Option<String>,
}
