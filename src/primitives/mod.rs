//! The values every layer above is built from: millisecond [`Timestamp`]s, typed ids,
//! forward-compatible string enums, verbatim JSON, and the wire rules of structs
//! (`primitives/wire.rs`: zero values, `null`, omitted fields, objects only).

mod id;
mod inline_text;
mod loose_id;
mod param;
mod presence;
mod raw_json;
mod secret;
mod string_enum;
mod timestamp;
mod unknown_keys;
pub(crate) mod wire;

pub use id::{
    ActionId, ChannelId, ChannelMemberId, ChatEventId, ChatId, ChatInboxId, ChatInboxThreadId,
    ChatMemberId, ChatMessageId, ChatNoticeId, ChatSettingsId, ClientId, ClientSessionId, FileId,
    InfoRequestId, ManagerGroupId, MessageId, MessageUid, ProductId, ProjectId, RatingId,
    RatingPollAnswerId, RatingPollId, RatingPollQuestionId, RoleId, SingleChoiceId, TicketId,
    TransferToChannelId, UserId,
};
pub use loose_id::LooseId;
pub(crate) use param::{encode_query, encode_segment};
pub use param::{Param, ParamError};
pub use presence::Presence;
pub use raw_json::RawJson;
pub(crate) use raw_json::{string_of, RAW_VALUE_STRUCT};
pub use secret::Secret;
pub(crate) use string_enum::string_enum;
pub use string_enum::UnknownValue;
pub use timestamp::{Timestamp, TimestampRangeError};
pub use unknown_keys::UnknownKeys;
