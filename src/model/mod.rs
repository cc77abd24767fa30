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
mod client;
mod file;
mod message;
mod user;

pub use actor_type::ActorType;
pub use client::Client;
pub use file::{File, FileOwnerType, FileType};
pub use message::{Message, MessageType, Messages};
pub use user::User;
