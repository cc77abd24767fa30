//! What a client does with messages it received: `/public/api/v1/chats/messages/...`
//! (`public-api.md` §3.2 rows 14–18), and the bad-words check before sending (row 21).
//! Receipts take a bare JSON array of message ids; `listen` a bare number.
//!
//! ```
//! use iqchannels_proto::api::public::messages::{MarkMessageListened, MarkMessagesRead};
//! use iqchannels_proto::{codec, ChatMessageId};
//!
//! let read = MarkMessagesRead::new(vec![ChatMessageId::new(501), ChatMessageId::new(502)]);
//! assert_eq!(codec::encode_request(&read)?.body, b"[501,502]");
//! let listened = MarkMessageListened::new(ChatMessageId::new(503));
//! assert_eq!(codec::encode_request(&listened)?.body, b"503");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::primitives::{ChatMessageId, ProductId, RawJson};
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/chats/messages/received` (§3.2 row 14): the messages reached
/// the client; the body is a bare JSON array of their ids. The answer is not read.
#[derive(Default)]
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/messages/received",
    auth = Client, spelling = ResultRels, body = Array, data = RawJson,
)]
pub struct MarkMessagesReceived {
    /// The messages: the whole body.
    #[wire(body)]
    pub message_ids: Vec<ChatMessageId>,
}

/// `POST /public/api/v1/chats/messages/read` (§3.2 row 15): the client read the
/// messages; a bare JSON array of their ids (S sends one id per call). The answer is
/// not read.
#[derive(Default)]
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/messages/read",
    auth = Client, spelling = ResultRels, body = Array, data = RawJson,
)]
pub struct MarkMessagesRead {
    /// The messages: the whole body.
    #[wire(body)]
    pub message_ids: Vec<ChatMessageId>,
}

/// `POST /public/api/v1/chats/messages/listen` (§3.2 row 16): the client played an
/// audio message to its end (W; not sent for its own messages); the body is the
/// message's id as a bare JSON number. The answer is not read.
#[derive(Default)]
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/messages/listen",
    auth = Client, spelling = ResultRels, body = Scalar, data = RawJson,
)]
pub struct MarkMessageListened {
    /// The message: the whole body.
    #[wire(body)]
    pub message_id: ChatMessageId,
}

/// `POST /public/api/v1/chats/messages/accept_product` (§3.2 row 17): the client
/// accepts a message's product offer (§4.9), `{MessageId, ProductId}` (W),
/// `{messageID, productID}` (S). The answer is not read.
#[wire(
    request, new,
    post = "/public/api/v1/chats/messages/accept_product",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct AcceptProduct {
    /// `MessageId`: the message that carries the offer.
    pub message_id: ChatMessageId,
    /// `ProductId`: the offer's `Product.Id`.
    pub product_id: ProductId,
}

/// `POST /public/api/v1/chats/messages/decline_product` (§3.2 row 17): the client
/// declines a message's product offer; as [`AcceptProduct`].
#[wire(
    request, new,
    post = "/public/api/v1/chats/messages/decline_product",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct DeclineProduct {
    /// `MessageId`: the message that carries the offer.
    pub message_id: ChatMessageId,
    /// `ProductId`: the offer's `Product.Id`.
    pub product_id: ProductId,
}

/// `POST /public/api/v1/chats/messages/:messageId/delete_transfer_to_channel_id`
/// (§3.2 row 18): the client takes up a message's offer to continue in another
/// channel (`TransferToChannel`, §4.9), which the server then clears; the client
/// signs in again in `TransferToChannel.Name`. K sends no body, S the JSON `[]`
/// (read and ignored). The answer is not read.
#[wire(
    request, new,
    post = "/public/api/v1/chats/messages/:messageId/delete_transfer_to_channel_id",
    auth = Client, spelling = ResultRels, body = Empty, data = RawJson,
)]
pub struct DeleteTransferToChannel {
    /// `:messageId`: the message that carries the offer; in the path.
    #[wire(path)]
    pub message_id: ChatMessageId,
}

/// `POST /public/api/v1/bad_words/check_message` (§3.2 row 21): before sending, W
/// (with a server of version 4.2.1 or later) asks whether a text passes the bad-words
/// filter, `{MsgText}`; an error's `Text` is shown instead of sending. The data, on
/// success, is not read.
#[wire(
    request, new, retry,
    post = "/public/api/v1/bad_words/check_message",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct CheckMessage {
    /// `MsgText`: the text about to be sent.
    pub msg_text: String,
}
