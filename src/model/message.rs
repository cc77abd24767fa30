use super::ActorType;
use crate::primitives::string_enum;
use crate::primitives::{ClientId, MessageId, MessageUid, TicketId, Timestamp, UserId};
use crate::schema::Wire;
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
#[wire(new, message = Ticket)]
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

/// A message a value carries: a ticket's (the Internal API) or a chat's (the chat and
/// public APIs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MessageRef<'a> {
    /// A ticket's message ([`Message`]).
    Ticket(&'a Message),
    /// A chat's message ([`ChatMessage`](super::ChatMessage)).
    Chat(&'a super::ChatMessage),
}

/// The messages a value carries, found through its declaration: every wire type has them,
/// so a tool can show the messages of any method's data (a ticket's message in
/// `tickets/create_message`, a page of chat messages in `chats/channel/messages`, none in
/// a chat's settings).
///
/// ```
/// use iqchannels_proto::api::tickets::CreateMessageData;
/// use iqchannels_proto::{ChatMessage, ChatMessageId, Message, MessageId, MessageRef, Messages};
///
/// let data = CreateMessageData::new(Message::new(MessageId::new(7)));
/// assert_eq!(data.messages()[0].id, MessageId::new(7));
/// let page = vec![ChatMessage::new(ChatMessageId::new(1)), ChatMessage::new(ChatMessageId::new(2))];
/// assert!(page.messages().is_empty()); // no ticket message
/// assert!(matches!(page.all_messages()[1], MessageRef::Chat(message) if message.id == ChatMessageId::new(2)));
/// ```
pub trait Messages: Wire {
    /// The ticket messages, in order.
    fn messages(&self) -> Vec<&Message> {
        self.all_messages()
            .into_iter()
            .filter_map(|message| match message {
                MessageRef::Ticket(message) => Some(message),
                MessageRef::Chat(_) => None,
            })
            .collect()
    }

    /// Every message, a ticket's or a chat's, in order.
    fn all_messages(&self) -> Vec<MessageRef<'_>> {
        let mut found = Vec::new();
        if Self::MESSAGES {
            Wire::find_messages(self, &mut found);
        }
        found
    }
}

impl<T: Wire + ?Sized> Messages for T {}
