use super::ActorType;
use crate::primitives::{ClientId, MessageId, MessageUid, TicketId, Timestamp, UserId};
use iqchannels_proto_macros::wire;

string_enum! {
    /// What a message carries.
    pub enum MessageType {
        /// `"text"`: [`Message::text`].
        Text = "text",
        /// `"file"`: an attached file.
        File = "file",
        /// `"notice"`: a notice for operators only.
        Notice = "notice",
        /// `"single-choice"`: a question with buttons to choose one answer.
        SingleChoice = "single-choice",
        /// `"product"`: a product card.
        Product = "product",
        /// `"card"`: a card with buttons.
        Card = "card",
        /// `"carousel"`: a row of cards.
        Carousel = "carousel",
    }
}

/// A message of a ticket: `Data.Message` of `tickets/create_message`.
///
/// Fields are in the documented wire order; the wire names are in the field docs.
///
/// ```
/// use iqchannels_proto::{Message, MessageType};
///
/// let message: Message = serde_json::from_str(r#"{"Id": 1632, "Type": "text", "ReadAt": null}"#)?;
/// assert_eq!(message.id.get(), 1632);
/// assert_eq!(message.kind, MessageType::Text);
/// assert_eq!(message.read_at, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[wire(new)]
pub struct Message {
    /// `Id`.
    pub id: MessageId,
    /// `UID`: 40 lowercase hex characters, unique across servers.
    #[wire(rename = "UID")]
    pub uid: MessageUid,
    /// `TicketId`: the ticket the message belongs to.
    pub ticket_id: TicketId,
    /// `LocalId`: the sender's own unique value (recommended: its UTC time in ms), so a
    /// resent message is not duplicated.
    pub local_id: i64,
    /// `Author`: who wrote it; the author's id is in `client_id` or `user_id`.
    pub author: ActorType,
    /// `ClientId`: the client who wrote it, if a client did.
    #[wire(reference)]
    pub client_id: Option<ClientId>,
    /// `UserId`: the user who wrote it, if a user did.
    #[wire(reference)]
    pub user_id: Option<UserId>,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: MessageType,
    /// `Text`.
    pub text: String,
    /// `Received`: delivered to the other side.
    pub received: bool,
    /// `Read`: read by the other side.
    pub read: bool,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `UpdatedAt`.
    pub updated_at: Timestamp,
    /// `ReceivedAt`.
    pub received_at: Option<Timestamp>,
    /// `ReadAt`.
    pub read_at: Option<Timestamp>,
    /// `My`: computed by the server, the message was sent by whoever made the request.
    pub my: bool,
}

/// A value that carries messages: a method's data, for tools that show them.
pub trait Messages {
    /// The messages, in order.
    fn messages(&self) -> Vec<&Message>;
}

impl Messages for Message {
    fn messages(&self) -> Vec<&Message> {
        vec![self]
    }
}

impl<T: Messages> Messages for Vec<T> {
    fn messages(&self) -> Vec<&Message> {
        self.iter().flat_map(T::messages).collect()
    }
}

impl<T: Messages> Messages for Option<T> {
    fn messages(&self) -> Vec<&Message> {
        self.iter().flat_map(T::messages).collect()
    }
}

/// Data that carries nothing.
impl Messages for () {
    fn messages(&self) -> Vec<&Message> {
        Vec::new()
    }
}

/// JSON the crate does not model carries no message it knows of.
impl Messages for crate::primitives::RawJson {
    fn messages(&self) -> Vec<&Message> {
        Vec::new()
    }
}

/// The chat API's entities carry chat messages, not ticket messages.
macro_rules! no_messages {
    ($($name:ty),*) => {$(
        impl $crate::model::Messages for $name {
            fn messages(&self) -> Vec<&$crate::model::Message> {
                Vec::new()
            }
        }
    )*};
}

#[cfg(feature = "public")]
pub(crate) use no_messages;

no_messages!(
    crate::Chat,
    crate::ChatMember,
    crate::ChatMessage,
    crate::ChatInbox,
    crate::ChatInboxThread,
    crate::ClientAuth,
    crate::ChatMessageId
);

// The public API's data (`public-api.md` §3, §4) carries chat messages or none, never a
// ticket's.
no_messages!(
    bool,
    i32,
    crate::AdvancedUnread,
    crate::AdvancedUnreadResult,
    crate::Blocker,
    crate::ChatEvent,
    crate::ChatSettings,
    crate::Client,
    crate::EndAppealSettings,
    crate::File,
    crate::FilesConfig,
    crate::GreetingSettings,
    crate::InfoRequest,
    crate::Languages,
    crate::PersonalDataForm,
    crate::Rating,
    crate::ServerVersion
);
