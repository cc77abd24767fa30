use serde::{Deserialize, Serialize};

use crate::primitives::wire::zero_if_null;
use crate::primitives::{ChatMemberId, ChatNoticeId, Timestamp};

string_enum! {
    /// What a [`ChatNotice`] tells.
    pub enum ChatNoticeType {
        /// `"chat_opened"`.
        ChatOpened = "chat_opened",
        /// `"chat_closed"`.
        ChatClosed = "chat_closed",
        /// `"chat_assigned"`.
        ChatAssigned = "chat_assigned",
        /// `"member_left"`.
        MemberLeft = "member_left",
        /// `"member_joined"`.
        MemberJoined = "member_joined",
        /// `"member_invited"`.
        MemberInvited = "member_invited",
    }
}

/// A notice in a chat, for operators: who opened, closed, joined or left it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self", default, rename_all = "PascalCase")]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(
    feature = "wasm",
    derive(tsify::Tsify),
    tsify(large_number_types_as_bigints, missing_as_null)
)]
#[non_exhaustive]
pub struct ChatNotice {
    /// `Id`.
    #[serde(deserialize_with = "zero_if_null")]
    pub id: ChatNoticeId,
    /// `Type`.
    #[serde(rename = "Type", deserialize_with = "zero_if_null")]
    pub kind: ChatNoticeType,
    /// `ActorId`: who acted: a user's or a client's id, as the notice says.
    pub actor_id: Option<i64>,
    /// `MemberId`.
    pub member_id: Option<ChatMemberId>,
    /// `CreatedAt`.
    #[serde(deserialize_with = "zero_if_null")]
    pub created_at: Timestamp,
}

impl ChatNotice {
    /// A chatNotice with this id; every other field is its zero value.
    pub fn new(id: ChatNoticeId) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

objects_only!(ChatNotice);
references!(ChatNotice { "MemberId" => member_id });
