use crate::primitives::string_enum;
use crate::primitives::{ActionId, ChatMessageId, ClientId};
use iqchannels_proto_macros::wire;

string_enum! {
    /// What an [`Action`] button does: `Action.Action` (`public-api.md` §5 "ActionType"),
    /// with the wire's spaces and capitals.
    ///
    /// ```
    /// use iqchannels_proto::ActionType;
    ///
    /// assert_eq!(ActionType::from("Open URL"), ActionType::OpenUrl);
    /// ```
    pub enum ActionType {
        /// `"Postback"`: send the title as text and the payload as `BotpressPayload`.
        Postback = "Postback",
        /// `"Open URL"`: open [`Action::url`].
        OpenUrl = "Open URL",
        /// `"Say something"`: send the title (the Android SDK only the title; the iOS SDK
        /// and the widget the payload too, §3.9).
        SaySomething = "Say something",
    }
}

/// A card or carousel button: an element of `ChatMessage.Actions` (`public-api.md` §4.9).
///
/// Every field is written; the iOS SDK requires `Id`, `ChatMessageId` and `ClientId`
/// (§4.13).
#[wire]
pub struct Action {
    /// `Id`.
    pub id: ActionId,
    /// `ChatMessageId`: the message the button belongs to.
    pub chat_message_id: ChatMessageId,
    /// `ClientId`.
    pub client_id: ClientId,
    /// `Title`: the button's label.
    pub title: Option<String>,
    /// `Action`: what the button does.
    pub action: Option<ActionType>,
    /// `Payload`: the bot payload (the widget also takes the part before the first `|` of
    /// the first action's payload as a CSS class).
    pub payload: Option<String>,
    /// `URL`: the link to open (the widget opens it whenever present).
    #[wire(rename = "URL")]
    pub url: Option<String>,
}

impl Action {
    /// An action with this id; every other field is its zero value.
    pub fn new(id: ActionId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}
