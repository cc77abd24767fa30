use super::{Action, ActorType, Product, SingleChoice, TransferToChannel};
use crate::primitives::string_enum;
use crate::primitives::{
    ChatEventId, ChatId, ChatMessageId, ChatNoticeId, ClientId, ClientSessionId, FileId,
    InfoRequestId, LooseId, MessageUid, RatingId, TicketId, Timestamp, UserId,
};
use iqchannels_proto_macros::wire;

string_enum! {
    /// What a [`ChatMessage`] carries.
    pub enum ChatPayloadType {
        /// `"text"`.
        Text = "text",
        /// `"file"`.
        File = "file",
        /// `"notice"`: a notice for operators only
        Notice = "notice",
        /// `"rating"`: a rating request (public API, `public-api.md` §5); the SDKs recognise
        /// one by [`ChatMessage::rating_id`], not by this value.
        Rating = "rating",
        /// `"typing"`: a typing indicator (declared by the Android SDK, §5).
        Typing = "typing",
        /// `"single-choice"`: text with quick-reply [`ChatMessage::single_choices`] (§5).
        SingleChoice = "single-choice",
        /// `"card"`: text or an image with [`ChatMessage::actions`] buttons (§5).
        Card = "card",
        /// `"carousel"`: cards with [`ChatMessage::actions`] buttons (§5).
        Carousel = "carousel",
        /// `"product"`: text with a [`ChatMessage::product`] offer (§5).
        Product = "product",
        /// `"link"`: rendered as text (the widget, §5).
        Link = "link",
    }
}

string_enum! {
    /// How to render a [`ChatMessage`]'s text: `ChatMessage.Style` (`public-api.md` §4.2,
    /// §5 "Message Style"); any other value is plain text with links detected.
    pub enum MessageStyle {
        /// `"html"`: the text is HTML.
        Html = "html",
        /// `"markdown"`: the text is Markdown.
        Markdown = "markdown",
    }
}

/// A message of a [`Chat`](crate::Chat): an element of `Rels.ChatMessages` and of the data
/// of `chats/messages/query_by_chat` (`chat-api-v1`), and of the public API's message history
/// and events (`public-api.md` §4.2).
///
/// The chat API's fields are always written. The public API's additions are written only
/// when present (`Some`), so that the chat API's messages, which do not have them, are
/// written back as they came (the rule of `primitives/wire.rs`). The fields the SDKs keep
/// only on their own copies (`Error`, `AutoGreeting`, the widget's `ListenedAt`) are not
/// wire fields and are not modelled.
#[wire(new, message = Chat)]
pub struct ChatMessage {
    /// `Id`.
    pub id: ChatMessageId,
    /// `UID`: 40 lowercase hex characters, unique across servers.
    #[wire(rename = "UID")]
    pub uid: MessageUid,
    /// `ChatId`.
    #[wire(reference)]
    pub chat_id: ChatId,
    /// `SessionId`.
    pub session_id: ClientSessionId,
    /// `LocalId`: the sender's own unique value, so a resent message is not duplicated.
    pub local_id: i64,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `Public`: visible to the client, not only to operators.
    pub public: bool,
    /// `Author`: who wrote it; their id is in `client_id` or `user_id`.
    pub author: ActorType,
    /// `ClientId`.
    #[wire(reference)]
    pub client_id: Option<ClientId>,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: Option<UserId>,
    /// `Payload`.
    pub payload: ChatPayloadType,
    /// `Text`: empty unless the payload is text.
    pub text: String,
    /// `FileId`.
    #[wire(reference)]
    pub file_id: Option<FileId>,
    /// `NoticeId`: the operators' notice. Read from a number (the chat API, the widget and
    /// the iOS SDK) or from a string of digits (the Android SDK declares a string,
    /// `public-api.md` §4.2); any other text is kept as it came, with a warning
    /// (`sdk-fidelity.md` M6), rather than failing the whole page.
    #[wire(reference)]
    pub notice_id: Option<LooseId<ChatNoticeId>>,
    /// `Received`.
    pub received: bool,
    /// `Read`.
    pub read: bool,
    /// `Pushed`: sent as a mobile push notification.
    pub pushed: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `ReceivedAt`.
    pub received_at: Timestamp,
    /// `ReadAt`.
    pub read_at: Timestamp,
    /// `My`: computed by the server: the message was sent by whoever made the request.
    pub my: bool,
    /// `ReplyToMessageId`: the message this one quotes (public API, §4.2). Written only when
    /// present.
    #[wire(when_present)]
    pub reply_to_message_id: Option<ChatMessageId>,
    /// `RatingId`: the rating request this message shows, in `Rels.Ratings` (public API,
    /// §4.2, §4.8). Written only when present.
    #[wire(when_present, reference)]
    pub rating_id: Option<RatingId>,
    /// `InfoRequestId`: the personal-data request this message shows, in
    /// `Rels.InfoRequests` (public API, §4.2, §4.11). Written only when present.
    #[wire(when_present, reference)]
    pub info_request_id: Option<InfoRequestId>,
    /// `BotpressPayload`: the bot payload a client's reply carries (public API, §4.2).
    /// Written only when present.
    #[wire(when_present)]
    pub botpress_payload: Option<String>,
    /// `SingleChoices`: quick-reply buttons (public API, §4.2, §4.9); the widget shows them
    /// whenever the key is not `null`. Written only when present.
    #[wire(when_present)]
    pub single_choices: Option<Vec<SingleChoice>>,
    /// `IsDropDown`: `true`: show the choices as a compact row while this is the latest
    /// message; otherwise as buttons attached to the message (public API, §4.2). Written
    /// only when present.
    #[wire(when_present)]
    pub is_drop_down: Option<bool>,
    /// `DisableFreeText`: while this is the latest message, the client's text input is
    /// disabled (public API, §4.2). Written only when present.
    #[wire(when_present)]
    pub disable_free_text: Option<bool>,
    /// `Actions`: card and carousel buttons (public API, §4.2, §4.9). Written only when
    /// present.
    #[wire(when_present)]
    pub actions: Option<Vec<Action>>,
    /// `Product`: a product offer, shown with accept and decline (public API, §4.2, §4.9).
    /// Written only when present. Boxed: few messages have one.
    #[wire(when_present)]
    pub product: Option<Box<Product>>,
    /// `TransferToChannel`: an offer to continue in another channel (public API, §4.2,
    /// §4.9). Written only when present. Boxed: few messages have one.
    #[wire(when_present)]
    pub transfer_to_channel: Option<Box<TransferToChannel>>,
    /// `Style`: how to render the text (public API, §4.2). Written only when present.
    #[wire(when_present)]
    pub style: Option<MessageStyle>,
    /// `TicketId`: the ticket the message belongs to (public API, §4.2). Written only when
    /// present.
    #[wire(when_present)]
    pub ticket_id: Option<TicketId>,
    /// `Listened`: an audio message was played to the end (public API, §4.2; set by a
    /// `message_listened` event, whose time the widget keeps as its own `ListenedAt`).
    /// Written only when present.
    #[wire(when_present)]
    pub listened: Option<bool>,
    /// `EditedAt`: when an operator edited the message (public API, §4.2). Written only
    /// when present.
    #[wire(when_present)]
    pub edited_at: Option<Timestamp>,
}
