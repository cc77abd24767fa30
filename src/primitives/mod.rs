//! The values every layer above is built from: millisecond [`Timestamp`]s, typed ids,
//! forward-compatible string enums, verbatim JSON and the nullable rules of the wire.

mod id;
pub(crate) mod nullable;
mod raw_json;
#[macro_use]
mod string_enum;
mod timestamp;

pub use id::{ClientId, FileId, MessageId, MessageUid, RoleId, TicketId, UserId};
pub use raw_json::RawJson;
pub use string_enum::UnknownValue;
pub use timestamp::{Timestamp, TimestampRangeError};
