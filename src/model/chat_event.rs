use super::{ActorType, ChatMessage};
use crate::primitives::string_enum;
use crate::primitives::{
    ChatEventId, ChatId, ChatInboxId, ChatInboxThreadId, ChatMemberId, ChatMessageId, ClientId,
    ClientSessionId, Timestamp, UserId,
};
use iqchannels_proto_macros::wire;

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
        /// `"close-system-chat"` (hyphens): the bot chat ended; the event's inline
        /// [`messages`](ChatEvent::messages) are to be removed (public API, `public-api.md` §5).
        CloseSystemChat = "close-system-chat",
        /// `"message_listened"`: an audio message was played by the other side (public API, §5).
        MessageListened = "message_listened",
        /// `"message_edited"`: the inline [`messages`](ChatEvent::messages) are the new
        /// versions (public API, §5).
        MessageEdited = "message_edited",
        /// `"delete-messages"` (hyphen): the inline [`messages`](ChatEvent::messages) were
        /// deleted (public API, §5).
        DeleteMessages = "delete-messages",
        /// `"file_updated"`: a file's [`State`](crate::File::state) changed; fetch it again
        /// (public API, §5, §7.5).
        FileUpdated = "file_updated",
        /// `"client_changed"`: the client's profile changed; the new one is in `Rels.Clients`
        /// (public API, §5).
        ClientChanged = "client_changed",
        /// `"rating_ignored"`: a message's rating request was closed without a score (public
        /// API, §5).
        RatingIgnored = "rating_ignored",
    }
}

/// Something that happened, as the real-time streams deliver it: one event concerns one
/// object, and an action touching several objects yields several events (`chat-api-v1`;
/// the public API's events, `public-api.md` §4.3).
///
/// The public API's additions ([`messages`](Self::messages),
/// [`next_channel_name`](Self::next_channel_name)) are written only when present, so that
/// the chat API's events are written back as they came (`primitives/wire.rs`).
#[wire(new)]
pub struct ChatEvent {
    /// `Id`: the id to resume a stream after (`FromId`); zero for a transitive event.
    pub id: ChatEventId,
    /// `Type`.
    #[wire(rename = "Type")]
    pub kind: ChatEventType,
    /// `Transitive`: not stored and without a real id, such as `typing`.
    pub transitive: bool,
    /// `ChatId`.
    #[wire(reference)]
    pub chat_id: Option<ChatId>,
    /// `MessageId`.
    #[wire(reference)]
    pub message_id: Option<ChatMessageId>,
    /// `InboxId`.
    #[wire(reference)]
    pub inbox_id: Option<ChatInboxId>,
    /// `ThreadId`.
    #[wire(reference)]
    pub thread_id: Option<ChatInboxThreadId>,
    /// `Actor`: who did it; their id is in `client_id` or `user_id`.
    pub actor: ActorType,
    /// `ClientId`.
    #[wire(reference)]
    pub client_id: Option<ClientId>,
    /// `UserId`.
    #[wire(reference)]
    pub user_id: Option<UserId>,
    /// `CreatedAt`.
    pub created_at: Timestamp,
    /// `Public`: visible to the client (in the page's examples only)
    pub public: bool,
    /// `SessionId`: (in the page's examples only)
    pub session_id: Option<ClientSessionId>,
    /// `MemberId`: (in the page's examples only)
    #[wire(reference)]
    pub member_id: Option<ChatMemberId>,
    /// `Messages`: messages carried inline, not through `Rels`: the deleted ones of
    /// `delete-messages` (only their `Id` and `LocalId` matter), the new versions of
    /// `message_edited`, those to remove on `close-system-chat` (public API, §4.3). Written
    /// only when present.
    #[wire(when_present, reference)]
    pub messages: Option<Vec<ChatMessage>>,
    /// `NextChannelName`: the name of a channel to move to (declared by the Android SDK,
    /// §4.3). Written only when present.
    #[wire(when_present)]
    pub next_channel_name: Option<String>,
}
