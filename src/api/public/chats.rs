//! A channel's chat as its client sees it: `/public/api/v1/chats/channel/...` and the
//! real-time streams `/public/api/v1/sse/chats/channel/...` (`public-api.md` §3.2, §3.3,
//! §6). The channel is named in the path (`:channel`); which of its chats (`regular`,
//! `personal_manager`, `info`) is the request's [`ChatType`].
//!
//! ```
//! use iqchannels_proto::api::public::chats::{ChannelEvents, ChannelSend};
//! use iqchannels_proto::{codec, ChatEventId, ChatType};
//!
//! let send = ChannelSend::builder("support", 1548142724904).text("Hello").build();
//! let encoded = codec::encode_request(&send)?;
//! assert_eq!(encoded.target, "/public/api/v1/chats/channel/send/support");
//! assert_eq!(
//!     encoded.body,
//!     br#"{"LocalId":1548142724904,"Payload":"text","Text":"Hello","ChatType":"regular"}"#
//! );
//!
//! let mut events = ChannelEvents::new("support", ChatType::Regular);
//! events.last_event_id = Some(ChatEventId::new(123));
//! let encoded = codec::encode_request(&events)?;
//! assert_eq!(
//!     encoded.target,
//!     "/public/api/v1/sse/chats/channel/events/support?ChatType=regular&LastEventId=123"
//! );
//! assert!(encoded.body.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::auth::ClientStreamToken;
use crate::model::{AdvancedUnreadResult, ChatEvent, ChatMessage, ChatPayloadType, ChatType};
use crate::primitives::{ChatEventId, ChatMessageId, ClientId, FileId, RawJson, Secret};
use iqchannels_proto_macros::wire;

/// `POST /public/api/v1/chats/channel/messages/:channel` (§3.2 row 11, §3.9): a page
/// of the chat's history. The data is the messages, oldest first, with their
/// `Rels` (clients, users, files, ratings, polls, quoted messages).
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/channel/messages/:channel",
    auth = Client, spelling = ResultRels, data = Vec<ChatMessage>,
)]
pub struct ChannelMessages {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// The body: which messages.
    #[wire(body)]
    pub query: MessageQuery,
}

/// The body of [`ChannelMessages`] (§3.9, "Message history query"): the union of
/// what the SDKs send. W sends `{ChatType, Limit, Q?, FromId?, ToId?}`, K
/// `{MaxId?, Limit?, ChatType}`, S `{maxID?, limit?, clientId?, chatType}`; each
/// field an SDK may leave out is an `Option`, left out when `None`. Whether the ids
/// are inclusive is not known (§8).
#[derive(Default)]
#[wire(request)]
pub struct MessageQuery {
    /// `ChatType`: which chat of the channel (all SDKs; K's "load older" query
    /// sends `regular`).
    pub chat_type: ChatType,
    /// `Limit`: the page's size (W sends 50; K and S none).
    pub limit: Option<i32>,
    /// `Q`: a full-text filter (W's search).
    pub q: Option<String>,
    /// `FromId`: the message to jump to (W, a search result).
    pub from_id: Option<ChatMessageId>,
    /// `ToId`: the oldest message loaded (W's "load older").
    pub to_id: Option<ChatMessageId>,
    /// `MaxId`: the page ends before this message (K's "load older"; S's `maxID`).
    pub max_id: Option<ChatMessageId>,
    /// `ClientId`: the client's id (S, on the first load).
    pub client_id: Option<ClientId>,
}

/// `POST /public/api/v1/chats/channel/send/:channel` (§3.2 row 12, §3.9): sends a
/// message. The answer is not read: the stored message arrives as a
/// `message_created` event, matched by its `LocalId` (§6.6).
///
/// ```
/// use iqchannels_proto::api::public::chats::ChannelSend;
/// use iqchannels_proto::{ChatMessageId, ChatType};
///
/// // A reply to a bot's button: the title as text, the button's value as payload.
/// let reply = ChannelSend::builder("support", 1548142724905)
///     .text("Yes")
///     .botpress_payload("yes_clicked")
///     .reply_to(ChatMessageId::new(500))
///     .chat_type(ChatType::PersonalManager)
///     .build();
/// assert_eq!(reply.message.botpress_payload.as_deref(), Some("yes_clicked"));
/// ```
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/channel/send/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct ChannelSend {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// The body: the message.
    #[wire(body)]
    pub message: ChannelMessageForm,
}

/// The body of [`ChannelSend`] (§3.9, "Message form"): the chat API's
/// `ChatMessageForm` (`LocalId`, `Payload`, `Text`, `FileId`) and what the public API
/// adds. S spells the keys in lower camel case (`localId`, `replyToMessageID`). W's
/// file messages also carry its whole local copy of the message (`Id` as a string,
/// `CreatedAt` as a date string, `Client`, `File`, ...): a server ignores those.
#[wire(request)]
pub struct ChannelMessageForm {
    /// `LocalId`: unique for the sender, its clock in milliseconds (§3.8); echoed in
    /// the stored message.
    pub local_id: i64,
    /// `Payload`: `text` or `file`.
    pub payload: ChatPayloadType,
    /// `Text`: the text, a file's caption, or a button's title (may be empty; K
    /// leaves it out when it has none).
    pub text: String,
    /// `FileId`: the uploaded file ([`files::UploadFile`](super::files::UploadFile)).
    pub file_id: Option<FileId>,
    /// `ReplyToMessageId`: the quoted message (S: `replyToMessageID`).
    pub reply_to_message_id: Option<ChatMessageId>,
    /// `BotpressPayload`: the value of the chosen single choice or action button.
    pub botpress_payload: Option<String>,
    /// `ChatType`: the chat of the channel to write to.
    pub chat_type: ChatType,
    /// `DisableFreeText`: `true` when the last message disabled free text (W only;
    /// otherwise left out).
    pub disable_free_text: Option<bool>,
    /// `Metadata`: the host page's device metadata (W, text messages:
    /// `{Version?, OS?, Model?, Manufacturer?, ..., Fields?}`), kept verbatim.
    pub metadata: Option<RawJson>,
}

/// Builds a [`ChannelSend`]: the channel and the local id are required; the payload is
/// `text`, the text empty and the chat `regular` unless set.
#[derive(Clone, Debug)]
#[must_use = "call .build() to get the request"]
pub struct ChannelSendBuilder {
    request: ChannelSend,
}

/// `POST /public/api/v1/chats/channel/typing/:channel` (§3.2 row 13): the client is
/// typing. W sends `{ChatType, Text}` (the draft), K `{ChatType}`, S no body (so
/// the server cannot learn S's chat type; a server reads it as the zero request).
/// The answer is not read.
#[wire(
    request, new,
    post = "/public/api/v1/chats/channel/typing/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct ChannelTyping {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `ChatType`: the chat being typed in.
    pub chat_type: ChatType,
    /// `Text`: the draft so far (W only).
    pub text: Option<String>,
}

/// `POST /public/api/v1/chats/channel/system_chats/send/:channel` (§3.2 row 19): asks
/// the server to open a bot ("system") chat, when the chat settings say
/// `GreetFrom: "bot"` (§4.11); no body in any SDK. The answer is not read.
#[wire(
    request, new,
    post = "/public/api/v1/chats/channel/system_chats/send/:channel",
    auth = Client, spelling = ResultRels, body = Empty, data = RawJson,
)]
pub struct OpenSystemChat {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `POST /public/api/v1/chats/channel/tickets/existing/:channel` (§3.2 row 20): a
/// client's existing tickets, `{ClientId, Query}` (W, defined but never called); the
/// answer is not known, kept verbatim.
#[wire(
    request, new, retry,
    post = "/public/api/v1/chats/channel/tickets/existing/:channel",
    auth = Client, spelling = ResultRels, data = RawJson,
)]
pub struct ExistingTickets {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `ClientId`: the client.
    pub client_id: ClientId,
    /// `Query`: whatever the caller passes; kept verbatim.
    pub query: RawJson,
}

/// `GET /public/api/v1/sse/chats/channel/events/:channel` (§3.3 row 22, §6): the
/// chat's real-time stream of Server-Sent Events, each frame a `list<ChatEvent>` in
/// `Result` with its `Rels` ([`stream::public`](crate::stream::public) builds the
/// same path and reads the frames). The query: `ChatType`, `LastEventId` (resume
/// after this event), `Limit` (K, never set) and, for a browser's `EventSource`,
/// which cannot send headers, the signed `x-client-token` ([`ClientStreamToken`]).
///
/// The Android SDK joins `LastEventId` with a second `?`
/// (`?ChatType=regular?LastEventId=123`); a server reads both parameters from it
/// ([`parse_query`](crate::methods::parse_query)).
#[wire(
    request,
    get = "/public/api/v1/sse/chats/channel/events/:channel",
    auth = Client, spelling = ResultRels, body = Empty, response = Stream, data = Vec<ChatEvent>,
)]
pub struct ChannelEvents {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
    /// `?ChatType`: the chat to listen to (all SDKs send it).
    #[wire(query)]
    pub chat_type: Option<ChatType>,
    /// `?LastEventId`: the last event the client has; the stream resumes after it.
    #[wire(query)]
    pub last_event_id: Option<ChatEventId>,
    /// `?Limit`: at most this many events in the first frame (K declares it, never
    /// sets it).
    #[wire(query)]
    pub limit: Option<i32>,
    /// `?x-client-token`: the signed stream credential (W); never shown by `Debug`.
    #[wire(query = "x-client-token")]
    pub client_token: Option<Secret>,
}

/// `GET /public/api/v1/sse/chats/channel/unread/:channel` (§3.3 row 23, §6.1): a
/// stream whose frames' `Result` is the chat's unread count (K, defined only).
#[wire(
    request, new,
    get = "/public/api/v1/sse/chats/channel/unread/:channel",
    auth = Client, spelling = ResultRels, body = Empty, response = Stream, data = i32,
)]
pub struct ChannelUnread {
    /// `:channel`: the channel's name; in the path.
    #[wire(path)]
    pub channel: String,
}

/// `GET /public/api/v1/sse/chats/channel/unread/multichat` (§3.3 row 24, §6.1): a
/// stream whose frames' `Result` is an `AdvancedUnreadResult` (§4.11): one channel's
/// last message and unread count (K). Its path is not a channel's: a channel named
/// `multichat` has no [`ChannelUnread`] stream.
#[wire(
    request, new,
    get = "/public/api/v1/sse/chats/channel/unread/multichat",
    auth = Client, spelling = ResultRels, body = Empty, response = Stream, data = AdvancedUnreadResult,
)]
pub struct MultichatUnread {}

impl MessageQuery {
    /// The newest messages of chat `chat_type`, the server's default number of them;
    /// the other methods each set one optional field.
    pub fn new(chat_type: ChatType) -> Self {
        Self {
            chat_type,
            ..Self::default()
        }
    }

    /// With `Limit`.
    #[must_use]
    pub fn limit(mut self, limit: i32) -> Self {
        self.limit = Some(limit);
        self
    }

    /// With `Q`.
    #[must_use]
    pub fn q(mut self, q: impl Into<String>) -> Self {
        self.q = Some(q.into());
        self
    }

    /// With `FromId`.
    #[must_use]
    pub fn from_id(mut self, id: ChatMessageId) -> Self {
        self.from_id = Some(id);
        self
    }

    /// With `ToId`.
    #[must_use]
    pub fn to_id(mut self, id: ChatMessageId) -> Self {
        self.to_id = Some(id);
        self
    }

    /// With `MaxId`.
    #[must_use]
    pub fn max_id(mut self, id: ChatMessageId) -> Self {
        self.max_id = Some(id);
        self
    }

    /// With `ClientId`.
    #[must_use]
    pub fn client_id(mut self, id: ClientId) -> Self {
        self.client_id = Some(id);
        self
    }
}

impl ChannelSend {
    /// A builder for a message to channel `channel` with the sender's `local_id`.
    pub fn builder(channel: impl Into<String>, local_id: i64) -> ChannelSendBuilder {
        ChannelSendBuilder {
            request: Self::new(channel, ChannelMessageForm::text(local_id, "")),
        }
    }
}

impl ChannelSendBuilder {
    /// Sets `Text` (default empty).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.request.message.text = text.into();
        self
    }

    /// Makes it a `file` message carrying `file_id`; the text is the caption.
    pub fn file(mut self, file_id: FileId) -> Self {
        self.request.message.payload = ChatPayloadType::File;
        self.request.message.file_id = Some(file_id);
        self
    }

    /// Sets `ReplyToMessageId`.
    pub fn reply_to(mut self, message_id: ChatMessageId) -> Self {
        self.request.message.reply_to_message_id = Some(message_id);
        self
    }

    /// Sets `BotpressPayload`: the value of a chosen button.
    pub fn botpress_payload(mut self, payload: impl Into<String>) -> Self {
        self.request.message.botpress_payload = Some(payload.into());
        self
    }

    /// Sets `ChatType` (default `regular`).
    pub fn chat_type(mut self, chat_type: ChatType) -> Self {
        self.request.message.chat_type = chat_type;
        self
    }

    /// Sets `DisableFreeText`.
    pub fn disable_free_text(mut self, disable: bool) -> Self {
        self.request.message.disable_free_text = Some(disable);
        self
    }

    /// Sets `Metadata`: the host's device metadata, as JSON.
    pub fn metadata(mut self, metadata: RawJson) -> Self {
        self.request.message.metadata = Some(metadata);
        self
    }

    /// The request.
    pub fn build(self) -> ChannelSend {
        self.request
    }
}

impl ChannelMessageForm {
    /// A `text` message to the `regular` chat.
    pub fn text(local_id: i64, text: impl Into<String>) -> Self {
        Self {
            local_id,
            payload: ChatPayloadType::Text,
            text: text.into(),
            file_id: None,
            reply_to_message_id: None,
            botpress_payload: None,
            chat_type: ChatType::Regular,
            disable_free_text: None,
            metadata: None,
        }
    }

    /// A `file` message carrying the uploaded `file_id`, with no caption, to the
    /// `regular` chat.
    pub fn file(local_id: i64, file_id: FileId) -> Self {
        let mut form = Self::text(local_id, "");
        form.payload = ChatPayloadType::File;
        form.file_id = Some(file_id);
        form
    }
}

impl ChannelEvents {
    /// The stream of chat `chat_type` of channel `channel`, from now on.
    pub fn new(channel: impl Into<String>, chat_type: ChatType) -> Self {
        Self {
            channel: channel.into(),
            chat_type: Some(chat_type),
            ..Self::default()
        }
    }

    /// With the signed `x-client-token` for a browser's `EventSource` (§2.3): built
    /// afresh for every connection.
    #[must_use]
    pub fn with_client_token(mut self, token: &ClientStreamToken) -> Self {
        self.client_token = Some(Secret::new(token.encode()));
        self
    }
}
