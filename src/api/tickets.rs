//! Tickets: `/api/tickets/...`.

use iqchannels_proto_macros::wire;

use crate::model::{Message, MessageType};
use crate::primitives::TicketId;

/// `POST /api/tickets/create_message`: adds a message to a ticket.
///
/// ```
/// use iqchannels_proto::api::tickets::{CreateMessage, MessageForm};
/// use iqchannels_proto::{MessageType, TicketId};
///
/// let by_hand = CreateMessage::new(TicketId::new(103), MessageForm::text(1548142724904, "Hello"));
/// let built = CreateMessage::builder(TicketId::new(103), 1548142724904).text("Hello").build();
/// assert_eq!(by_hand, built);
/// assert_eq!(built.message.kind, MessageType::Text);
/// ```
#[wire(
    request, new, retry,
    post = "/api/tickets/create_message",
    auth = Operator, spelling = DataGraph, data = CreateMessageData,
)]
pub struct CreateMessage {
    /// `TicketId`: the ticket to write to.
    pub ticket_id: TicketId,
    /// `Message`: what to write.
    pub message: MessageForm,
}

/// `CreateMessage.Message`: a new message.
#[wire(request)]
pub struct MessageForm {
    /// `LocalId`: a value unique for the sender, so that a resend is not a duplicate;
    /// recommended: the sender's UTC time in milliseconds.
    pub local_id: i64,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: MessageType,
    /// `Text`.
    pub text: String,
}

/// The `Data` of `tickets/create_message`'s response: the message as stored.
#[wire]
pub struct CreateMessageData {
    /// `Message`.
    #[wire(reference)]
    pub message: Message,
}

/// Builds a [`CreateMessage`]: the ticket and the local id are required, the type is
/// `text` and the text empty unless set.
#[derive(Clone, Debug)]
#[must_use = "call .build() to get the request"]
pub struct CreateMessageBuilder {
    request: CreateMessage,
}

impl CreateMessage {
    /// A builder for a message to ticket `ticket_id` with the sender's `local_id`.
    pub fn builder(ticket_id: TicketId, local_id: i64) -> CreateMessageBuilder {
        CreateMessageBuilder {
            request: Self::new(ticket_id, MessageForm::new(local_id, MessageType::Text, "")),
        }
    }
}

impl CreateMessageBuilder {
    /// Sets `Message.Type` (default `text`).
    pub fn kind(mut self, kind: MessageType) -> Self {
        self.request.message.kind = kind;
        self
    }

    /// Sets `Message.Text` (default empty).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.request.message.text = text.into();
        self
    }

    /// The request.
    pub fn build(self) -> CreateMessage {
        self.request
    }
}

impl MessageForm {
    /// A message of any type.
    pub fn new(local_id: i64, kind: MessageType, text: impl Into<String>) -> Self {
        Self {
            local_id,
            kind,
            text: text.into(),
        }
    }

    /// A `text` message.
    pub fn text(local_id: i64, text: impl Into<String>) -> Self {
        Self::new(local_id, MessageType::Text, text)
    }
}

impl CreateMessageData {
    /// The data carrying `message`.
    pub fn new(message: Message) -> Self {
        Self {
            message,
            ..Self::default()
        }
    }
}
