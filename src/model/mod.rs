//! The entities: plain public data, one per file, read and written by the crate's wire
//! rules (`src/primitives/wire.rs`): zero values for missing or `null` non-nullable
//! fields, `null` written for absent nullable ones, objects only.
//!
//! Every struct is `#[non_exhaustive]`: build one with `Default::default()` (all zero
//! values) and set its public fields, so fields can be added without breaking you.

mod actor_type;
mod client;
mod file;
mod message;
mod user;

pub use actor_type::ActorType;
pub use client::Client;
pub use file::{File, FileOwnerType, FileType};
pub use message::{Message, MessageType};
pub use user::User;
