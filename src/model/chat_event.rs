use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{
    ChatEventId, ChatId, ChatInboxId, ChatInboxThreadId, ChatMemberId, ChatMessageId, ClientId,
    ClientSessionId, Timestamp, UserId,
};
use crate::ActorType;

string_enum! {
    /// What a [`ChatEvent`] reports.
    pub enum ChatEventType {
        /// `"chat_created"`.
        ChatCreated = "chat_created",
        /// `"chat_changed"`.
        ChatChanged = "chat_changed",
        /// `"chat_opened"`.
        ChatOpened = "chat_opened",
        /// `"chat_closed"`.
        ChatClosed = "chat_closed",
        /// `"chat_assigned"`.
        ChatAssigned = "chat_assigned",
        /// `"chat_unassigned"`.
        ChatUnassigned = "chat_unassigned",
        /// `"member_created"`.
        MemberCreated = "member_created",
        /// `"member_added"`.
        MemberAdded = "member_added",
        /// `"member_removed"`.
        MemberRemoved = "member_removed",
        /// `"typing"`: someone is typing (transitive)
        Typing = "typing",
        /// `"message_created"`.
        MessageCreated = "message_created",
        /// `"system_message_created"`.
        SystemMessageCreated = "system_message_created",
        /// `"message_received"`.
        MessageReceived = "message_received",
        /// `"message_read"`.
        MessageRead = "message_read",
        /// `"inbox_changed"`.
        InboxChanged = "inbox_changed",
        /// `"thread_created"`.
        ThreadCreated = "thread_created",
        /// `"thread_opened"`.
        ThreadOpened = "thread_opened",
        /// `"thread_closed"`.
        ThreadClosed = "thread_closed",
        /// `"thread_changed"`.
        ThreadChanged = "thread_changed",
    }
}

/// Something that happened, as the real-time streams deliver it: one event concerns one
/// object, and an action touching several objects yields several events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatEvent {
    /// `Id`: the id to resume a stream after (`FromId`); zero for a transitive event.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatEventId,
    /// `Type`.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: ChatEventType,
    /// `Transitive`: not stored and without a real id, such as `typing`.
    #[serde(deserialize_with = "zero_if_null")]
    pub transitive: bool,
    /// `ChatId`.
    pub chat_id: Option<ChatId>,
    /// `MessageId`.
    pub message_id: Option<ChatMessageId>,
    /// `InboxId`.
    pub inbox_id: Option<ChatInboxId>,
    /// `ThreadId`.
    pub thread_id: Option<ChatInboxThreadId>,
    /// `Actor`: who did it; their id is in `client_id` or `user_id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub actor: ActorType,
    /// `ClientId`.
    pub client_id: Option<ClientId>,
    /// `UserId`.
    pub user_id: Option<UserId>,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
    /// `Public`: visible to the client (in the page's examples only)
    #[serde(deserialize_with = "zero_if_null")]
    pub public: bool,
    /// `SessionId`: (in the page's examples only)
    pub session_id: Option<ClientSessionId>,
    /// `MemberId`: (in the page's examples only)
    pub member_id: Option<ChatMemberId>,
}

impl ChatEvent {
    /// A chatEvent with this id; every other field is its zero value.
    pub fn new(id: ChatEventId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatEvent);
references!(ChatEvent { "ChatId" => chat_id, "MessageId" => message_id, "InboxId" => inbox_id, "ThreadId" => thread_id, "ClientId" => client_id, "UserId" => user_id, "MemberId" => member_id });
