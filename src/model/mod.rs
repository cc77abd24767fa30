//! The entities: plain public data, one per file, read and written by the crate's wire
//! rules (`src/primitives/wire.rs`): zero values for missing or `null` non-nullable
//! fields, `null` written for absent nullable ones, objects only.
//!
//! Every struct is `#[non_exhaustive]`, so fields can be added without breaking you: build
//! one with `new(id)` (or `Default::default()`, all zero values) and set its public fields.
//!
//! ```
//! use iqchannels_proto::{User, UserId};
//!
//! let mut user = User::new(UserId::new(1));
//! user.display_name = "Иван Коробков".to_owned();
//! assert_eq!(user.id.get(), 1);
//! ```

mod actor_type;
mod channel;
mod channel_member;
mod chat;
mod chat_event;
mod chat_inbox;
mod chat_inbox_thread;
mod chat_member;
mod chat_message;
mod chat_notice;
mod client;
mod client_auth;
mod client_session;
mod file;
mod message;
mod user;

pub use actor_type::ActorType;
pub use channel::{Channel, ChannelType};
pub use channel_member::ChannelMember;
pub use chat::Chat;
pub use chat_event::{ChatEvent, ChatEventType};
pub use chat_inbox::ChatInbox;
pub use chat_inbox_thread::ChatInboxThread;
pub use chat_member::ChatMember;
pub use chat_message::{ChatMessage, ChatPayloadType};
pub use chat_notice::{ChatNotice, ChatNoticeType};
pub use client::Client;
pub use client_auth::ClientAuth;
pub use client_session::ClientSession;
pub use file::{File, FileOwnerType, FileType};
pub use message::{Message, MessageType, Messages};
pub use user::User;
