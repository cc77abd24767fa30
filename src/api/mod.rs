//! The methods, one API area per module; each request type sits beside its response data.

#[cfg(feature = "chat")]
pub mod chats;
#[cfg(feature = "chat")]
pub mod clients;
#[cfg(feature = "chat")]
pub mod inboxes;
pub mod tickets;
