//! Operators' inboxes: `/api/v1/chats/inboxes/...` and `/api/v1/chats/inbox_threads/...`
//! (the chat API, `chat-api-v1`).

use iqchannels_proto_macros::wire;

use crate::model::{ChatInbox, ChatInboxThread};
use crate::primitives::UserId;

/// `POST /api/v1/chats/inboxes/get_by_user/:userId`: an operator's inbox.
#[wire(
    request, new, retry,
    post = "/api/v1/chats/inboxes/get_by_user/:userId",
    auth = Operator, spelling = ResultRels, data = ChatInbox,
)]
pub struct GetInbox {
    /// `:userId`: the operator; not in the body.
    #[wire(path)]
    pub user_id: UserId,
}

/// `POST /api/v1/chats/inbox_threads/query_by_user/:userId`: the threads of an
/// operator's inbox.
#[wire(
    request, new, retry,
    post = "/api/v1/chats/inbox_threads/query_by_user/:userId",
    auth = Operator, spelling = ResultRels, data = Vec<ChatInboxThread>,
)]
pub struct QueryThreads {
    /// `:userId`: the operator; not in the body.
    #[wire(path)]
    pub user_id: UserId,
    /// The body: which threads.
    #[wire(body)]
    pub query: ChatInboxThreadQuery,
}

/// `ChatInboxThreadQuery`: which threads, a page at a time. Absent fields are omitted.
#[wire(request)]
pub struct ChatInboxThreadQuery {
    /// `Limit`: at most this many (the server's default: 50).
    pub limit: Option<i32>,
    /// `Offset`: skip this many.
    pub offset: Option<i32>,
    /// `Open`: only open threads (`true`), only closed ones (`false`), or all (absent).
    pub open: Option<bool>,
}
