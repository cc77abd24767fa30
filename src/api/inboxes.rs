//! Operators' inboxes: `/api/v1/chats/inboxes/...` and `/api/v1/chats/inbox_threads/...`
//! (the chat API, `chat-api-v1`).

use iqchannels_proto_macros::wire;
use serde::{Deserialize, Serialize};

use crate::model::{ChatInbox, ChatInboxThread};
use crate::primitives::UserId;

/// `POST /api/v1/chats/inboxes/get_by_user/:userId`: an operator's inbox.
#[wire(request)]
pub struct GetInbox {
    /// `:userId`: the operator; not in the body.
    #[wire(skip)]
    pub user_id: UserId,
}

impl GetInbox {
    /// The request for this operator's inbox.
    pub fn new(user_id: UserId) -> Self {
        Self { user_id }
    }
}

/// `POST /api/v1/chats/inbox_threads/query_by_user/:userId`: the threads of an
/// operator's inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct QueryThreads {
    /// `:userId`: the operator; not in the body.
    #[serde(skip)]
    pub user_id: UserId,
    /// The body.
    pub query: ChatInboxThreadQuery,
}

impl QueryThreads {
    /// The request for this operator's threads.
    pub fn new(user_id: UserId, query: ChatInboxThreadQuery) -> Self {
        Self { user_id, query }
    }
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

method!(
    GetInbox => Post "/api/v1/chats/inboxes/get_by_user/:userId" (user_id),
    body: Object, auth: Operator, spelling: ResultRels,
    data: ChatInbox
);
method!(
    QueryThreads => Post "/api/v1/chats/inbox_threads/query_by_user/:userId" (user_id),
    body: Object, auth: Operator, spelling: ResultRels,
    data: Vec<ChatInboxThread> as "ChatInboxThread[]"
);
