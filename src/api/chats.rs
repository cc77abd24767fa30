//! Chats: `/api/v1/chats/...` (the chat API, `chat-api-v1`). The chat a method acts on is
//! in its path (`:chatId`): the request holds it as a typed id, and
//! [`Method::target`](crate::Method::target) puts it in.
//!
//! ```
//! use iqchannels_proto::api::chats::{Invite, SendMessage, ChatMessageForm};
//! use iqchannels_proto::{codec, ChatId, UserId};
//!
//! let invite = codec::encode_request(&Invite::new(ChatId::new(10), UserId::new(5)))?;
//! assert_eq!(invite.target, "/api/v1/chats/invite/10");
//! assert_eq!(invite.body, br#"{"UserId":5}"#);
//! let send = SendMessage::new(ChatId::new(10), ChatMessageForm::text(1548142724904, "Hello"));
//! assert_eq!(codec::encode_request(&send)?.body, br#"{"LocalId":1548142724904,"Payload":"text","Text":"Hello"}"#);
//! # Ok::<(), iqchannels_proto::EncodeError>(())
//! ```

use iqchannels_proto_macros::wire;

use crate::model::{Chat, ChatEvent, ChatMember, ChatMessage, ChatPayloadType};
use crate::primitives::{ChannelId, ChatEventId, ChatId, ChatMessageId, FileId, UserId};

/// `POST /api/v1/chats/get/:chatId`: a chat. (The page lists this path twice; the second
/// is `chats/close`, as the official SDKs have it: [`CloseChat`].)
#[wire(
    request, new, retry,
    post = "/api/v1/chats/get/:chatId",
    auth = Operator, spelling = ResultRels, data = Chat,
)]
pub struct GetChat {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/open/:chatId`: opens a chat.
#[wire(
    request, new,
    post = "/api/v1/chats/open/:chatId",
    auth = Operator, spelling = ResultRels, data = Chat,
)]
pub struct OpenChat {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/close/:chatId`: closes a chat. (The page prints this path as
/// `chats/get`, evidently a typo; the official SDKs call `chats/close`.)
#[wire(
    request, new,
    post = "/api/v1/chats/close/:chatId",
    auth = Operator, spelling = ResultRels, data = Chat,
)]
pub struct CloseChat {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/join/:chatId`: the caller joins a chat.
#[wire(
    request, new,
    post = "/api/v1/chats/join/:chatId",
    auth = Operator, spelling = ResultRels, data = ChatMember,
)]
pub struct JoinChat {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/leave/:chatId`: the caller leaves a chat; no data.
#[wire(
    request, new,
    post = "/api/v1/chats/leave/:chatId",
    auth = Operator, spelling = ResultRels, data = (),
)]
pub struct LeaveChat {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/typing/:chatId`: the caller is typing; no data.
#[wire(
    request, new,
    post = "/api/v1/chats/typing/:chatId",
    auth = Operator, spelling = ResultRels, data = (),
)]
pub struct Typing {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
}

/// `POST /api/v1/chats/invite/:chatId`: invites an operator into a chat, `{"UserId": 5}`.
#[wire(
    request, new,
    post = "/api/v1/chats/invite/:chatId",
    auth = Operator, spelling = ResultRels, data = ChatMember,
)]
pub struct Invite {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// `UserId`: the operator.
    pub user_id: UserId,
}

/// `POST /api/v1/chats/assign/:chatId`: assigns a chat to an operator, `{"UserId": 5}`.
#[wire(
    request, new,
    post = "/api/v1/chats/assign/:chatId",
    auth = Operator, spelling = ResultRels, data = Chat,
)]
pub struct Assign {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// `UserId`: the operator.
    pub user_id: UserId,
}

/// `POST /api/v1/chats/transfer/:chatId`: transfers a chat to another operator,
/// `{"UserId": 5}`.
#[wire(
    request, new,
    post = "/api/v1/chats/transfer/:chatId",
    auth = Operator, spelling = ResultRels, data = Chat,
)]
pub struct Transfer {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// `UserId`: the operator.
    pub user_id: UserId,
}

/// `POST /api/v1/chats/query_by_channel/:channelId`: a channel's chats.
#[wire(
    request, new, retry,
    post = "/api/v1/chats/query_by_channel/:channelId",
    auth = Operator, spelling = ResultRels, data = Vec<Chat>,
)]
pub struct QueryByChannel {
    /// `:channelId`: the channel; not in the body.
    #[wire(path)]
    pub channel_id: ChannelId,
    /// The body: which chats.
    #[wire(body)]
    pub query: ChatQuery,
}

/// `POST /api/v1/chats/members/query_by_chat/:chatId`: a chat's members.
#[wire(
    request, new, retry,
    post = "/api/v1/chats/members/query_by_chat/:chatId",
    auth = Operator, spelling = ResultRels, data = Vec<ChatMember>,
)]
pub struct QueryMembers {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// The body: which members.
    #[wire(body)]
    pub query: ChatMemberQuery,
}

/// `POST /api/v1/chats/send/:chatId`: sends a message; the data is the new message's id
/// (the message itself arrives over the real-time stream).
#[wire(
    request, new, retry,
    post = "/api/v1/chats/send/:chatId",
    auth = Operator, spelling = ResultRels, data = ChatMessageId,
)]
pub struct SendMessage {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// The body: the message.
    #[wire(body)]
    pub message: ChatMessageForm,
}

/// `POST /api/v1/chats/messages/query_by_chat/:chatId`: a chat's messages, newest first
/// from `MaxId`. (The page names the data `Chat`; the official SDKs read a list of
/// messages, as here.)
#[wire(
    request, new, retry,
    post = "/api/v1/chats/messages/query_by_chat/:chatId",
    auth = Operator, spelling = ResultRels, data = Vec<ChatMessage>,
)]
pub struct QueryMessages {
    /// `:chatId`: the chat; not in the body.
    #[wire(path)]
    pub chat_id: ChatId,
    /// The body: which messages.
    #[wire(body)]
    pub query: ChatMessageQuery,
}

/// `POST /api/v1/chats/messages/received`: the messages were delivered; the body is a bare
/// array of their ids, `[1, 2]`; no data.
#[derive(Default)]
#[wire(
    request, new, retry,
    post = "/api/v1/chats/messages/received",
    auth = Operator, spelling = ResultRels, body = Array, data = (),
)]
pub struct MarkReceived {
    /// The messages: the whole body.
    #[wire(body)]
    pub message_ids: Vec<ChatMessageId>,
}

/// `POST /api/v1/chats/messages/read`: the messages were read; the body is a bare array
/// of their ids, `[1, 2]`; no data.
#[derive(Default)]
#[wire(
    request, new, retry,
    post = "/api/v1/chats/messages/read",
    auth = Operator, spelling = ResultRels, body = Array, data = (),
)]
pub struct MarkRead {
    /// The messages: the whole body.
    #[wire(body)]
    pub message_ids: Vec<ChatMessageId>,
}

/// `ChatQuery`: which of a channel's chats, a page at a time. Absent fields are omitted.
#[wire(request)]
pub struct ChatQuery {
    /// `Limit`: at most this many (the server's default: 50).
    pub limit: Option<i32>,
    /// `Offset`: skip this many.
    pub offset: Option<i32>,
    /// `Open`: only open chats (`true`), only closed ones (`false`), or all (absent).
    pub open: Option<bool>,
}

/// `ChatMemberQuery`: the page does not document its fields, so it sends `{}`.
#[wire(request)]
pub struct ChatMemberQuery {}

/// `ChatMessageQuery`: a chat's messages, a page at a time, newest first.
#[wire(request)]
pub struct ChatMessageQuery {
    /// `MaxId`: messages up to this one.
    pub max_id: Option<ChatMessageId>,
    /// `Limit`: at most this many (the server's default: 50).
    pub limit: Option<i32>,
}

/// `ChatEventQuery`: where a stream of events resumes; the streams take it as the
/// `FromId` query parameter ([`stream_path`](crate::stream::stream_path)).
#[wire(request)]
pub struct ChatEventQuery {
    /// `FromId`: the events after this one.
    pub from_id: Option<ChatEventId>,
    /// `Limit`: at most this many.
    pub limit: Option<i64>,
}

/// `ChatMessageForm`: a new message of a chat.
#[wire(request)]
pub struct ChatMessageForm {
    /// `LocalId`: a value unique for the sender, so that a resend is not a duplicate.
    pub local_id: i64,
    /// `Payload`.
    pub payload: ChatPayloadType,
    /// `Text`: empty unless the payload is text.
    pub text: String,
    /// `FileId`: the uploaded file, for a file payload.
    pub file_id: Option<FileId>,
}

impl ChatMessageForm {
    /// A text message.
    pub fn text(local_id: i64, text: impl Into<String>) -> Self {
        Self {
            local_id,
            payload: ChatPayloadType::Text,
            text: text.into(),
            file_id: None,
        }
    }

    /// A message carrying an uploaded file.
    pub fn file(local_id: i64, file_id: FileId) -> Self {
        Self {
            local_id,
            payload: ChatPayloadType::File,
            text: String::new(),
            file_id: Some(file_id),
        }
    }
}

/// `GET /api/v1/sse/chats/events/listen_to_chat/:chatId?FromId=`: one chat's events, a
/// stream ([`stream`](crate::stream): each frame a `list<ChatEvent>` with its `Rels`). The
/// WebSocket form is the same path under `/api/v1/ws/`
/// ([`stream_path`](crate::stream::stream_path)).
///
/// ```
/// use iqchannels_proto::api::chats::ListenToChat;
/// use iqchannels_proto::{codec, ChatEventId, ChatId};
///
/// let request = ListenToChat::new(ChatId::new(10)).from_id(Some(ChatEventId::new(100)));
/// let encoded = codec::encode_request(&request)?;
/// assert_eq!(encoded.target, "/api/v1/sse/chats/events/listen_to_chat/10?FromId=100");
/// assert!(encoded.body.is_empty());
/// # Ok::<(), iqchannels_proto::EncodeError>(())
/// ```
#[wire(
    request, new,
    get = "/api/v1/sse/chats/events/listen_to_chat/:chatId",
    auth = Operator, spelling = ResultRels, body = Empty, response = Stream, data = Vec<ChatEvent>,
)]
pub struct ListenToChat {
    /// `:chatId`: the chat; in the path.
    #[wire(path)]
    pub chat_id: ChatId,
    /// `?FromId`: resume after this event (the decoder's
    /// [`resume_point`](crate::stream::StreamDecoder::resume_point)).
    #[wire(query)]
    pub from_id: Option<ChatEventId>,
}

/// `GET /api/v1/sse/chats/events/listen_to_channel/:channelId?FromId=`: the events of every
/// chat of a channel, a stream, as [`ListenToChat`].
#[wire(
    request, new,
    get = "/api/v1/sse/chats/events/listen_to_channel/:channelId",
    auth = Operator, spelling = ResultRels, body = Empty, response = Stream, data = Vec<ChatEvent>,
)]
pub struct ListenToChannel {
    /// `:channelId`: the channel; in the path.
    #[wire(path)]
    pub channel_id: ChannelId,
    /// `?FromId`: resume after this event.
    #[wire(query)]
    pub from_id: Option<ChatEventId>,
}

/// `GET /api/v1/sse/chats/events/listen_to_user/:userId?FromId=`: an operator's events
/// (their chats, inbox and threads), a stream, as [`ListenToChat`].
#[wire(
    request, new,
    get = "/api/v1/sse/chats/events/listen_to_user/:userId",
    auth = Operator, spelling = ResultRels, body = Empty, response = Stream, data = Vec<ChatEvent>,
)]
pub struct ListenToUser {
    /// `:userId`: the operator; in the path.
    #[wire(path)]
    pub user_id: UserId,
    /// `?FromId`: resume after this event.
    #[wire(query)]
    pub from_id: Option<ChatEventId>,
}
