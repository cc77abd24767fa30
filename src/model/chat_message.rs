use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{
    ChatEventId, ChatId, ChatMessageId, ChatNoticeId, ClientId, ClientSessionId, FileId,
    MessageUid, Timestamp, UserId,
};
use crate::ActorType;

string_enum! {
    /// What a [`ChatMessage`] carries.
    pub enum ChatPayloadType {
        /// `"text"`.
        Text = "text",
        /// `"file"`.
        File = "file",
        /// `"notice"`: a notice for operators only
        Notice = "notice",
    }
}

/// A message of a [`Chat`](crate::Chat): an element of `Rels.ChatMessages` and of the data
/// of `chats/messages/query_by_chat`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatMessage {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatMessageId,
    /// `UID`: 40 lowercase hex characters, unique across servers.
    #[serde(rename = "UID", deserialize_with = "zero_if_null")]
    pub uid: MessageUid,
    /// `ChatId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub chat_id: ChatId,
    /// `SessionId`.
    #[serde(deserialize_with = "zero_if_null")]
    pub session_id: ClientSessionId,
    /// `LocalId`: the sender's own unique value, so a resent message is not duplicated.
    #[serde(deserialize_with = "zero_if_null")]
    pub local_id: i64,
    /// `EventId`.
    pub event_id: Option<ChatEventId>,
    /// `Public`: visible to the client, not only to operators.
    #[serde(deserialize_with = "zero_if_null")]
    pub public: bool,
    /// `Author`: who wrote it; their id is in `client_id` or `user_id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub author: ActorType,
    /// `ClientId`.
    pub client_id: Option<ClientId>,
    /// `UserId`.
    pub user_id: Option<UserId>,
    /// `Payload`.
    #[serde(deserialize_with = "zero_if_null")]
    pub payload: ChatPayloadType,
    /// `Text`: empty unless the payload is text.
    #[serde(deserialize_with = "zero_if_null")]
    pub text: String,
    /// `FileId`.
    pub file_id: Option<FileId>,
    /// `NoticeId`.
    pub notice_id: Option<ChatNoticeId>,
    /// `Received`.
    #[serde(deserialize_with = "zero_if_null")]
    pub received: bool,
    /// `Read`.
    #[serde(deserialize_with = "zero_if_null")]
    pub read: bool,
    /// `Pushed`: sent as a mobile push notification.
    #[serde(deserialize_with = "zero_if_null")]
    pub pushed: bool,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `ReceivedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub received_at: Timestamp,
    /// `ReadAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub read_at: Timestamp,
    /// `My`: computed by the server: the message was sent by whoever made the request.
    #[serde(deserialize_with = "zero_if_null")]
    pub my: bool,
}

impl ChatMessage {
    /// A chatMessage with this id; every other field is its zero value.
    pub fn new(id: ChatMessageId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatMessage);
references!(ChatMessage { "ChatId" => chat_id, "ClientId" => client_id, "UserId" => user_id, "FileId" => file_id, "NoticeId" => notice_id });
