//! Values read and written by their types' descriptions as data ([`crate::schema`]), with
//! no code of their own, so that in the wasm package a type costs its table, not a copy
//! of serde's code: one interpreter per direction.
//!
//! - [`encode_request`]: a request written from a value of a dynamic language (a
//!   JavaScript object, a `serde_json::Value`) by its method's [`Kind`] and its path's and
//!   query's parameters ([`Metadata::params`]): the wasm package's `encodeRequest`.
//! - [`data`]: a response's data read from its raw JSON by its type's [`Kind`], as any
//!   serializer's input (the data serializes as the typed value would, and fails with the
//!   typed decode's error), and the messages and graph references it carries. Held to the
//!   typed path by `tests/interpret.rs` and `fuzz_targets/interpret_data.rs`; the wasm
//!   package does not read data through it yet (measured: alone, with the graph still
//!   typed, it adds 3.6 KB and a quarter to the history page's time; it pays once the graph
//!   and the streams go through it too, and the entities' typed code leaves the module).
//!
//! [`Kind`]: crate::schema::Kind
//! [`Metadata::params`]: crate::methods::Metadata::params
//!
//! A request is read as the typed path reads it (the value deserialized as the method's
//! request type, then [`encode_request`](super::encode_request)), and gives the same request or
//! fails at the same JSON path: a test holds the two to it for every method, on every
//! fixture, the bad requests and arbitrary values (`tests/interpret.rs`,
//! `fuzz_targets/encode_request.rs`).
//!
//! ```
//! use iqchannels_proto::api::chats::Invite;
//! use iqchannels_proto::codec::interpret;
//! use iqchannels_proto::schema::Wire;
//! use iqchannels_proto::Method;
//!
//! let request = serde_json::json!({"UserId": 5});
//! let encoded = interpret::encode_request(&Invite::METADATA, &Invite::KIND, "/api/v1/chats/invite/10", &request)?;
//! assert_eq!(encoded.target, "/api/v1/chats/invite/10");
//! assert_eq!(encoded.body, br#"{"UserId":5}"#);
//!
//! let wrong = serde_json::json!({"UserId": "five"});
//! let error = interpret::encode_request(&Invite::METADATA, &Invite::KIND, "/api/v1/chats/invite/10", &wrong).unwrap_err();
//! assert_eq!(error.path(), "UserId");
//! # Ok::<(), interpret::SourceError>(())
//! ```

pub mod data;
mod request;
#[cfg(feature = "wasm")]
pub mod response;

pub use request::{encode_request, Read, Source, SourceError};
