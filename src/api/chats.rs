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
use serde::{Deserialize, Serialize};

use crate::model::{Chat, ChatEvent, ChatMember, ChatMessage, ChatPayloadType};
use crate::primitives::{ChannelId, ChatEventId, ChatId, ChatMessageId, FileId, UserId};

/// Requests whose body is empty (`{}`): the path's id is all they carry.
macro_rules! path_only {
    ($(
        $(#[$doc:meta])*
        $name:ident => $path:literal, $data:ty $(as $ts:literal)?, $field:ident: $id:ident;
    )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(remote = "Self")]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[cfg_attr(
            feature = "wasm",
            derive(tsify::Tsify),
            tsify(large_number_types_as_bigints, missing_as_null)
        )]
        #[non_exhaustive]
        pub struct $name {
            /// The id the path carries; not in the body.
            #[serde(skip)]
            pub $field: $id,
        }

        impl $name {
            /// The request for this id.
            pub fn new($field: $id) -> Self {
                Self { $field }
            }
        }

        objects_only!($name);
        method!(
            $name => Post $path ($field),
            body: Object, auth: Operator, spelling: ResultRels,
            data: $data $(as $ts)?
        );
    )*};
}

path_only! {
    /// `POST /api/v1/chats/get/:chatId`: a chat. (The page lists this path twice; the
    /// second is `chats/close`, as the official SDKs have it: [`CloseChat`].)
    GetChat => "/api/v1/chats/get/:chatId", Chat, chat_id: ChatId;
    /// `POST /api/v1/chats/open/:chatId`: opens a chat.
    OpenChat => "/api/v1/chats/open/:chatId", Chat, chat_id: ChatId;
    /// `POST /api/v1/chats/close/:chatId`: closes a chat. (The page prints this path as
    /// `chats/get`, evidently a typo; the official SDKs call `chats/close`.)
    CloseChat => "/api/v1/chats/close/:chatId", Chat, chat_id: ChatId;
    /// `POST /api/v1/chats/join/:chatId`: the caller joins a chat.
    JoinChat => "/api/v1/chats/join/:chatId", ChatMember, chat_id: ChatId;
    /// `POST /api/v1/chats/leave/:chatId`: the caller leaves a chat; no data.
    LeaveChat => "/api/v1/chats/leave/:chatId", () as "null", chat_id: ChatId;
    /// `POST /api/v1/chats/typing/:chatId`: the caller is typing; no data.
    Typing => "/api/v1/chats/typing/:chatId", () as "null", chat_id: ChatId;
}

/// Requests whose body names an operator: `{"UserId": 5}`.
macro_rules! with_user {
    ($( $(#[$doc:meta])* $name:ident => $path:literal, $data:ty; )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(remote = "Self", rename_all = "PascalCase")]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[cfg_attr(
            feature = "wasm",
            derive(tsify::Tsify),
            tsify(large_number_types_as_bigints, missing_as_null)
        )]
        #[non_exhaustive]
        pub struct $name {
            /// `:chatId`: the chat; not in the body.
            #[serde(skip)]
            pub chat_id: ChatId,
            /// `UserId`: the operator.
            pub user_id: UserId,
        }

        impl $name {
            /// The request for this chat and operator.
            pub fn new(chat_id: ChatId, user_id: UserId) -> Self {
                Self { chat_id, user_id }
            }
        }

        objects_only!($name);
        method!(
            $name => Post $path (chat_id),
            body: Object, auth: Operator, spelling: ResultRels,
            data: $data
        );
    )*};
}

with_user! {
    /// `POST /api/v1/chats/invite/:chatId`: invites an operator into a chat.
    Invite => "/api/v1/chats/invite/:chatId", ChatMember;
    /// `POST /api/v1/chats/assign/:chatId`: assigns a chat to an operator.
    Assign => "/api/v1/chats/assign/:chatId", Chat;
    /// `POST /api/v1/chats/transfer/:chatId`: transfers a chat to another operator.
    Transfer => "/api/v1/chats/transfer/:chatId", Chat;
}

/// Requests whose body is a query or a form of their own, after the path's id.
macro_rules! with_body {
    ($(
        $(#[$doc:meta])*
        $name:ident { $field:ident: $id:ident, $body:ident: $form:ident }
            => $path:literal, $data:ty $(as $ts:literal)?;
    )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[cfg_attr(
            feature = "wasm",
            derive(tsify::Tsify),
            tsify(large_number_types_as_bigints, missing_as_null)
        )]
        #[non_exhaustive]
        pub struct $name {
            /// The id the path carries; not in the body.
            #[serde(skip)]
            pub $field: $id,
            /// The body.
            pub $body: $form,
        }

        impl $name {
            /// The request for this id, with this body.
            pub fn new($field: $id, $body: $form) -> Self {
                Self { $field, $body }
            }
        }

        method!(
            $name => Post $path ($field),
            body: Object, auth: Operator, spelling: ResultRels,
            data: $data $(as $ts)?
        );
    )*};
}

with_body! {
    /// `POST /api/v1/chats/query_by_channel/:channelId`: a channel's chats.
    QueryByChannel { channel_id: ChannelId, query: ChatQuery }
        => "/api/v1/chats/query_by_channel/:channelId", Vec<Chat> as "Chat[]";
    /// `POST /api/v1/chats/members/query_by_chat/:chatId`: a chat's members.
    QueryMembers { chat_id: ChatId, query: ChatMemberQuery }
        => "/api/v1/chats/members/query_by_chat/:chatId", Vec<ChatMember> as "ChatMember[]";
    /// `POST /api/v1/chats/send/:chatId`: sends a message; the data is the new message's
    /// id (the message itself arrives over the real-time stream).
    SendMessage { chat_id: ChatId, message: ChatMessageForm }
        => "/api/v1/chats/send/:chatId", ChatMessageId;
    /// `POST /api/v1/chats/messages/query_by_chat/:chatId`: a chat's messages, newest
    /// first from `MaxId`. (The page names the data `Chat`; the official SDKs read a list
    /// of messages, as here.)
    QueryMessages { chat_id: ChatId, query: ChatMessageQuery }
        => "/api/v1/chats/messages/query_by_chat/:chatId", Vec<ChatMessage> as "ChatMessage[]";
}

/// Requests whose body is a bare array of message ids: `[1, 2]`.
macro_rules! message_ids {
    ($( $(#[$doc:meta])* $name:ident => $path:literal; )*) => {$(
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        #[cfg_attr(
            feature = "wasm",
            derive(tsify::Tsify),
            tsify(large_number_types_as_bigints, missing_as_null)
        )]
        #[non_exhaustive]
        pub struct $name {
            /// The messages: the whole body.
            pub message_ids: Vec<ChatMessageId>,
        }

        impl $name {
            /// The request for these messages.
            pub fn new(message_ids: Vec<ChatMessageId>) -> Self {
                Self { message_ids }
            }
        }

        method!(
            $name => Post $path,
            body: Array, auth: Operator, spelling: ResultRels,
            data: () as "null"
        );
    )*};
}

message_ids! {
    /// `POST /api/v1/chats/messages/received`: the messages were delivered; no data.
    MarkReceived => "/api/v1/chats/messages/received";
    /// `POST /api/v1/chats/messages/read`: the messages were read; no data.
    MarkRead => "/api/v1/chats/messages/read";
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

no_body_request! {
    /// `GET /api/v1/sse/chats/events/listen_to_chat/:chatId?FromId=`: one chat's events, a
    /// stream ([`stream`](crate::stream): each frame a `list<ChatEvent>` with its `Rels`).
    /// The WebSocket form is the same path under `/api/v1/ws/`
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
    pub struct ListenToChat {
        /// `:chatId`: the chat; in the path.
        pub chat_id: ChatId,
        /// `?FromId`: resume after this event (the decoder's
        /// [`resume_point`](crate::stream::StreamDecoder::resume_point)).
        pub from_id: Option<ChatEventId>,
    }
}

no_body_request! {
    /// `GET /api/v1/sse/chats/events/listen_to_channel/:channelId?FromId=`: the events of
    /// every chat of a channel, a stream, as [`ListenToChat`].
    pub struct ListenToChannel {
        /// `:channelId`: the channel; in the path.
        pub channel_id: ChannelId,
        /// `?FromId`: resume after this event.
        pub from_id: Option<ChatEventId>,
    }
}

no_body_request! {
    /// `GET /api/v1/sse/chats/events/listen_to_user/:userId?FromId=`: an operator's events
    /// (their chats, inbox and threads), a stream, as [`ListenToChat`].
    pub struct ListenToUser {
        /// `:userId`: the operator; in the path.
        pub user_id: UserId,
        /// `?FromId`: resume after this event.
        pub from_id: Option<ChatEventId>,
    }
}

/// The constructor and the resume point of each operator stream.
macro_rules! listen {
    ($($name:ident($field:ident: $id:ident) => $path:literal;)*) => {$(
        impl $name {
            #[doc = concat!("The stream of this `", stringify!($id), "`, from its start.")]
            pub fn new($field: $id) -> Self {
                Self { $field, from_id: None }
            }

            /// Resuming after `from_id` (`None`: from the start).
            #[must_use]
            pub fn from_id(mut self, from_id: Option<ChatEventId>) -> Self {
                self.from_id = from_id;
                self
            }
        }

        method!(
            $name => Get $path ($field) ? { from_id = "FromId" },
            body: Empty, auth: Operator, spelling: ResultRels, response: Stream,
            data: Vec<ChatEvent> as "ChatEvent[]"
        );
    )*};
}

listen! {
    ListenToChat(chat_id: ChatId) => "/api/v1/sse/chats/events/listen_to_chat/:chatId";
    ListenToChannel(channel_id: ChannelId) => "/api/v1/sse/chats/events/listen_to_channel/:channelId";
    ListenToUser(user_id: UserId) => "/api/v1/sse/chats/events/listen_to_user/:userId";
}
